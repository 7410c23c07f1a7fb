// Entered against derived: counts must match exactly; a rate within the rounding of the published
// figure is the same figure, beyond it a difference.
import { describe, expect, it } from 'vitest';
import { compareFigures, decimalsOf } from '../../../src/domain/measures/compare-figures.ts';

const derived = (households: number, poor: number) => ({
  households,
  poor,
  nearPoor: null,
  poorRate: (poor / households) * 100,
});
const entered = (poorRate: number, text = String(poorRate)) => ({
  households: null,
  poor: null,
  nearPoor: null,
  poorRate,
  poorRateText: text,
});

describe('compareFigures', () => {
  it('decimals as published', () => {
    expect([decimalsOf('26.93'), decimalsOf('26.9'), decimalsOf('17'), decimalsOf('26.900')]).toEqual([
      2, 1, 0, 1,
    ]);
  });
  it('Bắc Kạn end-2021: 21.946 / 81.494 = 26,9295… % is the published 26,93 %', () => {
    expect(compareFigures(derived(81_494, 21_946), entered(26.93)).differs).toBe(false);
    // 26,92 % is 0,0095 point away: more than half a unit of the second decimal.
    expect(compareFigures(derived(81_494, 21_946), entered(26.92)).differs).toBe(true);
  });
  it('the tolerance follows the published decimals, at its edges', () => {
    // 26,9 % covers 26,85–26,95: 26,94 is inside, 26,96 outside.
    expect(compareFigures(derived(10_000, 2_694), entered(26.9)).differs).toBe(false);
    expect(compareFigures(derived(10_000, 2_696), entered(26.9)).differs).toBe(true);
    // 27 % (no decimal) covers 26,5–27,5.
    expect(compareFigures(derived(10_000, 2_701), entered(27, '27')).differs).toBe(false);
    expect(compareFigures(derived(10_000, 2_760), entered(27, '27')).differs).toBe(true);
    // Three published decimals still compare at 0,005 point, the two decimals reports print.
    expect(compareFigures(derived(100_000, 26_935), entered(26.931)).differs).toBe(false);
    expect(compareFigures(derived(100_000, 26_937), entered(26.931)).differs).toBe(true);
  });
  it('counts differ at all: flagged, with the differences', () => {
    const d = compareFigures(derived(400, 120), {
      households: 400,
      poor: 121,
      nearPoor: null,
      poorRate: 30.25,
    });
    expect(d).toEqual({ poorRatePoints: -0.25, households: 0, poor: -1, nearPoor: null, differs: true });
  });
});
