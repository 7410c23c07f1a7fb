// The audit entries of reads are written in groups (src/services/read-audit.ts): reads arriving while a group
// is being written go together in the next one, one transaction; a read inside a transaction joins it; a
// group that cannot be written fails every read in it, and none is recorded; a group goes first in a full
// connection queue (its readers have been served), never refused.
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, users, type Database } from '../../src/db/index.ts';
import { verifyAuditChain } from '../../src/db/queries/audit.ts';
import { loadActor, type Actor } from '../../src/services/actor.ts';
import { recordRead } from '../../src/services/read-audit.ts';
import { forEachDatabase } from '../support/databases.ts';
import { holdTheConnection } from '../support/held-connection.ts';
import { pgliteImage } from '../support/pglite-image.ts';

const read = (n: number) => ({
  action: 'personal_data.read',
  entityType: 'household',
  entityId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
});

async function officer(db: Database): Promise<Actor> {
  const [existing] = await db.query<{ id: string }>(`select user_id as id from users where username = 'doc'`);
  const id =
    existing?.id ??
    (
      await users.createUser(db, {
        username: 'doc',
        displayName: 'Người Đọc',
        passwordHash: 'x',
        role: 'commune_officer',
        scopes: [],
      })
    ).userId;
  return (await loadActor(db, id))!;
}

const recorded = (db: Database) =>
  db.query<{ n: number; transactions: number }>(
    `select count(*)::int as n, count(distinct xmin::text)::int as transactions
     from audit_log where action = 'personal_data.read'`,
  );

forEachDatabase((getDb, kind) => {
  describe.skipIf(kind === 'citus')('reads audited together', () => {
    it('reads arriving while a group is written go together in the next one, one transaction', async () => {
      const db = getDb();
      const actor = await officer(db);
      // The first starts a group at once; the 19 after it, arriving meanwhile, wait for the next.
      await Promise.all(Array.from({ length: 20 }, (_, i) => recordRead(db, actor, read(i))));
      expect(await recorded(db)).toEqual([{ n: 20, transactions: 2 }]);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
      // One at a time, each is its own group.
      await recordRead(db, actor, read(20));
      await recordRead(db, actor, read(21));
      expect(await recorded(db)).toEqual([{ n: 22, transactions: 4 }]);
    });

    it('a read inside a transaction joins it (and goes with it when it rolls back)', async () => {
      const db = getDb();
      const actor = await officer(db);
      const rollback = new Error('rolled back');
      for (const via of ['database', 'transaction'] as const) {
        await expect(
          db.transaction(async (tx) => {
            await recordRead(via === 'database' ? db : tx, actor, read(1));
            expect((await recorded(db))[0]!.n).toBe(1);
            throw rollback;
          }),
        ).rejects.toBe(rollback);
        expect((await recorded(db))[0]!.n).toBe(0);
      }
    });

    it('a group that cannot be written fails every read in it; the next group is written', async () => {
      const db = getDb();
      const actor = await officer(db);
      await db.exec(`create function test_refuse_reads() returns trigger language plpgsql as $$
        begin raise exception 'refused for the test'; end $$`);
      await db.exec(`create trigger test_refuse_reads before insert on audit_log
        for each row when (new.action = 'personal_data.read') execute function test_refuse_reads()`);
      try {
        const outcomes = await Promise.allSettled(
          Array.from({ length: 5 }, (_, i) => recordRead(db, actor, read(i))),
        );
        expect(outcomes.map((o) => o.status)).toEqual(Array(5).fill('rejected'));
        expect((await recorded(db))[0]!.n).toBe(0);
      } finally {
        await db.exec('drop trigger test_refuse_reads on audit_log; drop function test_refuse_reads()');
      }
      await recordRead(db, actor, read(9));
      expect((await recorded(db))[0]!.n).toBe(1);
    });
  });
});

describe('a group of read audits when the connection queue is full', () => {
  it('goes first and is written: the reads it completes are not refused with 503', async () => {
    // The embedded engine's one connection, a queue of one: what a burst leaves behind.
    const db = await openDatabase({
      kind: 'pglite',
      queueLimit: 1,
      waitTimeoutMs: 60_000,
      image: await pgliteImage('migrated'),
    });
    try {
      await migrate(db);
      const actor = await officer(db);
      const connection = await holdTheConnection(db);
      // A request waits in the queue (now full); another is refused, as a burst's would be.
      const queued = db.withBudget({}, () => recorded(db));
      await expect(db.withBudget({}, () => db.query('select 3'))).rejects.toMatchObject({
        reason: 'queue_full',
      });
      // The read's audit is not refused: it waits, ahead of the queued request, and is written first.
      const audited = recordRead(db, actor, read(1));
      await connection.letGo();
      await audited;
      expect(await queued).toEqual([{ n: 1, transactions: 1 }]);
    } finally {
      await db.close();
    }
  });
});
