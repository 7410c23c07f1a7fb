// Programme money end to end through the CLI: the Bắc Kạn figures (760,8 tỷ planned, 478,93 tỷ disbursed by
// 31/5/2024 → 62,95 %; Pác Nặm 232,18 tỷ, Ngân Sơn 219,94 tỷ) from CSV files, and bad rows refused whole.
/* eslint-disable @typescript-eslint/no-explicit-any -- the output is JSON read back in. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'gn-finance-'));
const db = join(dir, 'db');

function run(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['bin/giamngheo.js', ...args, '--db', db], {
      env: { ...process.env, DATABASE_URL: undefined },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const report = (at = '2024-05-31') =>
  run(['report', 'disbursement', '--unit', '06', '--from', '2024', '--to', '2024', '--at', at, '--json']);

describe('finance import and report disbursement (Bắc Kạn, 2024)', () => {
  beforeAll(async () => {
    // 760,8 tỷ: Pác Nặm (060) 232,18; Ngân Sơn (062) 219,94; the province itself 18,68; Ba Bể (061) 100;
    // Bạch Thông (063) 90; Na Rì (066) 100.
    const plans = file('plans.csv', [
      'unit,year,project,source,amount_vnd,decision',
      '06,2024,DA7.TDA1,central_recurrent,18680000000,QĐ 2101/QĐ-UBND',
      '060,2024,DA1.TDA1,central_investment,200000000000,QĐ 2102/QĐ-UBND',
      '060,2024,DA3.TDA1,central_recurrent,32180000000,QĐ 2102/QĐ-UBND',
      '062,2024,DA1.TDA1,central_investment,190000000000,QĐ 2103/QĐ-UBND',
      '062,2024,DA5,central_recurrent,29940000000,QĐ 2103/QĐ-UBND',
      '061,2024,DA2,central_recurrent,100000000000,QĐ 2104/QĐ-UBND',
      '063,2024,DA3.TDA1,central_recurrent,90000000000,QĐ 2104/QĐ-UBND',
      '066,2024,DA4.TDA1,central_recurrent,100000000000,QĐ 2104/QĐ-UBND',
    ]);
    // 478,93 tỷ paid by 31/5/2024; 10 tỷ more on 15/6 must not count at 31/5.
    const payments = file('payments.csv', [
      'unit,year,project,source,date,amount_vnd,decision',
      '060,2024,DA1.TDA1,central_investment,2024-04-15,150000000000,UNC 01',
      '060,2024,DA3.TDA1,central_recurrent,2024-05-31,20000000000,UNC 02',
      '062,2024,DA1.TDA1,central_investment,2024-05-10,140000000000,UNC 03',
      '062,2024,DA5,central_recurrent,2024-03-01,15000000000,UNC 04',
      '06,2024,DA7.TDA1,central_recurrent,2024-02-01,10000000000,UNC 05',
      '061,2024,DA2,central_recurrent,2024-05-20,60000000000,UNC 06',
      '063,2024,DA3.TDA1,central_recurrent,2024-05-30,43930000000,UNC 07',
      '066,2024,DA4.TDA1,central_recurrent,2024-04-01,40000000000,UNC 08',
      '066,2024,DA4.TDA1,central_recurrent,2024-06-15,10000000000,UNC 09',
    ]);
    const p = await run(['finance', 'import-plans', plans]);
    expect(p.stderr).not.toContain('Row');
    expect(p.code).toBe(0);
    expect(p.stdout).toContain('Imported 8 plan lines');
    const q = await run(['finance', 'import-payments', payments]);
    expect(q.code).toBe(0);
    expect(q.stdout).toContain('Imported 9 payments');
  }, 180_000);

  it('reproduces 478,93/760,8 tỷ đồng, 62,95 %, with the districts and the sentence', async () => {
    const r = await report();
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['unit', 'plan_vnd', 'disbursed_vnd', 'rate', 'by_unit', 'sentence']);
    expect(out).toMatchObject({
      unit: '06',
      plan_vnd: 760800000000,
      disbursed_vnd: 478930000000,
      rate: 62.95,
    });
    expect(out.sentence).toEqual({
      vi: 'Tính đến hết ngày 31/5/2024, tỉnh đã thực hiện giải ngân được 478,93/760,8 tỷ đồng, đạt 62,95% kế hoạch.',
      en: 'By the end of 31 May 2024, the province had disbursed 478.93 of 760.8 billion VND, 62.95% of the plan.',
    });
    const row = (u: string) => out.by_unit.find((b: any) => b.unit === u);
    expect(row('060')).toEqual({
      unit: '060',
      plan_vnd: 232180000000,
      disbursed_vnd: 170000000000,
      rate: 73.22,
    });
    expect(row('062')).toEqual({
      unit: '062',
      plan_vnd: 219940000000,
      disbursed_vnd: 155000000000,
      rate: 70.47,
    });
    expect(row('06')).toEqual({ unit: '06', plan_vnd: 18680000000, disbursed_vnd: 10000000000, rate: 53.53 });
    expect(row('058')).toEqual({ unit: '058', plan_vnd: 0, disbursed_vnd: 0, rate: null });
    // Every district of the province on the date, and the province's own lines.
    expect(out.by_unit.map((b: any) => b.unit)).toEqual([
      '06',
      '058',
      '060',
      '061',
      '062',
      '063',
      '064',
      '065',
      '066',
    ]);
    const sum = (k: string) => out.by_unit.reduce((s: number, b: any) => s + b[k], 0);
    expect([sum('plan_vnd'), sum('disbursed_vnd')]).toEqual([760800000000, 478930000000]);
    // Later payments count later.
    expect(JSON.parse((await report('2024-06-15')).stdout).disbursed_vnd).toBe(488930000000);
  });

  it('reports one district, and the province after the reform under Thái Nguyên', async () => {
    const pacNam = JSON.parse(
      (
        await run([
          'report',
          'disbursement',
          '--unit',
          '060',
          '--from',
          '2024',
          '--to',
          '2024',
          '--at',
          '2024-05-31',
          '--json',
        ])
      ).stdout,
    );
    expect([pacNam.plan_vnd, pacNam.disbursed_vnd, pacNam.rate]).toEqual([232180000000, 170000000000, 73.22]);
    expect(pacNam.sentence.vi).toBe(
      'Tính đến hết ngày 31/5/2024, huyện đã thực hiện giải ngân được 170/232,18 tỷ đồng, đạt 73,22% kế hoạch.',
    );
    const tn = await run([
      'report',
      'disbursement',
      '--unit',
      '19',
      '--from',
      '2024',
      '--to',
      '2024',
      '--at',
      '2025-12-31',
      '--json',
    ]);
    const out = JSON.parse(tn.stdout);
    expect([out.unit, out.plan_vnd, out.disbursed_vnd]).toEqual(['19', 760800000000, 488930000000]);
    expect(out.by_unit.find((b: any) => b.unit === '060').plan_vnd).toBe(232180000000);
    expect(tn.stderr).toContain('Tỉnh Bắc Kạn (06)');
    const text = await run([
      'report',
      'disbursement',
      '--unit',
      '06',
      '--from',
      '2024',
      '--to',
      '2024',
      '--at',
      '2024-05-31',
    ]);
    expect(text.stdout).toContain('Huyện Pác Nặm');
    expect(text.stdout).toContain('đạt 62,95% kế hoạch.');
  });

  it('refuses bad rows with their numbers in Vietnamese and English, and imports nothing', async () => {
    const plans = file('bad-plans.csv', [
      'unit,year,project,source,amount_vnd,decision',
      '065,2024,DA2,central_recurrent,5000000000,QĐ 1',
      '065,2024,DA3,central_recurrent,-5000000000,QĐ 2',
      '99999,2024,DA2,central_recurrent,5000000000,QĐ 3',
      '065,2024,DA9,central_recurrent,5000000000,QĐ 4',
      '065,2024,DA1.TDA7,central_recurrent,5000000000,QĐ 5',
    ]);
    const p = await run(['finance', 'import-plans', plans]);
    expect(p.code).toBe(1);
    expect(p.stderr).toContain(
      `${plans}:3 [amount_vnd]: Dòng 3: amount_vnd: số tiền âm (-5000000000) / Row 3: amount_vnd: negative amount`,
    );
    expect(p.stderr).toContain(
      `${plans}:4 [unit]: Dòng 4: Không có đơn vị mã 99999 / Row 4: No unit has code 99999`,
    );
    expect(p.stderr).toContain(
      `${plans}:5 [project]: Dòng 5: Dự án "DA9" không có trong Quyết định 90/QĐ-TTg`,
    );
    expect(p.stderr).toContain(`${plans}:6 [project]`);
    expect(p.stderr).toContain('Nothing imported: 4 error(s)');

    const payments = file('bad-payments.csv', [
      'unit,year,project,source,date,amount_vnd,decision',
      '061,2024,DA2,central_recurrent,2024-06-01,1000000000,UNC 20',
      '064,2024,DA2,central_recurrent,2024-06-01,1000000000,UNC 21',
      '061,2024,DA2,central_recurrent,2025-01-10,1000000000,UNC 22',
      '061,2024,DA2,central_recurrent,2024-07-01,-1,UNC 23',
      '061,2024,DA2,central_recurrent,2024-07-01,39000000001,UNC 24',
    ]);
    const q = await run(['finance', 'import-payments', payments]);
    expect(q.code).toBe(1);
    expect(q.stderr).toContain(
      `${payments}:3: Dòng 3: Không có dòng kế hoạch vốn cho đơn vị 064, năm 2024, DA2, nguồn central_recurrent: nhập kế hoạch trước / Row 3: No plan line for unit 064`,
    );
    expect(q.stderr).toContain(`${payments}:4 [date]: Dòng 4: Ngày 10/01/2025 nằm ngoài năm kế hoạch 2024`);
    expect(q.stderr).toContain(`${payments}:5 [amount_vnd]: Dòng 5: amount_vnd: số tiền âm (-1)`);
    // 60 tỷ paid, 1 tỷ on row 2, then 40 tỷ + 1 đồng: the plan's 100 tỷ exceeded by 1 đồng.
    expect(q.stderr).toContain(
      `${payments}:6 [amount_vnd]: Dòng 6: Tổng giải ngân đến ngày 01/07/2024 (100000000001 đồng) vượt kế hoạch vốn còn hiệu lực (100000000000 đồng) / Row 6: Payments up to 2024-07-01`,
    );
    expect(q.stderr).toContain('Nothing imported: 4 error(s)');

    // Nothing of the good rows went in.
    const after = JSON.parse((await report('2024-12-31')).stdout);
    expect([after.plan_vnd, after.disbursed_vnd]).toEqual([760800000000, 488930000000]);
    expect(after.by_unit.find((b: any) => b.unit === '065').plan_vnd).toBe(0);
  });

  it('a wrong call is a usage error (exit 2)', async () => {
    expect((await run(['finance', 'import-everything', 'x.csv'])).code).toBe(2);
    expect((await run(['report', 'disbursement', '--unit', '06', '--at', '31/5/2024'])).code).toBe(2);
    const unknown = await run(['report', 'disbursement', '--unit', '98', '--at', '2024-05-31', '--json']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No unit had code 98 on or before 2024-05-31');
  });
});
