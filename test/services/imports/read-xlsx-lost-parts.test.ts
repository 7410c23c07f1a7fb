// exceljs's streaming reader (4.4.0) now and then reaches the sheets of a workbook without having read all of
// the parts that come after them in the file — about one reading in 130 of a small file whose sheets come
// before its shared strings, as exceljs's own writer and Excel place them: the shared strings (every text
// cell then comes out as {sharedString: n}; in a CI run an opening list's second upload of the same file
// found "no header row"), the workbook's list of sheets (exceljs then fails), or which file is which sheet
// (the sheet comes without its name). readXlsx sees it before giving anything to its caller and reads the
// file again: read many times, the file always gives the same rows.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { inspectXlsx } from '../../../src/services/imports/inspect-xlsx.ts';
import { uploadLimits } from '../../../src/services/imports/limits.ts';
import { readXlsx } from '../../../src/services/imports/read-xlsx.ts';
import type { SourceEvent } from '../../../src/services/imports/source.ts';
import { removeTempDirs, tempDir, writeWorkbook } from '../../support/import-files.ts';

afterAll(() => removeTempDirs());

/** The events of the first sheet, as the opening list reads them (it stops at the second sheet). */
async function firstSheet(path: string): Promise<SourceEvent[]> {
  const events: SourceEvent[] = [];
  for await (const event of readXlsx(path)) {
    if (event.type === 'sheet' && events.length > 0) break;
    events.push(event);
  }
  return events;
}

it('gives the same rows, every part of the file read, however many times it is read', async () => {
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
  ];
  const bytes = readFileSync(path);
  // Each reading a fresh upload of the same bytes, now and then after a pause, as requests come.
  for (let i = 0; i < 400; i++) {
    const upload = join(dir, `upload-${i}.xlsx`);
    writeFileSync(upload, bytes);
    const got = await firstSheet(upload);
    expect(got, `reading ${i + 1}: ${JSON.stringify(got)}`).toEqual(want);
    if (i % 3 === 0) await new Promise((resolve) => setTimeout(resolve, i % 5));
  }
}, 120_000);

it('gives exceljs the parts it needs before the sheets first, every byte of the file once', async () => {
  const path = join(tempDir(), 'hai-trang.xlsx');
  await writeWorkbook(path, [
    { name: 'Một', rows: [['Mã hộ', 'Phân loại']] },
    { name: 'Hai', rows: [['x']] },
  ]);
  const bytes = readFileSync(path);
  const shape = await inspectXlsx(path, uploadLimits());
  expect(shape).toMatchObject({ sharedStrings: true, workbook: true, workbookRels: true, styles: true });
  const ranges = shape.ranges!;
  // The entries' names, in the order given, read from their local headers (the last range is the directory).
  const names = ranges.slice(0, -1).map(([start]) => {
    expect(bytes.readUInt32LE(start)).toBe(0x04034b50);
    return bytes.toString('utf8', start + 30, start + 30 + bytes.readUInt16LE(start + 26));
  });
  // As exceljs's writer placed them, the sheets came before the shared strings and the workbook.
  const asWritten = (name: string) => bytes.indexOf(Buffer.from(name));
  expect(asWritten('xl/worksheets/sheet1.xml')).toBeLessThan(asWritten('xl/sharedStrings.xml'));
  const sheet = names.indexOf('xl/worksheets/sheet1.xml');
  for (const part of [
    'xl/sharedStrings.xml',
    'xl/workbook.xml',
    'xl/_rels/workbook.xml.rels',
    'xl/styles.xml',
  ])
    expect(names.indexOf(part), part).toBeLessThan(sheet);
  expect(names.indexOf('xl/worksheets/sheet2.xml')).toBeGreaterThan(sheet);
  // Every byte once: the ranges, sorted, run from the first record to the end of the file without gap.
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  expect(sorted[0]![0]).toBe(0);
  for (let i = 1; i < sorted.length; i++) expect(sorted[i]![0]).toBe(sorted[i - 1]![1]);
  expect(sorted.at(-1)![1]).toBe(bytes.length);
});
