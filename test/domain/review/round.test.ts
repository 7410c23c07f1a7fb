// The review round's state machine on every path: the happy path, the < 50 % loop, complaints with and
// without a changed result, reopening, and each out-of-order step refused with its reason.
import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  applyEventTo,
  newRound,
  replay,
  type RoundEvent,
  type RoundState,
} from '../../../src/domain/review/round.ts';
import { publicHolidaysSchema } from '../../../src/domain/review/calendar.ts';
import {
  addWorkingDays,
  isWorkingDay,
  workingDaysInclusive,
} from '../../../src/domain/review/working-days.ts';
import { procedureVersionOn, rulesOfRound, type RoundRules } from '../../../src/domain/review/procedure.ts';
import { loadProcedure } from '../../../src/rules-loader/load-procedure.ts';

const procedure = loadProcedure();
/** The rules a round starting on `startDate` follows (its version, parameters and calendar edition). */
function rulesOn(startDate: string): RoundRules {
  const version = procedureVersionOn(procedure, startDate)!;
  const r = rulesOfRound(procedure, { procedureVersion: version.id, startDate });
  if (!r.ok) throw new Error(r.message.en);
  return r.rules;
}
const rules = rulesOn('2026-09-01');
const V = 'village-1';
const [A, B, C] = ['hh-a', 'hh-b', 'hh-c'];

/** Listing of three households (two current, one applicant) up to the surveys, in the month `ym`. */
function listingUpToSurveys(ym: string, applicationDate: string): RoundEvent[] {
  return [
    { type: 'list', date: `${ym}-01`, householdId: A, villageId: V, reason: 'current_poor' },
    { type: 'list', date: `${ym}-01`, householdId: B, villageId: V, reason: 'current_near_poor' },
    { type: 'list', date: `${ym}-02`, householdId: C, villageId: V, reason: 'applicant', applicationDate },
    { type: 'close_listing', date: `${ym}-04` },
    { type: 'screen', date: `${ym}-07`, householdId: C, passed: true },
    { type: 'survey', date: `${ym}-10`, householdId: A, class: 'poor' },
    { type: 'survey', date: `${ym}-10`, householdId: B, class: 'near_poor' },
    { type: 'survey', date: `${ym}-11`, householdId: C, class: 'poor' },
  ];
}
const start = listingUpToSurveys('2026-09', '2026-08-20');

function run(events: RoundEvent[]): RoundState {
  const r = replay('2026-09-01', events, rules);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message.en}`);
  return r.state;
}

function refuse(events: RoundEvent[], next: RoundEvent) {
  const r = applyEvent(run(events), next, rules);
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
}

describe('working days', () => {
  it('skip weekends: a posting Friday to Tuesday lasts 3 working days', () => {
    expect(workingDaysInclusive('2026-09-18', '2026-09-22')).toBe(3);
    expect(addWorkingDays('2026-09-18', 2)).toBe('2026-09-22');
    expect(addWorkingDays('2026-09-19', 0)).toBe('2026-09-21');
  });

  it('skip the public holidays of the calendar and count the weekend days worked in exchange', () => {
    const cal = rules.calendar;
    expect(cal.verified).toBe(false);
    expect(cal.citation).toMatch(/Bộ luật Lao động 2019, Điều 112/);
    // Quốc khánh 2025: Monday 1/9 and Tuesday 2/9 off; Friday 29/8 to Wednesday 3/9 is 2 working days.
    expect(workingDaysInclusive('2025-08-29', '2025-09-03')).toBe(4);
    expect(workingDaysInclusive('2025-08-29', '2025-09-03', cal)).toBe(2);
    expect(addWorkingDays('2025-08-29', 1, cal)).toBe('2025-09-03');
    expect(addWorkingDays('2025-09-01', 0, cal)).toBe('2025-09-03');
    // 30/4–1/5/2025 with Friday 2/5 off in exchange for Saturday 26/4, which counts.
    expect(isWorkingDay('2025-04-26', cal)).toBe(true);
    expect(isWorkingDay('2025-05-02', cal)).toBe(false);
    // Fri 25/4, Sat 26/4 (worked), Mon 28, Tue 29, Mon 5/5: five; Monday to Friday alone would give seven.
    expect(workingDaysInclusive('2025-04-25', '2025-05-05', cal)).toBe(5);
    expect(workingDaysInclusive('2025-04-25', '2025-05-05')).toBe(7);
    // Without the calendar, Monday to Friday only.
    expect(isWorkingDay('2025-09-02')).toBe(true);
  });

  it('rejects a calendar that lists a swapped working day on a weekday, or a day of another year', () => {
    const bad = publicHolidaysSchema.safeParse({
      citation: 'x',
      verified: false,
      editions: [
        {
          id: 'e1',
          publishedOn: '2025-01-01',
          validFrom: '2025-01-01',
          citation: 'x',
          verified: false,
          years: [{ year: 2025, daysOff: ['2024-12-31'], workingWeekends: ['2025-04-28'] }],
        },
      ],
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.message)).toEqual([
      '2024-12-31 is not in 2025',
      '2025-04-28 is not a Saturday or Sunday',
    ]);
  });
});

describe('the review round', () => {
  it('runs the whole periodic path to recognition and reporting', () => {
    const s = run([
      ...start,
      {
        type: 'meeting',
        date: '2026-09-15',
        villageId: V,
        attendees: 40,
        votes: [
          { householdId: A, agree: 30 },
          { householdId: B, agree: 20 },
          { householdId: C, agree: 25 },
        ],
      },
      { type: 'posting_start', date: '2026-09-16', villageId: V },
      { type: 'posting_end', date: '2026-09-18', villageId: V },
      { type: 'recognise', date: '2026-09-25', decisionNumber: '125/QĐ-UBND' },
      { type: 'report', date: '2026-09-28' },
    ]);
    expect(s.status).toBe('reported');
    expect(s.report).toEqual({ date: '2026-09-28', to: 'province' });
    const viaDistrict = applyEvent(
      { ...s, status: 'recognised', report: null },
      { type: 'report', date: '2024-12-20', to: 'district' },
      rules,
    );
    expect(viaDistrict.ok && viaDistrict.state.report).toEqual({ date: '2024-12-20', to: 'district' });
    expect(Object.values(s.households).map((h) => [h.householdId, h.finalClass])).toEqual([
      [A, 'poor'],
      [B, 'near_poor'],
      [C, 'poor'],
    ]);
    // Exactly 50 % stands ("at least 50 %").
    expect(s.households[B]!.meetings[0]).toMatchObject({ share: 0.5, stands: true });
  });

  it('under 50 % sends the household back to survey, and the meeting is held again', () => {
    const events: RoundEvent[] = [
      ...start,
      {
        type: 'meeting',
        date: '2026-09-15',
        villageId: V,
        attendees: 40,
        votes: [
          { householdId: A, agree: 30 },
          { householdId: B, agree: 19 },
          { householdId: C, agree: 30 },
        ],
      },
    ];
    const s = run(events);
    expect(s.households[B]!.stage).toBe('resurvey');
    expect(refuse(events, { type: 'posting_start', date: '2026-09-16', villageId: V }).code).toBe(
      'OUT_OF_ORDER',
    );
    expect(
      refuse(events, {
        type: 'meeting',
        date: '2026-09-16',
        villageId: V,
        attendees: 30,
        votes: [{ householdId: B, agree: 20 }],
      }).code,
    ).toBe('OUT_OF_ORDER');
    const again = run([
      ...events,
      { type: 'survey', date: '2026-09-17', householdId: B, class: 'poor' },
      {
        type: 'meeting',
        date: '2026-09-18',
        villageId: V,
        attendees: 30,
        votes: [{ householdId: B, agree: 20 }],
      },
      { type: 'posting_start', date: '2026-09-21', villageId: V },
    ]);
    expect(again.households[B]).toMatchObject({ stage: 'agreed', finalClass: 'poor' });
    expect(again.households[B]!.meetings.map((m) => m.stands)).toEqual([false, true]);
  });

  const posted: RoundEvent[] = [
    ...start,
    {
      type: 'meeting',
      date: '2026-09-15',
      villageId: V,
      attendees: 40,
      votes: [
        { householdId: A, agree: 30 },
        { householdId: B, agree: 30 },
        { householdId: C, agree: 30 },
      ],
    },
    { type: 'posting_start', date: '2026-09-16', villageId: V },
    { type: 'posting_end', date: '2026-09-18', villageId: V },
  ];

  it('replaying in place reaches the state of applying each event to a copy, and a copy leaves its input as it was', () => {
    const whole: RoundEvent[] = [
      ...posted,
      { type: 'complaint', date: '2026-09-19', householdId: C, content: 'Hộ có xe máy mới' },
      { type: 'recheck', date: '2026-09-22', householdId: C, class: 'poor', outcome: 'upheld' },
      { type: 'recognise', date: '2026-09-25', decisionNumber: '130/QĐ-UBND' },
    ];
    let copied = newRound('2026-09-01', rules);
    const seen: string[] = [];
    for (const e of whole) {
      const before = JSON.stringify(copied);
      const r = applyEvent(copied, e, rules);
      if (!r.ok) throw new Error(r.error.code);
      expect(JSON.stringify(copied)).toBe(before);
      copied = r.state;
      seen.push(JSON.stringify(copied));
    }
    expect(run(whole)).toEqual(copied);
    // A refused event leaves the state it was given unchanged too.
    const recognised = run(whole);
    const snapshot = JSON.stringify(recognised);
    expect(
      applyEvent(recognised, { type: 'survey', date: '2026-09-26', householdId: A, class: 'poor' }, rules).ok,
    ).toBe(false);
    expect(JSON.stringify(recognised)).toBe(snapshot);
    expect(new Set(seen).size).toBe(whole.length);
  });

  it('a screen or a survey refused leaves the state it was applied to in place unchanged (the ODK import relies on it)', () => {
    const listed = run(start.slice(0, 4));
    const refusals: RoundEvent[] = [
      { type: 'survey', date: '2026-09-10', householdId: 'hh-none', class: 'poor' },
      { type: 'survey', date: '2026-09-10', householdId: C, class: 'poor' },
      { type: 'screen', date: '2026-09-07', householdId: A, passed: true },
      { type: 'screen', date: '2026-09-07', householdId: 'hh-none', passed: false },
    ];
    for (const e of refusals) {
      const snapshot = JSON.stringify(listed);
      expect(applyEventTo(listed, e, rules).ok, JSON.stringify(e)).toBe(false);
      expect(JSON.stringify(listed)).toBe(snapshot);
    }
    const open = run(start.slice(0, 3));
    const snapshot = JSON.stringify(open);
    expect(
      applyEventTo(open, { type: 'survey', date: '2026-09-10', householdId: A, class: 'poor' }, rules).ok,
    ).toBe(false);
    expect(JSON.stringify(open)).toBe(snapshot);
  });

  it('a complaint upheld by the re-check needs no new posting', () => {
    const s = run([
      ...posted,
      { type: 'complaint', date: '2026-09-19', householdId: C, content: 'Hộ có xe máy mới' },
      { type: 'recheck', date: '2026-09-22', householdId: C, class: 'poor', outcome: 'upheld' },
      { type: 'recognise', date: '2026-09-25', decisionNumber: '130/QĐ-UBND' },
    ]);
    expect(s.households[C]).toMatchObject({ stage: 'rechecked', finalClass: 'poor' });
  });

  it('a complaint that changes the result must be posted again before recognition', () => {
    const changed: RoundEvent[] = [
      ...posted,
      { type: 'complaint', date: '2026-09-19', householdId: C, content: 'Thu nhập thực tế cao hơn' },
      { type: 'recheck', date: '2026-09-22', householdId: C, class: 'near_poor', outcome: 'changed' },
    ];
    const error = refuse(changed, { type: 'recognise', date: '2026-09-25', decisionNumber: '130/QĐ-UBND' });
    expect(error.code).toBe('NOT_READY');
    expect(error.message.vi).toContain('chưa niêm yết xong');
    const s = run([
      ...changed,
      { type: 'posting_start', date: '2026-09-23', villageId: V },
      { type: 'posting_end', date: '2026-09-25', villageId: V },
      { type: 'recognise', date: '2026-09-28', decisionNumber: '131/QĐ-UBND' },
    ]);
    expect(s.households[C]!.finalClass).toBe('near_poor');
    expect(s.villages[V]!.postings).toHaveLength(2);
  });

  it('an unresolved complaint blocks recognition', () => {
    const e = refuse([...posted, { type: 'complaint', date: '2026-09-19', householdId: A, content: '…' }], {
      type: 'recognise',
      date: '2026-09-25',
      decisionNumber: '1/QĐ-UBND',
    });
    expect(e.message.en).toContain('complaint(s) not re-checked');
  });

  it('freezes on recognition; reopening needs a reason', () => {
    const recognised = [
      ...posted,
      { type: 'recognise', date: '2026-09-25', decisionNumber: '2/QĐ-UBND' } as RoundEvent,
    ];
    expect(
      refuse(recognised, { type: 'complaint', date: '2026-09-26', householdId: A, content: 'x' }).code,
    ).toBe('ROUND_FROZEN');
    expect(refuse(recognised, { type: 'reopen', date: '2026-09-26', reason: '' }).code).toBe(
      'MISSING_REASON',
    );
    const reopened = run([
      ...recognised,
      { type: 'reopen', date: '2026-09-26', reason: 'Sai sót trong quyết định' },
    ]);
    expect(reopened.status).toBe('open');
    expect(reopened.reopenings).toEqual([{ date: '2026-09-26', reason: 'Sai sót trong quyết định' }]);
  });

  it.each([
    [
      'survey before the listing is closed',
      start.slice(0, 3),
      { type: 'survey', date: '2026-09-05', householdId: A, class: 'poor' },
      'OUT_OF_ORDER',
    ],
    [
      'form B for an applicant before form A',
      start.slice(0, 4),
      { type: 'survey', date: '2026-09-05', householdId: C, class: 'poor' },
      'OUT_OF_ORDER',
    ],
    [
      'form A for a current poor household',
      start.slice(0, 4),
      { type: 'screen', date: '2026-09-05', householdId: A, passed: true },
      'OUT_OF_ORDER',
    ],
    [
      'a household listed twice',
      start.slice(0, 2),
      { type: 'list', date: '2026-09-05', householdId: A, villageId: V, reason: 'current_poor' },
      'ALREADY_LISTED',
    ],
    [
      'a meeting with more votes than attendees',
      start,
      {
        type: 'meeting',
        date: '2026-09-15',
        villageId: V,
        attendees: 10,
        votes: [{ householdId: A, agree: 11 }],
      },
      'VOTES_EXCEED_ATTENDEES',
    ],
    [
      'a meeting with nobody',
      start,
      {
        type: 'meeting',
        date: '2026-09-15',
        villageId: V,
        attendees: 0,
        votes: [{ householdId: A, agree: 0 }],
      },
      'NO_ATTENDEES',
    ],
    [
      'a meeting on a household not surveyed',
      start.slice(0, 5),
      {
        type: 'meeting',
        date: '2026-09-15',
        villageId: V,
        attendees: 10,
        votes: [{ householdId: A, agree: 6 }],
      },
      'OUT_OF_ORDER',
    ],
    [
      'posting before the meeting',
      start,
      { type: 'posting_start', date: '2026-09-15', villageId: V },
      'OUT_OF_ORDER',
    ],
    [
      'a complaint before posting',
      start,
      { type: 'complaint', date: '2026-09-15', householdId: A, content: 'x' },
      'OUT_OF_ORDER',
    ],
    [
      'a recheck without a complaint',
      start,
      { type: 'recheck', date: '2026-09-15', householdId: A, class: 'poor', outcome: 'upheld' },
      'OUT_OF_ORDER',
    ],
    ['reporting before recognition', start, { type: 'report', date: '2026-09-15' }, 'ROUND_NOT_RECOGNISED'],
    [
      'recognition without a decision number',
      start,
      { type: 'recognise', date: '2026-09-15', decisionNumber: ' ' },
      'MISSING_DECISION_NUMBER',
    ],
    [
      'recognition before the village meeting',
      start,
      { type: 'recognise', date: '2026-09-15', decisionNumber: '3/QĐ-UBND' },
      'NOT_READY',
    ],
  ] as [string, RoundEvent[], RoundEvent, string][])('refuses %s', (_name, before, next, code) => {
    const e = refuse(before, next);
    expect(e.code).toBe(code);
    expect(e.message.vi.length).toBeGreaterThan(5);
    expect(e.message.en.length).toBeGreaterThan(5);
  });

  it('refuses a posting shorter than the parameter (3 working days)', () => {
    const met: RoundEvent[] = [
      ...start,
      {
        type: 'meeting',
        date: '2026-09-15',
        villageId: V,
        attendees: 40,
        votes: [A, B, C].map((householdId) => ({ householdId, agree: 30 })),
      },
      { type: 'posting_start', date: '2026-09-18', villageId: V },
    ];
    // Friday to Monday is 2 working days.
    const e = refuse(met, { type: 'posting_end', date: '2026-09-21', villageId: V });
    expect(e.code).toBe('POSTING_TOO_SHORT');
    expect(e.message.vi).toBe('Niêm yết 2 ngày làm việc, ít hơn 3 ngày theo quy định');
  });

  it('counts a posting over Quốc khánh without the days off (the calendar in rules/)', () => {
    const early = listingUpToSurveys('2025-08', '2025-07-20');
    const met: RoundEvent[] = [
      ...early,
      {
        type: 'meeting',
        date: '2025-08-27',
        villageId: V,
        attendees: 40,
        votes: [A, B, C].map((householdId) => ({ householdId, agree: 30 })),
      },
      { type: 'posting_start', date: '2025-08-29', villageId: V },
    ];
    // Friday 29/8 to Wednesday 3/9/2025: Monday 1/9 and Tuesday 2/9 are Quốc khánh, so 2 working days.
    const under = rulesOn('2025-08-01');
    const state = replay('2025-08-01', met, under);
    if (!state.ok) throw new Error(state.error.message.en);
    const r = applyEvent(state.state, { type: 'posting_end', date: '2025-09-03', villageId: V }, under);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message.vi).toBe('Niêm yết 2 ngày làm việc, ít hơn 3 ngày theo quy định');
  });

  it('a failed form A excludes the applicant from the rest of the round', () => {
    const s = run([
      ...start.slice(0, 4),
      { type: 'screen', date: '2026-09-07', householdId: C, passed: false },
    ]);
    expect(s.households[C]!.stage).toBe('excluded');
    expect(newRound('2026-09-01').status).toBe('open');
  });
});
