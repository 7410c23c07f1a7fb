// Reading ODK Central, Briefcase and KoBo exports of the forms (pure): group paths with "-" or "/", the
// submission id from meta-instanceID, KEY or _uuid, rejected submissions skipped, and every bad cell an
// error naming its row and its column as headed in the file.
import { describe, expect, it } from 'vitest';
import { fieldOfHeader, formOfHeader, parseSubmissions } from '../../../src/domain/forms/submissions.ts';
import type { RawCell } from '../../../src/domain/imports/cells.ts';
import { book } from '../../support/rules.ts';

const nd07 = book.standards.get('ND07_2021')!;
const nd351 = book.standards.get('ND351_2025')!;
const H = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const today = '2026-11-22';

/** A file as rows: the header, then the rows, numbered from 1 as a spreadsheet shows them. */
const file = (header: string[], ...rows: RawCell[][]) =>
  [header, ...rows].map((cells, i) => ({ number: i + 1, cells }));

const bHeader = (sep: string, standard = nd07) => [
  `grp_household${sep}household_id`,
  `grp_household${sep}commune_code`,
  `grp_household${sep}survey_date`,
  `grp_b1${sep}income_per_capita`,
  ...standard.indicators.map((i) => `grp_${i.dimension.code}${sep}${i.code}`),
  `meta${sep}instanceID`,
];
const answers = (standard = nd07, yes: string[] = []) =>
  standard.indicators.map((i) => (yes.includes(i.code) ? 'yes' : 'no'));

describe('the header of an export', () => {
  it('names a question by the last step of its group path, "-" (Central) or "/" (KoBo)', () => {
    expect(fieldOfHeader('grp_water_sanitation-water')).toBe('water');
    expect(fieldOfHeader('grp_water_sanitation/water')).toBe('water');
    expect(fieldOfHeader('grp_water_sanitation.water')).toBe('water');
    expect(fieldOfHeader('meta-instanceID')).toBe('instanceID');
    expect(fieldOfHeader('_uuid')).toBe('_uuid');
    expect(formOfHeader(['grp_household-household_id', 'grp_household-passed'])).toBe('A');
    expect(formOfHeader(bHeader('-'))).toBe('B');
  });

  it('refuses a file without a column of the standard’s form, naming each missing one', () => {
    // An ND351 export read for an ND07 round: ND07's telecom and information_devices are missing.
    const r = parseSubmissions(
      nd07,
      file(bHeader('-', nd351), [H, '01864', '2026-10-20', '1000', ...answers(nd351)]),
      {
        today,
        sheet: null,
      },
    );
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [1, 'telecom'],
      [1, 'information_devices'],
    ]);
    expect(r.errors[0]!.message.en).toContain('ND07_2021');
  });

  it('requires a submission id column', () => {
    const header = bHeader('-').slice(0, -1);
    const r = parseSubmissions(nd07, file(header), { today, sheet: null });
    expect(r.errors.map((e) => e.column)).toEqual(['meta-instanceID']);
  });
});

describe('the rows of an export', () => {
  it('reads Phiếu B: income, the deficits answered yes, the id without "uuid:", dates as ODK writes them', () => {
    const r = parseSubmissions(
      nd07,
      file(
        bHeader('/'),
        [
          H,
          '01864',
          '2026-10-20T00:00:00.000+07:00',
          '1200000',
          ...answers(nd07, ['water', 'telecom']),
          'uuid:abc',
        ],
        [H.toUpperCase(), '01864', { date: '2026-10-21' }, 900000.5, ...answers(nd07), 'uuid:def'],
      ),
      { today, sheet: 'Sheet1' },
    );
    expect(r.errors).toEqual([]);
    expect(r.submissions[0]).toEqual({
      row: 2,
      instanceId: 'abc',
      householdId: H,
      communeCode: '01864',
      villageName: null,
      date: '2026-10-20',
      form: 'B',
      measure: { kind: 'income', incomePerCapita: 1_200_000 },
      deficits: ['water', 'telecom'],
    });
    // A date cell of a spreadsheet, an id in capitals, a decimal income.
    expect(r.submissions[1]).toMatchObject({
      row: 3,
      instanceId: 'def',
      householdId: H,
      date: '2026-10-21',
      measure: { kind: 'income', incomePerCapita: 900_000.5 },
      deficits: [],
    });
  });

  it('names the row and column of every bad cell, and a duplicate submission id', () => {
    const r = parseSubmissions(
      nd07,
      file(
        bHeader('-'),
        [H, '01864', '2026-12-01', '1200000', ...answers(), 'uuid:a'],
        ['not-an-id', '1864', '2026-10-20', '-5', ...answers(), 'uuid:b'],
        [
          H,
          '01864',
          '2026-10-20',
          '',
          ...answers().map((a, i) => (i === 0 ? 'có' : i === 1 ? '' : a)),
          'uuid:a',
        ],
      ),
      { today, sheet: null },
    );
    expect(r.submissions).toEqual([]);
    expect(r.errors.map((e) => [e.row, e.column, e.message.en])).toEqual([
      [2, 'grp_household-survey_date', 'The date 2026-12-01 is in the future'],
      [3, 'grp_household-household_id', 'Invalid household id "not-an-id" (36 characters, xxxxxxxx-xxxx-…)'],
      [3, 'grp_household-commune_code', 'A commune code has five digits'],
      [3, 'grp_b1-income_per_capita', 'A number from 0 to 1000000000 is expected'],
      [4, 'meta-instanceID', 'Submission a is already on row 2 (a duplicate)'],
      [4, 'grp_b1-income_per_capita', 'The income per person is missing'],
      [4, 'grp_employment-dependants', 'Not answered (yes/no)'],
    ]);
    expect(r.errors.every((e) => e.message.vi.length > 0)).toBe(true);
  });

  it('takes score A where the standard has cut-offs, and refuses it where it has none', () => {
    const header = [...bHeader('-'), 'grp_b1-measure', 'grp_b1-score_a'];
    const ok = parseSubmissions(
      nd07,
      file(header, [H, '01864', '2026-10-20', '', ...answers(), 'k', 'score_a', '130']),
      {
        today,
        sheet: null,
      },
    );
    expect(ok.submissions[0]).toMatchObject({ measure: { kind: 'scoreA', scoreA: 130 } });
    const h351 = [...bHeader('-', nd351), 'grp_b1-score_a'];
    const bad = parseSubmissions(
      nd351,
      file(h351, [H, '01864', '2026-10-20', '', ...answers(nd351), 'k', '130']),
      {
        today,
        sheet: null,
      },
    );
    expect(bad.errors.map((e) => [e.row, e.column])).toEqual([[2, 'grp_b1-score_a']]);
  });

  it('reads Phiếu A from a Briefcase export (KEY), skipping what Central rejected or KoBo did not approve', () => {
    const header = [
      'grp_household-household_id',
      'grp_household-commune_code',
      'grp_household-survey_date',
      'grp_household-passed',
      'KEY',
      'ReviewState',
    ];
    const r = parseSubmissions(
      nd07,
      file(
        header,
        [H, '01864', '2026-10-20', 'no', 'uuid:1', 'approved'],
        [H, '01864', '2026-10-20', 'yes', 'uuid:2', 'rejected'],
        [H, '01864', '2026-10-20', 'yes', 'uuid:3', 'Not Approved'],
        [null, null, null, null, null, null],
      ),
      { today, sheet: null },
    );
    expect(r.form).toBe('A');
    expect(r.skipped).toBe(2);
    expect(r.submissions).toEqual([
      {
        row: 2,
        instanceId: '1',
        householdId: H,
        communeCode: '01864',
        villageName: null,
        date: '2026-10-20',
        form: 'A',
        passed: false,
      },
    ]);
  });
});
