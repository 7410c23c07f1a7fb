// Transactions: all or nothing, savepoints when nested, and no other work slipping into them.
import { expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { legalLists } from '../../src/db/schema/index.ts';
import type { Queryable } from '../../src/db/index.ts';
import { forEachDatabase } from '../support/databases.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function listKinds(query: (sql: string) => Promise<{ kind: string }[]>): Promise<string[]> {
  return (await query('select kind from legal_lists order by kind')).map((r) => r.kind);
}

const list = (kind: string) => ({
  kind,
  title: `list ${kind}`,
  periodFrom: '2021-01-01',
  citation: 'test',
});

forEachDatabase((getDb, kind) => {
  const kinds = () => listKinds((sql) => getDb().query<{ kind: string }>(sql));
  const insert = (kind: string, via: Queryable = getDb()) =>
    via.query(
      `insert into legal_lists (kind, title, period_from, citation) values ($1, $1, '2021-01-01', 'test')`,
      [kind],
    );

  it('commits when the callback resolves', async () => {
    const result = await getDb().transaction(async (tx) => {
      await insert('a', tx);
      await tx.drizzle.insert(legalLists).values(list('b'));
      return 'done';
    });
    expect(result).toBe('done');
    expect(await kinds()).toEqual(['a', 'b']);
  });

  it('leaves nothing written when the callback throws', async () => {
    await expect(
      getDb().transaction(async (tx) => {
        await insert('a', tx);
        await tx.drizzle.insert(legalLists).values(list('b'));
        await insert('c'); // through the Database: joins the running transaction
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await kinds()).toEqual([]);
  });

  it('leaves nothing written when a statement fails', async () => {
    await expect(
      getDb().transaction(async (tx) => {
        await insert('a', tx);
        await insert('a', tx); // duplicate key
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await kinds()).toEqual([]);
  });

  it('turns nested transactions into savepoints', async () => {
    await getDb().transaction(async (tx) => {
      await insert('outer', tx);
      await expect(
        tx.transaction(async (inner) => {
          await insert('inner-lost', inner);
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
      await getDb().transaction(async (inner) => insert('inner-kept', inner));
    });
    expect(await kinds()).toEqual(['inner-kept', 'outer']);
  });

  it('does not let concurrent work into an open transaction', async () => {
    let inside!: (xid: string) => void;
    const started = new Promise<string>((resolve) => (inside = resolve));
    const tx = getDb().transaction(async (t) => {
      await insert('in-tx', t);
      const [row] = await t.query<{ xid: string }>('select pg_current_xact_id()::text as xid');
      inside(row!.xid);
      await sleep(150); // other work is issued meanwhile
      const seen = await listKinds((sql) => t.query<{ kind: string }>(sql));
      throw Object.assign(new Error('rollback'), { seen });
    });
    const txXid = await started;
    // Issued from outside the callback: must run outside the transaction (PostgreSQL: on another
    // connection at once; PGlite: after the transaction has ended), so the rollback cannot take it along.
    const outside = Promise.all([
      getDb().query<{ xid: string }>('select pg_current_xact_id()::text as xid'),
      insert('outside-1'),
      getDb().drizzle.insert(legalLists).values(list('outside-2')),
    ]);
    const failure = await tx.then(
      () => undefined,
      (error: { seen: string[] }) => error,
    );
    const [[outsideXid]] = await outside;
    expect(outsideXid!.xid).not.toBe(txXid);
    expect(await kinds()).toEqual(['outside-1', 'outside-2']);
    // What the transaction saw: PGlite queued the outside work behind it; PostgreSQL ran it at once
    // and committed it, which read committed isolation then shows to the transaction's later reads.
    // On Citus, a write to a reference table commits on every node in two phases, and a first write on a
    // fresh pool connection first opens connections to the workers: whether it is committed before the
    // transaction's read after 150 ms is a matter of timing, so only what must hold is checked there.
    if (kind === 'citus') expect(failure?.seen).toContain('in-tx');
    else expect(failure?.seen).toEqual(kind === 'pglite' ? ['in-tx'] : ['in-tx', 'outside-1', 'outside-2']);
  });

  it('runs transactions one after another or in isolation, never mixed', async () => {
    // Ten transactions each read-then-write the same counter row; with interleaving on one connection
    // (PGlite) they would corrupt each other, on PostgreSQL the row lock serialises them.
    await insert('counter');
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        getDb().transaction(async (tx) => {
          const [row] = await tx.query<{ title: string }>(
            `select title from legal_lists where kind = 'counter' for update`,
          );
          await sleep(i % 3);
          const next = row!.title === 'counter' ? 1 : Number(row!.title) + 1;
          await tx.drizzle
            .update(legalLists)
            .set({ title: String(next) })
            .where(eq(legalLists.kind, 'counter'));
        }),
      ),
    );
    const [row] = await getDb().query<{ title: string }>(
      `select title from legal_lists where kind = 'counter'`,
    );
    expect(row!.title).toBe('10');
  });

  it('refuses queries on a transaction that has ended', async () => {
    let leaked: Queryable | undefined;
    await getDb().transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.query('select 1')).rejects.toThrow(/already ended/);
  });
  it('a snapshot transaction is read only and repeatable read from its BEGIN, and never a savepoint', async () => {
    const statements: string[] = [];
    const seen = await getDb().withBudget(
      { slowQueryMs: 0, onSlowQuery: (q) => statements.push(q.sql) },
      () =>
        getDb().transaction(
          async (tx) => {
            const [isolation] = await tx.query<{ v: string }>(
              `select current_setting('transaction_isolation') as v`,
            );
            const [readOnly] = await tx.query<{ v: string }>(
              `select current_setting('transaction_read_only') as v`,
            );
            const write = await insert('in-snapshot', tx).catch((e: unknown) => e);
            return { isolation: isolation!.v, readOnly: readOnly!.v, write };
          },
          { snapshot: true },
        ),
    );
    expect(seen.isolation).toBe('repeatable read');
    expect(seen.readOnly).toBe('on');
    expect((seen.write as { code?: string }).code).toBe('25006'); // read_only_sql_transaction
    // Said in the BEGIN: no statement of its own.
    expect(statements[0]).toBe('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    expect(statements.some((s) => /set transaction/i.test(s))).toBe(false);
    expect(await kinds()).not.toContain('in-snapshot');
    // Inside another transaction its isolation could no longer be set: refused, whichever way it is asked.
    await getDb().transaction(async (tx) => {
      await expect(tx.transaction(async () => 1, { snapshot: true })).rejects.toThrow(/snapshot/);
      await expect(getDb().transaction(async () => 1, { snapshot: true })).rejects.toThrow(/snapshot/);
    });
  });
});
