// The list of recent imports (issue #15, item 3 "the web page shows it"): GET /api/imports gives the caller's
// own imports, newest first and bounded, with state, progress, counts and why one failed — one a restart
// interrupted included, failed with the reason — and never another user's (another area's, or a colleague's
// in the same area: an import's file name and errors may name households), except to an administrator.
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are read as JSON. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERRUPTED } from '../../src/jobs/registry.ts';
import { databaseJobStore } from '../../src/jobs/store.ts';
import { IMPORT_LIST_LIMIT } from '../../src/services/imports/import-jobs.ts';
import { forEachDatabase } from '../support/databases.ts';
import { smallFile } from '../support/import-files.ts';
import { buildWorld, Client, signedInAs, testServer, type World } from '../support/server.ts';

/** The small workbook's households and members sheet as a CSV (commune A's, which xa may write). */
const goodCsv = () =>
  smallFile()
    .members.map((r) => r.map((c) => (c instanceof Date ? '09/05/1978' : (c ?? ''))).join(','))
    .join('\n');

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    let xa: Client;
    let xa2: Client;
    let thon: Client;
    let admin: Client;
    /** Jobs a dead process left running: xa's and xa2's (another commune's officer). */
    const deadXa = '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e01';
    const deadXa2 = '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e02';
    let good = '';
    let bad = '';

    const running = (id: string, ownerId: string, filename: string, createdAt: Date) => ({
      id,
      kind: 'import',
      ownerId,
      status: 'running' as const,
      progress: { phase: 'writing', done: 300, total: 2000 },
      meta: { filename, size: 123456 },
      result: null,
      errors: [],
      errorCount: 0,
      failure: null,
      createdAt,
      startedAt: createdAt,
      finishedAt: null,
    });

    const finished = async (client: Client, jobId: string) => {
      for (let i = 0; i < 600; i++) {
        const job = (await client.get(`/api/imports/${jobId}`)).json();
        if (job.status === 'succeeded' || job.status === 'failed') return job;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the import did not finish');
    };
    const upload = async (client: Client, filename: string, body: string) => {
      const res = await client.request(
        'POST',
        `/api/imports?filename=${filename}`,
        Buffer.from(`\ufeff${body}\n`),
        { 'content-type': 'text/csv' },
      );
      expect(res.statusCode, res.body).toBe(202);
      return res.json().jobId as string;
    };
    const list = async (client: Client): Promise<any[]> => {
      const res = await client.get('/api/imports');
      expect(res.statusCode, res.body).toBe(200);
      return res.json().rows;
    };

    beforeAll(async () => {
      const db = getDb();
      world = await buildWorld(db);
      // As a killed server leaves them: running, created before this server started.
      const store = databaseJobStore(db);
      const before = new Date(Date.now() - 60_000);
      await store.save(running(deadXa, world.userIds.xa!, 'lon-xa.xlsx', before), []);
      await store.save(running(deadXa2, world.userIds.xa2!, 'lon-xa2.xlsx', before), []);
      app = await testServer(db);
      // Listening runs the start's recovery (the onListen hook): the dead process's jobs are marked failed.
      await app.listen({ port: 0, host: '127.0.0.1' });
      xa = await signedInAs(app, 'xa');
      xa2 = await signedInAs(app, 'xa2');
      thon = await signedInAs(app, 'thon');
      admin = await signedInAs(app, 'admin');
      good = await upload(xa, 'ho-tot.csv', goodCsv());
      expect((await finished(xa, good)).status).toBe('succeeded');
      bad = await upload(xa, 'sai-tieu-de.csv', 'Mã hộ,Tên lạ\nNP-1,x');
      expect((await finished(xa, bad)).status).toBe('failed');
    }, 180_000);
    afterAll(async () => app?.close());

    describe('GET /api/imports', () => {
      it("lists the caller's imports newest first: state, counts, errors counted, an interrupted one's reason", async () => {
        const rows = await list(xa);
        expect(rows.map((r) => r.jobId)).toEqual([bad, good, deadXa]);
        const [failed, succeeded, interrupted] = rows;
        expect(succeeded).toMatchObject({
          status: 'succeeded',
          filename: 'ho-tot.csv',
          errorCount: 0,
          failure: null,
          result: {
            format: 'csv',
            counts: { households: { created: 3, updated: 0, unchanged: 0 } },
          },
        });
        expect(succeeded.finishedAt).toEqual(expect.any(String));
        expect(failed).toMatchObject({ status: 'failed', filename: 'sai-tieu-de.csv', failure: null });
        expect(failed.errorCount).toBeGreaterThan(0);
        expect(interrupted).toMatchObject({
          status: 'failed',
          filename: 'lon-xa.xlsx',
          failure: INTERRUPTED,
          progress: { phase: 'interrupted', done: 300, total: 2000 },
        });
        expect(interrupted.failure.en).toContain('Interrupted by a restart');
        // The errors themselves are on the job's own page, not in the list.
        for (const r of rows) expect(r).not.toHaveProperty('errors');
        expect((await xa.get(`/api/imports/${bad}`)).json().errors.length).toBe(failed.errorCount);
      });

      it("shows no one else's imports: not another commune's officer's, nor a colleague's of the same area", async () => {
        const other = await list(xa2);
        expect(other.map((r) => r.jobId)).toEqual([deadXa2]);
        expect(JSON.stringify(other)).not.toMatch(/ho-tot|sai-tieu-de|lon-xa\.xlsx/);
        // The enumerator of xa's own commune: their own only (none).
        expect(await list(thon)).toEqual([]);
        // The administrator sees everyone's.
        const all = (await list(admin)).map((r) => r.jobId);
        expect(all).toEqual(expect.arrayContaining([bad, good, deadXa, deadXa2]));
        // Signed out: refused.
        expect((await new Client(app).get('/api/imports')).statusCode).toBe(401);
      });

      it(`is bounded: the newest ${IMPORT_LIST_LIMIT}`, async () => {
        const store = databaseJobStore(getDb());
        const owner = world.userIds.tinh!;
        const ids: string[] = [];
        const t0 = Date.now() - 3_600_000;
        for (let i = 0; i < IMPORT_LIST_LIMIT + 5; i++) {
          const at = new Date(t0 + i * 1000);
          const id = `7a000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
          ids.push(id);
          await store.save(
            {
              ...running(id, owner, `tep-${i}.csv`, at),
              status: 'succeeded',
              progress: { phase: 'done', done: 1, total: 1 },
              finishedAt: at,
            },
            [],
          );
        }
        const tinh = await signedInAs(app, 'tinh');
        const rows = await list(tinh);
        expect(rows.map((r) => r.jobId)).toEqual(ids.slice(-IMPORT_LIST_LIMIT).reverse());
      });
    });
  },
  { cleanup: false },
);
