// Boundary cases at each line and each deficit count, for every standard, area and measure.
import { describe, expect, it } from 'vitest';
import { book, classOf, verdictOf } from '../../support/rules.ts';

const three = ['water', 'sanitation', 'housing_area'];
const two = ['water', 'sanitation'];

describe.each([
  ['ND07_2021', 'rural', 1_500_000, 2_250_000],
  ['ND07_2021', 'urban', 2_000_000, 3_000_000],
  ['ND351_2025', 'rural', 2_200_000, 3_300_000],
  ['ND351_2025', 'urban', 2_800_000, 4_200_000],
] as const)('%s %s (single line %d, middle up to %d)', (standard, area, line, middle) => {
  const at = (income: number, deficits: string[]) =>
    classOf({ standard, area, incomePerCapita: income, deficits });

  it('at the line is at or below it ("từ … trở xuống")', () => {
    expect(at(line, three)).toBe('poor');
    expect(at(line, two)).toBe('near_poor');
  });
  it('one đồng above the line is never poor, whatever the deficits', () => {
    const all = book.standards.get(standard)!.indicators.map((i) => i.code);
    expect(at(line + 1, all)).toBe('middle');
    expect(at(line + 1, [])).toBe('middle');
  });
  it('2 deficits near-poor, 3 deficits poor, at zero income too', () => {
    expect(at(0, two)).toBe('near_poor');
    expect(at(0, three)).toBe('poor');
    expect(at(0, [])).toBe('near_poor');
  });
  it('the middle band ends at 1.5 × the line', () => {
    expect(at(middle, three)).toBe('middle');
    expect(at(middle + 1, three)).toBe('not_poor');
  });
});

describe('QD59_2015: poverty by income alone, then the near-poor band', () => {
  const at = (area: string, income: number, deficits: string[]) =>
    classOf({ standard: 'QD59_2015', area, incomePerCapita: income, deficits });
  it.each([
    ['rural', 700_000, 1_000_000, 1_500_000],
    ['urban', 900_000, 1_300_000, 1_950_000],
  ])('%s: poverty line %d, near-poor line %d, middle up to %d', (area, pl, npl, mid) => {
    expect(at(area, pl, [])).toBe('poor');
    expect(at(area, pl, three)).toBe('poor');
    expect(at(area, pl + 1, two)).toBe('near_poor');
    expect(at(area, pl + 1, three)).toBe('poor');
    expect(at(area, npl, two)).toBe('near_poor');
    expect(at(area, npl, three)).toBe('poor');
    expect(at(area, npl + 1, three)).toBe('middle');
    expect(at(area, mid, [])).toBe('middle');
    expect(at(area, mid + 1, [])).toBe('not_poor');
  });
});

describe('score A (Phiếu B1) instead of income', () => {
  const at = (standard: string, area: string, scoreA: number, deficits: string[]) =>
    classOf({ standard, area, scoreA, deficits });
  it.each([
    ['rural', 140],
    ['urban', 175],
  ])('ND07_2021 %s cut-off %d: poor with B ≥ 30, near-poor below, never middle', (area, cut) => {
    expect(at('ND07_2021', area, cut, three)).toBe('poor');
    expect(at('ND07_2021', area, cut, two)).toBe('near_poor');
    expect(at('ND07_2021', area, cut + 1, three)).toBe('not_poor');
  });
  it('QD59_2015 (TT 14/2018 amending TT 17/2016): rural poor at or below 120 whatever the deficits', () => {
    expect(at('QD59_2015', 'rural', 120, [])).toBe('poor');
    expect(at('QD59_2015', 'rural', 121, two)).toBe('near_poor');
    // The rural upper bound (140) is unverified.
    expect(at('QD59_2015', 'rural', 140, three)).toBe('poor');
    expect(at('QD59_2015', 'rural', 141, three)).toBe('not_poor');
  });
  it('QD59_2015 urban: poor with B1 ≤ 140, or 140 < B1 ≤ 175 with B2 ≥ 30 (3 deficits); near-poor below 30', () => {
    expect(at('QD59_2015', 'urban', 140, [])).toBe('poor');
    expect(at('QD59_2015', 'urban', 141, three)).toBe('poor');
    expect(at('QD59_2015', 'urban', 141, two)).toBe('near_poor');
    expect(at('QD59_2015', 'urban', 175, three)).toBe('poor');
    expect(at('QD59_2015', 'urban', 175, two)).toBe('near_poor');
    expect(at('QD59_2015', 'urban', 176, three)).toBe('not_poor');
    expect(at('QD59_2015', 'urban', 176, [])).toBe('not_poor');
  });
  it('QD59_2015 score A explains the band with TT 14/2018', () => {
    const a = verdictOf({ standard: 'QD59_2015', area: 'urban', scoreA: 160, deficits: three });
    expect(a.verdict.class).toBe('poor');
    expect(a.verdict.steps.map((s) => s.kind)).toEqual([
      'measure_above',
      'measure_at_or_below',
      'deficits_at_least',
    ]);
    expect(a.explanation.vi).toContain('TT 14/2018/TT-BLĐTBXH');
  });
});

describe('review year chooses the standard', () => {
  it.each([
    [2016, 'QD59_2015'],
    [2021, 'QD59_2015'],
    [2022, 'ND07_2021'],
    [2026, 'ND07_2021'],
    [2027, 'ND351_2025'],
    [2030, 'ND351_2025'],
  ])('%d → %s', (reviewYear, standard) => {
    expect(
      verdictOf({ reviewYear, area: 'rural', incomePerCapita: 1, deficits: [] }).verdict.standardId,
    ).toBe(standard);
  });
});

describe('explanation', () => {
  it('cites the article and reads like the law, in Vietnamese and English', () => {
    const a = verdictOf({
      standard: 'ND07_2021',
      area: 'rural',
      incomePerCapita: 1_400_000,
      deficits: ['employment', 'water', 'sanitation', 'telecom'],
    });
    expect(a.explanation.vi).toContain(
      'Thu nhập bình quân 1.400.000 đồng/người/tháng ≤ chuẩn nghèo nông thôn 1.500.000 đồng (NĐ 07/2021/NĐ-CP, Điều 3) và thiếu hụt 4/12 chỉ số (≥ 3) → hộ nghèo',
    );
    expect(a.explanation.vi).toContain('Việc làm; Nguồn nước sinh hoạt; Nhà tiêu hợp vệ sinh');
    expect(a.explanation.en).toContain(
      'Income per person 1,400,000 VND/month ≤ rural poverty line 1,500,000 VND (Decree 07/2021/ND-CP, Art. 3) and 4 of 12 indicators deficient (≥ 3) → poor household',
    );
  });
  it('QD59 poverty by income alone does not talk about deficits', () => {
    const a = verdictOf({ standard: 'QD59_2015', area: 'urban', incomePerCapita: 850_000, deficits: [] });
    expect(a.explanation.vi).toBe(
      'Thu nhập bình quân 850.000 đồng/người/tháng ≤ chuẩn nghèo thành thị 900.000 đồng (QĐ 59/2015/QĐ-TTg, Điều 2) → hộ nghèo.',
    );
  });
});
