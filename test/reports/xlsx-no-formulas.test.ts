// Cells that begin with =, +, - or @ (issue #15, item 7d: `=HYPERLINK(…)`, `=1+1`, `@SUM(…)` went through
// the CSV exports) are written to every xlsx the system produces as text, never as formulas: a report and
// the import's error report are read back with exceljs and no cell is a formula, every such value a string.
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { expect, it } from 'vitest';
import type { ReportDocument } from '../../src/reports/model.ts';
import { render } from '../../src/reports/render/index.ts';
import { writeErrorReport } from '../../src/services/imports/error-report.ts';

const INJECTIONS = [
  '=1+1',
  '=HYPERLINK("http://x.example","bấm")',
  '+84912000111',
  '-2+3',
  '@SUM(A1:A9)',
  '=cmd|"/c calc"!A0',
];

async function cellsOf(bytes: Buffer): Promise<ExcelJS.Cell[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells: ExcelJS.Cell[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => cells.push(cell))));
  return cells;
}

function expectInert(cells: ExcelJS.Cell[]): void {
  expect(cells.filter((c) => c.type === ExcelJS.ValueType.Formula || c.formula)).toEqual([]);
  for (const value of INJECTIONS) {
    const found = cells.filter((c) => c.value === value);
    expect(found.length, value).toBeGreaterThan(0);
    // A cell merged into another (a title over the columns) shows its master's value: the master is checked.
    for (const c of found)
      expect((c.type === ExcelJS.ValueType.Merge ? c.master : c).type, value).toBe(ExcelJS.ValueType.String);
  }
}

it('a report writes formula-like text as text', async () => {
  const doc: ReportDocument = {
    id: 'injection',
    title: { vi: '=1+1', en: '=1+1' },
    sections: [
      {
        heading: { vi: '@SUM(A1:A9)', en: '@SUM(A1:A9)' },
        table: {
          columns: [
            { key: 'unit', header: { vi: '=HYPERLINK("http://x.example","bấm")', en: 'Unit' }, kind: 'text' },
            { key: 'note', header: { vi: 'Ghi chú', en: 'Note' }, kind: 'text' },
            { key: 'n', header: { vi: 'Số', en: 'Number' }, kind: 'integer' },
          ],
          rows: INJECTIONS.map((value, i) => ({
            cells: { unit: value, note: { vi: value, en: value }, n: i },
          })),
        },
      },
    ],
    notes: [{ vi: '-2+3', en: '-2+3' }],
    generatedAt: '2026-11-22T08:00:00.000Z',
  };
  const out = render(doc, 'xlsx', 'vi');
  expect(out.kind).toBe('stream');
  const bytes = await buffer(out.body as NodeJS.ReadableStream);
  expectInert(await cellsOf(bytes));
});

it("the import's error report writes formula-like text as text", async () => {
  const out = new PassThrough();
  const done = buffer(out);
  await writeErrorReport(
    out,
    INJECTIONS.map((value, i) => ({
      sheet: value,
      row: i + 2,
      column: value,
      message: { vi: value, en: value },
    })),
    { total: INJECTIONS.length },
  );
  expectInert(await cellsOf(await done));
});
