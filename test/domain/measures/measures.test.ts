// Measures hand-computed on small populations: rates, Alkire–Foster, verdicts at the ends, series breaks,
// and the report sentence.
import { describe, expect, it } from 'vitest';
import { alkireFoster } from '../../../src/domain/measures/alkire-foster.ts';
import { percent, round2 } from '../../../src/domain/measures/rates.ts';
import { progressSentence } from '../../../src/domain/measures/sentence.ts';
import { changesOf } from '../../../src/domain/measures/series.ts';
import { verdictOf } from '../../../src/domain/measures/targets.ts';

describe('rates', () => {
  it('percent and report rounding', () => {
    expect(percent(21_946, 81_494)).toBeCloseTo(26.9295, 3);
    expect(round2(26.92955)).toBe(26.93);
    expect(percent(1, 0)).toBeNull();
  });
});

describe('Alkire–Foster', () => {
  it('on four households and four indicators, k = 2 (by hand)', () => {
    const ind = ['a', 'b', 'c', 'd'];
    // h1 lacks 3 (poor), h2 lacks 2 (poor), h3 lacks 1 (not poor: censored), h4 none.
    const r = alkireFoster([['a', 'b', 'c'], ['a', 'd'], ['b'], []], ind, 2);
    expect(r.q).toBe(2);
    expect(r.H).toBe(0.5);
    expect(r.A).toBeCloseTo((3 / 4 + 2 / 4) / 2, 10); // 0.625
    expect(r.M0).toBeCloseTo(0.3125, 10);
    // Censored headcounts: a 2/4, b 1/4 (h3's b is censored), c 1/4, d 1/4.
    expect(r.indicators.a!.censoredHeadcount).toBe(0.5);
    expect(r.indicators.b!.censoredHeadcount).toBe(0.25);
    // Contribution of a = (0.5 × 1/4) / 0.3125 = 0.4; contributions sum to 1.
    expect(r.indicators.a!.contribution).toBeCloseTo(0.4, 10);
    const sum = Object.values(r.indicators).reduce((s, x) => s + x.contribution, 0);
    expect(sum).toBeCloseTo(1, 10);
  });
  it('nobody poor: all zero, no division by zero', () => {
    const r = alkireFoster([['a'], []], ['a', 'b', 'c'], 3);
    expect([r.H, r.A, r.M0]).toEqual([0, 0, 0]);
  });
});

describe('verdicts', () => {
  const range = { kind: 'reduction_pp', lower: 2, upper: 2.5 } as const;
  it.each([
    [24.71, 22.72, 'not_met'], // fell 1.99
    [24.71, 22.71, 'met'], // exactly the lower end
    [24.71, 22.21, 'met'], // exactly the upper end
    [24.71, 22.2, 'exceeded'], // 2.51
    [24.71, 21.95, 'exceeded'],
  ] as const)('range 2–2,5: %d → %d is %s', (start, end, v) => expect(verdictOf(range, start, end)).toBe(v));
  it('a minimum ("trên 3%") is met from 3 points and never "exceeded"', () => {
    const min = { kind: 'reduction_pp', lower: 3, upper: null } as const;
    expect(verdictOf(min, 40, 37.01)).toBe('not_met');
    expect(verdictOf(min, 40, 37)).toBe('met');
    expect(verdictOf(min, 40, 30)).toBe('met');
  });
  it('a level to stay under', () => {
    const max = { kind: 'max_level', upper: 10 } as const;
    expect(verdictOf(max, 12, 10)).toBe('met');
    expect(verdictOf(max, 12, 10.01)).toBe('not_met');
  });
});

describe('series and breaks', () => {
  it('2021 under both standards ends one series and starts the next', () => {
    const { changes, breaks } = changesOf([
      { year: 2019, standard: 'QD59_2015', rate: 19.5 },
      { year: 2020, standard: 'QD59_2015', rate: 18.1 },
      { year: 2021, standard: 'QD59_2015', rate: 17.02 },
      { year: 2021, standard: 'ND07_2021', rate: 26.93 },
      { year: 2022, standard: 'ND07_2021', rate: 24.71 },
      { year: 2023, standard: 'ND07_2021', rate: 21.95 },
    ]);
    expect(changes.map((c) => [c.year, c.standard, round2(c.change)])).toEqual([
      [2020, 'QD59_2015', 1.4],
      [2021, 'QD59_2015', 1.08],
      [2022, 'ND07_2021', 2.22],
      [2023, 'ND07_2021', 2.76],
    ]);
    expect(breaks).toEqual([{ year: 2021, from: 'QD59_2015', to: 'ND07_2021' }]);
  });
});

describe('the report sentence', () => {
  it('reads like the provincial report', () => {
    const s = progressSentence({
      year: 2023,
      group: 'all',
      start: 24.71,
      end: 21.95,
      target: { kind: 'reduction_pp', lower: 2, upper: 2.5 },
      verdict: 'exceeded',
    });
    expect(s.vi).toBe(
      'Năm 2023, tỷ lệ hộ nghèo đa chiều giảm 2,76% (giảm từ 24,71% xuống còn 21,95%), đạt và vượt mục tiêu đề ra.',
    );
    expect(s.en).toBe(
      'In 2023, the multidimensional poverty rate fell by 2.76 points (from 24.71% to 21.95%), meeting and exceeding the target (a fall of 2–2.5 points).',
    );
  });
  it('says what the target was when it is not met, and handles a rise', () => {
    const s = progressSentence({
      year: 2024,
      group: 'ethnic_minority',
      start: 30,
      end: 28.5,
      target: { kind: 'reduction_pp', lower: 3, upper: null },
      verdict: 'not_met',
    });
    expect(s.vi).toBe(
      'Năm 2024, tỷ lệ hộ nghèo dân tộc thiểu số giảm 1,50% (giảm từ 30,00% xuống còn 28,50%), chưa đạt mục tiêu đề ra (giảm trên 3%).',
    );
    const up = progressSentence({ year: 2024, group: 'all', start: 5, end: 5.25 });
    expect(up.vi).toBe('Năm 2024, tỷ lệ hộ nghèo đa chiều tăng 0,25% (tăng từ 5,00% lên 5,25%).');
  });
});
