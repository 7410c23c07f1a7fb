// On PostgreSQL each statement is prepared by name on the connection that runs it (parsed once, and planned
// generically once that costs no more), except those marked PLAN_EACH_CALL (the name search), at most a
// bounded number of texts, and none when turned off (a pooler that does not keep them).
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { PLAN_EACH_CALL } from '../../src/db/database.ts';
import { DatabaseError } from '../../src/db/errors.ts';
import { createScratchPostgres } from '../support/databases.ts';

const url = process.env.TEST_DATABASE_URL;

interface Prepared {
  statement: string;
  genericPlans: number;
  customPlans: number;
}

/** The statements prepared on the transaction's connection. */
const preparedOn = (tx: Pick<Database, 'query'>) =>
  tx.query<Prepared>(
    `select statement, generic_plans::int as "genericPlans", custom_plans::int as "customPlans"
     from pg_prepared_statements where from_sql = false`,
  );

describe.skipIf(!url)('postgres: prepared statements', () => {
  async function withScratch(options: { preparedStatements?: boolean }, fn: (db: Database) => Promise<void>) {
    const scratch = await createScratchPostgres(url!);
    const db = await openDatabase({ kind: 'postgres', url: scratch.url, max: 1, ...options });
    try {
      await fn(db);
    } finally {
      await db.close();
      await scratch.drop();
    }
  }

  it('prepares a statement once per connection and reuses it, planned generically after its first calls', async () => {
    await withScratch({}, async (db) => {
      const sql = 'select $1::int + 1 as n';
      for (let i = 0; i < 8; i++) expect(await db.query(sql, [i])).toEqual([{ n: i + 1 }]);
      const prepared = (await preparedOn(db)).filter((p) => p.statement === sql);
      expect(prepared).toHaveLength(1);
      expect(prepared[0]!.genericPlans + prepared[0]!.customPlans).toBe(8);
      expect(prepared[0]!.genericPlans).toBeGreaterThan(0);
    });
  });

  it('plans a statement marked PLAN_EACH_CALL at each call, unnamed', async () => {
    await withScratch({}, async (db) => {
      const sql = `select ${PLAN_EACH_CALL} $1::text as name`;
      for (let i = 0; i < 3; i++) expect(await db.query(sql, ['Hoàng'])).toEqual([{ name: 'Hoàng' }]);
      expect((await preparedOn(db)).map((p) => p.statement)).not.toContain(sql);
    });
  });

  it('prepares nothing when turned off', async () => {
    await withScratch({ preparedStatements: false }, async (db) => {
      await db.query('select $1::int as n', [1]);
      await db.transaction((tx) => tx.query('select $1::int as m', [2]));
      expect(await preparedOn(db)).toEqual([]);
    });
  });

  it('names at most a thousand texts: a text built with values inside does not prepare without end', async () => {
    await withScratch({}, async (db) => {
      await db.transaction(async (tx) => {
        for (let i = 0; i < 1100; i++) await tx.query(`select ${i}::int as n where $1::boolean`, [true]);
        const prepared = await preparedOn(tx);
        expect(prepared.length).toBeLessThanOrEqual(1000);
        expect(prepared.length).toBeGreaterThan(900);
      });
      // Past the cap the texts still run, unnamed.
      expect(await db.query('select 1099::int as n where $1::boolean', [true])).toEqual([{ n: 1099 }]);
    });
  });

  it('a statement that fails to prepare fails again the same way, and the connection goes on', async () => {
    await withScratch({}, async (db) => {
      const wrong = 'select $1::int from no_such_table';
      for (let i = 0; i < 2; i++) {
        const error = await db.query(wrong, [1]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DatabaseError);
        expect((error as DatabaseError).code).toBe('42P01');
      }
      await db.exec('create table no_such_table (id int)');
      expect(await db.query(wrong, [1])).toEqual([]);
      // A table changed under a prepared statement: PostgreSQL plans it again.
      await db.exec('insert into no_such_table values (1); create index on no_such_table (id)');
      expect(await db.query<{ int4: number }>(wrong, [1])).toEqual([{ int4: 1 }]);
    });
  });
  it('a statement whose result changed under it (a column added by another server) is prepared again', async () => {
    await withScratch({}, async (db) => {
      await db.exec('create table t_grows (id int); insert into t_grows values (1)');
      const alone = 'select * from t_grows where id = $1';
      const inTransaction = 'select * from t_grows where id = $1 and true';
      expect(await db.query(alone, [1])).toEqual([{ id: 1 }]);
      await db.transaction(async (tx) => expect(await tx.query(inTransaction, [1])).toEqual([{ id: 1 }]));
      // A migration run by another server of the same database, while this one keeps its connections.
      await db.exec('alter table t_grows add column note text');
      // On its own, the statement is prepared again under a new name and runs at once.
      expect(await db.query(alone, [1])).toEqual([{ id: 1, note: null }]);
      // Inside a transaction it fails once (the transaction is lost; PostgreSQL refuses everything after an
      // error), and runs in the next.
      const error = await db.transaction((tx) => tx.query(inTransaction, [1])).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseError);
      expect((error as DatabaseError).code).toBe('0A000');
      await db.transaction(async (tx) =>
        expect(await tx.query(inTransaction, [1])).toEqual([{ id: 1, note: null }]),
      );
      expect(await db.query(alone, [1])).toEqual([{ id: 1, note: null }]);
    });
  });
});
