// Properties the law implies for every standard: monotone in income and deficits, order-free, repeat-free.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess, parseAssessment } from '../../../src/domain/standards/assessment.ts';
import { CLASS_ORDER, type HouseholdClass } from '../../../src/domain/standards/types.ts';
import { upliftFor } from '../../../src/domain/standards/uplift.ts';
import { book, classOf, verdictOf } from '../../support/rules.ts';

const rank = (c: HouseholdClass) => CLASS_ORDER.indexOf(c);
const standards = [...book.standards.values()];

const household = fc.constantFrom(...standards).chain((s) =>
  fc.record({
    standard: fc.constant(s.id),
    area: fc.constantFrom('rural', 'urban'),
    incomePerCapita: fc.integer({ min: 0, max: 6_000_000 }),
    deficits: fc.subarray(s.indicators.map((i) => i.code)),
  }),
);

describe('classification properties (fast-check)', () => {
  it('more income never makes a household poorer', () => {
    fc.assert(
      fc.property(household, fc.integer({ min: 0, max: 3_000_000 }), (h, more) => {
        const richer = { ...h, incomePerCapita: h.incomePerCapita + more };
        expect(rank(classOf(richer))).toBeGreaterThanOrEqual(rank(classOf(h)));
      }),
      { numRuns: 2000 },
    );
  });

  it('more deficits never make a household richer', () => {
    fc.assert(
      fc.property(household, (h) => {
        const all = book.standards.get(h.standard)!.indicators.map((i) => i.code);
        const extra = all.filter((c) => !h.deficits.includes(c)).slice(0, 2);
        expect(rank(classOf({ ...h, deficits: [...h.deficits, ...extra] }))).toBeLessThanOrEqual(
          rank(classOf(h)),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('the order of deficits never matters', () => {
    fc.assert(
      fc.property(household, fc.integer(), (h, seed) => {
        const shuffled = [...h.deficits].sort(
          (a, b) => ((a.length * seed) % 7) - ((b.length * seed) % 7) || b.localeCompare(a),
        );
        const a = verdictOf(h);
        const b = verdictOf({ ...h, deficits: shuffled });
        expect(b.verdict.class).toBe(a.verdict.class);
        expect(b.verdict.deficits).toEqual(a.verdict.deficits);
        expect(b.explanation).toEqual(a.explanation);
      }),
      { numRuns: 1000 },
    );
  });

  it('a repeated code counts once', () => {
    fc.assert(
      fc.property(household, (h) => {
        const repeated = [...h.deficits, ...h.deficits];
        const a = verdictOf({ ...h, deficits: repeated });
        expect(a.verdict.deficitCount).toBe(new Set(h.deficits).size);
        expect(a.verdict.class).toBe(classOf(h));
      }),
      { numRuns: 500 },
    );
  });

  it('middle only when income in đồng is known: a score A never gives "middle"', () => {
    const withScore = fc.record({
      standard: fc.constantFrom('ND07_2021', 'QD59_2015'),
      area: fc.constantFrom('rural', 'urban'),
      scoreA: fc.integer({ min: 0, max: 400 }),
      deficits: fc.subarray(['water', 'sanitation', 'housing_area', 'housing_quality']),
    });
    fc.assert(
      fc.property(withScore, (h) => {
        expect(classOf(h)).not.toBe('middle');
      }),
      { numRuns: 1000 },
    );
  });

  it('the uplift really moves the household up a class, and one unit less does not', () => {
    fc.assert(
      fc.property(household, (h) => {
        const a = verdictOf(h);
        const standard = book.standards.get(h.standard)!;
        const u = upliftFor(standard, a.verdict);
        if (a.verdict.class !== 'poor' && a.verdict.class !== 'near_poor') {
          expect(u).toBeUndefined();
          return;
        }
        expect(u?.byMeasure).toBeDefined();
        const up = u!.byMeasure!;
        expect(rank(classOf({ ...h, incomePerCapita: h.incomePerCapita + up.increase }))).toBeGreaterThan(
          rank(a.verdict.class),
        );
        if (up.increase > 0) {
          expect(classOf({ ...h, incomePerCapita: h.incomePerCapita + up.increase - 1 })).toBe(
            a.verdict.class,
          );
        }
        if (u!.byDeficits) {
          const n = u!.byDeficits.resolve;
          const fewer = a.verdict.deficits.slice(n);
          expect(rank(classOf({ ...h, deficits: fewer }))).toBeGreaterThan(rank(a.verdict.class));
          expect(classOf({ ...h, deficits: a.verdict.deficits.slice(n - 1) })).toBe(a.verdict.class);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('parsing and assessing never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        const req = parseAssessment(book, raw, 'ND07_2021');
        if (req.ok) assess(book, req.value);
      }),
      { numRuns: 2000 },
    );
  });
});
