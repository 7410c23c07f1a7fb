// `giamngheo report export` end to end, as a user runs it: figures imported by CSV, a report written to
// an xlsx, a pdf and a csv file and read back; bad calls refused with a clear message and no file.
import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fullDiskEnv, runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'gn-export-'));
const db = join(dir, 'db');
const run = (args: string[]) => runCli([...args, '--db', db]);

describe('report export (Bắc Kạn, 2024)', () => {
  beforeAll(async () => {
    const figures = join(dir, 'figures.csv');
    writeFileSync(
      figures,
      [
        'unit,year,standard,group,total_households,poor_households,near_poor_households,poor_rate,near_poor_rate,source',
        '01864,2024,ND07_2021,all,1000,195,60,,,Báo cáo UBND xã Bộc Bố (ví dụ)',
        '06,2023,ND07_2021,all,,,,21.95,,Báo cáo UBND tỉnh (ví dụ)',
        '06,2024,ND07_2021,all,,,,20.00,,Báo cáo UBND tỉnh (ví dụ)',
      ].join('\n'),
    );
    expect((await run(['figures', 'import', figures])).code).toBe(0);
  }, 180_000);

  it('writes the review results as xlsx: districts with their communes, the published figures', async () => {
    const out = join(dir, 'ket-qua.xlsx');
    const r = await run([
      'report',
      'export',
      'review-results',
      '--unit',
      '06',
      '--year',
      '2024',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('Kết quả rà soát hộ nghèo, hộ cận nghèo');
    expect(ws.getCell('A2').value).toBe('Tỉnh Bắc Kạn — năm 2024');
    let bocBo: ExcelJS.Row | undefined;
    ws.eachRow((row) => {
      if (row.getCell(2).value === 'Xã Bộc Bố') bocBo = row;
    });
    expect(bocBo).toBeDefined();
    expect([3, 4, 5, 6, 7].map((c) => bocBo!.getCell(c).value)).toEqual([1000, 195, 19.5, 60, 6]);
    expect(bocBo!.getCell(2).alignment?.indent).toBe(2);
    expect(existsSync(`${out}.part`)).toBe(false);
  });

  it('writes the progress report as pdf and the review results as csv (format from the extension)', async () => {
    const pdf = join(dir, 'tien-do.pdf');
    const p = await run([
      'report',
      'export',
      'progress',
      '--unit',
      '06',
      '--from',
      '2024',
      '--to',
      '2024',
      '--out',
      pdf,
    ]);
    expect(p.code, p.stderr).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const csv = join(dir, 'ket-qua.csv');
    const c = await run([
      'report',
      'export',
      'review-results',
      '--unit',
      '06',
      '--year',
      '2024',
      '--out',
      csv,
    ]);
    expect(c.code, c.stderr).toBe(0);
    expect(readFileSync(csv, 'utf8')).toContain(
      '  Xã Bộc Bố,1000,195,19.5,60,6,,Công bố: Báo cáo UBND xã Bộc Bố (ví dụ)',
    );
  });

  it('says a full disk in both languages (DISK_FULL, exit 1) and leaves no file', async () => {
    // The real command down to the file stream, whose disk fills after 1 000 bytes of the xlsx.
    const full = join(dir, 'full');
    mkdirSync(full);
    const out = join(full, 'ket-qua.xlsx');
    const args = ['report', 'export', 'review-results', '--unit', '06', '--year', '2024', '--out', out];
    const r = await runCli([...args, '--db', db], fullDiskEnv(full, 1000));
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('DISK_FULL: Đĩa đã đầy');
    expect(r.stderr).toContain('The disk is full');
    expect(r.stderr).toContain(`${out}: Không đủ chỗ trên đĩa để ghi ${out}`);
    expect(r.stderr).toContain(`Not enough disk space to write ${out}; no file was created`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(full)).toEqual([]);
  });

  it('refuses a bad parameter, an unknown report or format, with no file written', async () => {
    const out = join(dir, 'sai.xlsx');
    const bad = await run([
      'report',
      'export',
      'review-results',
      '--unit',
      '06',
      '--year',
      'hai nghìn',
      '--out',
      out,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--year: Tham số year');
    const unknown = await run(['report', 'export', 'khong-co', '--unit', '06', '--out', out]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Báo cáo không tồn tại / Unknown report: khong-co');
    const format = await run([
      'report',
      'export',
      'review-results',
      '--unit',
      '06',
      '--year',
      '2024',
      '--out',
      join(dir, 'x.docx'),
    ]);
    expect(format.code).toBe(2);
    const gone = await run([
      'report',
      'export',
      'review-results',
      '--unit',
      '06',
      '--year',
      '2026',
      '--out',
      out,
    ]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('--unit: Không có đơn vị mã 06');
    expect(existsSync(out)).toBe(false);
  });
});
