// What the commune hands out for a review round, over HTTP: the posting list while the round is open, then
// after recognition the certificates (one page per household), the recognised lists and the agency lists
// (xlsx, personal data) — read back as pdf text and workbook cells; refusals for an unrecognised round, for
// roles without personal data (viewer, auditor: 403), for another commune (404); exports in the audit.
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are read as JSON. */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachDatabase } from '../support/databases.ts';
import { buildWorld, signedInAs, testServer, type Client, type World } from '../support/server.ts';

async function pdfPages(data: Buffer): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(data), useSystemFonts: false, isEvalSupported: false })
    .promise;
  const pages: string[] = [];
  for (let p = 1; p <= pdf.numPages; p++) {
    const content = await (await pdf.getPage(p)).getTextContent();
    pages.push(
      content.items
        .map((i) => ('str' in i ? i.str : ''))
        .join('')
        .replace(/\s+/g, ' '),
    );
  }
  await pdf.destroy();
  return pages;
}

/** The sheet's rows as arrays of cell values, from the header row (the one starting "STT") on. */
async function sheetRows(data: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows.slice(rows.findIndex((r) => r[0] === 'STT'));
}

const PURPOSE = 'Gửi Bảo hiểm xã hội cấp thẻ BHYT năm 2027';

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    let xa: Client;
    let roundId = '';
    let count = 0;
    const docs = (path: string) => `/api/rounds/${roundId}/documents/${path}`;
    const pdf = async (c: Client, path: string) => {
      const res = await c.get(docs(path));
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      return pdfPages(res.rawPayload);
    };
    async function step(events: unknown[]) {
      const res = await xa.post(`/api/rounds/${roundId}/events`, { expectedCount: count, events });
      expect(res.statusCode, res.body).toBe(200);
      count = res.json().eventCount;
    }

    beforeAll(async () => {
      world = await buildWorld(getDb());
      app = await testServer(getDb());
      xa = await signedInAs(app, 'xa');
      // Two children in h1: 10 on the decision day (born 15/10/2015), and 17 (18 the day after it).
      let version = (await xa.get(`/api/households/${world.h1}`)).json().version;
      for (const [fullName, dateOfBirth] of [
        ['Hoàng Văn An', '2015-10-15'],
        ['Hoàng Thị Bình', '2008-10-01'],
      ] as const) {
        const added = await xa.post(`/api/households/${world.h1}/members`, {
          version,
          member: { fullName, dateOfBirth, relationToHead: 'child', sex: 'male' },
        });
        expect(added.statusCode, added.body).toBe(201);
        version = added.json().version;
      }
      const opened = await xa.post('/api/rounds', {
        communeCode: world.communeA,
        kind: 'periodic',
        year: 2026,
      });
      expect(opened.statusCode, opened.body).toBe(201);
      roundId = opened.json().id;
      count = opened.json().eventCount;
      await step([
        { type: 'list', date: '2026-09-03', householdId: world.h1, reason: 'current_poor' },
        {
          type: 'list',
          date: '2026-09-04',
          householdId: world.h2,
          reason: 'applicant',
          applicationDate: '2026-08-28',
        },
        { type: 'close_listing', date: '2026-09-07' },
        { type: 'screen', date: '2026-09-08', householdId: world.h2, passed: true },
        {
          type: 'survey',
          date: '2026-09-10',
          householdId: world.h1,
          assessment: {
            incomePerCapita: 1_200_000,
            deficits: ['water', 'sanitation', 'housing_area', 'telecom'],
          },
        },
        {
          type: 'survey',
          date: '2026-09-10',
          householdId: world.h2,
          assessment: { incomePerCapita: 1_300_000, deficits: ['water'] },
        },
        {
          type: 'meeting',
          date: '2026-09-14',
          villageId: world.villageA1,
          attendees: 20,
          votes: [{ householdId: world.h1, agree: 15 }],
        },
        {
          type: 'meeting',
          date: '2026-09-14',
          villageId: world.villageA2,
          attendees: 20,
          votes: [{ householdId: world.h2, agree: 12 }],
        },
        { type: 'posting_start', date: '2026-09-17', villageId: world.villageA1 },
        { type: 'posting_start', date: '2026-09-17', villageId: world.villageA2 },
      ]);
    }, 180_000);
    afterAll(async () => app?.close());

    it('posts the provisional results per village while the round is open, and refuses the rest', async () => {
      const pages = await pdf(xa, 'posting-list.pdf');
      expect(pages).toHaveLength(2);
      // Villages in Vietnamese order: Khuổi Trả before Nà Phầy.
      expect(pages[0]).toContain('THÔN KHUỔI TRẢ');
      expect(pages[0]).toContain('Triệu Văn Sơn');
      expect(pages[0]).toContain('Hộ cận nghèo mới');
      expect(pages[1]).toContain('Hoàng Văn Đức');
      expect(pages[1]).not.toContain('Triệu Văn Sơn');
      for (const p of pages) {
        expect(p).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
        expect(p).toContain('Độc lập - Tự do - Hạnh phúc');
        expect(p).toContain('UBND XÃ BẰNG THÀNH');
        expect(p).toContain('DANH SÁCH NIÊM YẾT CÔNG KHAI');
        expect(p).toContain('Thời gian niêm yết: từ ngày 17/09/2026');
        expect(p).toContain('TRƯỞNG THÔN');
      }
      expect(await pdf(xa, `posting-list.pdf?villageId=${world.villageA1}`)).toHaveLength(1);

      for (const path of [
        'certificates.pdf',
        'recognised-list.pdf',
        `agency-lists/health-insurance.xlsx?purpose=${encodeURIComponent(PURPOSE)}`,
      ]) {
        const res = await xa.get(docs(path));
        expect(res.statusCode, path).toBe(409);
        expect(res.json().error).toMatchObject({
          code: 'ROUND_NOT_RECOGNISED',
          message: { vi: expect.stringContaining('chưa được Chủ tịch UBND xã công nhận') },
        });
        expect(res.json().error.message.en).toContain('not been recognised');
      }
    });

    it('hands out a certificate per recognised household, one A4 page each', async () => {
      await step([
        { type: 'posting_end', date: '2026-09-21', villageId: world.villageA1 },
        { type: 'posting_end', date: '2026-09-21', villageId: world.villageA2 },
        { type: 'recognise', date: '2026-09-30', decisionNumber: '215/QĐ-UBND' },
      ]);
      const pages = await pdf(xa, 'certificates.pdf');
      expect(pages).toHaveLength(2);
      const [sơn, đức] = pages as [string, string];
      expect(sơn).toContain('GIẤY CHỨNG NHẬN HỘ CẬN NGHÈO');
      expect(sơn).toContain('Triệu Văn Sơn');
      expect(đức).toContain('GIẤY CHỨNG NHẬN HỘ NGHÈO');
      for (const text of [
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        'UBND XÃ BẰNG THÀNH',
        'Bằng Thành, ngày 30 tháng 09 năm 2026',
        'Quyết định số 215/QĐ-UBND ngày 30/09/2026 của Chủ tịch Ủy ban nhân dân xã Bằng Thành',
        'Hộ gia đình ông/bà: Hoàng Văn Đức',
        'Thôn Nà Phầy, Xã Bằng Thành, Tỉnh Thái Nguyên',
        'Nông Thị Mai',
        '02/07/1984',
        'Hoàng Văn An',
        '15/10/2015',
        'Con',
        'có giá trị đến hết ngày 31/12/2026',
        'CHỦ TỊCH UBND XÃ',
      ])
        expect(đức).toContain(text);
      const one = await pdf(xa, `certificates.pdf?villageId=${world.villageA1}`);
      expect(one).toHaveLength(1);
      expect(one[0]).toContain('Hoàng Văn Đức');
    });

    it('prints the recognised lists with the decision and the chairman’s signature block', async () => {
      const [poor, nearPoor] = (await pdf(xa, 'recognised-list.pdf')) as [string, string];
      expect(poor).toContain('DANH SÁCH HỘ NGHÈO ĐƯỢC CÔNG NHẬN');
      expect(poor).toContain('Kèm theo Quyết định số 215/QĐ-UBND ngày 30/09/2026');
      expect(poor).toContain('Hoàng Văn Đức');
      expect(poor).toContain('Tổng số: 1 hộ');
      expect(poor).toContain('CHỦ TỊCH UBND XÃ');
      expect(poor).toContain('UBND XÃ BẰNG THÀNH');
      expect(nearPoor).toContain('DANH SÁCH HỘ CẬN NGHÈO ĐƯỢC CÔNG NHẬN');
      expect(nearPoor).toContain('Triệu Văn Sơn');
      expect(nearPoor).toMatch(/Hộ cận nghèo ?mới/); // the note may wrap in its cell
    });

    it('exports the agency lists as workbooks, each audited with the user and the purpose', async () => {
      const get = async (kind: string, purpose = PURPOSE) => {
        const res = await xa.get(docs(`agency-lists/${kind}.xlsx?purpose=${encodeURIComponent(purpose)}`));
        expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
        expect(res.headers['content-type']).toContain('spreadsheetml');
        return sheetRows(res.rawPayload);
      };
      const decided = new Date('2026-09-30T00:00:00Z');
      const health = await get('health-insurance');
      expect(health[0]).toEqual([
        'STT',
        'Họ và tên',
        'Ngày sinh',
        'Giới tính',
        'Số định danh cá nhân',
        'Quan hệ với chủ hộ',
        'Chủ hộ',
        'Địa chỉ',
        'Phân loại hộ',
        'Số quyết định',
        'Ngày quyết định',
      ]);
      const people = health.slice(1).filter((r) => typeof r[0] === 'number');
      expect(people.map((r) => [r[1], r[8]])).toEqual([
        ['Triệu Văn Sơn', 'Hộ cận nghèo'],
        ['Hoàng Văn Đức', 'Hộ nghèo'],
        ['Nông Thị Mai', 'Hộ nghèo'],
        ['Hoàng Văn An', 'Hộ nghèo'],
        ['Hoàng Thị Bình', 'Hộ nghèo'],
      ]);
      expect(people[1]).toEqual([
        2,
        'Hoàng Văn Đức',
        new Date('1980-03-12T00:00:00Z'),
        'Nam',
        '006080001234',
        undefined, // no relation recorded
        'Hoàng Văn Đức',
        'Thôn Nà Phầy, Xã Bằng Thành, Tỉnh Thái Nguyên',
        'Hộ nghèo',
        '215/QĐ-UBND',
        decided,
      ]);

      const tuition = await get('tuition', 'Gửi phòng giáo dục xét miễn học phí');
      const pupils = tuition.slice(1).filter((r) => typeof r[0] === 'number');
      // Age in completed years on 30/09/2026: 10 (primary), 17 (upper secondary; 18 the next day).
      expect(pupils.map((r) => [r[1], r[5], r[6]])).toEqual([
        ['Hoàng Văn An', 10, 'Tiểu học'],
        ['Hoàng Thị Bình', 17, 'Trung học phổ thông'],
      ]);

      const bank = await get('social-policy-bank', 'Gửi NHCSXH xét cho vay hộ nghèo');
      expect(bank[0]).toEqual([
        'STT',
        'Họ và tên chủ hộ',
        'Ngày sinh chủ hộ',
        'Số định danh cá nhân chủ hộ',
        'Số nhân khẩu',
        'Địa chỉ',
        'Phân loại hộ',
        'Số quyết định',
        'Ngày quyết định',
      ]);
      const homes = bank.slice(1).filter((r) => typeof r[0] === 'number');
      expect(homes.map((r) => [r[1], r[3], r[4], r[6], r[7]])).toEqual([
        ['Triệu Văn Sơn', '006080009999', 1, 'Hộ cận nghèo', '215/QĐ-UBND'],
        ['Hoàng Văn Đức', '006080001234', 4, 'Hộ nghèo', '215/QĐ-UBND'],
      ]);

      const audit = (await xa.get(`/api/audit?unitCode=${world.communeA}&entityType=review_round`)).json();
      const exports = audit.rows.filter((r: any) => r.action === 'round.export');
      expect(exports.map((r: any) => [r.after.list, r.reason, r.actorId, r.actorName])).toEqual([
        ['social-policy-bank', 'Gửi NHCSXH xét cho vay hộ nghèo', world.userIds.xa, 'Người dùng xa (xa)'],
        ['tuition', 'Gửi phòng giáo dục xét miễn học phí', world.userIds.xa, 'Người dùng xa (xa)'],
        ['health-insurance', PURPOSE, world.userIds.xa, 'Người dùng xa (xa)'],
      ]);
      expect(exports[2].after).toMatchObject({ rows: 5, decisionNumber: '215/QĐ-UBND' });
    });

    it('refuses personal data to viewers and auditors (403), other communes (404), and an export without a purpose', async () => {
      const path = `agency-lists/health-insurance.xlsx?purpose=${encodeURIComponent(PURPOSE)}`;
      const exportsBefore = (await xa.get(`/api/audit?unitCode=${world.communeA}&entityType=review_round`))
        .json()
        .rows.filter((r: any) => r.action === 'round.export').length;
      for (const who of ['xem', 'kiemtoan']) {
        const c = await signedInAs(app, who);
        const res = await c.get(docs(path));
        expect(res.statusCode, who).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
        // The printed documents carry no national ID: a reader of the commune may print them.
        expect((await c.get(docs('certificates.pdf'))).statusCode, who).toBe(200);
      }
      const other = await signedInAs(app, 'xa2');
      for (const p of [path, 'certificates.pdf', 'posting-list.pdf', 'recognised-list.pdf'])
        expect((await other.get(docs(p))).statusCode, p).toBe(404);
      expect((await xa.get(docs('agency-lists/health-insurance.xlsx'))).statusCode).toBe(400);
      expect((await xa.get(docs('agency-lists/health-insurance.xlsx?purpose=x'))).statusCode).toBe(400);
      expect((await xa.get(docs(`agency-lists/passports.xlsx?purpose=${PURPOSE}`))).statusCode).toBe(400);
      const exportsAfter = (await xa.get(`/api/audit?unitCode=${world.communeA}&entityType=review_round`))
        .json()
        .rows.filter((r: any) => r.action === 'round.export').length;
      expect(exportsAfter).toBe(exportsBefore);
    });

    it('gives a village enumerator the documents of its own village only', async () => {
      const thon = await signedInAs(app, 'thon');
      const pages = await pdf(thon, 'certificates.pdf');
      expect(pages).toHaveLength(1);
      expect(pages[0]).toContain('Hoàng Văn Đức');
      expect((await thon.get(docs(`certificates.pdf?villageId=${world.villageA2}`))).statusCode).toBe(404);
      const res = await thon.get(
        docs(`agency-lists/health-insurance.xlsx?purpose=${encodeURIComponent(PURPOSE)}`),
      );
      expect(res.statusCode).toBe(200);
      const names = (await sheetRows(res.rawPayload)).slice(1).filter((r) => typeof r[0] === 'number');
      expect(names.map((r) => r[1])).toEqual([
        'Hoàng Văn Đức',
        'Nông Thị Mai',
        'Hoàng Văn An',
        'Hoàng Thị Bình',
      ]);
    });
  },
  { cleanup: false },
);
