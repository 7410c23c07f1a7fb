// Reads that span several statements and must agree with each other (a backup's tables, a list's count and
// page) take them from one snapshot.
import type { Queryable } from '../database.ts';

/**
 * Makes the current transaction a read-only snapshot: every statement after this one sees the database as
 * it was at its first statement, whatever commits meanwhile. Must be the transaction's first statement.
 */
export async function beginSnapshot(tx: Queryable): Promise<void> {
  await tx.exec('set transaction isolation level repeatable read, read only');
}
