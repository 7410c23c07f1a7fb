// Imports over HTTP on both engines: the template (filled in and imported back), an upload run as a job
// polled to the end, who may see a job, a file with errors and its .xlsx error report, permissions.
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { registryCounts } from '../../src/db/queries/imports.ts';
import { householdIdFor } from '../../src/domain/imports/household-id.ts';
import { forEachDatabase } from '../support/databases.ts';
import { buildWorld, PASSWORD, testServer, type World } from '../support/server.ts';
import {
  FORM_B_HEADERS,
  MEMBER_HEADERS,
  formBRow,
  memberRow,
  smallFile,
  removeTempDirs,
  tempDir,
  writeWorkbook,
  type Cell,
} from '../support/import-files.ts';

interface Session {
  get(url: string): Promise<LightMyRequestResponse>;
  upload(url: string, body: Buffer, contentType?: string): Promise<LightMyRequestResponse>;
}

/** Signs in like a browser (session cookie, CSRF token) and can send a raw file as the body. */
async function signIn(app: FastifyInstance, username: string): Promise<Session> {
  let cookie = '';
  const remember = (res: LightMyRequestResponse) => {
    const set = res.headers['set-cookie'];
    for (const c of Array.isArray(set) ? set : set ? [set] : [])
      if (c.startsWith('gn_session=')) cookie = c.split(';')[0]!;
    return res;
  };
  let csrf = remember(await app.inject({ method: 'GET', url: '/api/auth/csrf' })).json<{
    csrfToken: string;
  }>().csrfToken;
  const login = remember(
    await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({ username, password: PASSWORD }),
    }),
  );
  if (login.statusCode !== 200) throw new Error(`login ${username}: ${login.body}`);
  csrf = login.json<{ csrfToken: string }>().csrfToken;
  return {
    get: async (url) => remember(await app.inject({ method: 'GET', url, headers: { cookie } })),
    upload: async (url, body, contentType = 'application/octet-stream') =>
      remember(
        await app.inject({
          method: 'POST',
          url,
          headers: { cookie, 'x-csrf-token': csrf, 'content-type': contentType },
          payload: body,
        }),
      ),
  };
}

interface JobView {
  status: string;
  progress: { phase: string; done: number; total: number | null };
  result: {
    counts: Record<string, Record<string, number>> | null;
    rows: { members: number; formB: number };
  } | null;
  errors: { sheet: string | null; row: number | null; column: string; message: { vi: string; en: string } }[];
  errorCount: number;
}

async function waitForJob(session: Session, jobId: string): Promise<JobView> {
  const phases = new Set<string>();
  for (let i = 0; i < 1200; i++) {
    const res = await session.get(`/api/imports/${jobId}`);
    expect(res.statusCode).toBe(200);
    const job = res.json<JobView>();
    phases.add(job.progress.phase);
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${jobId} did not finish; phases seen: ${[...phases].join(', ')}`);
}

async function sheetsOf(buffer: Buffer): Promise<Map<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const out = new Map<string, unknown[][]>();
  wb.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    out.set(ws.name, rows);
  });
  return out;
}

async function xlsxBuffer(sheets: { name: string; rows: Cell[][] }[]): Promise<Buffer> {
  const path = join(tempDir(), 'ho.xlsx');
  await writeWorkbook(path, sheets);
  return readFileSync(path);
}

afterAll(removeTempDirs);

forEachDatabase((getDb) => {
  let app: FastifyInstance;
  let world: World;
  beforeEach(async () => {
    world = await buildWorld(getDb());
    app = await testServer(getDb());
  });
  afterEach(async () => {
    await app.close();
  });

  it('serves the template; filled in, it imports as a job polled to the end', async () => {
    const xa = await signIn(app, 'xa');
    const res = await xa.get('/api/imports/template.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const template = await sheetsOf(res.rawPayload);
    expect([...template.keys()]).toEqual(['Hộ và thành viên', 'Phiếu B', 'Hướng dẫn']);
    expect(template.get('Hộ và thành viên')![0]).toEqual(MEMBER_HEADERS);
    expect(template.get('Phiếu B')![0]).toEqual(FORM_B_HEADERS);
    const help = template
      .get('Hướng dẫn')!
      .map((r) => r.join(' | '))
      .join('\n');
    expect(help).toContain('Trung học cơ sở | Lower secondary | lower_secondary');
    expect(help).toContain(
      'Không tham gia lực lượng lao động | Not in the labour force | not_in_labour_force',
    );

    // Fill the downloaded template in as a commune officer would, keeping its sheets and formats.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const { members, formB } = smallFile();
    for (const r of members.slice(1)) wb.getWorksheet('Hộ và thành viên')!.addRow(r);
    for (const r of formB.slice(1)) wb.getWorksheet('Phiếu B')!.addRow(r);
    const filled = Buffer.from(await wb.xlsx.writeBuffer());

    const before = await registryCounts(getDb());
    const started = await xa.upload('/api/imports?filename=rasoat-2026.xlsx', filled);
    expect(started.statusCode).toBe(202);
    const { jobId } = started.json<{ jobId: string }>();
    const job = await waitForJob(xa, jobId);
    expect(job.errors).toEqual([]);
    expect(job.status).toBe('succeeded');
    expect(job.result?.counts).toEqual({
      households: { created: 3, updated: 0, unchanged: 0 },
      members: { created: 4, updated: 0, unchanged: 0 },
      assessments: { recorded: 2, unchanged: 0 },
    });
    expect((await registryCounts(getDb())).members - before.members).toBe(4);
    // The household page's history lists the import's creation of the household (its part of the batch's
    // audit entry), as the commune officer reads it.
    const id = householdIdFor('01864', 'NP-001');
    const history = await xa.get(`/api/audit?householdId=${id}`);
    expect(history.statusCode).toBe(200);
    expect(history.json()).toMatchObject({
      total: 1,
      rows: [{ action: 'household.create', householdId: id, after: { ref: 'NP-001', version: 1 } }],
    });

    // Only its owner (and an administrator) may see the job.
    expect((await (await signIn(app, 'xa2')).get(`/api/imports/${jobId}`)).statusCode).toBe(404);
    expect((await (await signIn(app, 'admin')).get(`/api/imports/${jobId}`)).statusCode).toBe(200);

    const again = await waitForJob(
      xa,
      (await xa.upload('/api/imports?filename=rasoat-2026.xlsx', filled)).json<{ jobId: string }>().jobId,
    );
    expect(again.result?.counts?.households).toEqual({ created: 0, updated: 0, unchanged: 3 });
  });

  it('a file with errors fails as a whole; the errors come inline and as .xlsx', async () => {
    const xa = await signIn(app, 'xa');
    const before = await registryCounts(getDb());
    const body = await xlsxBuffer([
      {
        name: 'Hộ và thành viên',
        rows: [
          MEMBER_HEADERS,
          memberRow({ ref: 'B-1', no: 1, name: 'Một', dob: '1980-03-12' }),
          memberRow({ ref: 'B-1', no: 1, name: 'Hai' }),
          memberRow({ ref: 'B-2', no: 1, name: 'Ba', village: 'Thôn Bản Chang' }),
        ],
      },
      { name: 'Phiếu B', rows: [FORM_B_HEADERS, formBRow({ ref: 'B-1', income: 'nhiều' })] },
    ]);
    const { jobId } = (await xa.upload('/api/imports?filename=loi.xlsx', body)).json<{ jobId: string }>();
    const job = await waitForJob(xa, jobId);
    expect(job.status).toBe('failed');
    expect(job.errorCount).toBe(4);
    expect(job.errors.map((e) => [e.sheet, e.row, e.column])).toEqual([
      ['Hộ và thành viên', 2, 'Ngày sinh (dd/mm/yyyy)'],
      ['Hộ và thành viên', 3, 'STT thành viên'],
      ['Hộ và thành viên', 4, 'Tên thôn/bản/tổ'],
      ['Phiếu B', 2, 'Thu nhập bình quân (đồng/người/tháng)'],
    ]);
    expect(await registryCounts(getDb())).toEqual(before);

    const report = await xa.get(`/api/imports/${jobId}/errors.xlsx`);
    expect(report.statusCode).toBe(200);
    const rows = (await sheetsOf(report.rawPayload)).get('Lỗi')!;
    expect(rows[0]).toEqual(['Dòng', 'Cột', 'Lỗi', 'Error', 'Trang tính / Sheet']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[4]])).toEqual([
      [2, 'Ngày sinh (dd/mm/yyyy)', 'Hộ và thành viên'],
      [3, 'STT thành viên', 'Hộ và thành viên'],
      [4, 'Tên thôn/bản/tổ', 'Hộ và thành viên'],
      [2, 'Thu nhập bình quân (đồng/người/tháng)', 'Phiếu B'],
    ]);
    expect(String(rows[1]![2])).toContain('Ngày không đọc được "1980-03-12"');
    expect(String(rows[1]![3])).toContain('Unreadable date "1980-03-12"');
    expect((await (await signIn(app, 'xa2')).get(`/api/imports/${jobId}/errors.xlsx`)).statusCode).toBe(404);
  });

  it('takes a CSV upload; refuses viewers, strangers and empty files', async () => {
    const xa = await signIn(app, 'xa');
    const csv = Buffer.from(
      `\ufeff${smallFile()
        .members.map((r) => r.map((c) => (c instanceof Date ? '09/05/1978' : (c ?? ''))).join(','))
        .join('\n')}\n`,
    );
    const job = await waitForJob(
      xa,
      (await xa.upload('/api/imports?filename=ho.csv', csv, 'text/csv')).json<{ jobId: string }>().jobId,
    );
    expect(job.result?.counts?.members).toEqual({ created: 4, updated: 0, unchanged: 0 });

    expect((await (await signIn(app, 'xem')).upload('/api/imports?filename=ho.csv', csv)).statusCode).toBe(
      403,
    );
    expect((await app.inject({ method: 'GET', url: '/api/imports/template.xlsx' })).statusCode).toBe(401);
    expect((await xa.upload('/api/imports?filename=ho.csv', Buffer.alloc(0))).statusCode).toBe(400);
    expect(
      (await xa.upload('/api/imports?filename=ho.csv', Buffer.from('{}'), 'application/json')).statusCode,
    ).toBe(415);
    expect((await xa.get(`/api/imports/${world.h1}`)).statusCode).toBe(404);
  });
});
