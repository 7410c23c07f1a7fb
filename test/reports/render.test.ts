// The renderers on a hand-made document: the xlsx read back with exceljs (title rows, two-row headers
// merged over groups, numbers with formats, exact money, cells to fill), the pdf's text extracted with
// pdfjs (Vietnamese glyphs, repeated headers, page numbers), the CSV and the file names.
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import type { ReportDocument } from '../../src/reports/model.ts';
import { contentDisposition, render } from '../../src/reports/render/index.ts';
import { toReportJson } from '../../src/reports/render/json.ts';

const BIG = 9_007_199_254_740_993n; // 2^53 + 1: not exact as a double

function sample(rows: number): ReportDocument {
  return {
    id: 'sample',
    title: { vi: 'Kết quả rà soát hộ nghèo tỉnh Thái Nguyên', en: 'Review results of Thái Nguyên' },
    subtitle: { vi: 'Đơn vị ở: ệ ử ơ Đ — năm 2026', en: 'Units — 2026' },
    sections: [
      {
        heading: { vi: 'Bảng tổng hợp', en: 'Summary' },
        paragraphs: [
          { vi: 'Tổng vốn 478,93 tỷ đồng, đạt 62,95 % kế hoạch.', en: 'Funds 478.93 billion VND.' },
        ],
        table: {
          columns: [
            { key: 'unit', header: { vi: 'Đơn vị', en: 'Unit' }, kind: 'text' },
            { key: 'households', header: { vi: 'Tổng số hộ dân cư', en: 'Households' }, kind: 'integer' },
            {
              key: 'poor',
              header: { vi: 'Số hộ nghèo', en: 'Poor' },
              kind: 'integer',
              group: { vi: 'Hộ nghèo', en: 'Poor households' },
            },
            {
              key: 'rate',
              header: { vi: 'Tỷ lệ hộ nghèo (%)', en: 'Poverty rate (%)' },
              kind: 'percent',
              group: { vi: 'Hộ nghèo', en: 'Poor households' },
            },
            {
              key: 'money',
              header: { vi: 'Vốn (tỷ đồng)', en: 'Funds (billion VND)' },
              kind: 'money',
              moneyScale: 'billion',
            },
            { key: 'date', header: { vi: 'Ngày', en: 'Date' }, kind: 'date' },
            {
              key: 'extra',
              header: { vi: 'Cột biểu mẫu', en: 'Form column' },
              kind: 'integer',
              toFill: true,
            },
          ],
          rows: [
            ...Array.from({ length: rows }, (_, i) => ({
              cells: {
                unit: i === 0 ? 'Xã Bằng Thành' : `Xã số ${i + 1}`,
                households: 1234 + i,
                poor: 240,
                rate: 19.5,
                money: i === 0 ? 478_930_000_000n : BIG,
                date: '2020-03-04',
                extra: 99,
              },
              level: 1,
              ...(i === 1 ? { toFill: ['poor'] } : {}),
            })),
            {
              cells: { unit: 'Tổng cộng', households: 5000, poor: 1000, rate: 20 },
              emphasis: 'total' as const,
            },
          ],
        },
      },
    ],
    notes: [{ vi: 'Số liệu tổng hợp từ rà soát.', en: 'Derived from the review.' }],
    generatedAt: '2026-11-22T08:00:00.000Z',
  };
}

async function bytes(doc: ReportDocument, format: 'xlsx' | 'pdf', lang: 'vi' | 'en' = 'vi'): Promise<Buffer> {
  const out = render(doc, format, lang);
  if (out.kind !== 'stream') throw new Error('expected a stream');
  return buffer(out.body);
}

async function pdfPages(data: Buffer): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(data), useSystemFonts: false, isEvalSupported: false })
    .promise;
  const pages: string[] = [];
  for (let p = 1; p <= pdf.numPages; p++) {
    const content = await (await pdf.getPage(p)).getTextContent();
    pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join(''));
  }
  await pdf.destroy();
  return pages;
}

describe('xlsx', () => {
  it('title rows, merged two-row headers, numbers with formats, exact money, cells to fill', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bytes(sample(3), 'xlsx')) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Bảng tổng hợp');
    expect(ws.getCell('A1').value).toBe('Kết quả rà soát hộ nghèo tỉnh Thái Nguyên');
    expect(ws.getCell('A2').value).toBe('Đơn vị ở: ệ ử ơ Đ — năm 2026');
    // Rows: 1 title, 2 subtitle, 3 heading, 4 paragraph, 5 blank, 6–7 headers, 8… data.
    expect(ws.getCell('A4').value).toBe('Tổng vốn 478,93 tỷ đồng, đạt 62,95 % kế hoạch.');
    expect(ws.getRow(6).values).toEqual([
      undefined,
      'Đơn vị',
      'Tổng số hộ dân cư',
      'Hộ nghèo',
      'Hộ nghèo',
      'Vốn (tỷ đồng)',
      'Ngày',
      'Cột biểu mẫu (cần bổ sung)',
    ]);
    expect(ws.getCell('C7').value).toBe('Số hộ nghèo');
    expect(ws.getCell('D7').value).toBe('Tỷ lệ hộ nghèo (%)');
    const merges = (ws.model as unknown as { merges: string[] }).merges;
    expect(merges).toEqual(expect.arrayContaining(['A1:G1', 'A6:A7', 'B6:B7', 'C6:D6', 'E6:E7', 'G6:G7']));
    expect(ws.getCell('B8').value).toBe(1234);
    expect(ws.getCell('B8').numFmt).toBe('#,##0');
    expect(ws.getCell('D8').value).toBe(19.5);
    expect(ws.getCell('D8').numFmt).toBe('0.00');
    expect(ws.getCell('E8').value).toBe(478_930_000_000);
    expect(ws.getCell('E8').numFmt).toBe('#,##0.00,,,');
    // Beyond 2^53 the amount is written as its digits, never rounded.
    expect(ws.getCell('E9').value).toBe('9007199254740993');
    expect((ws.getCell('F8').value as Date).toISOString()).toBe('2020-03-04T00:00:00.000Z');
    expect(ws.getCell('F8').numFmt).toBe('dd/mm/yyyy');
    expect(ws.getCell('G8').value).toBeNull();
    expect((ws.getCell('G8').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFF2CC');
    expect(ws.getCell('C9').value).toBeNull(); // row 2's poor cell is to be filled
    expect(ws.getCell('C10').value).toBe(240);
    expect(ws.getCell('A8').alignment?.indent).toBe(2);
    expect(ws.getCell('A11').font?.bold).toBe(true);
    const texts: string[] = [];
    ws.eachRow((r) => texts.push(String(r.getCell(1).value)));
    expect(texts).toContain('1. Số liệu tổng hợp từ rà soát.');
    expect(texts.some((t) => t.includes('cần bổ sung'))).toBe(true);
  });

  it('headers in English when asked', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bytes(sample(1), 'xlsx', 'en')) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getCell('C7').value).toBe('Poor');
    expect(wb.worksheets[0]!.name).toBe('Summary');
  });
});

describe('pdf', () => {
  it('Vietnamese glyphs, headers repeated on every page, numbers in Vietnamese formats, page numbers', async () => {
    const pages = await pdfPages(await bytes(sample(80), 'pdf'));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const all = pages.join('\n');
    expect(all).toContain('Kết quả rà soát hộ nghèo tỉnh Thái Nguyên');
    expect(all).toContain('ệ ử ơ Đ');
    expect(all).toContain('Xã Bằng Thành');
    expect(all).toContain('19,50');
    expect(all).toContain('1.234');
    expect(all).toContain('478,93');
    expect(all).toContain('04/03/2020');
    for (const [i, p] of pages.entries()) {
      expect(p).toContain('Tỷ lệ hộ nghèo (%)');
      expect(p).toContain(`Trang ${i + 1}/${pages.length}`);
    }
    expect(all).toContain('Ghi chú');
    expect(all).toContain('cần bổ sung');
  });
});

describe('csv and json', () => {
  it('one table, grouped headers joined, money exact in đồng, cells to fill empty', () => {
    const out = render(sample(2), 'csv', 'vi');
    if (out.kind !== 'text') throw new Error('text expected');
    const lines = out.body.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe(
      'Đơn vị,Tổng số hộ dân cư,Hộ nghèo - Số hộ nghèo,Hộ nghèo - Tỷ lệ hộ nghèo (%),Vốn (tỷ đồng),Ngày,Cột biểu mẫu',
    );
    expect(lines[1]).toBe('  Xã Bằng Thành,1234,240,19.5,478930000000,2020-03-04,');
    expect(lines[2]).toBe('  Xã số 2,1235,,19.5,9007199254740993,2020-03-04,');
  });

  it('json keeps money exact as a string of digits', () => {
    const json = toReportJson(sample(2));
    expect(json.sections[0]!.table!.rows[1]!.cells.money).toBe('9007199254740993');
    expect(JSON.parse(JSON.stringify(json)).sections[0].table.rows[0].cells.money).toBe('478930000000');
  });

  it('two-language cells follow the chosen language in every format; json keeps both', async () => {
    const doc: ReportDocument = {
      id: 'works',
      title: { vi: 'Công trình', en: 'Works' },
      sections: [
        {
          table: {
            columns: [
              { key: 'name', header: { vi: 'Tên', en: 'Name' }, kind: 'text' },
              { key: 'status', header: { vi: 'Tình trạng', en: 'Status' }, kind: 'text' },
            ],
            rows: [
              { cells: { name: 'Cầu treo Nà Phầy', status: { vi: 'Đang thi công', en: 'In progress' } } },
            ],
          },
        },
      ],
      notes: [],
      generatedAt: '2026-11-22T08:00:00.000Z',
    };
    for (const [lang, status] of [
      ['vi', 'Đang thi công'],
      ['en', 'In progress'],
    ] as const) {
      const csv = render(doc, 'csv', lang);
      if (csv.kind !== 'text') throw new Error('text expected');
      expect(csv.body).toContain(`Cầu treo Nà Phầy,${status}`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await bytes(doc, 'xlsx', lang)) as unknown as ArrayBuffer);
      const values = wb.worksheets[0]!.getSheetValues().flat().map(String);
      expect(values).toContain(status);
      expect((await pdfPages(await bytes(doc, 'pdf', lang))).join('\n')).toContain(status);
    }
    expect(toReportJson(doc).sections[0]!.table!.rows[0]!.cells.status).toEqual({
      vi: 'Đang thi công',
      en: 'In progress',
    });
  });

  it('file names: ASCII fallback and UTF-8', () => {
    expect(contentDisposition('Kết quả rà soát - Đắk Lắk - 2026', 'xlsx')).toBe(
      `attachment; filename="Ket-qua-ra-soat-Dak-Lak-2026.xlsx"; filename*=UTF-8''K%E1%BA%BFt%20qu%E1%BA%A3%20r%C3%A0%20so%C3%A1t%20-%20%C4%90%E1%BA%AFk%20L%E1%BA%AFk%20-%202026.xlsx`,
    );
  });
});
