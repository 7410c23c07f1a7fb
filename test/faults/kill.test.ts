// kill -9 of the real server during a large import (issue #15, item 4), on the embedded database and, when
// TEST_DATABASE_URL is set, on a scratch PostgreSQL database: after a restart on the same data nothing is
// half-written (PostgreSQL: the household count unchanged or the file fully applied; the embedded engine,
// which commits batch by batch, whole batches only, each with its audit entries, completed by importing
// the file again), the job answers failed as interrupted by the restart (not 404), its upload is deleted,
// the audit chain verifies and the embedded database reopens.
import { mkdirSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { audit, migrate } from '../../src/db/index.ts';
import { registryCounts } from '../../src/db/queries/imports.ts';
import { INTERRUPTED } from '../../src/jobs/registry.ts';
import { generatedMembers, removeTempDirs, tempDir, writeWorkbook } from '../support/import-files.ts';
import { runCli } from '../support/cli.ts';
import { buildWorld, PASSWORD } from '../support/server.ts';
import { embedded, postgres, withDb, type Engine } from './engines.ts';
import { HttpUser, startServer, type ServerProcess } from './server-process.ts';

const HOUSEHOLDS = 2000;
const PER_HOUSEHOLD = 2;

interface JobView {
  status: string;
  progress: { phase: string; done: number; total: number | null };
  failure: { vi: string; en: string } | null;
  result: { counts: { households: { created: number } } | null } | null;
}

afterAll(removeTempDirs);

const uploads = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('giamngheo-import-'));

/** Polls the job until `stop` says so; the last view seen. */
async function pollJob(user: HttpUser, jobId: string, stop: (job: JobView) => boolean): Promise<JobView> {
  for (let i = 0; i < 3000; i++) {
    const { status, body } = await user.json<JobView>(`/api/imports/${jobId}`);
    expect(status).toBe(200);
    if (stop(body)) return body;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`job ${jobId}: still waiting`);
}

async function killDuringImport(engine: Engine): Promise<void> {
  const dir = tempDir();
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  const file = join(dir, 'lon.xlsx');
  await writeWorkbook(file, [
    {
      name: 'Hộ và thành viên',
      rows: generatedMembers(HOUSEHOLDS, PER_HOUSEHOLD, ['Thôn Nà Phầy', 'Thôn Khuổi Trả']),
    },
  ]);
  const body = new Uint8Array(await readFile(file));
  const before = await withDb(engine, async (db) => {
    await migrate(db);
    await buildWorld(db);
    return registryCounts(db);
  });
  const env = { ...engine.env, TMPDIR: tmp };

  // 1. Start the import and kill the server while it writes the households.
  let server: ServerProcess = await startServer(engine.args, env);
  let jobId: string;
  let seen: JobView;
  try {
    const xa = await HttpUser.signIn(server.url, 'xa', PASSWORD);
    const started = await xa.request(
      'POST',
      '/api/imports?filename=lon.xlsx',
      body,
      'application/octet-stream',
    );
    expect(started.status).toBe(202);
    jobId = ((await started.json()) as { jobId: string }).jobId;
    expect(uploads(tmp)).toHaveLength(1);
    seen = await pollJob(xa, jobId, (j) =>
      j.status !== 'queued' && j.status !== 'running'
        ? true
        : j.progress.phase === 'writing' && j.progress.done > 0,
    );
    await server.kill9();
  } catch (e) {
    await server.kill9();
    throw e;
  }
  // The kill came while the job was writing (had it finished, the file was too small to test anything).
  expect(seen.status).toBe('running');
  expect(seen.progress.done).toBeLessThan(HOUSEHOLDS);

  // 2. Nothing half-written; the audit chain verifies (the embedded database reopens after the kill).
  const afterKill = await withDb(engine, async (db) => {
    const counts = await registryCounts(db);
    const chain = await audit.verifyAuditChain(db);
    expect(chain.ok).toBe(true);
    const [entries] = await db.query<{ households: number; imports: number }>(
      `select coalesce(sum(jsonb_array_length("after" -> 'householdIds')) filter (where action = 'household.import'), 0)::int
           as households,
         count(*) filter (where action = 'import.file')::int as imports
       from audit_log`,
    );
    return { counts, entries: entries! };
  });
  const created = afterKill.counts.households - before.households;
  if (engine.name === 'postgres') {
    // One transaction: all or nothing.
    expect([0, HOUSEHOLDS]).toContain(created);
  } else {
    // A batch of 100 households at a time, each committed whole with its members.
    expect(created % 100 === 0 || created === HOUSEHOLDS).toBe(true);
  }
  expect(afterKill.counts.members - before.members).toBe(created * PER_HOUSEHOLD);
  // Every household written is covered by its batch's audit entry, committed with it.
  expect(afterKill.entries.households).toBe(created);
  if (created < HOUSEHOLDS) expect(afterKill.entries.imports).toBe(0);

  // 3. Restarted: the job is failed, interrupted by the restart, its upload gone; the import runs again.
  server = await startServer(engine.args, env);
  try {
    const xa = await HttpUser.signIn(server.url, 'xa', PASSWORD);
    const { status, body: job } = await xa.json<JobView>(`/api/imports/${jobId}`);
    expect(status).toBe(200);
    expect(job.status).toBe('failed');
    expect(job.failure).toEqual(INTERRUPTED);
    expect(uploads(tmp)).toEqual([]);
    // Another user does not see it.
    const xa2 = await HttpUser.signIn(server.url, 'xa2', PASSWORD);
    expect((await xa2.request('GET', `/api/imports/${jobId}`)).status).toBe(404);

    const again = await xa.request(
      'POST',
      '/api/imports?filename=lon.xlsx',
      body,
      'application/octet-stream',
    );
    expect(again.status).toBe(202);
    const rerun = ((await again.json()) as { jobId: string }).jobId;
    const done = await pollJob(xa, rerun, (j) => j.status === 'succeeded' || j.status === 'failed');
    expect(done.status).toBe('succeeded');
    expect(done.result?.counts?.households.created).toBe(HOUSEHOLDS - created);
  } finally {
    await server.stop();
  }
  // The console's verification agrees (embedded: on the same directory the server used).
  const verify = await runCli(['audit', 'verify', '--json', ...engine.args], engine.env);
  expect(verify.code).toBe(0);
  expect(JSON.parse(verify.stdout).ok).toBe(true);
}

describe('kill -9 during an import', () => {
  it(
    'embedded database: nothing half-written, the job interrupted, the chain intact',
    { timeout: 480_000 },
    async () => {
      const engine = await embedded();
      await killDuringImport(engine);
    },
  );

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'PostgreSQL: all or nothing, the job interrupted, the chain intact',
    { timeout: 480_000 },
    async () => {
      const engine = await postgres(process.env.TEST_DATABASE_URL!);
      try {
        await killDuringImport(engine);
      } finally {
        await engine.dispose();
      }
    },
  );
});
