// Figures and targets from CSV, and the progress report with its verdicts and sentences, end to end.
/* eslint-disable @typescript-eslint/no-explicit-any -- the output is JSON read back in. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'gn-progress-'));
const db = join(dir, 'db');

const run = (args: string[]) => runCli([...args, '--db', db]);

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('figures, targets and the progress report (Bắc Kạn)', () => {
  beforeAll(async () => {
    const figures = file(
      'figures.csv',
      [
        'unit,year,standard,group,total_households,poor_households,near_poor_households,poor_rate,near_poor_rate,source',
        '06,2020,QD59_2015,all,,,,18.12,,Báo cáo UBND tỉnh (ví dụ)',
        '06,2021,QD59_2015,all,,,,17.02,,Báo cáo UBND tỉnh (ví dụ)',
        '06,2021,ND07_2021,all,81494,21946,,26.93,,Báo cáo UBND tỉnh (ví dụ)',
        '06,2022,ND07_2021,all,,,,24.71,,Báo cáo UBND tỉnh (ví dụ)',
        '06,2023,ND07_2021,all,,,,21.95,,Báo cáo UBND tỉnh (ví dụ)',
        '06,2024,ND07_2021,all,,,,20.00,,Báo cáo UBND tỉnh (ví dụ)',
      ].join('\n'),
    );
    const targets = file(
      'targets.csv',
      [
        'unit,group,year_from,year_to,indicator,kind,lower,upper,source',
        '06,all,2022,2025,poor_rate,reduction_pp,2,2.5,Nghị quyết HĐND tỉnh (ví dụ)',
      ].join('\n'),
    );
    expect((await run(['figures', 'import', figures])).code).toBe(0);
    expect((await run(['targets', 'import', targets])).code).toBe(0);
  }, 120_000);

  it('gives one entry per year with a comparable previous figure, with the verdict and the sentence', async () => {
    const r = await run(['report', 'progress', '--unit', '06', '--from', '2020', '--to', '2025', '--json']);
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout);
    // 2021 compares with 2020 under QD59_2015 only; ND07_2021 starts its own series in 2021.
    expect(entries.map((e: any) => [e.year, e.standard, e.start, e.end, e.change, e.verdict])).toEqual([
      [2021, 'QD59_2015', 18.12, 17.02, 1.1, null],
      [2022, 'ND07_2021', 26.93, 24.71, 2.22, 'met'],
      [2023, 'ND07_2021', 24.71, 21.95, 2.76, 'exceeded'],
      [2024, 'ND07_2021', 21.95, 20, 1.95, 'not_met'],
    ]);
    const y2023 = entries.find((e: any) => e.year === 2023);
    expect(y2023).toMatchObject({ unit: '06', group: 'all', target: { lower: 2, upper: 2.5 } });
    expect(y2023.sentence.vi).toBe(
      'Năm 2023, tỷ lệ hộ nghèo đa chiều giảm 2,76% (giảm từ 24,71% xuống còn 21,95%), đạt và vượt mục tiêu đề ra.',
    );
  });

  it('bad rows are reported with their row number, and nothing is imported', async () => {
    const bad = file(
      'bad.csv',
      [
        'unit,year,standard,group,total_households,poor_households,near_poor_households,poor_rate,near_poor_rate,source',
        '06,2025,ND07_2021,all,,,,18.5,,ok',
        '99999,2025,ND07_2021,all,,,,18.5,,x',
        '06,2025,ND99,all,,,,18.5,,x',
        '06,2025,ND07_2021,everyone,,,,18.5,,x',
        '06,2025,ND07_2021,ethnic_minority,,,,18,5,,x',
        '06,2025,ND07_2021,rural,10,20,,,,x',
      ].join('\n'),
    );
    const r = await run(['figures', 'import', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:3 [unit]`);
    expect(r.stderr).toContain(`${bad}:4 [standard]`);
    expect(r.stderr).toContain(`${bad}:5 [group]`);
    expect(r.stderr).toContain(`${bad}:6`);
    expect(r.stderr).toContain(`${bad}:7 [poor_households]`);
    expect(r.stderr).toContain('Nothing imported');
    // Row 2 was good, but nothing was imported: 2025 has no figure.
    const after = JSON.parse(
      (await run(['report', 'progress', '--unit', '06', '--from', '2025', '--to', '2025', '--json'])).stdout,
    );
    expect(after).toEqual([]);
    const header = await run(['targets', 'import', file('t.csv', 'unit,year,kind\n06,2022,x\n')]);
    expect(header.code).toBe(1);
    expect(header.stderr).toContain('Missing: group, year_from');
  });
});
