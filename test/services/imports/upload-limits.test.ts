// Upload limits (issue #15, item 6) on the readers themselves, no database: an xlsx is checked before it is
// read — entries, sizes declared and real (a zip bomb lying about its size), each sheet's declared
// dimensions, the shared strings table — and while read (a row wider or further down than allowed); a CSV
// is stopped at its first line, record, field or row over the limits. Each refusal names the limit and the
// value found in Vietnamese and English.
import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { UploadLimits } from '../../../src/domain/imports/limits.ts';
import { readCsv } from '../../../src/services/imports/read-csv.ts';
import { readXlsx } from '../../../src/services/imports/read-xlsx.ts';
import {
  UnreadableFileError,
  type ReadProgress,
  type SourceEvent,
} from '../../../src/services/imports/source.ts';
import { uploadLimits } from '../../../src/services/imports/limits.ts';
import { UploadQuota } from '../../../src/services/imports/upload-quota.ts';
import { AppError } from '../../../src/services/errors.ts';
import { removeTempDirs, tempDir } from '../../support/import-files.ts';
import { sheetXml, writeZip, xlsxEntries } from '../../support/zip.ts';

afterAll(removeTempDirs);

const limits = (over: Partial<UploadLimits> = {}): UploadLimits => ({ ...uploadLimits(), ...over });

async function readAll(source: AsyncGenerator<SourceEvent>): Promise<SourceEvent[]> {
  const events: SourceEvent[] = [];
  for await (const e of source) events.push(e);
  return events;
}

/** The refusal a reading ends with (fails the test if it reads to the end). */
async function refusal(source: AsyncGenerator<SourceEvent>): Promise<UnreadableFileError> {
  try {
    await readAll(source);
  } catch (e) {
    expect(e).toBeInstanceOf(UnreadableFileError);
    return e as UnreadableFileError;
  }
  throw new Error('the file was read to the end');
}

function xlsxFile(sheet: string, extra: Parameters<typeof xlsxEntries>[1] = []): string {
  const path = join(tempDir(), 'crafted.xlsx');
  writeZip(path, xlsxEntries(sheet, extra));
  return path;
}

describe('xlsx', () => {
  it('reads a crafted workbook within the limits (the crafted files are real xlsx)', async () => {
    const path = xlsxFile(
      sheetXml(
        [
          ['Mã hộ', 'Họ tên'],
          ['NP-1', 'Lò Văn A'],
        ],
        'A1:B2',
      ),
    );
    const events = await readAll(readXlsx(path));
    expect(events).toEqual([
      { type: 'sheet', name: 'Hộ và thành viên' },
      { type: 'row', number: 1, cells: ['Mã hộ', 'Họ tên'] },
      { type: 'row', number: 2, cells: ['NP-1', 'Lò Văn A'] },
    ]);
  });

  it('refuses a sheet declaring the last column before reading a row', async () => {
    const path = xlsxFile(sheetXml([['a']], 'A1:XFD1048576'));
    const e = await refusal(readXlsx(path));
    expect(e.bilingual.vi).toContain('giới hạn số cột');
    expect(e.bilingual.vi).toContain('16.384');
    expect(e.bilingual.vi).toContain('tối đa 300');
    expect(e.bilingual.en).toContain('columns limit');
    expect(e.bilingual.en).toContain('16,384');
    expect(e.bilingual.en).toContain('at most 300');
  });

  it('refuses a sheet declaring more rows than allowed', async () => {
    const path = xlsxFile(sheetXml([['a']], 'A1:C5000'));
    const e = await refusal(readXlsx(path, undefined, limits({ maxRows: 1000 })));
    expect(e.bilingual.vi).toMatch(/giới hạn số dòng.*5\.000, tối đa 1\.000/u);
    expect(e.bilingual.en).toMatch(/rows limit.*5,000, at most 1,000/u);
  });

  it('refuses a shared strings table over its limit, from its declared size', async () => {
    const strings = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>${'x'.repeat(5000)}</t></si></sst>`;
    const path = xlsxFile(sheetXml([['a']]), [{ name: 'xl/sharedStrings.xml', data: strings }]);
    const e = await refusal(readXlsx(path, undefined, limits({ maxSharedStringsBytes: 1024 })));
    expect(e.bilingual.vi).toContain('bảng chuỗi dùng chung');
    expect(e.bilingual.vi).toContain('tối đa 1 KB');
    expect(e.bilingual.en).toContain('shared strings table limit');
  });

  it('refuses a shared strings table that lies about its size, while inflating it', async () => {
    const strings = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>${'x'.repeat(50_000)}</t></si></sst>`;
    const path = xlsxFile(sheetXml([['a']]), [
      { name: 'xl/sharedStrings.xml', data: strings, declaredSize: 100 },
    ]);
    const e = await refusal(readXlsx(path, undefined, limits({ maxSharedStringsBytes: 10_000 })));
    expect(e.bilingual.en).toContain('shared strings table limit');
  });

  it('stops inflating a zip bomb that declares a small size at the limit', async () => {
    // 20 MB of spaces inside the sheet, declared as 300 bytes: about 20 KB compressed.
    const bomb = sheetXml([['a']]).replace('<sheetData>', `<sheetData>${' '.repeat(20 * 1024 * 1024)}`);
    const path = xlsxFile(bomb);
    // Rewrite with the lying size on the sheet entry.
    writeZip(
      path,
      xlsxEntries(bomb).map((entry) =>
        entry.name === 'xl/worksheets/sheet1.xml' ? { ...entry, declaredSize: 300 } : entry,
      ),
    );
    const e = await refusal(readXlsx(path, undefined, limits({ maxUncompressedBytes: 1024 * 1024 })));
    expect(e.bilingual.vi).toContain('dung lượng sau giải nén');
    expect(e.bilingual.vi).toContain('tối đa 1 MB');
    expect(e.bilingual.en).toContain('uncompressed size limit');
  });

  it('refuses an uncompressed total over the limit from the declared sizes', async () => {
    const path = xlsxFile(sheetXml([['a']]), [
      { name: 'xl/big.bin', data: 'x', declaredSize: 3_000_000_000 },
    ]);
    const e = await refusal(readXlsx(path));
    expect(e.bilingual.vi).toContain('dung lượng sau giải nén');
    expect(e.bilingual.vi).toMatch(/2,8 GB, tối đa 1 GB/u);
    expect(e.bilingual.en).toMatch(/2\.8 GB, at most 1 GB/u);
  });

  it('refuses a zip of too many entries', async () => {
    const extra = Array.from({ length: 10 }, (_, i) => ({ name: `xl/media/i${i}.bin`, data: 'x' }));
    const path = xlsxFile(sheetXml([['a']]), extra);
    const e = await refusal(readXlsx(path, undefined, limits({ maxZipEntries: 8 })));
    expect(e.bilingual.en).toContain('entries in the zip limit');
  });

  it('refuses a file over the size limit', async () => {
    const path = xlsxFile(sheetXml([['a']]));
    const e = await refusal(readXlsx(path, undefined, limits({ maxFileBytes: 100 })));
    expect(e.bilingual.vi).toContain('giới hạn dung lượng tệp');
    expect(e.bilingual.en).toContain('file size limit');
  });

  it('stops at a row wider than allowed when no dimension says so (written by exceljs)', async () => {
    const path = join(tempDir(), 'wide.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Hộ và thành viên');
    ws.addRow(['Mã hộ', 'Họ tên']);
    ws.getCell(2, 400).value = 'xa quá';
    await wb.xlsx.writeFile(path);
    // exceljs writes a true dimension: the declared check refuses it already; drop it to test the reading.
    const e = await refusal(readXlsx(path));
    expect(e.bilingual.en).toMatch(/columns limit.*400, at most 300/u);
    const crafted = xlsxFile(sheetXml([['a', 'b', 'c', 'd']]));
    const wide = await refusal(readXlsx(crafted, undefined, limits({ maxColumns: 3 })));
    expect(wide.row).toBe(1);
    expect(wide.bilingual.vi).toMatch(/số cột \(trang "Hộ và thành viên"\): 4, tối đa 3/u);
  });

  it('stops at the first row beyond the row limit', async () => {
    const crafted = xlsxFile(sheetXml([['a'], ['b'], ['c'], ['d']]));
    const e = await refusal(readXlsx(crafted, undefined, limits({ maxRows: 2 })));
    expect(e.row).toBe(3);
    expect(e.bilingual.vi).toContain('hơn 2');
    expect(e.bilingual.en).toContain('more than 2');
  });

  it('gives text cells in NFC without zero-width characters', async () => {
    const nfd = 'Nguyễn Văn Ánh'.normalize('NFD');
    const path = xlsxFile(sheetXml([[`${nfd}\u200b`, '\ufeffLò\u200d Văn']]));
    const events = await readAll(readXlsx(path));
    expect(events[1]).toEqual({ type: 'row', number: 1, cells: ['Nguyễn Văn Ánh', 'Lò Văn'] });
  });
});

describe('CSV', () => {
  const csv = (text: string | Buffer) => {
    const path = join(tempDir(), 'ho.csv');
    writeFileSync(path, text);
    return path;
  };

  it('stops at a line longer than allowed, naming it, without reading the rest of the file', async () => {
    // A 100 MB one-field CSV took 162 s: here a 4 MB line after the header, and 4 MB after it.
    const path = csv(`ma_ho\n${'x'.repeat(4 * 1024 * 1024)}\n${'y\n'.repeat(2 * 1024 * 1024)}`);
    let last: ReadProgress | null = null;
    const e = await refusal(readCsv(path, '', (p) => (last = p), limits({ maxLineBytes: 64 * 1024 })));
    expect(e.row).toBe(2);
    expect(e.bilingual.vi).toMatch(/giới hạn độ dài một dòng \(dòng 2\): hơn 64 KB, tối đa 64 KB/u);
    expect(e.bilingual.en).toMatch(/line length limit \(line 2\): more than 64 KB, at most 64 KB/u);
    expect(last!.bytesRead).toBeLessThan(last!.bytesTotal);
  });

  it('refuses a quoted field running over many lines past the limit', async () => {
    const path = csv(`ma_ho,ghi_chu\n1,"${'ab\n'.repeat(1000)}"\n`);
    const e = await refusal(readCsv(path, '', undefined, limits({ maxLineBytes: 1000 })));
    expect(e.bilingual.en).toContain('line length limit');
  });

  it('refuses a record with more fields than allowed', async () => {
    const path = csv(`a,b\n${Array.from({ length: 50 }, (_, i) => i).join(',')}\n`);
    const e = await refusal(readCsv(path, '', undefined, limits({ maxColumns: 20 })));
    expect(e.row).toBe(2);
    expect(e.bilingual.vi).toMatch(/số cột \(dòng 2\): 50, tối đa 20/u);
  });

  it('stops at the first record beyond the row limit', async () => {
    const path = csv(`a\n${'1\n'.repeat(100)}`);
    const e = await refusal(readCsv(path, '', undefined, limits({ maxRows: 10 })));
    expect(e.row).toBe(11);
    expect(e.bilingual.en).toContain('rows limit');
  });

  it('refuses a file over the size limit', async () => {
    const path = csv('a,b\n1,2\n');
    const e = await refusal(readCsv(path, '', undefined, limits({ maxFileBytes: 4 })));
    expect(e.bilingual.en).toContain('file size limit');
  });

  it('gives fields in NFC without zero-width characters', async () => {
    const path = csv(`ho_ten\n"${'Đặng Thị Hà'.normalize('NFD')}\u200c"\n`);
    const events = await readAll(readCsv(path, ''));
    expect(events[2]).toEqual({ type: 'row', number: 2, cells: ['Đặng Thị Hà'] });
  });
});

describe('upload quota per user', () => {
  const quota = () =>
    new UploadQuota({ maxFileBytes: 1000, pendingUploadsPerUser: 2, pendingBytesPerUser: 1500 });
  const refused = (f: () => void): AppError => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      return e as AppError;
    }
    throw new Error('not refused');
  };

  it('refuses a third pending upload (429) and takes it again once one is released', () => {
    const q = quota();
    const a = q.take('u1');
    q.take('u1');
    const e = refused(() => q.take('u1'));
    expect(e.code).toBe('TOO_MANY_REQUESTS');
    expect(e.customMessage?.vi).toContain('số tệp đang chờ nhập');
    expect(e.customMessage?.en).toContain("one user's pending uploads");
    // Another user is not affected.
    q.take('u2');
    a.release();
    a.release();
    expect(q.usage('u1').files).toBe(1);
    q.take('u1');
  });

  it('refuses an announced or received size over the file limit or the user’s room (413, limit named)', () => {
    const q = quota();
    const a = q.take('u1');
    const big = refused(() => a.check(5000));
    expect(big.code).toBe('BODY_TOO_LARGE');
    expect(big.customMessage?.vi).toMatch(/dung lượng tệp: 4,9 KB, tối đa 1.000 byte/u);
    a.add(900);
    const b = q.take('u1');
    // 600 bytes of room left for the user.
    expect(b.maxBytes).toBe(600);
    const over = refused(() => b.add(700));
    expect(over.code).toBe('BODY_TOO_LARGE');
    expect(over.customMessage?.en).toContain("size of one user's pending uploads");
    b.release();
    a.release();
    expect(q.usage('u1')).toEqual({ files: 0, bytes: 0 });
  });
});
