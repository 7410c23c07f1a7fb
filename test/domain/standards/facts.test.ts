// Deficits derived from member and dwelling facts: each rule, working age, and agreement with the codes path.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOfWorkingAge, retirementAgeMonths, ageInYears } from '../../../src/domain/standards/age.ts';
import { deriveDeficits } from '../../../src/domain/standards/derive-deficits.ts';
import type { HouseholdFacts } from '../../../src/domain/standards/facts.ts';
import { householdFacts } from '../../support/households.ts';
import { book, verdictOf } from '../../support/rules.ts';

const SURVEY = { QD59_2015: '2019-10-01', ND07_2021: '2024-10-01', ND351_2025: '2027-10-01' } as const;

describe('age and working age on the survey date (Bộ luật Lao động 2019, Điều 169)', () => {
  it('counts completed years', () => {
    expect(ageInYears('2010-10-02', '2026-10-01')).toBe(15);
    expect(ageInYears('2010-10-01', '2026-10-01')).toBe(16);
  });
  it('retirement age rises 3 months a year for men from 60y3m in 2021 to 62', () => {
    const w = book.workingAge;
    expect(retirementAgeMonths(w, 'male', 2020)).toBe(60 * 12);
    expect(retirementAgeMonths(w, 'male', 2021)).toBe(60 * 12 + 3);
    expect(retirementAgeMonths(w, 'male', 2024)).toBe(61 * 12);
    expect(retirementAgeMonths(w, 'male', 2035)).toBe(62 * 12);
    expect(retirementAgeMonths(w, 'female', 2021)).toBe(55 * 12 + 4);
    expect(retirementAgeMonths(w, 'female', 2026)).toBe(57 * 12);
    expect(retirementAgeMonths(w, 'female', 2040)).toBe(60 * 12);
  });
  it('a woman of 56 is of working age in 2026 (57 then) but not in 2020 (55 then)', () => {
    expect(isOfWorkingAge(book.workingAge, 'female', '1970-01-15', '2026-10-01')).toBe(true);
    expect(isOfWorkingAge(book.workingAge, 'female', '1964-01-15', '2020-10-01')).toBe(false);
    expect(isOfWorkingAge(book.workingAge, 'male', '2011-10-02', '2026-10-01')).toBe(false);
    expect(isOfWorkingAge(book.workingAge, 'male', '2011-10-01', '2026-10-01')).toBe(true);
  });
});

describe('derivation rules (ND07_2021)', () => {
  const nd07 = book.standards.get('ND07_2021')!;
  const derive = (facts: HouseholdFacts) => {
    const r = deriveDeficits(nd07, facts, book.workingAge);
    if (!r.ok) throw new Error(r.missing.join(','));
    return r.deficits;
  };
  const base = householdFacts([], SURVEY.ND07_2021);

  it('a household with nothing lacking has no deficits', () => {
    expect(derive(base)).toEqual([]);
  });
  it('employment: an unemployed retired-age member does not count; a wage earner without contract does', () => {
    const old = { ...base.members[0]!, birthDate: '1955-01-01', employment: 'unemployed' as const };
    expect(derive({ ...base, members: [...base.members, old] })).toEqual([]);
    const noContract = { ...base.members[0]!, labourContract: false };
    expect(derive({ ...base, members: [noContract, ...base.members.slice(1)] })).toEqual(['employment']);
  });
  it('dependants: exactly half is not above 50 %', () => {
    const kid = {
      ...base.members[0]!,
      birthDate: '2018-01-01',
      inSchool: true,
      educationLevel: 'primary' as const,
    };
    const dwelling = { ...base.dwelling, floorArea: 200 };
    expect(derive({ ...base, dwelling, members: [...base.members, kid, kid, kid, kid] })).toEqual([]);
    expect(derive({ ...base, dwelling, members: [...base.members, kid, kid, kid, kid, kid] })).toEqual([
      'dependants',
    ]);
  });
  it('housing area: 8 m² per person is enough, just under is a deficit', () => {
    expect(derive({ ...base, dwelling: { ...base.dwelling, floorArea: 32 } })).toEqual([]);
    expect(derive({ ...base, dwelling: { ...base.dwelling, floorArea: 31.9 } })).toEqual(['housing_area']);
  });
  it('housing quality: one non-durable part is not enough, two are', () => {
    expect(derive({ ...base, dwelling: { ...base.dwelling, roof: 'non_durable' } })).toEqual([]);
    expect(
      derive({ ...base, dwelling: { ...base.dwelling, roof: 'non_durable', wall: 'non_durable' } }),
    ).toEqual(['housing_quality']);
  });
  it('information devices: a loudspeaker in the village is enough', () => {
    expect(
      derive({ ...base, dwelling: { ...base.dwelling, informationDevices: [], loudspeaker: true } }),
    ).toEqual([]);
    expect(
      derive({ ...base, dwelling: { ...base.dwelling, informationDevices: [], loudspeaker: false } }),
    ).toEqual(['information_devices']);
  });
  it('adult education: a 17-year-old with lower-secondary is fine, a 19-year-old is not; studying excuses', () => {
    const teen = (age: number, inSchool: boolean) => ({
      ...base.members[0]!,
      birthDate: `${2024 - age}-01-01`,
      educationLevel: 'lower_secondary' as const,
      inSchool,
    });
    expect(derive({ ...base, members: [...base.members, teen(17, false)] })).toEqual([]);
    expect(derive({ ...base, members: [...base.members, teen(19, false)] })).toEqual(['adult_education']);
    expect(derive({ ...base, members: [...base.members, teen(19, true)] })).toEqual([]);
  });
  it('reports every missing fact it needed, by path', () => {
    const { healthInsurance: _h, ...noInsurance } = base.members[1]!;
    const facts = {
      ...base,
      members: [base.members[0]!, noInsurance],
      dwelling: { ...base.dwelling, latrine: undefined },
    };
    const r = deriveDeficits(nd07, facts, book.workingAge);
    expect(r).toEqual({ ok: false, missing: ['dwelling.latrine', 'members[1].healthInsurance'] });
  });
});

describe('the facts path agrees with the codes path on generated households', () => {
  for (const standard of ['QD59_2015', 'ND07_2021', 'ND351_2025'] as const) {
    it(standard, () => {
      const s = book.standards.get(standard)!;
      const arb = fc.record({
        deficits: fc.subarray(s.indicators.map((i) => i.code)),
        area: fc.constantFrom('rural', 'urban'),
        income: fc.integer({ min: 0, max: 5_000_000 }),
      });
      fc.assert(
        fc.property(arb, ({ deficits, area, income }) => {
          const facts = householdFacts(deficits, SURVEY[standard]);
          const derived = deriveDeficits(s, facts, book.workingAge);
          expect(derived).toEqual({
            ok: true,
            deficits: s.indicators.map((i) => i.code).filter((c) => deficits.includes(c)),
          });
          const byFacts = verdictOf({ standard, area, incomePerCapita: income, ...facts });
          const byCodes = verdictOf({ standard, area, incomePerCapita: income, deficits });
          expect(byFacts.verdict.class).toBe(byCodes.verdict.class);
          expect(byFacts.verdict.deficits).toEqual(byCodes.verdict.deficits);
          expect(byFacts.deficitsFrom).toBe('facts');
        }),
        { numRuns: 400 },
      );
    });
  }
});
