// Each statistics report built on the small world of world.ts (roll-ups made by the real refresh from
// recognised rounds), its rows compared with values computed by hand; and the TT 10/2022 monitoring report.
import ExcelJS from 'exceljs';
import { buffer } from 'node:stream/consumers';
import { expect, it } from 'vitest';
import type { Database } from '../../src/db/index.ts';
import { EVERYTHING } from '../../src/db/queries/scope.ts';
import { reportById } from '../../src/reports/catalogue.ts';
import type { ReportDocument, ReportRow } from '../../src/reports/model.ts';
import { parseParameters } from '../../src/reports/parameters.ts';
import { render } from '../../src/reports/render/index.ts';
import { forEachDatabase } from '../support/databases.ts';
import { book } from '../support/rules.ts';
import { buildReportWorld, ND07, TODAY } from './world.ts';
import { localiseCells } from '../../src/reports/render/layout.ts';

/** A report built and read in Vietnamese (two-language cells put in Vietnamese). */
async function build(db: Database, id: string, raw: Record<string, string>): Promise<ReportDocument> {
  const entry = reportById(id)!;
  const p = parseParameters(entry.parameters, raw);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  const doc = await entry.build({
    db,
    book,
    today: TODAY,
    now: '2026-11-22T08:00:00.000Z',
    scope: EVERYTHING,
    params: p.value,
  });
  return localiseCells(doc, 'vi');
}

const pick = (rows: ReportRow[], keys: string[]) => rows.map((r) => keys.map((k) => r.cells[k] ?? null));
const table = (doc: ReportDocument, i = 0) => doc.sections.filter((s) => s.table)[i]!.table!;
const notesVi = (doc: ReportDocument) => doc.notes.map((n) => n.vi).join('\n');

forEachDatabase((getDb) => {
  it('review results: communes with counts and rates, published figures where no round, a difference flagged', async () => {
    await buildReportWorld(getDb());
    const doc = await build(getDb(), 'review-results', { unit: '19', year: '2026' });
    const t = table(doc);
    expect(t.columns.map((c) => c.header.vi)).toContain('Tổng số hộ dân cư');
    expect(t.columns.find((c) => c.key === 'poorRate')).toMatchObject({
      header: { vi: 'Tỷ lệ hộ nghèo (%)' },
      group: { vi: 'Hộ nghèo' },
    });
    expect(
      pick(t.rows, ['stt', 'unit', 'households', 'poor', 'poorRate', 'nearPoor', 'nearPoorRate', 'emPoor']),
    ).toEqual([
      ['1', 'Xã Bằng Thành', 7, 3, 42.86, 1, 14.29, 2],
      ['', 'Xã Bằng Thành (công bố)', 7, 4, 57.14, null, null, null],
      ['2', 'Xã Nghiên Loan', 500, 50, 10, 25, 5, 20],
      ['3', 'Phường Quán Triều', 3, 1, 33.33, 1, 33.33, 0],
      ['', 'Tổng cộng (Tỉnh Thái Nguyên)', 10, 4, 40, 2, 20, 2],
    ]);
    expect(t.rows.map((r) => r.cells.source)).toEqual([
      'Rà soát',
      'Công bố: Quyết định công bố của UBND xã',
      'Công bố: Báo cáo UBND xã Nghiên Loan',
      'Rà soát',
      'Rà soát',
    ]);
    expect(t.rows[4]!.emphasis).toBe('total');
    expect(doc.subtitle!.vi).toBe('Tỉnh Thái Nguyên — năm 2026');
    const notes = notesVi(doc);
    expect(notes).toContain('(2 đơn vị)'); // two communes derived
    expect(notes).toContain('(1 đơn vị)'); // one entered
    expect(notes).toContain('Xã Bằng Thành: số liệu rà soát (3 hộ nghèo / 7 hộ) khác số liệu công bố (4 / 7');
    expect(notes).toContain('tổng hợp từ 2 xã');
  });

  it('review results before the reform: districts with their communes indented', async () => {
    await buildReportWorld(getDb());
    const doc = await build(getDb(), 'review-results', { unit: '06', year: '2024' });
    expect(
      table(doc).rows.map((r) => [
        r.cells.stt,
        r.cells.unit,
        r.level,
        r.emphasis ?? null,
        r.cells.poor ?? null,
      ]),
    ).toEqual([
      ['I', 'Huyện Pác Nặm', 0, 'subtotal', null],
      ['1', 'Xã Bộc Bố', 1, null, 100],
      ['2', 'Xã Nhạn Môn', 1, null, null],
      ['3', 'Xã Giáo Hiệu', 1, null, null],
      ['', 'Tổng cộng (Tỉnh Bắc Kạn)', 0, 'total', null],
    ]);
    expect(notesVi(doc)).toContain('31/12/2024');
    expect(notesVi(doc)).toContain('3 đơn vị chưa có số liệu');
  });

  it('deficits: per indicator, number and share of poor and near-poor households lacking it', async () => {
    await buildReportWorld(getDb());
    const doc = await build(getDb(), 'deficits', { unit: '19', year: '2026' });
    const rows = table(doc).rows;
    expect(rows).toHaveLength(ND07.length);
    // Poor: BT 1 [a,b,c], 2 [a,d,e], 3 [a,b,c]; QT 1 [a..e] → 4 poor. Near-poor: BT 4 [a,b], QT 3 [f].
    expect(pick(rows.slice(0, 6), ['poor', 'poorShare', 'nearPoor', 'nearPoorShare'])).toEqual([
      [4, 100, 1, 50],
      [3, 75, 1, 50],
      [3, 75, 0, 0],
      [2, 50, 0, 0],
      [2, 50, 0, 0],
      [0, 0, 1, 50],
    ]);
    expect(rows[0]!.cells.indicator).toBe(book.standards.get('ND07_2021')!.indicators[0]!.name.vi);
    expect(doc.sections[0]!.paragraphs![0]!.vi).toContain('Tổng số hộ nghèo: 4; tổng số hộ cận nghèo: 2');
  });

  it('flows: start, escaped, moved out, new, re-poor and end per commune, with the total', async () => {
    await buildReportWorld(getDb());
    const doc = await build(getDb(), 'flows', { unit: '19', year: '2026' });
    const keys = ['unit', 'poorStart', 'poorEscaped', 'poorMovedOut', 'poorNew', 'poorRe', 'poorEnd'];
    expect(pick(table(doc).rows, keys)).toEqual([
      ['Xã Bằng Thành', 3, 1, 1, 2, 1, 3],
      ['Xã Nghiên Loan', null, null, null, null, null, null],
      ['Phường Quán Triều', 1, 0, 0, 0, 0, 1],
      ['Tổng cộng (Tỉnh Thái Nguyên)', 4, 1, 1, 2, 1, 4],
    ]);
    const near = ['nearStart', 'nearEscaped', 'nearToPoor', 'nearMovedOut', 'nearNew', 'nearEnd'];
    expect(pick(table(doc).rows, near)[0]).toEqual([2, 1, 1, 0, 1, 1]);
    expect(pick(table(doc).rows, near)[3]).toEqual([2, 1, 1, 0, 2, 2]);
    expect(notesVi(doc)).toContain('1 đơn vị chưa có số liệu biến động');
  });

  it('progress: reductions between figures of one standard, verdicts against the target, sentences', async () => {
    await buildReportWorld(getDb());
    const doc = await build(getDb(), 'progress', { unit: '19', from: '2025', to: '2026' });
    expect(pick(table(doc).rows, ['year', 'start', 'end', 'change', 'target', 'verdict'])).toEqual([
      ['2025', 24.71, 21.95, 2.76, 'giảm 2–2,5 điểm %', 'Vượt'],
      ['2026', 21.95, 40, -18.05, 'giảm 2–2,5 điểm %', 'Không đạt'],
    ]);
    const sentences = doc.sections[0]!.paragraphs!.map((p) => p.vi);
    expect(sentences[0]).toContain('giảm 2,76%');
    expect(sentences[0]).toContain('24,71%');
    // Bắc Kạn merged into Thái Nguyên in 2025: its series is still reported, under its last name.
    const bacKan = await build(getDb(), 'progress', {
      unit: '06',
      group: 'ethnic_minority',
      from: '2024',
      to: '2026',
    });
    expect(bacKan.subtitle!.vi).toBe('Tỉnh Bắc Kạn — hộ dân tộc thiểu số — 2024–2026');
    const bad = reportById('progress')!;
    await expect(
      bad.build({
        db: getDb(),
        book,
        today: TODAY,
        now: '',
        scope: EVERYTHING,
        params: { unit: '19', group: 'all', from: 2026, to: 2025 },
      }),
    ).rejects.toMatchObject({ path: 'from' });
  });

  it('public table: cells under the threshold and their complements suppressed', async () => {
    await buildReportWorld(getDb());
    const doc = await build(getDb(), 'public-table', { unit: '19', year: '2026', threshold: '2' });
    expect(pick(table(doc).rows, ['unit', 'households', 'poor', 'poorRate', 'nearPoor'])).toEqual([
      // near-poor 1 < 2 is hidden, and the poor count with it (secondary suppression).
      ['Xã Bằng Thành', 7, '*', '*', '*'],
      ['Xã Nghiên Loan', null, null, null, null],
      ['Phường Quán Triều', 3, '*', '*', '*'],
      ['Tổng cộng (Tỉnh Thái Nguyên)', 10, 4, 40, 2],
    ]);
    const strict = await build(getDb(), 'public-table', { unit: '19', year: '2026' });
    // Quán Triều's 3 households are hidden; with the total (10) published, Bằng Thành's 7 would give them
    // away, so it is hidden too.
    expect(pick(table(strict).rows, ['households'])).toEqual([['*'], [null], ['*'], [10]]);
    expect(notesVi(strict)).toContain('nhỏ hơn 5');
  });

  it('TT 10/2022 annual report: Biểu 01 and 02 filled from roll-ups, targets, money and outputs; the rest to fill', async () => {
    await buildReportWorld(getDb());
    const doc = await build(getDb(), 'monitoring-tt10', { unit: '19', year: '2026', period: 'annual' });
    expect(doc.sections.map((s) => s.heading!.vi.slice(0, 8))).toEqual(['Biểu 01.', 'Biểu 02.', 'Biểu 02.']);
    const b1 = table(doc, 0);
    const byLabel = (label: string) => b1.rows.find((r) => r.cells.label === label)!;
    expect(pick([byLabel('Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều')], ['previous', 'result'])).toEqual([
      [21.95, 40],
    ]);
    expect(pick([byLabel('Mức giảm tỷ lệ hộ nghèo')], ['target', 'result', 'assessment'])).toEqual([
      ['giảm 2–2,5 điểm %', -18.05, 'Không đạt'],
    ]);
    expect(byLabel('Tỷ lệ hộ nghèo dân tộc thiểu số').cells.result).toBe(40);
    expect(byLabel('Tỷ lệ hộ cận nghèo').cells.result).toBe(20);
    expect(byLabel('Số hộ nghèo').cells.result).toBe(4);
    const districts = byLabel('Số huyện nghèo thoát khỏi tình trạng nghèo');
    expect(districts.toFill).toEqual(['target', 'previous', 'result', 'assessment']);
    expect(districts.cells.note).toBe('Cần bổ sung');

    const funds = table(doc, 1);
    expect(funds.columns.find((c) => c.key === 'planned')).toMatchObject({
      kind: 'money',
      moneyScale: 'million',
    });
    expect(pick(funds.rows.slice(0, 4), ['planned', 'achieved', 'rate'])).toEqual([
      [760_800_000_000n, 478_930_000_000n, 62.95],
      [700_000_000_000n, 450_000_000_000n, 64.29],
      [null, null, null],
      [60_800_000_000n, 28_930_000_000n, 47.58],
    ]);
    const results = table(doc, 2);
    expect(results.columns.find((c) => c.key === 'beneficiaries')!.toFill).toBe(true);
    const trained = results.rows.find((r) =>
      String(r.cells.label).startsWith('Số người lao động được đào tạo nghề'),
    )!;
    expect(pick([trained], ['planned', 'achieved', 'cumulative', 'rate'])).toEqual([[150, 125, 155, 83.33]]);
    expect(notesVi(doc)).toContain('verified: false');

    // As a workbook: a sheet per form, money exact in đồng shown in millions, cells to fill shaded.
    const out = render(doc, 'xlsx', 'vi');
    if (out.kind !== 'stream') throw new Error('stream expected');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buffer(out.body)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Biểu 01 - Khung chỉ tiêu',
      'Biểu 02 - Nguồn vốn',
      'Biểu 02 - Kết quả dự án',
    ]);
    const rowOf = (ws: ExcelJS.Worksheet, label: string) => {
      let found: ExcelJS.Row | undefined;
      ws.eachRow((r) => {
        if (r.getCell(2).value === label) found = r;
      });
      return found!;
    };
    const total = rowOf(wb.worksheets[1]!, 'Tổng nguồn vốn');
    expect(total.getCell(3).value).toBe(760_800_000_000);
    expect(total.getCell(3).numFmt).toBe('#,##0.00,,');
    expect(total.getCell(5).value).toBe(62.95);
    const toFillRow = rowOf(wb.worksheets[0]!, 'Số huyện nghèo thoát khỏi tình trạng nghèo');
    expect(toFillRow.getCell(6).value).toBeNull();
    expect((toFillRow.getCell(6).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFF2CC');
  });

  it('TT 10/2022 six-month report: last year-end review figures, money to 30 June', async () => {
    await buildReportWorld(getDb());
    const doc = await build(getDb(), 'monitoring-tt10', { unit: '19', year: '2026', period: 'six_month' });
    const b1 = table(doc, 0);
    const change = b1.rows.find((r) => r.cells.label === 'Mức giảm tỷ lệ hộ nghèo')!;
    expect(pick([change], ['result', 'assessment'])).toEqual([[2.76, 'Vượt']]);
    expect(doc.subtitle!.vi).toBe('Tỉnh Thái Nguyên — báo cáo 6 tháng đầu năm 2026');
    expect(table(doc, 1).rows[0]!.cells.achieved).toBe(478_930_000_000n);
  });

  it('a unit that did not exist that year is a parameter error in both languages', async () => {
    await buildReportWorld(getDb());
    await expect(build(getDb(), 'review-results', { unit: '06', year: '2026' })).rejects.toMatchObject({
      path: 'unit',
      text: { vi: 'Không có đơn vị mã 06 vào ngày 22/11/2026' },
    });
  });
});
