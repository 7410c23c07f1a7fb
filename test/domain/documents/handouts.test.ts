// The handout rules on their own: the certificate's validity and the school ages come from rules/documents
// (cited, not yet verified), ages are completed years on the decision day, dates print as dd/mm/yyyy.
import { describe, expect, it } from 'vitest';
import {
  ageOn,
  certificateValidUntil,
  certificateValiditySchema,
  isHead,
  relationWords,
  schoolAgesSchema,
  schoolLevelOf,
  vnDate,
  vnLongDate,
} from '../../../src/domain/documents/handouts.ts';
import { loadHandoutRules } from '../../../src/rules-loader/load-documents.ts';

const rules = loadHandoutRules();

describe('handout rules', () => {
  it('are read from rules/documents with a citation and an unverified flag', () => {
    expect(rules.validity.citation).toContain('24/2021/QĐ-TTg');
    expect(rules.validity.verified).toBe(false);
    expect(rules.schoolAges.citation).toContain('Luật Giáo dục 2019');
    expect(rules.schoolAges.verified).toBe(false);
  });

  it('makes a certificate valid until 31/12 of the decision’s year', () => {
    expect(certificateValidUntil(rules.validity, '2026-09-30')).toBe('2026-12-31');
    expect(certificateValidUntil(rules.validity, '2027-01-05')).toBe('2027-12-31');
    const nextYear = { ...rules.validity, validUntil: { yearsAfterDecision: 1, month: 6, day: 30 } };
    expect(certificateValidUntil(nextYear, '2026-09-30')).toBe('2027-06-30');
  });

  it('counts age in completed years on the day, and finds the school level', () => {
    expect(ageOn('2015-10-15', '2026-09-30')).toBe(10);
    expect(ageOn('2015-09-30', '2026-09-30')).toBe(11);
    expect(ageOn('2008-10-01', '2026-09-30')).toBe(17);
    expect(ageOn('2012-02-29', '2026-02-28')).toBe(13);
    expect(ageOn('2012-02-29', '2026-03-01')).toBe(14);
    expect(ageOn(null, '2026-09-30')).toBeNull();
    const level = (age: number | null) => schoolLevelOf(rules.schoolAges, age)?.code;
    expect([2, 3, 5, 6, 10, 11, 14, 15, 17, 18, null].map(level)).toEqual([
      undefined,
      'preschool',
      'preschool',
      'primary',
      'primary',
      'lower_secondary',
      'lower_secondary',
      'upper_secondary',
      'upper_secondary',
      undefined,
      undefined,
    ]);
  });

  it('refuses rule files with overlapping ages or an impossible day', () => {
    const overlap = {
      ...rules.schoolAges,
      levels: [
        { code: 'primary', name: { vi: 'a', en: 'a' }, fromAge: 6, toAge: 11 },
        { code: 'lower_secondary', name: { vi: 'b', en: 'b' }, fromAge: 11, toAge: 14 },
      ],
    };
    expect(schoolAgesSchema.safeParse(overlap).success).toBe(false);
    const noDay = { ...rules.validity, validUntil: { yearsAfterDecision: 0, month: 2, day: 30 } };
    expect(certificateValiditySchema.safeParse(noDay).success).toBe(false);
    expect(certificateValiditySchema.safeParse({ ...rules.validity, verified: undefined }).success).toBe(
      false,
    );
  });

  it('prints dates and relations as Vietnamese documents do', () => {
    expect(vnDate('2026-09-30')).toBe('30/09/2026');
    expect(vnDate(null)).toBe('');
    expect(vnLongDate('2026-09-03')).toBe('ngày 03 tháng 09 năm 2026');
    expect(relationWords('child')).toBe('Con');
    expect(relationWords('Vợ')).toBe('Vợ');
    expect(relationWords(null)).toBe('');
    expect(isHead({ fullName: 'A', relationToHead: 'Chủ hộ' }, 'B')).toBe(true);
    expect(isHead({ fullName: 'B', relationToHead: 'Con' }, 'B')).toBe(false);
    expect(isHead({ fullName: 'B', relationToHead: null }, 'B')).toBe(true);
  });
});
