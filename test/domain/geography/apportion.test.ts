// Largest-remainder apportionment: parts always sum to the total and stay within a unit of the quota.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion } from '../../../src/domain/geography/apportion.ts';

describe('apportion (largest remainder)', () => {
  it('splits by the exact quota and gives leftovers to the largest remainders', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(10, [0.1, 0.2, 0.7])).toEqual([1, 2, 7]); // exact decimals: no 0.1 + 0.2 drift
    expect(apportion(7, [1, 3])).toEqual([2, 5]);
    expect(apportion(0, [1, 2])).toEqual([0, 0]);
    expect(apportion(5, [0, 1])).toEqual([0, 5]);
    expect(apportion(3, [1e-7, 2e-7])).toEqual([1, 2]);
  });

  it('rejects what it cannot split', () => {
    expect(() => apportion(5, [0, 0])).toThrow(RangeError);
    expect(() => apportion(1.5, [1])).toThrow(RangeError);
    expect(() => apportion(5, [-1, 2])).toThrow(RangeError);
    expect(() => apportion(5, [Number.NaN])).toThrow(RangeError);
  });

  it('parts sum to the total, each within one of its quota, zero weights get nothing', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 10_000_000 }),
        fc.array(
          fc.oneof(
            fc.nat({ max: 1000 }), // Subnormal weights (e.g. 7e-323) print as decimals their binary value is not: out of scope.
            fc.double({ min: 1e-9, max: 1000, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        (total, weights) => {
          fc.pre(weights.some((w) => w > 0));
          const parts = apportion(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          parts.forEach((part, i) => {
            const quota = (total * (weights[i] ?? 0)) / sum;
            expect(Number.isInteger(part)).toBe(true);
            expect(Math.abs(part - quota)).toBeLessThan(1 + 1e-6);
            if (weights[i] === 0) expect(part).toBe(0);
          });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
