// Round documents exported as durable background jobs (issue #15, item 3): started over HTTP with the same
// refusals as the direct download (409 before recognition, 403 for personal data without personal.read,
// 404 out of scope, 400 without a purpose), the job's progress up to the households rendered, the file
// downloaded by the user who started it only (404 for another user, an administrator too), an agency list
// audited as round.export with the user, the purpose and the job; the file gone after 24 hours; and an
// export a restart interrupts shown failed ("interrupted by a restart") with its directory deleted.
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are read as JSON. */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { INTERRUPTED } from '../../src/jobs/registry.ts';
import { loadProcedure } from '../../src/rules-loader/load-procedure.ts';
import { actorByUsername } from '../../src/services/actor.ts';
import {
  EXPORT_KEEP_MS,
  exportFile,
  exportJobs,
  readExportJob,
  removeExpiredExports,
  startExport,
  type ExportMeta,
} from '../../src/services/export-jobs.ts';
import { forEachDatabase } from '../support/databases.ts';
import { removeExportDirs } from '../support/export-dirs.ts';
import { buildWorld, signedInAs, testServer, TODAY, type Client, type World } from '../support/server.ts';

const PURPOSE = 'Gửi Bảo hiểm xã hội cấp thẻ BHYT năm 2027';

async function pdfPageCount(data: Buffer): Promise<{ pages: number; text: string }> {
  const pdf = await getDocument({ data: new Uint8Array(data), useSystemFonts: false, isEvalSupported: false })
    .promise;
  let text = '';
  for (let p = 1; p <= pdf.numPages; p++)
    text += (await (await pdf.getPage(p)).getTextContent()).items
      .map((i) => ('str' in i ? i.str : ''))
      .join('');
  const pages = pdf.numPages;
  await pdf.destroy();
  return { pages, text };
}

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    let xa: Client;
    let roundA = '';
    let roundB = '';

    async function settled(c: Client, jobId: string) {
      for (let i = 0; i < 1200; i++) {
        const res = await c.get(`/api/exports/${jobId}`);
        expect(res.statusCode, res.body).toBe(200);
        const job = res.json();
        if (job.status === 'succeeded' || job.status === 'failed') return job;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`export ${jobId} did not end`);
    }
    // What the download checks the actor's access with (as the route passes it).
    const access = () => ({ db: getDb(), ctx: { procedure: loadProcedure(), today: () => TODAY } });
    const start = (c: Client, roundId: string, body: Record<string, unknown>) =>
      c.post(`/api/rounds/${roundId}/exports`, body);

    beforeAll(async () => {
      world = await buildWorld(getDb());
      app = await testServer(getDb());
      xa = await signedInAs(app, 'xa');
      const opened = await xa.post('/api/rounds', {
        communeCode: world.communeA,
        kind: 'periodic',
        year: 2026,
      });
      expect(opened.statusCode, opened.body).toBe(201);
      roundA = opened.json().id;
      const stepped = await xa.post(`/api/rounds/${roundA}/events`, {
        expectedCount: opened.json().eventCount,
        events: [
          ...[world.h1, world.h2].map((householdId, i) => ({
            type: 'list',
            date: `2026-09-0${3 + i}`,
            householdId,
            reason: 'applicant',
            applicationDate: '2026-08-28',
          })),
          { type: 'close_listing', date: '2026-09-07' },
          ...[world.h1, world.h2].map((householdId) => ({
            type: 'screen',
            date: '2026-09-08',
            householdId,
            passed: true,
          })),
          ...[world.h1, world.h2].map((householdId, i) => ({
            type: 'survey',
            date: '2026-09-10',
            householdId,
            assessment:
              i === 0
                ? { incomePerCapita: 1_200_000, deficits: ['water', 'sanitation', 'housing_area', 'telecom'] }
                : { incomePerCapita: 1_300_000, deficits: ['water'] },
          })),
          ...[
            [world.villageA1, world.h1],
            [world.villageA2, world.h2],
          ].map(([villageId, householdId]) => ({
            type: 'meeting',
            date: '2026-09-14',
            villageId,
            attendees: 20,
            votes: [{ householdId, agree: 15 }],
          })),
          ...[world.villageA1, world.villageA2].flatMap((villageId) => [
            { type: 'posting_start', date: '2026-09-17', villageId },
            { type: 'posting_end', date: '2026-09-21', villageId },
          ]),
          { type: 'recognise', date: '2026-09-30', decisionNumber: '215/QĐ-UBND' },
        ],
      });
      expect(stepped.statusCode, stepped.body).toBe(200);
      expect(stepped.json().status).toBe('recognised');
      const openedB = await (
        await signedInAs(app, 'xa2')
      ).post('/api/rounds', {
        communeCode: world.communeB,
        kind: 'periodic',
        year: 2026,
      });
      expect(openedB.statusCode, openedB.body).toBe(201);
      roundB = openedB.json().id;
    }, 180_000);
    afterAll(async () => {
      // Closed first: its export jobs finish before their directories go.
      await app?.close();
      await removeExportDirs(getDb());
    });

    it('renders the certificates in a job with its progress; only its starter downloads them', async () => {
      const started = await start(xa, roundA, { document: 'certificates' });
      expect(started.statusCode, started.body).toBe(202);
      const { jobId } = started.json();
      const job = await settled(xa, jobId);
      expect(job).toMatchObject({
        jobId,
        status: 'succeeded',
        document: 'certificates',
        roundId: roundA,
        villageId: null,
        list: null,
        purpose: null,
        progress: { phase: 'done', done: 2, total: 2 },
        result: { format: 'pdf', households: 2 },
        errors: [],
        failure: null,
      });
      expect(job.result.filename).toMatch(/\.pdf$/);
      expect(job.result.bytes).toBeGreaterThan(1000);
      const expires = Date.parse(job.result.expiresAt) - Date.parse(job.finishedAt);
      expect(Math.abs(expires - EXPORT_KEEP_MS)).toBeLessThan(5000);

      const file = await xa.get(`/api/exports/${jobId}/file`);
      expect(file.statusCode, file.body.slice(0, 300)).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.headers['content-disposition']).toContain('attachment;');
      expect(file.rawPayload.length).toBe(job.result.bytes);
      const { pages, text } = await pdfPageCount(file.rawPayload);
      expect(pages).toBe(2);
      expect(text).toContain('GIẤY CHỨNG NHẬN');
      // The same document as the direct download gives.
      const direct = await xa.get(`/api/rounds/${roundA}/documents/certificates.pdf`);
      expect((await pdfPageCount(direct.rawPayload)).text).toBe(text);

      // Another user — one who reads the commune, the administrator too — finds neither job nor file.
      for (const who of ['tinh', 'admin', 'xa2']) {
        const c = await signedInAs(app, who);
        expect((await c.get(`/api/exports/${jobId}`)).statusCode, who).toBe(404);
        expect((await c.get(`/api/exports/${jobId}/file`)).statusCode, who).toBe(404);
      }
      // The job's directory is private to the server's user.
      expect((await stat((await jobMeta(jobId)).dir)).mode & 0o777).toBe(0o700);
    });

    /** The job's recorded meta (its directory), read from the jobs table. */
    async function jobMeta(jobId: string): Promise<ExportMeta> {
      const [row] = await getDb().query<{ meta: ExportMeta }>('select meta from jobs where job_id = $1', [
        jobId,
      ]);
      return row!.meta;
    }

    it('refuses at once what the download refuses, before any job is queued', async () => {
      const before = (
        await getDb().query<{ n: number }>(`select count(*)::int as n from jobs where kind = 'export'`)
      )[0]!.n;
      // Not recognised yet: certificates and lists 409; the posting list is allowed.
      const xa2 = await signedInAs(app, 'xa2');
      for (const document of ['certificates', 'recognised-list']) {
        const res = await start(xa2, roundB, { document });
        expect(res.statusCode, document).toBe(409);
        expect(res.json().error.code).toBe('ROUND_NOT_RECOGNISED');
      }
      // Another commune's round: 404, as its download.
      expect((await start(xa, roundB, { document: 'posting-list' })).statusCode).toBe(404);
      // An agency list: a purpose (400), a list (400), personal.read (403 for viewer and auditor).
      expect((await start(xa, roundA, { document: 'agency-list', list: 'tuition' })).statusCode).toBe(400);
      const short = await start(xa, roundA, { document: 'agency-list', list: 'tuition', purpose: ' abc ' });
      expect(short.statusCode).toBe(400);
      expect(short.json().error.fields).toEqual([
        {
          path: 'body.purpose',
          message: {
            vi: 'Cần ghi mục đích sử dụng (ít nhất 5 ký tự)',
            en: 'State the purpose of the export (at least 5 characters)',
          },
        },
      ]);
      expect((await start(xa, roundA, { document: 'agency-list', purpose: PURPOSE })).statusCode).toBe(400);
      for (const who of ['xem', 'kiemtoan']) {
        const c = await signedInAs(app, who);
        const res = await start(c, roundA, { document: 'agency-list', list: 'tuition', purpose: PURPOSE });
        expect(res.statusCode, who).toBe(403);
      }
      // An enumerator: its own village only.
      const thon = await signedInAs(app, 'thon');
      expect(
        (await start(thon, roundA, { document: 'certificates', villageId: world.villageA2 })).statusCode,
      ).toBe(404);
      const after = (
        await getDb().query<{ n: number }>(`select count(*)::int as n from jobs where kind = 'export'`)
      )[0]!.n;
      expect(after).toBe(before);

      const posting = await start(xa2, roundB, { document: 'posting-list' });
      expect(posting.statusCode, posting.body).toBe(202);
      expect((await settled(xa2, posting.json().jobId)).status).toBe('succeeded');
    });

    it('exports an agency list with its purpose, audited with the user, the purpose and the job', async () => {
      const started = await start(xa, roundA, {
        document: 'agency-list',
        list: 'health-insurance',
        purpose: `  ${PURPOSE} `,
      });
      expect(started.statusCode, started.body).toBe(202);
      const { jobId } = started.json();
      const job = await settled(xa, jobId);
      expect(job).toMatchObject({
        status: 'succeeded',
        document: 'agency-list',
        list: 'health-insurance',
        purpose: PURPOSE,
        result: { format: 'xlsx', households: 3 },
      });
      const file = await xa.get(`/api/exports/${jobId}/file`);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
      const cells: string[] = [];
      wb.worksheets[0]!.eachRow((row) => cells.push(JSON.stringify(row.values)));
      // The file is marked with who exported it and why.
      expect(cells.join('\n')).toContain(PURPOSE);
      expect(cells.join('\n')).toContain('Người dùng xa (xa)');

      const mine = await getDb().query<any>(
        `select actor_id as "actorId", actor_name as "actorName", reason, "after", unit_code as "unitCode"
         from audit_log where action = 'round.export' and entity_id = $1 and "after"->>'jobId' = $2`,
        [roundA, jobId],
      );
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        actorId: world.userIds.xa,
        actorName: 'Người dùng xa (xa)',
        reason: PURPOSE,
        unitCode: world.communeA,
      });
      expect(mine[0].after).toMatchObject({
        list: 'health-insurance',
        rows: 3,
        decisionNumber: '215/QĐ-UBND',
      });

      // Its starter, once no longer allowed personal data (a viewer now) or moved to another commune, gets
      // what the direct download would answer, not the file made before.
      const jobs = exportJobs(getDb());
      const actor = (await actorByUsername(getDb(), 'xa'))!;
      await expect(exportFile(jobs, { ...actor, role: 'viewer' }, jobId, access())).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      const elsewhere = (await actorByUsername(getDb(), 'xa2'))!;
      await expect(
        exportFile(jobs, { ...actor, read: elsewhere.read, write: elsewhere.write }, jobId, access()),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const ok = await exportFile(jobs, actor, jobId, access());
      await ok.file.close();
    });

    it('keeps a file 24 hours: then the download says it expired and the sweep removes it', async () => {
      const started = await start(xa, roundA, { document: 'recognised-list' });
      const { jobId } = started.json();
      expect((await settled(xa, jobId)).status).toBe('succeeded');
      const { dir } = await jobMeta(jobId);
      const jobs = exportJobs(getDb());
      const actor = (await actorByUsername(getDb(), 'xa'))!;
      const later = new Date(Date.now() + EXPORT_KEEP_MS + 60_000);
      await expect(exportFile(jobs, actor, jobId, access(), later)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      const ok = await exportFile(jobs, actor, jobId, access());
      await ok.file.close();

      // The sweep removes export directories older than a day, and nothing else (in a directory of its own).
      const root = await mkdtemp(join(tmpdir(), 'export-sweep-'));
      try {
        const old = join(root, 'giamngheo-export-old');
        const fresh = join(root, 'giamngheo-export-fresh');
        const other = join(root, 'giamngheo-import-old');
        for (const d of [old, fresh, other]) {
          await mkdir(d);
          await writeFile(join(d, 'export.pdf'), 'x');
        }
        const dayAgo = new Date(Date.now() - EXPORT_KEEP_MS - 60_000);
        await utimes(old, dayAgo, dayAgo);
        await utimes(other, dayAgo, dayAgo);
        expect(await removeExpiredExports(new Date(), root)).toBe(1);
        expect((await readdir(root)).sort()).toEqual(['giamngheo-export-fresh', 'giamngheo-import-old']);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
      // Once its directory is gone, the download is a 404 that says so.
      await rm(dir, { recursive: true, force: true });
      const gone = await xa.get(`/api/exports/${jobId}/file`);
      expect(gone.statusCode).toBe(404);
      expect(gone.body).toContain('hết hạn');
    });

    it('shows an export a restart interrupted as failed, its directory and partial file deleted', async () => {
      const db = getDb();
      const actor = (await actorByUsername(db, 'xa'))!;
      const ctx = { procedure: loadProcedure(), today: () => TODAY };
      // The dying process: an export runs (and never ends), the one started after it waits its turn.
      const dead = exportJobs(db);
      let running!: () => void;
      const blocked = new Promise<void>((r) => (running = r));
      const first = dead.submit('export', actor.userId, async () => {
        running();
        return new Promise<never>(() => {});
      });
      await blocked;
      const { jobId } = await startExport(
        dead,
        db,
        actor,
        { document: 'certificates', roundId: roundA },
        ctx,
      );
      const { dir } = await jobMeta(jobId);
      // As if half a file had been written when the process died.
      await writeFile(join(dir, 'export.pdf.part'), '%PDF-1.3 half');
      await dead.saved(first.id);
      expect((await readExportJob(dead, actor, jobId)).status).toBe('queued');
      // Two of the user's exports pending: a third is refused until they end (429, said in both languages).
      await expect(
        startExport(dead, db, actor, { document: 'certificates', roundId: roundA }, ctx),
      ).rejects.toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        customMessage: { vi: expect.stringContaining('chờ xong') },
      });

      const restarted = exportJobs(db);
      expect(await restarted.recover()).toBeGreaterThanOrEqual(2);
      const job = await readExportJob(restarted, actor, jobId);
      expect(job).toMatchObject({ status: 'failed', failure: INTERRUPTED });
      expect(existsSync(dir)).toBe(false);
      await expect(exportFile(restarted, actor, jobId, access())).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      // Over HTTP (a server reading the store): failed, "interrupted by a restart", no file.
      const shown = await xa.get(`/api/exports/${jobId}`);
      expect(shown.statusCode).toBe(200);
      expect(shown.json()).toMatchObject({ status: 'failed', failure: INTERRUPTED, result: null });
      expect((await xa.get(`/api/exports/${jobId}/file`)).statusCode).toBe(404);
      const interrupted = await db.query<{ n: number }>(
        `select count(*)::int as n from audit_log where action = 'job.interrupted' and entity_id = $1`,
        [jobId],
      );
      expect(interrupted[0]!.n).toBe(1);
    });
  },
  { cleanup: false },
);
