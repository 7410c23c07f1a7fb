// kill -9 of the real server while it renders a commune's certificates as an export job (issue #15, item 3),
// on the embedded database and, when TEST_DATABASE_URL is set, on a scratch PostgreSQL database. The
// commune officer starts the export; the server is killed while the job renders the file. After a restart on
// the same data: the acknowledged job is not lost but shown failed as interrupted by the restart, audited by
// the system; its directory — with whatever part of the file was written — is gone, and there is no file to
// download; the export run again gives the whole file.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/index.ts';
import { INTERRUPTED } from '../../src/jobs/registry.ts';
import { removeTempDirs } from '../support/import-files.ts';
import { buildWorld, PASSWORD } from '../support/server.ts';
import { embedded, postgres, withDb, type Engine } from './engines.ts';
import { HttpUser, startServer, type ServerProcess } from './server-process.ts';

const HOUSEHOLDS = 1500;

interface JobView {
  jobId: string;
  status: string;
  progress: { phase: string; done: number; total: number | null };
  failure: { vi: string; en: string } | null;
  result: { households: number } | null;
}

const temps: string[] = [];
afterAll(async () => {
  await removeTempDirs();
  for (const d of temps) await rm(d, { recursive: true, force: true });
});

/** The export directories in the server's temporary directory. */
const exportDirs = async (tmp: string) =>
  (await readdir(tmp)).filter((n) => n.startsWith('giamngheo-export-')).map((n) => join(tmp, n));

async function killDuringExport(engine: Engine): Promise<void> {
  // A commune (A) with a recognised round of HOUSEHOLDS poor and near-poor households, two members each.
  const roundId = await withDb(engine, async (db) => {
    await migrate(db);
    const world = await buildWorld(db);
    await db.query(
      `insert into households (village_id, head_name, is_ethnic_minority)
       select $1, 'Chủ hộ ' || g, false from generate_series(1, $2::int) g`,
      [world.villageA1, HOUSEHOLDS],
    );
    await db.query(
      `insert into members (household_id, member_no, full_name)
       select h.household_id, m, 'Người ' || m from households h, generate_series(1, 2) m
       where h.head_name like 'Chủ hộ %'`,
    );
    const [round] = await db.query<{ id: string }>(
      `insert into review_rounds (commune_code, commune_valid_from, kind, year, status, start_date,
         procedure_version, decision_number, decision_date)
       values ($1, '2025-07-01', 'periodic', 2026, 'recognised', '2026-09-01', 'QD24_2021_TWO_TIER',
         '215/QĐ-UBND', '2026-09-30') returning id`,
      [world.communeA],
    );
    await db.query(
      `insert into review_results (household_id, round_id, village_id, previous_class, final_class, transition,
         deficits, is_ethnic_minority, person_of_merit, social_protection, no_labour_capacity, recognised_on)
       select household_id, $1, village_id, 'poor', case when random() < 0.5 then 'poor' else 'near_poor' end,
         'unchanged', '{}'::text[], false, false, false, false, '2026-09-30'
       from households where head_name like 'Chủ hộ %'`,
      [round!.id],
    );
    return round!.id;
  });
  // The server's temporary directory: where the export's directory is made.
  const tmp = await mkdtemp(join(tmpdir(), 'kill-export-'));
  temps.push(tmp);
  const env = { ...engine.env, TMPDIR: tmp };

  // 1. The officer starts the export; the server is killed while the job renders the certificates.
  let server: ServerProcess = await startServer(engine.args, env);
  let jobId: string;
  let seen: JobView | null = null;
  let dirs: string[];
  try {
    const xa = await HttpUser.signIn(server.url, 'xa', PASSWORD);
    const started = await xa.request('POST', `/api/rounds/${roundId}/exports`, { document: 'certificates' });
    expect(started.status, await started.clone().text()).toBe(202);
    jobId = ((await started.json()) as { jobId: string }).jobId;
    for (let i = 0; i < 3000; i++) {
      const { body } = await xa.json<JobView>(`/api/exports/${jobId}`);
      seen = body;
      if (body.status !== 'queued' && body.status !== 'running') break;
      if (body.progress.phase === 'rendering') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    dirs = await exportDirs(tmp);
    await server.kill9();
  } catch (e) {
    await server.kill9();
    throw e;
  }
  // Killed while rendering (had it finished, the test would prove nothing), its directory there.
  expect(seen).toMatchObject({ status: 'running', progress: { phase: 'rendering', total: HOUSEHOLDS } });
  expect(dirs).toHaveLength(1);
  expect(existsSync(join(dirs[0]!, 'export.pdf'))).toBe(false);

  // 2. Restarted: the job is failed, interrupted by the restart; its directory gone; no file.
  server = await startServer(engine.args, env);
  try {
    const xa = await HttpUser.signIn(server.url, 'xa', PASSWORD);
    const { status, body: job } = await xa.json<JobView>(`/api/exports/${jobId}`);
    expect(status).toBe(200);
    expect(job).toMatchObject({ status: 'failed', failure: INTERRUPTED, result: null });
    expect((await xa.request('GET', `/api/exports/${jobId}/file`)).status).toBe(404);
    expect(existsSync(dirs[0]!)).toBe(false);
    expect(await exportDirs(tmp)).toEqual([]);
    // Not another user's to read.
    const tinh = await HttpUser.signIn(server.url, 'tinh', PASSWORD);
    expect((await tinh.request('GET', `/api/exports/${jobId}`)).status).toBe(404);

    // Run again, it gives the whole file.
    const again = await xa.request('POST', `/api/rounds/${roundId}/exports`, { document: 'certificates' });
    expect(again.status).toBe(202);
    const rerun = ((await again.json()) as { jobId: string }).jobId;
    let done: JobView | null = null;
    for (let i = 0; i < 6000 && !(done && (done.status === 'succeeded' || done.status === 'failed')); i++) {
      done = (await xa.json<JobView>(`/api/exports/${rerun}`)).body;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(done).toMatchObject({ status: 'succeeded', result: { households: HOUSEHOLDS } });
    const file = await xa.request('GET', `/api/exports/${rerun}/file`);
    expect(file.status).toBe(200);
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  } finally {
    await server.stop();
  }
  await withDb(engine, async (db) => {
    const entries = await db.query<{ actorId: string | null; entityId: string }>(
      `select actor_id as "actorId", entity_id as "entityId" from audit_log where action = 'job.interrupted'`,
    );
    expect(entries).toEqual([{ actorId: null, entityId: jobId }]);
  });
}

describe('kill -9 during an export of the certificates', () => {
  it(
    'embedded database: the job interrupted and audited, its partial file gone',
    { timeout: 600_000 },
    async () => {
      await killDuringExport(await embedded());
    },
  );

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'PostgreSQL: the job interrupted and audited, its partial file gone',
    { timeout: 600_000 },
    async () => {
      const engine = await postgres(process.env.TEST_DATABASE_URL!);
      try {
        await killDuringExport(engine);
      } finally {
        await engine.dispose();
      }
    },
  );
});
