// The one rate function gives, with each rounding, exactly what each caller computed by hand before it
// existed (the formulas are copied here from the callers as they were), over every count up to 1 200.
import { describe, expect, it } from 'vitest';
import { rate, round2 } from '../../../src/domain/measures/rates.ts';

describe('rate', () => {
  it('is null without a positive whole', () => {
    for (const r of ['exact', 'percent', 'fraction'] as const) {
      expect(rate(1, 0, r)).toBeNull();
      expect(rate(1, null, r)).toBeNull();
      expect(rate(0, undefined, r)).toBeNull();
    }
    expect(rate(0, 5)).toBe(0);
  });

  it('keeps each caller’s rounding: they differ on exact halves', () => {
    // 23 of 160 is 14.375 %: round2 of the percent (figures screens) vs the fraction to 1/10 000 (reports).
    expect(rate(23, 160, 'percent')).toBe(14.37);
    expect(rate(23, 160, 'fraction')).toBe(14.38);
    expect(rate(23, 160)).toBeCloseTo(14.375, 12);
  });

  it('equals the callers’ former formulas', () => {
    const differing: [number, number][] = [];
    for (let whole = 1; whole <= 1200; whole++)
      for (let part = 0; part <= whole; part++)
        if (
          // db/queries/figures.ts, domain/measures/rebase-figures.ts (exact)
          rate(part, whole) !== (part / whole) * 100 ||
          // routes/figures.ts children table, domain/measures/measures-view.ts
          rate(part, whole, 'percent') !== round2((part / whole) * 100) ||
          // domain/measures/suppression.ts, reports/statistics/common.ts percentOf
          rate(part, whole, 'fraction') !== Math.round((part / whole) * 10000) / 100
        )
          differing.push([part, whole]);
    expect(differing).toEqual([]);
  });
});
