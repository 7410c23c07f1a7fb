// A request's database budget (Database.withBudget): statements of an abandoned request do not start; on
// PostgreSQL a running one is cancelled on the server, a statement timeout stops a long one, slow ones are
// reported by their text only, and the pool refuses at once when its wait queue is full.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.ts';
import { DatabaseBusyError, DatabaseError, QueryCancelledError } from '../../src/db/errors.ts';
import type { SlowQuery } from '../../src/db/database.ts';
import { createScratchPostgres, forEachDatabase } from '../support/databases.ts';
import { holdTheConnection } from '../support/held-connection.ts';

forEachDatabase(
  (getDb) => {
    it('an abandoned request starts no statement and no transaction', async () => {
      const db = getDb();
      const controller = new AbortController();
      controller.abort();
      await db.withBudget({ signal: controller.signal }, async () => {
        await expect(db.query('select 1')).rejects.toBeInstanceOf(QueryCancelledError);
        await expect(db.transaction(async (tx) => tx.query('select 1'))).rejects.toBeInstanceOf(
          QueryCancelledError,
        );
      });
      // Outside the budget the database answers as before.
      expect(await db.query<{ n: number }>('select 1 as n')).toEqual([{ n: 1 }]);
    });

    it('reports slow statements with their text and duration, never their parameters', async () => {
      const db = getDb();
      const seen: SlowQuery[] = [];
      await db.withBudget({ slowQueryMs: 0, onSlowQuery: (q) => seen.push(q) }, async () => {
        await db.query('select $1::text as name', ['Hoàng Văn Đức 006080001234']);
      });
      expect(seen).toHaveLength(1);
      expect(seen[0]!.sql).toBe('select $1::text as name');
      expect(JSON.stringify(seen)).not.toContain('006080001234');
    });
  },
  { cleanup: false },
);

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('postgres: budgets on the pool', () => {
  async function withScratch(
    options: { max?: number; queueLimit?: number; waitTimeoutMs?: number },
    fn: (db: Awaited<ReturnType<typeof openDatabase>>, scratchUrl: string) => Promise<void>,
  ) {
    const scratch = await createScratchPostgres(url!);
    const db = await openDatabase({ kind: 'postgres', url: scratch.url, ...options });
    try {
      await fn(db, scratch.url);
    } finally {
      await db.close();
      await scratch.drop();
    }
  }

  const sleeping = async (db: Awaited<ReturnType<typeof openDatabase>>) =>
    (
      await db.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
         where query like '%pg_sleep(30)%' and state = 'active' and pid <> pg_backend_pid()
           and datname = current_database()`,
      )
    )[0]!.n;

  it('a statement timeout stops a long statement, in a transaction too, and the pool goes on', async () => {
    await withScratch({ max: 2 }, async (db) => {
      await db.withBudget({ statementTimeoutMs: 100 }, async () => {
        const alone = await db.query('select pg_sleep(30)').catch((e: unknown) => e);
        expect(alone).toBeInstanceOf(DatabaseError);
        expect((alone as DatabaseError).code).toBe('57014');
        const inTx = await db.transaction((tx) => tx.query('select pg_sleep(30)')).catch((e: unknown) => e);
        expect((inTx as DatabaseError).code).toBe('57014');
      });
      // Work without a budget has no timeout: the connections were set back.
      expect(await db.query('show statement_timeout')).toEqual([{ statement_timeout: '0' }]);
    });
  });

  it('abandoning a request cancels its running statement on the server', async () => {
    await withScratch({ max: 2 }, async (db) => {
      const controller = new AbortController();
      const running = db.withBudget({ signal: controller.signal }, () =>
        db.transaction((tx) => tx.query('select pg_sleep(30)')),
      );
      await expect.poll(() => sleeping(db), { timeout: 5000 }).toBe(1);
      controller.abort();
      await expect(running).rejects.toBeInstanceOf(QueryCancelledError);
      await expect.poll(() => sleeping(db), { timeout: 5000 }).toBe(0);
      expect(await db.query<{ n: number }>('select 1 as n')).toEqual([{ n: 1 }]);
    });
  });

  it('a full wait queue refuses at once with DatabaseBusyError; a timed-out wait too', async () => {
    await withScratch({ max: 1, queueLimit: 1, waitTimeoutMs: 60_000 }, async (db, scratchUrl) => {
      const controller = new AbortController();
      const budget = { signal: controller.signal };
      const holder = db.withBudget(budget, () => db.query('select pg_sleep(30)'));
      await expect.poll(() => sleepingOn(scratchUrl), { timeout: 5000 }).toBe(1);
      const queued = db.withBudget(budget, () => db.query('select 2')).catch((e: unknown) => e);
      const refused = await db.withBudget({}, () => db.query('select 3')).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DatabaseBusyError);
      expect((refused as DatabaseBusyError).reason).toBe('queue_full');
      controller.abort();
      await expect(holder).rejects.toBeInstanceOf(QueryCancelledError);
      expect(await queued).toBeInstanceOf(QueryCancelledError);
    });
    await withScratch({ max: 1, waitTimeoutMs: 50 }, async (db) => {
      const release = db.transaction(() => new Promise((r) => setTimeout(r, 500)));
      const late = await db.withBudget({}, () => db.query('select 1')).catch((e: unknown) => e);
      expect(late).toMatchObject({ name: 'DatabaseBusyError', reason: 'wait_timeout' });
      await release;
    });
  });
});

/** pg_sleep(30) statements running in the database, seen from a connection outside the pool. */
async function sleepingOn(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where query like '%pg_sleep(30)%' and state = 'active'
       and pid <> pg_backend_pid() and datname = current_database()`,
    );
    return r.rows[0]!.n;
  } finally {
    await client.end();
  }
}

describe('pglite: the one connection’s wait queue', () => {
  it('refuses past the queue limit and after the wait timeout, and an abandoned request leaves at once', async () => {
    const db = await openDatabase({ kind: 'pglite', queueLimit: 1, waitTimeoutMs: 60_000 });
    try {
      const connection = await holdTheConnection(db);
      const controller = new AbortController();
      const queued = db
        .withBudget({ signal: controller.signal }, () => db.query('select 2'))
        .catch((e: unknown) => e);
      const refused = await db.withBudget({}, () => db.query('select 3')).catch((e: unknown) => e);
      expect(refused).toMatchObject({ name: 'DatabaseBusyError', reason: 'queue_full' });
      expect((refused as DatabaseBusyError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
      // The abandoned request leaves the queue while the connection is still held: room for another.
      controller.abort();
      expect(await queued).toBeInstanceOf(QueryCancelledError);
      const next = db.withBudget({}, () => db.query<{ n: number }>('select 4 as n'));
      await connection.letGo();
      expect(await next).toEqual([{ n: 4 }]);
    } finally {
      await db.close();
    }
    const slow = await openDatabase({ kind: 'pglite', waitTimeoutMs: 50 });
    try {
      const release = slow.transaction(() => new Promise((r) => setTimeout(r, 500)));
      const late = await slow.withBudget({}, () => slow.query('select 1')).catch((e: unknown) => e);
      expect(late).toMatchObject({ name: 'DatabaseBusyError', reason: 'wait_timeout' });
      await release;
      // Without a budget (the CLI) it waits as long as it takes.
      expect(await slow.query<{ n: number }>('select 5 as n')).toEqual([{ n: 5 }]);
    } finally {
      await slow.close();
    }
  });
});
