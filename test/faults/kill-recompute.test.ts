// kill -9 of the real server during a recompute of a province's figures (issue #15, item 4), on the
// embedded database and, when TEST_DATABASE_URL is set, on a scratch PostgreSQL database. The province's
// roll-ups are stale (a correction changed recognised results after the recognitions refreshed them); the
// province officer recomputes them and the server is killed while the job rebuilds the communes. After a
// restart on the same data: the figures are the old ones whole or the new ones whole, never a mix; the
// acknowledged job is not lost but shown failed as interrupted by the restart (in the list too), audited
// by the system in the province's chain; the audit chain verifies; the embedded database reopens; the
// recompute run again gives the new figures (over HTTP, then at the console).
import { afterAll, describe, expect, it } from 'vitest';
import { audit, figures, migrate, units } from '../../src/db/index.ts';
import { INTERRUPTED } from '../../src/jobs/registry.ts';
import { runCli } from '../support/cli.ts';
import { removeTempDirs } from '../support/import-files.ts';
import { buildWorld, PASSWORD } from '../support/server.ts';
import { embedded, postgres, withDb, type Engine } from './engines.ts';
import { rollupState, seedRecognisedRounds } from './recognised-rounds.ts';
import { HttpUser, startServer, type ServerProcess } from './server-process.ts';

const YEAR = 2026;
const COMMUNES = 30;
const PER_COMMUNE = 20;
const RECOGNISED_ON = '2026-10-20';

interface JobView {
  jobId: string;
  status: string;
  progress: { phase: string; done: number; total: number | null };
  failure: { vi: string; en: string } | null;
  result: { communes: number } | null;
}

afterAll(removeTempDirs);

/** The job as the server shows it, or null when it does not answer within `ms` (its database is busy). */
async function peek(user: HttpUser, jobId: string, ms: number): Promise<JobView | null> {
  try {
    const { status, body } = await user.json<JobView>(`/api/recomputes/${jobId}`, ms);
    expect(status).toBe(200);
    return body;
  } catch (e) {
    if ((e as Error).name === 'TimeoutError') return null;
    throw e;
  }
}

async function killDuringRecompute(engine: Engine): Promise<void> {
  // The province's figures as its recognitions left them, then made stale by a correction of the results.
  const old = await withDb(engine, async (db) => {
    await migrate(db);
    await buildWorld(db);
    const communes = (await units.children(db, '19', '2026-11-01')).slice(0, COMMUNES).map((c) => c.code);
    expect(communes).toHaveLength(COMMUNES);
    const seeded = await seedRecognisedRounds(db, {
      communes,
      year: YEAR,
      householdsPerCommune: PER_COMMUNE,
      date: RECOGNISED_ON,
    });
    for (const [code, roundId] of seeded.roundIds)
      await figures.refreshRollups(db, {
        roundId,
        communeCode: code,
        communeValidFrom: '2025-07-01',
        year: YEAR,
        standard: 'ND07_2021',
        date: RECOGNISED_ON,
        poorDistrictList: 'poor_district_2021_2025',
      });
    await db.query(`update review_results set final_class = 'poor' where final_class = 'not_poor'`);
    return rollupState(db, YEAR);
  });
  expect(old.length).toBeGreaterThan(COMMUNES);

  // 1. The province officer recomputes; the server is killed while the job rebuilds the communes.
  let server: ServerProcess = await startServer(engine.args, engine.env);
  let jobId: string;
  let seen: JobView | null = null;
  try {
    const tinh = await HttpUser.signIn(server.url, 'tinh', PASSWORD);
    const started = await tinh.request('POST', '/api/recomputes', { unitCode: '19', year: YEAR });
    expect(started.status).toBe(202);
    jobId = ((await started.json()) as { jobId: string }).jobId;
    // Killed once a commune is rebuilt and not all are, or once the job holds the database (an answer
    // waits behind its transaction on the embedded engine) after it was seen running.
    for (let i = 0; i < 2000; i++) {
      const view = await peek(tinh, jobId, 400);
      if (view === null && seen?.status === 'running') break;
      if (view) {
        seen = view;
        if (view.status !== 'queued' && view.status !== 'running') break;
        if (view.progress.phase === 'computing' && view.progress.done > 0) break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await server.kill9();
  } catch (e) {
    await server.kill9();
    throw e;
  }
  // The kill came while the job was running (had it finished, the test would prove nothing).
  expect(seen?.status).toBe('running');
  if (seen!.progress.total !== null) expect(seen!.progress.done).toBeLessThan(seen!.progress.total);

  // 2. The figures are the old ones whole (the transaction never committed); the chain verifies.
  const afterKill = await withDb(engine, async (db) => {
    expect((await audit.verifyAuditChain(db)).ok).toBe(true);
    const [row] = await db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'figures.recompute'`,
    );
    return { state: await rollupState(db, YEAR), recomputes: row!.n };
  });
  const killedBeforeCommit = afterKill.recomputes === 0;
  if (killedBeforeCommit) expect(afterKill.state).toEqual(old);

  // 3. Restarted: the job is shown failed, interrupted, and audited; run again, the figures are new.
  server = await startServer(engine.args, engine.env);
  let fresh: string[];
  try {
    const tinh = await HttpUser.signIn(server.url, 'tinh', PASSWORD);
    const { status, body: job } = await tinh.json<JobView>(`/api/recomputes/${jobId}`);
    expect(status).toBe(200);
    expect(job).toMatchObject({ status: 'failed', failure: INTERRUPTED, result: null });
    const list = await tinh.json<{ rows: JobView[] }>('/api/recomputes');
    expect(list.body.rows.map((r) => [r.jobId, r.status])).toEqual([[jobId, 'failed']]);
    // Not another officer's to read.
    const xa = await HttpUser.signIn(server.url, 'xa', PASSWORD);
    expect((await xa.request('GET', `/api/recomputes/${jobId}`)).status).toBe(404);
    expect((await xa.json<{ rows: unknown[] }>('/api/recomputes')).body.rows).toEqual([]);

    const again = await tinh.request('POST', '/api/recomputes', { unitCode: '19', year: YEAR });
    expect(again.status).toBe(202);
    const rerun = ((await again.json()) as { jobId: string }).jobId;
    let done: JobView | null = null;
    for (let i = 0; i < 3000 && !(done && (done.status === 'succeeded' || done.status === 'failed')); i++) {
      done = (await tinh.json<JobView>(`/api/recomputes/${rerun}`)).body;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(done).toMatchObject({ status: 'succeeded', result: { communes: COMMUNES } });
  } finally {
    await server.stop();
  }
  await withDb(engine, async (db) => {
    fresh = await rollupState(db, YEAR);
    expect((await audit.verifyAuditChain(db)).ok).toBe(true);
    const entries = await db.query<{ actorId: string | null; chain: string; entityId: string }>(
      `select actor_id as "actorId", chain, entity_id as "entityId" from audit_log where action = 'job.interrupted'`,
    );
    expect(entries).toEqual([{ actorId: null, chain: '19', entityId: jobId }]);
  });
  // The correction shows in the new figures; what the kill left was the old figures or these, whole.
  expect(fresh!).not.toEqual(old);
  expect(afterKill.state).toEqual(killedBeforeCommit ? old : fresh!);
  // The console's door to the same use case agrees (and is refused to a user without the scope).
  const cli = await runCli(
    ['recompute', '--unit', '19', '--year', String(YEAR), '--as', 'tinh', ...engine.args],
    engine.env,
  );
  expect(cli.code).toBe(0);
  expect(cli.stdout).toContain(`Recomputed ${COMMUNES} communes`);
  const refused = await runCli(
    ['recompute', '--unit', '19', '--year', String(YEAR), '--as', 'xa', ...engine.args],
    engine.env,
  );
  expect(refused.code).not.toBe(0);
  await withDb(engine, async (db) => expect(await rollupState(db, YEAR)).toEqual(fresh));
}

describe('kill -9 during a recompute of figures', () => {
  it(
    'embedded database: the old figures whole, the job interrupted and audited, the chain intact',
    {
      timeout: 300_000,
    },
    async () => {
      await killDuringRecompute(await embedded());
    },
  );

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'PostgreSQL: the old figures whole, the job interrupted and audited, the chain intact',
    { timeout: 300_000 },
    async () => {
      const engine = await postgres(process.env.TEST_DATABASE_URL!);
      try {
        await killDuringRecompute(engine);
      } finally {
        await engine.dispose();
      }
    },
  );
});
