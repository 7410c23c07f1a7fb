// Recomputing a unit's figures (issue #15, durable jobs): the use case behind POST /api/recomputes. A
// province officer rebuilds the province's roll-ups of a year from its recognised rounds as a job with
// progress, audited with the figures before and after; a commune officer only its commune; out of scope
// is 404, a role that may not write 403, a year without reviews 400; the jobs are listed to their owner
// (all of them to an administrator) and read back by a new registry.
import { expect, it } from 'vitest';
import { audit, figures, type Database } from '../../src/db/index.ts';
import { loadActor, type Actor } from '../../src/services/actor.ts';
import {
  listRecomputeJobs,
  readRecomputeJob,
  recomputeJobs,
  startRecompute,
} from '../../src/services/recompute.ts';
import { AppError } from '../../src/services/errors.ts';
import { refreshRollupsOfCommunes } from '../../src/services/figures-freshness.ts';
import { forEachDatabase } from '../support/databases.ts';
import { book } from '../support/rules.ts';
import { buildWorld, TODAY } from '../support/server.ts';
import { rollupState, seedRecognisedRounds } from '../faults/recognised-rounds.ts';

const YEAR = 2026;
const PER_COMMUNE = 9;

/** Waits (5 s at most) until a session of this database waits for a lock. */
async function untilOneWaitsForALock(db: Database): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const [waiting] = await db.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
       where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if (waiting!.n > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * A recognition's refresh of `commune` as it goes: the commune's figures deleted (and held) at once, the
 * province's once `go` is called; resolves when the commune's rows are held.
 */
async function recognitionHolding(
  db: Database,
  commune: string,
): Promise<{ recognition: Promise<void>; go: () => void }> {
  let held!: () => void;
  const holding = new Promise<void>((r) => (held = r));
  let go!: () => void;
  const gate = new Promise<void>((r) => (go = r));
  const recognition = db.transaction(async (tx) => {
    await tx.query(`delete from rollups where unit_code = $1 and year = $2`, [commune, YEAR]);
    held();
    await gate;
    await tx.query(`delete from rollups where unit_code = '19' and year = $1`, [YEAR]);
  });
  await holding;
  return { recognition, go };
}

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

forEachDatabase((getDb, kind) => {
  async function setUp(db: Database) {
    const world = await buildWorld(db);
    const third = (
      await db.query<{ code: string }>(
        `select code from admin_units where parent_code = '19' and valid_to is null and code not in ($1, $2)
       order by code limit 1`,
        [world.communeA, world.communeB],
      )
    )[0]!.code;
    const communes = [world.communeA, world.communeB, third];
    await seedRecognisedRounds(db, {
      communes,
      year: YEAR,
      householdsPerCommune: PER_COMMUNE,
      date: '2026-10-20',
    });
    const actor = async (name: string) => (await loadActor(db, world.userIds[name]!)) as Actor;
    return { world, communes, actor };
  }

  it('rebuilds a province’s figures as a job with progress, audited; scope and role are checked', async () => {
    const db = getDb();
    const { world, communes, actor } = await setUp(db);
    const tinh = await actor('tinh');
    const jobs = recomputeJobs(db);
    const ctx = { book, today: TODAY };
    expect(await rollupState(db, YEAR)).toEqual([]);

    const { jobId } = await startRecompute(jobs, db, tinh, { unitCode: '19', year: YEAR }, ctx);
    const done = await jobs.settled(jobId);
    expect(done.status).toBe('succeeded');
    expect(done.result).toMatchObject({
      unitCode: '19',
      year: YEAR,
      standard: 'ND07_2021',
      communes: 3,
      before: null,
      // The world's own three households (two in commune A, one in B) live there too, with no class.
      after: { households: 3 * PER_COMMUNE + 3, poor: PER_COMMUNE, nearPoor: PER_COMMUNE },
    });
    expect(done.progress).toEqual({ phase: 'done', done: 3, total: 3 });
    // The province is its communes' sum; each commune has its own figures.
    const province = await figures.rollupOf(db, {
      unitCode: '19',
      year: YEAR,
      standard: 'ND07_2021',
      group: 'all',
      date: TODAY,
    });
    expect(province).toMatchObject({ households: 30, poor: 9, nearPoor: 9, people: 58, communes: 3 });
    for (const [c, households] of [
      [communes[0]!, PER_COMMUNE + 2],
      [communes[1]!, PER_COMMUNE + 1],
      [communes[2]!, PER_COMMUNE],
    ] as const) {
      const r = await figures.rollupOf(db, {
        unitCode: c,
        year: YEAR,
        standard: 'ND07_2021',
        group: 'all',
        date: TODAY,
      });
      expect(r).toMatchObject({ households, poor: 3, nearPoor: 3 });
    }
    // Audited in the province's chain with the figures before and after and the communes rebuilt.
    const [entry] = await db.query<{
      actorId: string;
      unitCode: string;
      before: unknown;
      after: { communeCodes: string[] };
    }>(
      `select actor_id as "actorId", unit_code as "unitCode", "before", "after" from audit_log
       where action = 'figures.recompute'`,
    );
    expect(entry).toMatchObject({ actorId: world.userIds.tinh, unitCode: '19', before: null });
    expect(entry!.after).toMatchObject({ jobId, communes: 3, after: { households: 30 } });
    expect([...entry!.after.communeCodes].sort()).toEqual([...communes].sort());
    expect((await audit.verifyAuditChain(db)).ok).toBe(true);

    // A correction seen only by a recompute: a recognised household's result changed by hand.
    await db.query(
      `update review_results set final_class = 'poor' where household_id = (
         select household_id from review_results where final_class = 'not_poor' order by household_id limit 1)`,
    );
    const again = await startRecompute(jobs, db, tinh, { unitCode: '19', year: YEAR }, ctx);
    const second = await jobs.settled(again.jobId);
    expect(second.result).toMatchObject({
      before: { households: 30, poor: 9, nearPoor: 9 },
      after: { households: 30, poor: 10, nearPoor: 9 },
    });

    // A commune officer: its own commune only (another commune or the province is not theirs: 404).
    const xa = await actor('xa');
    const own = await startRecompute(jobs, db, xa, { unitCode: world.communeA, year: YEAR }, ctx);
    expect((await jobs.settled(own.jobId)).result).toMatchObject({ communes: 1, after: { households: 11 } });
    expect(await code(startRecompute(jobs, db, xa, { unitCode: world.communeB, year: YEAR }, ctx))).toBe(
      'NOT_FOUND',
    );
    expect(await code(startRecompute(jobs, db, xa, { unitCode: '19', year: YEAR }, ctx))).toBe('NOT_FOUND');
    // A viewer may read the province but not change its figures; the auditor neither.
    expect(
      await code(startRecompute(jobs, db, await actor('xem'), { unitCode: '19', year: YEAR }, ctx)),
    ).toBe('FORBIDDEN');
    expect(
      await code(startRecompute(jobs, db, await actor('kiemtoan'), { unitCode: '19', year: YEAR }, ctx)),
    ).toBe('FORBIDDEN');
    // A year no standard governs, one still to come, not a year; a unit that does not exist.
    for (const year of [2015, 2027, 2026.5])
      expect(await code(startRecompute(jobs, db, tinh, { unitCode: '19', year }, ctx))).toBe(
        'VALIDATION_FAILED',
      );
    expect(await code(startRecompute(jobs, db, tinh, { unitCode: '99999', year: YEAR }, ctx))).toBe(
      'NOT_FOUND',
    );

    // Each sees its own jobs, newest first; the administrator sees all; read back after a "restart".
    await jobs.idle();
    expect((await listRecomputeJobs(jobs, tinh)).map((j) => j.id)).toEqual([again.jobId, jobId]);
    expect((await listRecomputeJobs(jobs, xa)).map((j) => j.id)).toEqual([own.jobId]);
    const admin = await actor('admin');
    const later = recomputeJobs(db);
    expect((await listRecomputeJobs(later, admin)).map((j) => j.id)).toEqual([own.jobId, again.jobId, jobId]);
    expect((await readRecomputeJob(later, tinh, jobId)).result).toMatchObject({ communes: 3 });
    expect(await code(readRecomputeJob(later, xa, jobId))).toBe('NOT_FOUND');
  });

  // Only PostgreSQL runs transactions side by side (the embedded engine runs one at a time).
  it.skipIf(kind !== 'postgres')(
    'takes turns with a recognition refreshing one of its communes instead of deadlocking',
    async () => {
      const db = getDb();
      const { communes, actor } = await setUp(db);
      const jobs = recomputeJobs(db);
      const ctx = { book, today: TODAY };
      const tinh = await actor('tinh');
      const first = await startRecompute(jobs, db, tinh, { unitCode: '19', year: YEAR }, ctx);
      expect((await jobs.settled(first.jobId)).status).toBe('succeeded');
      // A recognition's refresh of the last commune the recompute would reach: its commune's figures first…
      const last = [...communes].sort().at(-1)!;
      const { recognition, go } = await recognitionHolding(db, last);
      const again = await startRecompute(jobs, db, tinh, { unitCode: '19', year: YEAR }, ctx);
      await untilOneWaitsForALock(db);
      go();
      // Neither is aborted as a deadlock: the recognition commits, then the recompute rebuilds everything.
      await recognition;
      const done = await jobs.settled(again.jobId);
      expect(done.status).toBe('succeeded');
      expect(done.result).toMatchObject({ communes: 3, after: { households: 30, poor: 9, nearPoor: 9 } });
    },
  );
  it.skipIf(kind !== 'postgres')(
    'an import refreshing several communes takes turns with a recognition instead of deadlocking',
    async () => {
      const db = getDb();
      const { communes } = await setUp(db);
      // The figures as they stand (so there are rows to lock).
      expect(await refreshRollupsOfCommunes(db, book, communes, TODAY)).toBe(3);
      // The commune the import reaches last (a refresh goes round by round, each commune then its ancestors).
      const rounds = await figures.recognisedPeriodicRounds(db, communes, YEAR);
      const last = rounds.at(-1)!.communeCode;
      // The recognition of the last commune: its commune's figures held, its province's once let go.
      const { recognition, go } = await recognitionHolding(db, last);
      // An import's freshness over the three communes, waiting for the last one's rows.
      const imported = db.transaction((tx) => refreshRollupsOfCommunes(tx, book, communes, TODAY));
      await untilOneWaitsForALock(db);
      go();
      // Neither is aborted as a deadlock.
      await recognition;
      expect(await imported).toBe(3);
    },
  );
});
