// The audit entries of reads (a household page showing national IDs and phone numbers) written together:
// every read of a province's households appends to that province's chain, and each append held the chain's
// lock until its transaction committed, so fifty officers reading household pages took turns on one lock
// and one commit each. Reads arriving while a group is being written wait for the next group, written in
// one transaction (as a database groups the commits of concurrent transactions). The reader's page is
// answered only once its entry is committed: a read is never shown without its audit, and a failure to write
// the group fails every read in it.
import type { Database, Queryable } from '../db/index.ts';
import { recordAuditEntries, type AuditInput } from '../db/queries/audit.ts';
import type { Actor } from './actor.ts';
import { auditInput, recordAudit, type AuditedChange } from './audit.ts';

/** The most entries one group writes (the rest wait for the next). */
const MAX_GROUP = 500;
/**
 * A group's own budget: not any one reader's (whose request may be abandoned while others wait on it). Its
 * readers have had their connection and read their page: the group goes first in the connection queue and is
 * never refused for a full one (a burst used to refuse it, and every read in it failed with 503).
 */
const GROUP_BUDGET = { statementTimeoutMs: 10_000, priority: true };

interface Waiting {
  input: AuditInput;
  resolve(): void;
  reject(error: unknown): void;
}

class ReadAuditGroups {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly db: Database) {}

  add(input: AuditInput): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (!this.writing) void this.writeAll();
    });
  }

  private async writeAll(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0, MAX_GROUP);
        try {
          await this.db.withBudget(GROUP_BUDGET, () =>
            this.db.transaction((tx) =>
              recordAuditEntries(
                tx,
                group.map((w) => w.input),
              ),
            ),
          );
          for (const w of group) w.resolve();
        } catch (error) {
          for (const w of group) w.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}

const groups = new WeakMap<Database, ReadAuditGroups>();

const isDatabase = (db: Queryable): db is Database => 'inTransaction' in db;

/**
 * Records a read, resolving once its entry is committed. Inside a transaction (a use case that also changes
 * something, or a caller's own) the entry joins that transaction, as any other entry; otherwise it is written
 * with the other reads of the moment.
 */
export async function recordRead(db: Queryable, who: Actor, read: AuditedChange): Promise<void> {
  if (!isDatabase(db) || db.inTransaction()) return recordAudit(db, who, read);
  let group = groups.get(db);
  if (!group) groups.set(db, (group = new ReadAuditGroups(db)));
  return group.add(auditInput(who, read));
}
