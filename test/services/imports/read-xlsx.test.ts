// The .xlsx reader (read-xlsx.ts, xlsx/*): read by the zip's directory, its sheets' XML scanned as inflated.
// Workbooks written by exceljs (as our templates and exports are, and as other programs write them) give the
// same sheets, rows and cells as exceljs's own reader gives them; hand-written parts cover what exceljs does
// not write: prefixed elements, cells without references, rich and phonetic text, OOXML escapes, the 1904
// date system, typed and formula cells, a sheet order other than the zip's. A sheet's XML cut anywhere gives
// the same rows; the reading of one file gives the same rows however many times (exceljs's streaming
// reader lost parts about one reading in 100, which is why it was replaced).
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanText } from '../../../src/domain/geography/text.ts';
import type { RawCell } from '../../../src/domain/imports/cells.ts';
import { uploadLimits } from '../../../src/services/imports/limits.ts';
import { readXlsx } from '../../../src/services/imports/read-xlsx.ts';
import {
  UnreadableFileError,
  type ReadProgress,
  type SourceEvent,
} from '../../../src/services/imports/source.ts';
import { isDateFormat } from '../../../src/services/imports/xlsx/parts.ts';
import { SheetRowReader, type SheetContext } from '../../../src/services/imports/xlsx/sheet-rows.ts';
import { removeTempDirs, tempDir, writeWorkbook, type Cell } from '../../support/import-files.ts';
import { writeZip, type ZipEntry } from '../../support/zip.ts';

afterAll(() => removeTempDirs());

async function readAll(path: string, onProgress?: (p: ReadProgress) => void): Promise<SourceEvent[]> {
  const events: SourceEvent[] = [];
  for await (const e of readXlsx(path, onProgress)) events.push(e);
  return events;
}

/** One exceljs cell value as the import reads a cell (what read-xlsx.ts made of exceljs's values before). */
function exceljsCell(value: unknown): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return cleanText(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return { date: value.toISOString().slice(0, 10) };
  const v = value as { richText?: { text: string }[] };
  if (v.richText) return cleanText(v.richText.map((r) => r.text).join(''));
  throw new Error(`unexpected exceljs value ${JSON.stringify(value)}`);
}

/** The file as exceljs's (whole-file) reader gives it, rows without a value left out. */
async function readByExceljs(path: string): Promise<SourceEvent[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const events: SourceEvent[] = [];
  wb.eachSheet((ws) => {
    events.push({ type: 'sheet', name: ws.name });
    ws.eachRow((row, number) => {
      const values = row.values as unknown[];
      const cells: RawCell[] = [];
      for (let i = 1; i < values.length; i++) cells.push(exceljsCell(values[i]));
      events.push({ type: 'row', number, cells });
    });
  });
  return events;
}

const withoutEmptyRows = (events: SourceEvent[]) =>
  events.filter((e) => e.type === 'sheet' || e.cells.some((c) => c !== null));

const xmlChar = (c: string) => {
  const code = c.codePointAt(0)!;
  return code === 9 || code === 10 || code === 13 || (code >= 32 && code !== 0xfffe && code !== 0xffff);
};
const text = fc.oneof(
  fc.constantFrom('Lò Văn Páo', 'Hộ nghèo', 'Nguyễn Thị Hoà', 'A & B <c> "d"', ' lề ', '', 'x', '_x000D_'),
  // Decomposed Vietnamese (as some keyboards type it): read in NFC.
  fc.constantFrom('Nguye\u0302\u0303n', 'Ho\u0323 ngh\u00e8o'),
  // Characters XML 1.0 cannot carry left out.
  fc.string({ maxLength: 12 }).map((s) => [...s].filter(xmlChar).join('')),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);
const cell: fc.Arbitrary<Cell> = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 2, arbitrary: fc.integer({ min: -1_000_000, max: 100_000_000_000 }) },
  { weight: 1, arbitrary: fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.boolean() },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: Date.UTC(1920, 0, 1) / 86_400_000, max: Date.UTC(2035, 11, 31) / 86_400_000 })
      .map((day) => new Date(day * 86_400_000)),
  },
  { weight: 2, arbitrary: fc.constant(null) },
);
const sheets = fc
  .array(
    fc.record({
      name: fc.constantFrom('Hộ và thành viên', 'Phiếu B', 'Sheet1', 'Ghi chú & mẫu'),
      rows: fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 12 }),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((list) => list.map((s, i) => ({ ...s, name: `${s.name} ${i + 1}` })));

describe('workbooks written by exceljs', () => {
  it('gives the sheets, rows and cells exceljs reads from them', async () => {
    const dir = tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(sheets, async (book) => {
        const path = join(dir, `book-${n++}.xlsx`);
        await writeWorkbook(path, book);
        expect(withoutEmptyRows(await readAll(path))).toEqual(withoutEmptyRows(await readByExceljs(path)));
      }),
      { numRuns: 60, seed: 20261207 },
    );
  }, 120_000);

  it('gives the same rows however many times one file is read', async () => {
    const dir = tempDir();
    const path = join(dir, 'danh-sach.xlsx');
    await writeWorkbook(path, [
      {
        name: 'Danh sách',
        rows: [['DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO'], ['STT', 'Mã hộ', 'Phân loại'], [1, 'HN-01', 'Hộ nghèo']],
      },
      { name: 'Ghi chú', rows: [['Mã hộ', 'Phân loại']] },
    ]);
    const want: SourceEvent[] = [
      { type: 'sheet', name: 'Danh sách' },
      { type: 'row', number: 1, cells: ['DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO'] },
      { type: 'row', number: 2, cells: ['STT', 'Mã hộ', 'Phân loại'] },
      { type: 'row', number: 3, cells: [1, 'HN-01', 'Hộ nghèo'] },
      { type: 'sheet', name: 'Ghi chú' },
      { type: 'row', number: 1, cells: ['Mã hộ', 'Phân loại'] },
    ];
    const bytes = readFileSync(path);
    for (let i = 0; i < 200; i++) {
      const upload = join(dir, `upload-${i}.xlsx`);
      writeFileSync(upload, bytes);
      expect(await readAll(upload), `reading ${i + 1}`).toEqual(want);
    }
  }, 60_000);

  it('tells progress by the bytes read, up to the whole file', async () => {
    const path = join(tempDir(), 'tien-do.xlsx');
    // Enough rows for the sheet to take several pieces of the file (read 64 KiB at a time).
    const rows = Array.from({ length: 20_000 }, (_, i) => [
      i + 1,
      `Hộ ${(i * 7919) % 100_003}`,
      (i * 104_729) % 1_000_003,
    ]);
    await writeWorkbook(path, [{ name: 'Hộ', rows }]);
    const seen: ReadProgress[] = [];
    await readAll(path, (p) => seen.push(p));
    const size = readFileSync(path).length;
    expect(seen.length).toBeGreaterThan(2);
    for (let i = 1; i < seen.length; i++)
      expect(seen[i]!.bytesRead).toBeGreaterThanOrEqual(seen[i - 1]!.bytesRead);
    expect(seen.at(-1)).toEqual({ bytesRead: size, bytesTotal: size, rowsTotal: null });
  });
});

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A workbook of hand-written parts: sheets (name, XML) listed in the given tab order, written in reverse. */
function craftedBook(
  sheetsInTabOrder: { name: string; xml: string }[],
  options: { sharedStrings?: string; styles?: string; workbookPr?: string; missingSheet?: string } = {},
): string {
  const list = sheetsInTabOrder
    .map((s, i) => `<x:sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join('');
  const missing = options.missingSheet
    ? `<x:sheet name="${options.missingSheet}" sheetId="99" r:id="rId99"/>`
    : '';
  const rels = sheetsInTabOrder
    .map(
      (_, i) =>
        `<Relationship Id="rId${i + 1}" Type="${DOC}/worksheet" Target="/xl/worksheets/s${i + 1}.xml"/>`,
    )
    .join('');
  const entries: ZipEntry[] = [
    // Sheets first, the last tab first: the reader goes by the workbook, not by the zip's order.
    ...sheetsInTabOrder.map((s, i) => ({ name: `xl/worksheets/s${i + 1}.xml`, data: s.xml })).reverse(),
    {
      name: '_rels/.rels',
      data: `<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<x:workbook xmlns:x="${MAIN}" xmlns:r="${DOC}">${options.workbookPr ?? ''}<x:sheets>${list}${missing}</x:sheets></x:workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      // The shared strings found by their relationship's type (not where writers usually put them); the
      // styles, without one, where they usually are.
      data: `<Relationships xmlns="${RELS}">${rels}<Relationship Id="rIdS" Type="${DOC}/sharedStrings" Target="strings/shared.xml"/></Relationships>`,
    },
  ];
  if (options.sharedStrings)
    entries.push({
      name: 'xl/strings/shared.xml',
      data: `<sst xmlns="${MAIN}">${options.sharedStrings}</sst>`,
    });
  if (options.styles)
    entries.push({
      name: 'xl/styles.xml',
      data: `<styleSheet xmlns="${MAIN}">${options.styles}</styleSheet>`,
    });
  const path = join(tempDir(), 'crafted.xlsx');
  writeZip(path, entries);
  return path;
}

const sheet = (rows: string) =>
  `<?xml version="1.0"?><x:worksheet xmlns:x="${MAIN}"><x:sheetData>${rows}</x:sheetData></x:worksheet>`;

describe('hand-written parts', () => {
  // cellXfs: 0 General, 1 built-in 14 (a date), 2 custom 164 dd/mm/yyyy, 3 custom 165 "#,##0 đ" (not a date),
  // 4 built-in 3 (#,##0). The cellStyleXfs' xf are not cell formats and do not count.
  const styles =
    `<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="#,##0&quot; đ&quot;"/></numFmts>` +
    `<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>` +
    `<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="3"/></cellXfs>`;

  it('reads shared, rich, phonetic, inline and escaped text, typed cells and dates, in tab order', async () => {
    const path = craftedBook(
      [
        {
          name: 'Hộ',
          xml: sheet(
            `<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="s"><x:v>1</x:v></x:c><x:c r="D1" t="s"><x:v>2</x:v></x:c></x:row>` +
              // No references: each cell the next column, each row the next row.
              `<x:row><x:c t="inlineStr"><x:is><x:r><x:t>Lò </x:t></x:r><x:r><x:t xml:space="preserve">Văn Páo</x:t></x:r></x:is></x:c><x:c><x:v>42</x:v></x:c></x:row>` +
              `<x:row r="5" spans="1:6"><x:c r="A5" s="1"><x:v>32874</x:v></x:c><x:c r="B5" s="2"><x:v>45658.75</x:v></x:c><x:c r="C5" s="3"><x:v>1500000</x:v></x:c><x:c r="D5" s="4"><x:v>2.5E3</x:v></x:c><x:c r="E5" t="b"><x:v>1</x:v></x:c><x:c r="F5" t="e"><x:v>#N/A</x:v></x:c></x:row>` +
              `<x:row r="6"><x:c r="A6" t="str"><x:f>A1&amp;"x"</x:f><x:v>Hộ nghèox</x:v></x:c><x:c r="B6"><x:f>1/0</x:f></x:c><x:c r="C6" t="d"><x:v>2024-03-04T00:00:00</x:v></x:c><x:c r="D6" t="inlineStr"><x:is><x:t>a&amp;b &#7871; &#x1EBF;_x000D_</x:t></x:is></x:c></x:row>` +
              // Formatting only (a style, no value) widens nothing; an empty row is still a row.
              `<x:row r="7"><x:c r="A7" t="s"><x:v>3</x:v></x:c><x:c r="Z7" s="1"/></x:row><x:row r="8"/>`,
          ),
        },
        { name: 'Phiếu B', xml: sheet(`<x:row r="2"><x:c r="B2"><x:v>7</x:v></x:c></x:row>`) },
      ],
      {
        sharedStrings:
          `<si><t>Hộ nghèo</t></si>` +
          `<si><r><rPr><b/></rPr><t>Nguyễn </t></r><r><t>Thị</t></r><rPh sb="0" eb="1"><t>ふり</t></rPh></si>` +
          `<si><t>Nguye\u0302\u0303n\u200b</t></si>` +
          `<si/>`,
        styles,
      },
    );
    expect(await readAll(path)).toEqual([
      { type: 'sheet', name: 'Hộ' },
      { type: 'row', number: 1, cells: ['Hộ nghèo', null, 'Nguyễn Thị', 'Nguyễn'] },
      { type: 'row', number: 2, cells: ['Lò Văn Páo', 42] },
      {
        type: 'row',
        number: 5,
        cells: [{ date: '1990-01-01' }, { date: '2025-01-01' }, 1500000, 2500, true, '#N/A'],
      },
      { type: 'row', number: 6, cells: ['Hộ nghèox', null, { date: '2024-03-04' }, 'a&b ế ế\r'] },
      { type: 'row', number: 7, cells: [''] },
      { type: 'row', number: 8, cells: [] },
      { type: 'sheet', name: 'Phiếu B' },
      { type: 'row', number: 2, cells: [null, 7] },
    ]);
  });

  it('counts serial days from 1904 when the workbook says so', async () => {
    const xml = sheet(`<x:row r="1"><x:c r="A1" s="1"><x:v>31412</x:v></x:c></x:row>`);
    const styles1 = `<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>`;
    const in1900 = craftedBook([{ name: 'a', xml }], { styles: styles1 });
    const in1904 = craftedBook([{ name: 'a', xml }], {
      styles: styles1,
      workbookPr: '<x:workbookPr date1904="1"/>',
    });
    expect((await readAll(in1900))[1]).toEqual({ type: 'row', number: 1, cells: [{ date: '1985-12-31' }] });
    expect((await readAll(in1904))[1]).toEqual({ type: 'row', number: 1, cells: [{ date: '1990-01-01' }] });
  });

  it('refuses a cell beyond the column limit, naming the sheet and the row, and a sheet missing from the file', async () => {
    const limits = uploadLimits();
    const far = craftedBook([
      {
        name: 'Rộng',
        xml: sheet(`<x:row r="3"><x:c r="A3"><x:v>1</x:v></x:c><x:c r="ZZZZ3"><x:v>2</x:v></x:c></x:row>`),
      },
    ]);
    const wide = await readAll(far).catch((e: unknown) => e);
    expect(wide).toBeInstanceOf(UnreadableFileError);
    expect((wide as UnreadableFileError).row).toBe(3);
    expect((wide as UnreadableFileError).bilingual.vi).toContain('trang "Rộng"');
    expect((wide as UnreadableFileError).bilingual.en).toContain(`at most ${limits.maxColumns}`);

    const missing = craftedBook([{ name: 'Có', xml: sheet('') }], { missingSheet: 'Không có' });
    const gone = await readAll(missing).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(UnreadableFileError);
    expect((gone as UnreadableFileError).bilingual.vi).toContain('không tìm thấy trang "Không có"');
    expect((gone as UnreadableFileError).bilingual.en).toContain('sheet "Không có" is missing');
  });
});

describe('a sheet read in pieces', () => {
  const context: SheetContext = {
    sharedStrings: ['Hộ nghèo', 'Lò Văn Páo'],
    dateStyles: new Set([1]),
    date1904: false,
    maxRows: 1000,
    maxColumns: 300,
    where: { vi: 'trang "a"', en: 'sheet "a"' },
  };
  const xml = sheet(
    `<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>Nguyễn &amp; Lò</x:t></x:is></x:c></x:row>` +
      `<x:row r="2"><x:c r="A2" s="1"><x:v>32874</x:v></x:c><x:c r="C2" t="s"><x:v>1</x:v></x:c><x:c r="D2"><x:v>12.5</x:v></x:c></x:row><x:row r="3"/>` +
      `<!-- a comment > with a sign --><x:row r="4"><x:c r="B4" t="str"><x:f>x</x:f><x:v><![CDATA[a&b]]></x:v></x:c></x:row>`,
  );
  const whole = () => {
    const reader = new SheetRowReader(context);
    return [...reader.push(xml), ...reader.end()];
  };

  it('gives the same rows wherever the XML is cut', () => {
    expect(whole()).toEqual([
      { number: 1, cells: ['Hộ nghèo', 'Nguyễn & Lò'] },
      { number: 2, cells: [{ date: '1990-01-01' }, null, 'Lò Văn Páo', 12.5] },
      { number: 3, cells: [] },
      { number: 4, cells: [null, 'a&b'] },
    ]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: xml.length - 1 }), { maxLength: 12 }), (cuts) => {
        const reader = new SheetRowReader(context);
        const rows = [];
        let from = 0;
        for (const at of [...cuts].sort((a, b) => a - b)) {
          rows.push(...reader.push(xml.slice(from, at)));
          from = at;
        }
        rows.push(...reader.push(xml.slice(from)), ...reader.end());
        expect(rows).toEqual(whole());
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe('which number formats show dates', () => {
  it.each([
    ['dd/mm/yyyy', true],
    ['[$-42A]d mmmm yyyy', true],
    ['h:mm AM/PM', true],
    ['yyyy"năm"', true],
    ['General', false],
    ['#,##0" ngày"', false],
    ['0.00E+00', false],
    ['[Red]#,##0;[Blue]-#,##0', false],
    ['_-* #,##0\\ _₫_-;\\-* #,##0\\ _₫_-', false],
    ['@', false],
  ])('%s → %s', (code, date) => expect(isDateFormat(code)).toBe(date));
});
