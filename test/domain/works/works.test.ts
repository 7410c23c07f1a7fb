// The pure parts of works and outputs: derived status, field checks, the over-contract warning, quantities and
// the outputs CSV reader with its row errors.
import { describe, expect, it } from 'vitest';
import { parseOutputsCsv } from '../../../src/domain/works/outputs-csv.ts';
import {
  achievementRate,
  fromNumeric,
  parseQuantity,
  quantityText,
} from '../../../src/domain/works/quantity.ts';
import { workInYear, workStatus } from '../../../src/domain/works/status.ts';
import { checkWork, overContractWarning } from '../../../src/domain/works/validate.ts';
import { loadOutputsRules } from '../../../src/rules-loader/load-outputs.ts';

const rules = loadOutputsRules();

describe('work status', () => {
  const w = {
    progressPct: 0,
    startDate: '2026-03-01',
    completionDate: '2026-09-30',
    acceptanceDate: '2026-10-15',
  };
  it('follows the dates as they are reached', () => {
    expect(workStatus(w, '2026-02-28')).toBe('planned');
    expect(workStatus(w, '2026-03-01')).toBe('in_progress');
    expect(workStatus(w, '2026-09-30')).toBe('completed');
    expect(workStatus(w, '2026-10-14')).toBe('completed');
    expect(workStatus(w, '2026-10-15')).toBe('accepted');
  });
  it('reads progress when dates are missing', () => {
    const none = { startDate: null, completionDate: null, acceptanceDate: null };
    expect(workStatus({ ...none, progressPct: 0 }, '2026-01-01')).toBe('planned');
    expect(workStatus({ ...none, progressPct: 1 }, '2026-01-01')).toBe('in_progress');
    expect(workStatus({ ...none, progressPct: 100 }, '2026-01-01')).toBe('completed');
  });
  it('belongs to a year from its plan year or start until the year it is handed over', () => {
    const work = { ...w, planYear: 2025, startDate: '2025-11-01', acceptanceDate: '2026-10-15' };
    expect(workInYear(work, 2024)).toBe(false);
    expect(workInYear(work, 2025)).toBe(true);
    expect(workInYear(work, 2026)).toBe(true);
    expect(workInYear(work, 2027)).toBe(false);
    // Started ahead of its plan year: counted from the start; handed over in a year: in that year's, not the next.
    expect(workInYear({ ...work, planYear: 2026, startDate: '2025-12-31' }, 2025)).toBe(true);
    expect(workInYear({ ...work, acceptanceDate: '2027-01-01' }, 2027)).toBe(true);
    expect(workInYear({ ...work, acceptanceDate: '2026-12-31' }, 2027)).toBe(false);
    const undated = { ...w, planYear: null, startDate: null, acceptanceDate: null };
    expect(workInYear(undated, 2020)).toBe(true);
  });
});

describe('work checks', () => {
  const ok = {
    progressPct: 50,
    contractValue: 760_800_000_000n,
    disbursed: 0n,
    startDate: '2026-01-01',
    completionDate: null,
    acceptanceDate: '2026-12-01',
  };
  it('passes a sound work, at the edges too', () => {
    expect(checkWork(ok)).toEqual([]);
    expect(checkWork({ ...ok, progressPct: 0 })).toEqual([]);
    expect(checkWork({ ...ok, progressPct: 100, acceptanceDate: '2026-01-01' })).toEqual([]);
  });
  it('names each bad field', () => {
    const p = checkWork({ ...ok, progressPct: 101, disbursed: -1n, acceptanceDate: '2025-12-31' });
    expect(p.map((x) => x.field)).toEqual(['progressPct', 'disbursed', 'acceptanceDate']);
    expect(p[2]!.message.vi).toBe('Ngày nghiệm thu (2025-12-31) trước ngày khởi công (2026-01-01)');
    expect(checkWork({ ...ok, progressPct: -1 })[0]!.field).toBe('progressPct');
    expect(checkWork({ ...ok, progressPct: 12.5 })[0]!.field).toBe('progressPct');
  });
  it('warns, with the exact excess, when disbursed exceeds the contract value', () => {
    expect(overContractWarning({ contractValue: 5n, disbursed: 5n })).toBeNull();
    expect(
      overContractWarning({ contractValue: 760_800_000_000n, disbursed: 760_800_000_001n })?.message.vi,
    ).toMatch(/vượt giá trị hợp đồng 1 đồng/);
  });
});

describe('quantities', () => {
  it('parses and prints exact decimals', () => {
    expect(parseQuantity('12')).toBe(1200n);
    expect(parseQuantity('12,5')).toBe(1250n);
    expect(parseQuantity('0.05')).toBe(5n);
    expect(parseQuantity('-1')).toBeNull();
    expect(parseQuantity('1.234')).toBeNull();
    expect(parseQuantity('1e3')).toBeNull();
    expect(quantityText(1250n)).toBe('12.5');
    expect(quantityText(1200n)).toBe('12');
    expect(fromNumeric('12.50')).toBe(1250n);
    expect(fromNumeric('7')).toBe(700n);
    expect(achievementRate(15_000n, 40_000n)).toBe(3750n);
    expect(achievementRate(1n, 0n)).toBeNull();
  });
});

describe('outputs CSV', () => {
  const ctx = {
    rules,
    resolveUnit: (code: string, year: number) =>
      code === '19' && year >= 2025
        ? ({ ok: true, code, validFrom: '2025-07-01' } as const)
        : ({
            ok: false,
            message: { vi: `Không có đơn vị mã ${code}`, en: `No unit has code ${code}` },
          } as const),
  };
  it('reads good rows', () => {
    const r = parseOutputsCsv(
      'unit,year,indicator,planned,achieved,source\n19,2026,vocational_trained,400,150,Báo cáo 6 tháng\n19,2026,houses_new,,12,\n',
      ctx,
    );
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([
      {
        row: 2,
        unitCode: '19',
        unitValidFrom: '2025-07-01',
        year: 2026,
        indicator: 'vocational_trained',
        planned: 40000n,
        achieved: 15000n,
        source: 'Báo cáo 6 tháng',
      },
      {
        row: 3,
        unitCode: '19',
        unitValidFrom: '2025-07-01',
        year: 2026,
        indicator: 'houses_new',
        planned: null,
        achieved: 1200n,
        source: null,
      },
    ]);
  });
  it('names every bad row and column', () => {
    const r = parseOutputsCsv(
      [
        'unit,year,indicator,planned,achieved,source',
        '19,2026,vocational_trained,400,150,',
        '99,2026,vocational_trained,1,1,',
        '19,20x6,jobs_found,1,1,',
        '19,2026,unicorns,1,1,',
        '19,2026,jobs_found,-3,abc,',
        '19,2026,vocational_trained,1,,',
        '19,2026,houses_new,,,',
      ].join('\n'),
      ctx,
    );
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => [e.row, e.column ?? null])).toEqual([
      [3, 'unit'],
      [4, 'year'],
      [5, 'indicator'],
      [6, 'planned'],
      [6, 'achieved'],
      [7, null],
      [8, null],
    ]);
    expect(r.errors[2]!.message.vi).toMatch(/unicorns/);
    expect(r.errors[5]!.message.en).toMatch(/row 2/);
  });
  it('refuses a wrong header', () => {
    const r = parseOutputsCsv('unit,year,indicator,planned,done\n', ctx);
    expect(r.errors[0]!.message.vi).toMatch(/Thiếu: achieved, source/);
  });
});
