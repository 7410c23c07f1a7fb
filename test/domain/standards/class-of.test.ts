// The compiled class (classOfRequest, compileClassOf) is the full assessment's class for every input, and
// fails with the same error where the assessment fails: it is the bulk path of the same rule, not a second rule.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess, classOfRequest, parseAssessment } from '../../../src/domain/standards/assessment.ts';
import { householdFacts } from '../../support/households.ts';
import { book } from '../../support/rules.ts';

const standards = [...book.standards.values()];
/** Every threshold of every standard, so that values at, just below and just above each line are drawn. */
const lines = standards.flatMap((s) => {
  const p = s.parameters;
  const byArea = [
    p.povertyLine,
    p.nearPoorLine,
    p.middleUpperLine,
    p.scoreA?.povertyCutoff,
    p.scoreA?.nearPoorCutoff,
  ];
  return byArea.flatMap((x) => (x ? [x.rural.value, x.urban.value] : []));
});
const value = fc.oneof(
  fc.integer({ min: 0, max: 6_000_000 }),
  fc.integer({ min: 0, max: 100 }),
  fc.tuple(fc.constantFrom(...lines), fc.integer({ min: -1, max: 1 })).map(([l, d]) => Math.max(0, l + d)),
);
const input = fc.constantFrom(...standards).chain((s) =>
  fc.record({
    standard: fc.constant(s.id),
    area: fc.constantFrom('rural', 'urban'),
    measure: fc.constantFrom('incomePerCapita', 'scoreA'),
    value,
    // Codes of the standard (with repeats) and, sometimes, a code of another standard or none at all.
    deficits: fc.array(
      fc.oneof(
        { weight: 20, arbitrary: fc.constantFrom(...s.indicators.map((i) => i.code)) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'not_an_indicator',
            ...standards.flatMap((o) => o.indicators.map((i) => i.code)),
          ),
        },
      ),
      { maxLength: 14 },
    ),
  }),
);

describe('classOfRequest', () => {
  it('gives the class assess gives, or the same error', () => {
    fc.assert(
      fc.property(input, (h) => {
        const raw = { standard: h.standard, area: h.area, [h.measure]: h.value, deficits: h.deficits };
        const req = parseAssessment(book, raw);
        if (!req.ok) return;
        const full = assess(book, req.value);
        const fast = classOfRequest(book, req.value);
        if (full.ok) expect(fast).toEqual({ ok: true, value: full.value.verdict.class });
        else expect(fast).toEqual(full);
      }),
      { numRuns: 5000 },
    );
  });

  it('covers every class and the errors (the property above is not vacuous)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(input, (h) => {
        const req = parseAssessment(book, {
          standard: h.standard,
          area: h.area,
          [h.measure]: h.value,
          deficits: h.deficits,
        });
        if (!req.ok) return;
        const fast = classOfRequest(book, req.value);
        seen.add(fast.ok ? fast.value : fast.error.code);
      }),
      { numRuns: 5000 },
    );
    expect([...seen].sort()).toEqual(
      expect.arrayContaining(['middle', 'near_poor', 'not_poor', 'poor', 'UNKNOWN_INDICATOR']),
    );
  });

  it('derives the deficits from facts as assess does', () => {
    for (const deficits of [
      [],
      ['water', 'sanitation'],
      ['water', 'sanitation', 'health_insurance', 'housing_area'],
    ]) {
      const facts = householdFacts(deficits, '2025-10-01');
      const raw = { standard: 'ND07_2021', area: 'rural', incomePerCapita: 1_000_000, ...facts };
      const req = parseAssessment(book, raw);
      expect(req.ok).toBe(true);
      if (!req.ok) continue;
      const full = assess(book, req.value);
      expect(full.ok).toBe(true);
      expect(classOfRequest(book, req.value)).toEqual(
        full.ok ? { ok: true, value: full.value.verdict.class } : full,
      );
    }
  });
});
