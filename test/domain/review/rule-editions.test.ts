// The dated rules of the review are only ever added to: published calendar editions, parameter sets and the
// parameter set each procedure version names keep their fingerprints (what judges a round: days, values,
// dates — citations, notes and `verified` flags may still be completed). A correction is a new edition or a
// new version, which the loader checks cannot reach back to rounds already under way.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { calendarAsOf, editionOn } from '../../../src/domain/review/calendar.ts';
import {
  addWorkingDays,
  isWorkingDay,
  workingDaysInclusive,
} from '../../../src/domain/review/working-days.ts';
import { RuleBookError } from '../../../src/domain/standards/build-rule-book.ts';
import { loadProcedure } from '../../../src/rules-loader/load-procedure.ts';
import { rulesCopyWith } from '../../support/rules.ts';

const procedure = loadProcedure();

/** JSON with sorted keys, leaving out what judges nothing (citations, notes, verified flags). */
function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  if (x && typeof x === 'object')
    return `{${Object.entries(x)
      .filter(([k]) => !['citation', 'note', 'verified'].includes(k))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  return JSON.stringify(x);
}
const fingerprint = (x: unknown) => createHash('sha256').update(canonical(x)).digest('hex').slice(0, 16);

/**
 * The published rules, as they must stay. A new edition, parameter set or version adds a line here; a line
 * that no longer matches means a published rule was edited in place, which would change rounds already
 * recognised under it: restore it and publish the correction as a new edition (or version) instead.
 */
const PUBLISHED = {
  calendarEditions: { 'holidays-2026-12-01': '5e1d8cb072882b23', 'holidays-2026-12-06': 'b3a222e91b406811' },
  parameterSets: { 'QD24_2021/1': 'fdcaab495d96a3ba' },
  versions: { QD24_2021: 'QD24_2021/1', QD24_2021_TWO_TIER: 'QD24_2021/1' },
};

describe('published review rules', () => {
  it('are never edited in place (fingerprints of what judges a round)', () => {
    const editions = Object.fromEntries(
      procedure.holidays!.editions.map((e) => [
        e.id,
        fingerprint({ publishedOn: e.publishedOn, validFrom: e.validFrom, years: e.years }),
      ]),
    );
    const sets = Object.fromEntries(procedure.parameters.map((s) => [s.id, fingerprint(s)]));
    const versions = Object.fromEntries(procedure.versions.map((v) => [v.id, v.parameters]));
    for (const [id, print] of Object.entries(PUBLISHED.calendarEditions))
      expect(editions[id], id).toBe(print);
    for (const [id, print] of Object.entries(PUBLISHED.parameterSets)) expect(sets[id], id).toBe(print);
    for (const [id, set] of Object.entries(PUBLISHED.versions)) expect(versions[id], id).toBe(set);
    // Every edition, set and version in the files is listed above (a new one is added there when published).
    expect(Object.keys(editions).sort()).toEqual(Object.keys(PUBLISHED.calendarEditions).sort());
    expect(Object.keys(sets).sort()).toEqual(Object.keys(PUBLISHED.parameterSets).sort());
    expect(Object.keys(versions).sort()).toEqual(Object.keys(PUBLISHED.versions).sort());
  });

  it('keep a citation and a verified flag on every value', () => {
    for (const set of procedure.parameters) {
      for (const step of Object.values(set.steps))
        for (const v of [step.workingDays, step.minWorkingDays].filter((x) => x !== undefined)) {
          expect(v.citation.length).toBeGreaterThan(0);
          expect(typeof v.verified).toBe('boolean');
        }
      expect(set.meeting.approvalShare).toMatchObject({ value: 0.5, verified: true });
      // ≥ 50 % of attendees: QĐ 24/2021, procedure text published in QĐ 406/QĐ-LĐTBXH (2023).
      expect(set.meeting.approvalShare.citation).toMatch(
        /Quyết định 24\/2021\/QĐ-TTg.*406\/QĐ-LĐTBXH năm 2023/,
      );
    }
    for (const e of procedure.holidays!.editions) {
      expect(e.citation).toMatch(/Bộ luật Lao động 2019, Điều 112/);
      expect(e.verified).toBe(false);
    }
  });
});

describe('calendar editions', () => {
  const withCorrection = (publishedOn: string, validFrom: string) =>
    rulesCopyWith('calendar/public-holidays.yaml', (text) =>
      [
        text.trimEnd(),
        '  - id: correction',
        `    publishedOn: ${publishedOn}`,
        `    validFrom: ${validFrom}`,
        '    citation: test correction',
        '    verified: true',
        '    years:',
        '      - year: 2026',
        '        daysOff: [2026-01-01, 2026-09-01, 2026-09-02]',
        '        workingWeekends: []',
        '      - year: 2027',
        '        daysOff: [2027-01-01]',
        '        workingWeekends: []',
        '',
      ].join('\n'),
    );

  it('a later edition replaces only the years it lists, for rounds starting from its validFrom', () => {
    const holidays = loadProcedure(withCorrection('2026-12-06', '2026-12-07')).holidays!;
    expect(editionOn(holidays, '2026-12-05')!.id).toBe('holidays-2026-12-01');
    expect(editionOn(holidays, '2026-12-06')!.id).toBe('holidays-2026-12-06');
    expect(editionOn(holidays, '2026-12-07')!.id).toBe('correction');
    expect(editionOn(holidays, '2021-07-14')).toBeUndefined();
    const before = calendarAsOf(holidays, 'holidays-2026-12-01')!;
    const after = calendarAsOf(holidays, 'correction')!;
    expect(before.daysOff.has('2026-09-01')).toBe(false);
    expect(after.daysOff.has('2026-09-01')).toBe(true);
    expect(after.daysOff.has('2026-02-16')).toBe(false); // 2026 replaced as a whole
    expect(after.daysOff.has('2025-09-02')).toBe(true); // 2025 carried over
    expect(after.sources.map((s) => [s.year, s.edition])).toEqual([
      [2024, 'holidays-2026-12-01'],
      [2025, 'holidays-2026-12-01'],
      [2026, 'correction'],
      [2027, 'correction'],
    ]);
    // Still unverified as a whole: 2024 and 2025 come from the unverified first edition.
    expect(after.verified).toBe(false);
  });

  it('refuses a correction that reaches back before its own publication', () => {
    expect(() => loadProcedure(withCorrection('2026-12-06', '2026-09-01'))).toThrow(RuleBookError);
    try {
      loadProcedure(withCorrection('2026-12-06', '2026-09-01'));
    } catch (e) {
      expect((e as RuleBookError).message).toContain(
        'validFrom 2026-09-01 is before publishedOn 2026-12-06; a later edition may not reach back',
      );
    }
  });
});

describe('the 2026 correction (edition holidays-2026-12-06, standards.md §7)', () => {
  const holidays = procedure.holidays!;
  const corrected = calendarAsOf(holidays, 'holidays-2026-12-06')!;
  const first = calendarAsOf(holidays, 'holidays-2026-12-01')!;

  it('gives 2/1, 31/8 and 1/9/2026 off and makes Saturdays 10/1 and 22/8/2026 working days (làm bù)', () => {
    for (const day of ['2026-01-02', '2026-08-31', '2026-09-01', '2026-09-02'])
      expect(isWorkingDay(day, corrected), day).toBe(false);
    for (const day of ['2026-01-10', '2026-08-22']) {
      expect(new Date(`${day}T00:00:00Z`).getUTCDay(), day).toBe(6);
      expect(isWorkingDay(day, corrected), day).toBe(true);
      expect(isWorkingDay(day, first), day).toBe(false);
    }
    // The other Saturdays stay days off; the other years come from the first edition.
    expect(isWorkingDay('2026-08-29', corrected)).toBe(false);
    expect(corrected.sources.map((s) => [s.year, s.edition])).toEqual([
      [2024, 'holidays-2026-12-01'],
      [2025, 'holidays-2026-12-01'],
      [2026, 'holidays-2026-12-06'],
    ]);
  });

  it('counts working days across the swaps', () => {
    // Monday 17 to Sunday 23 August 2026: five weekdays and the worked Saturday.
    expect(workingDaysInclusive('2026-08-17', '2026-08-23', corrected)).toBe(6);
    expect(workingDaysInclusive('2026-08-17', '2026-08-23', first)).toBe(5);
    expect(addWorkingDays('2026-08-21', 1, corrected)).toBe('2026-08-22');
    // Friday 28/8: then 31/8, 1/9 and 2/9 are off, so the next working day is Thursday 3/9.
    expect(addWorkingDays('2026-08-28', 1, corrected)).toBe('2026-09-03');
    expect(addWorkingDays('2026-08-28', 1, first)).toBe('2026-08-31');
    // New Year: Thursday 1/1 and Friday 2/1 off; Saturday 10/1 worked.
    expect(addWorkingDays('2025-12-31', 1, corrected)).toBe('2026-01-05');
    expect(workingDaysInclusive('2026-01-05', '2026-01-11', corrected)).toBe(6);
  });

  it('reaches only rounds starting from its publication: rounds under way keep the first edition', () => {
    expect(editionOn(holidays, '2026-09-01')!.id).toBe('holidays-2026-12-01');
    expect(editionOn(holidays, '2026-12-15')!.id).toBe('holidays-2026-12-06');
  });
});

describe('procedure versions and parameter sets', () => {
  it('refuses a version naming no parameter set, and a set missing a step', () => {
    const noSet = rulesCopyWith('review/procedure.yaml', (t) =>
      t.replace(
        'reportingChain: [commune, province]\n    parameters: QD24_2021/1',
        'reportingChain: [commune, province]\n    parameters: NOPE',
      ),
    );
    expect(() => loadProcedure(noSet)).toThrow(/QD24_2021_TWO_TIER: no parameter set NOPE/);
    const noStep = rulesCopyWith('review/procedure.yaml', (t) =>
      t.replace(/\n {6}reporting:\n {8}workingDays: [^\n]+/, ''),
    );
    expect(() => loadProcedure(noStep)).toThrow(/QD24_2021\/1: no working days for the step reporting/);
    const noMinimum = rulesCopyWith('review/procedure.yaml', (t) =>
      t.replace(/\n {8}minWorkingDays: [^\n]+/, ''),
    );
    expect(() => loadProcedure(noMinimum)).toThrow(/QD24_2021\/1: the posting step needs minWorkingDays/);
  });
});
