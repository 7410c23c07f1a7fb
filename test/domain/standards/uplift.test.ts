// "What it would take" on hand-checked households.
import { describe, expect, it } from 'vitest';
import { upliftFor } from '../../../src/domain/standards/uplift.ts';
import { book, verdictOf } from '../../support/rules.ts';

const upliftOf = (raw: Record<string, unknown>) => {
  const a = verdictOf(raw);
  return upliftFor(book.standards.get(a.verdict.standardId)!, a.verdict);
};

describe('uplift', () => {
  it('poor under ND07: income to one đồng above the line, or resolve deficits down to 2', () => {
    const u = upliftOf({
      standard: 'ND07_2021',
      area: 'rural',
      incomePerCapita: 1_400_000,
      deficits: ['employment', 'water', 'sanitation', 'telecom'],
    });
    expect(u).toEqual({
      from: 'poor',
      byMeasure: { increase: 100_001, unit: 'VND', reaches: 'middle' },
      byDeficits: {
        resolve: 2,
        candidates: ['employment', 'water', 'sanitation', 'telecom'],
        reaches: 'near_poor',
      },
    });
  });
  it('near-poor: only income helps; deficits cannot lift it', () => {
    const u = upliftOf({
      standard: 'ND07_2021',
      area: 'urban',
      incomePerCapita: 2_000_000,
      deficits: ['water'],
    });
    expect(u).toEqual({ from: 'near_poor', byMeasure: { increase: 1, unit: 'VND', reaches: 'middle' } });
  });
  it('QD59 poor by income alone: deficits cannot lift it; income past the poverty line with few deficits does', () => {
    const u = upliftOf({
      standard: 'QD59_2015',
      area: 'rural',
      incomePerCapita: 600_000,
      deficits: ['water'],
    });
    expect(u).toEqual({ from: 'poor', byMeasure: { increase: 100_001, unit: 'VND', reaches: 'near_poor' } });
    const v = upliftOf({
      standard: 'QD59_2015',
      area: 'rural',
      incomePerCapita: 600_000,
      deficits: ['water', 'sanitation', 'telecom'],
    });
    expect(v?.byMeasure).toEqual({ increase: 400_001, unit: 'VND', reaches: 'middle' });
    expect(v?.byDeficits).toBeUndefined();
  });
  it('score A: points to gain', () => {
    const u = upliftOf({
      standard: 'ND07_2021',
      area: 'rural',
      scoreA: 128,
      deficits: ['water', 'sanitation', 'telecom'],
    });
    expect(u?.byMeasure).toEqual({ increase: 13, unit: 'points', reaches: 'not_poor' });
  });
  it('nothing to plan for a household above near-poor', () => {
    expect(
      upliftOf({ standard: 'ND07_2021', area: 'rural', incomePerCapita: 1_600_000, deficits: [] }),
    ).toBeUndefined();
  });
});
