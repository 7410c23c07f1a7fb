// Rounds replay under their own rules, on the database: a holiday list corrected after a round is recognised
// leaves the round as it was; a stored event the round's rules refuse is a named error, never skipped; and
// each round is judged by the parameters of the procedure version it was opened with.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { review } from '../../src/db/index.ts';
import { upsertUnits } from '../../src/db/queries/units.ts';
import { procedureVersionOn, rulesOfRound, type Procedure } from '../../src/domain/review/procedure.ts';
import { replay, type RoundEvent } from '../../src/domain/review/round.ts';
import { addWorkingDays } from '../../src/domain/review/working-days.ts';
import { loadProcedure } from '../../src/rules-loader/load-procedure.ts';
import { registerErrorHandling } from '../../src/server/errors.ts';
import {
  applyToRound,
  board,
  loadRound,
  openRound,
  ReviewRuleError,
  RoundReplayError,
} from '../../src/services/review-rounds.ts';
import { forEachDatabase } from '../support/databases.ts';
import { rulesCopyWith } from '../support/rules.ts';
import { units } from '../support/units-fixture.ts';

const procedure = loadProcedure();
const COMMUNE = '01864';
const FIRST_EDITION = 'holidays-2026-12-01';

/** A correction published after the rounds below: Wednesday 27/8/2025 becomes a day off. */
const correctedCalendar = loadProcedure(
  rulesCopyWith('calendar/public-holidays.yaml', (text) =>
    [
      text.trimEnd(),
      '  - id: holidays-2026-12-07-test',
      '    publishedOn: 2026-12-07',
      '    validFrom: 2026-12-07',
      '    citation: test correction of the 2025 list',
      '    verified: false',
      '    years:',
      '      - year: 2025',
      '        daysOff: [2025-01-01, 2025-01-27, 2025-01-28, 2025-01-29, 2025-01-30, 2025-01-31, 2025-04-07,',
      '          2025-04-30, 2025-05-01, 2025-05-02, 2025-08-27, 2025-09-01, 2025-09-02]',
      '        workingWeekends: [2025-04-26]',
      '',
    ].join('\n'),
  ),
);

/** The same day added to the published first edition in place: what the editions rule forbids. */
const editedInPlace = loadProcedure(
  rulesCopyWith('calendar/public-holidays.yaml', (text) => {
    const edited = text.replace(/^(\s+)- 2025-09-01$/m, '$1- 2025-08-27\n$1- 2025-09-01');
    if (edited === text) throw new Error('the 2025 list was not found');
    return edited;
  }),
);

/**
 * A later procedure version (test values, not legal ones): from 1 July 2026 a meeting needs 75 % and a
 * posting 5 working days, and listing is allowed 2 working days.
 */
const withLaterVersion = loadProcedure(
  rulesCopyWith('review/procedure.yaml', (text) => {
    let t = text.replace(
      /(- id: QD24_2021_TWO_TIER\n\s+validFrom: 2025-07-01\n\s+)validTo: null/,
      '$1validTo: 2026-06-30',
    );
    t = t.replace(
      '\nperiods:',
      [
        '  - id: TEST_LATER',
        '    validFrom: 2026-07-01',
        '    validTo: null',
        '    citation: test version',
        '    verified: false',
        '    reportingChain: [commune, province]',
        '    parameters: TEST/1',
        '',
        'periods:',
      ].join('\n'),
    );
    const cite = (v: number) => `{ value: ${v}, citation: test, verified: false }`;
    t = t.replace(
      '\nnewlyEscaped:',
      [
        '  - id: TEST/1',
        '    steps:',
        ...['listing', 'survey', 'meeting', 'posting', 'complaints', 'recognition', 'reporting'].flatMap(
          (code) => [
            `      ${code}:`,
            `        workingDays: ${cite(code === 'listing' ? 2 : 5)}`,
            ...(code === 'posting' ? [`        minWorkingDays: ${cite(5)}`] : []),
          ],
        ),
        '    meeting:',
        `      approvalShare: ${cite(0.75)}`,
        '',
        'newlyEscaped:',
      ].join('\n'),
    );
    return t;
  }),
);

const V = randomUUID();
const [A, B] = [randomUUID(), randomUUID()];

/** A round of two households up to recognition; the posting runs Tuesday 26 to Thursday 28 August 2025. */
const august2025: RoundEvent[] = [
  { type: 'list', date: '2025-08-15', householdId: A, villageId: V, reason: 'current_poor' },
  { type: 'list', date: '2025-08-15', householdId: B, villageId: V, reason: 'current_near_poor' },
  { type: 'close_listing', date: '2025-08-18' },
  { type: 'survey', date: '2025-08-19', householdId: A, class: 'poor' },
  { type: 'survey', date: '2025-08-19', householdId: B, class: 'near_poor' },
  {
    type: 'meeting',
    date: '2025-08-22',
    villageId: V,
    attendees: 20,
    votes: [
      { householdId: A, agree: 12 },
      { householdId: B, agree: 10 },
    ],
  },
  { type: 'posting_start', date: '2025-08-26', villageId: V },
  { type: 'posting_end', date: '2025-08-28', villageId: V },
  { type: 'recognise', date: '2025-09-05', decisionNumber: '77/QĐ-UBND' },
];

function rulesOn(p: Procedure, startDate: string) {
  const r = rulesOfRound(p, { procedureVersion: procedureVersionOn(p, startDate)!.id, startDate });
  if (!r.ok) throw new Error(r.message.en);
  return r.rules;
}

forEachDatabase((getDb) => {
  async function regularRound(p: Procedure, year: number, month: number) {
    await upsertUnits(getDb(), units);
    return openRound(getDb(), p, {
      communeCode: COMMUNE,
      kind: 'regular',
      year,
      month,
      startDate: `${year}-${String(month).padStart(2, '0')}-15`,
    });
  }

  describe('a holiday list corrected after a round is recognised', () => {
    it('leaves the round as it was: the round keeps the calendar edition of its start date', async () => {
      const row = await regularRound(procedure, 2025, 8);
      await applyToRound(getDb(), procedure, {
        roundId: row.id,
        expectedCount: 0,
        events: august2025,
        actorId: null,
      });
      const before = (await loadRound(getDb(), procedure, row.id))!;
      expect(before.state.status).toBe('recognised');
      expect(before.state.rules).toEqual({
        procedureVersion: 'QD24_2021_TWO_TIER',
        parameters: 'QD24_2021/1',
        calendarEdition: FIRST_EDITION,
      });

      // The correction is real: a round starting after it is published counts the posting as 2 days.
      const later = replay('2026-12-15', august2025, rulesOn(correctedCalendar, '2026-12-15'));
      expect(later.ok).toBe(false);
      if (!later.ok) expect(later.error.code).toBe('POSTING_TOO_SHORT');

      // The recognised round, read with the corrected files, is unchanged.
      const after = (await loadRound(getDb(), correctedCalendar, row.id))!;
      expect(after.state).toEqual(before.state);
      expect(after.rules.calendar.edition).toBe(FIRST_EDITION);
      expect(board(correctedCalendar, after.state, '2025-09-10')).toEqual(
        board(procedure, before.state, '2025-09-10'),
      );
    });

    it('an edition edited in place is not silently followed: the refused event is named', async () => {
      const row = await regularRound(procedure, 2025, 8);
      await applyToRound(getDb(), procedure, {
        roundId: row.id,
        expectedCount: 0,
        events: august2025,
        actorId: null,
      });
      const error = await loadRound(getDb(), editedInPlace, row.id).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RoundReplayError);
      const e = error as RoundReplayError;
      expect(e.code).toBe('ROUND_REPLAY_FAILED');
      expect(e.roundId).toBe(row.id);
      expect(e.event).toMatchObject({ index: 7, seq: 8, type: 'posting_end' });
      expect(e.event!.refusal.code).toBe('POSTING_TOO_SHORT');
      expect(e.text.vi).toContain('Niêm yết 2 ngày làm việc, ít hơn 3 ngày theo quy định');
      expect(e.message).toContain(row.id);
      expect(e.message).toContain('stored event 7 (seq 8, "posting_end")');
    });
  });

  describe('a stored event the round’s own rules refuse', () => {
    it('makes loading the round throw RoundReplayError with the round, the event and the refusal', async () => {
      const row = await regularRound(procedure, 2026, 9);
      await applyToRound(getDb(), procedure, {
        roundId: row.id,
        expectedCount: 0,
        events: [
          { type: 'list', date: '2026-09-15', householdId: A, villageId: V, reason: 'current_poor' },
          { type: 'close_listing', date: '2026-09-16' },
        ],
        actorId: null,
      });
      // Form A for a household that did not apply: refused by the state machine, stored behind its back.
      expect(
        await review.appendEvents(getDb(), {
          roundId: row.id,
          expectedCount: 2,
          events: [{ type: 'screen', payload: { date: '2026-09-17', householdId: A, passed: true } }],
          actorId: null,
          status: 'open',
          decision: null,
        }),
      ).toBe(true);

      const error = await loadRound(getDb(), procedure, row.id).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RoundReplayError);
      const e = error as RoundReplayError;
      expect(e).toMatchObject({
        code: 'ROUND_REPLAY_FAILED',
        roundId: row.id,
        rules: { procedureVersion: 'QD24_2021_TWO_TIER', calendarEdition: FIRST_EDITION },
        event: { index: 2, seq: 3, type: 'screen', refusal: { code: 'OUT_OF_ORDER' } },
      });
      expect(e.text.vi).toContain(row.id);
      expect(e.text.vi).toContain('sự kiện thứ 2');
      expect(e.text.vi).toContain('Phiếu A chỉ dùng cho hộ đề nghị mới');
      expect(e.text.en).toContain('Form A is for applicants only');

      // Nothing more can be recorded on a history that does not replay.
      await expect(
        applyToRound(getDb(), procedure, {
          roundId: row.id,
          expectedCount: 3,
          events: [{ type: 'survey', date: '2026-09-18', householdId: A, class: 'poor' }],
          actorId: null,
        }),
      ).rejects.toBeInstanceOf(RoundReplayError);
    });

    it('a round whose procedure version is not in the rules is an error too, not today’s rules', async () => {
      await upsertUnits(getDb(), units);
      const row = await review.openRound(getDb(), {
        communeCode: COMMUNE,
        kind: 'regular',
        year: 2026,
        month: 10,
        startDate: '2026-10-15',
        procedureVersion: 'NO_SUCH_VERSION',
      });
      const error = await loadRound(getDb(), procedure, row.id).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RoundReplayError);
      expect((error as RoundReplayError).event).toBeNull();
      expect((error as RoundReplayError).text.en).toContain('NO_SUCH_VERSION');
    });
  });

  describe('the parameters of the round’s own procedure version', () => {
    const meeting = (date: string, agree: number): RoundEvent => ({
      type: 'meeting',
      date,
      villageId: V,
      attendees: 20,
      votes: [{ householdId: A, agree }],
    });
    const listed = (ym: string): RoundEvent[] => [
      { type: 'list', date: `${ym}-15`, householdId: A, villageId: V, reason: 'current_poor' },
      { type: 'close_listing', date: `${ym}-16` },
      { type: 'survey', date: `${ym}-17`, householdId: A, class: 'poor' },
    ];

    it('judge each round: approval share, posting minimum and step durations', async () => {
      const june = await regularRound(withLaterVersion, 2026, 6);
      const july = await regularRound(withLaterVersion, 2026, 7);
      expect([june.procedureVersion, july.procedureVersion]).toEqual(['QD24_2021_TWO_TIER', 'TEST_LATER']);

      // 12 of 20 (60 %): enough under QD24_2021/1 (50 %), not under TEST/1 (75 %).
      const j = await applyToRound(getDb(), withLaterVersion, {
        roundId: june.id,
        expectedCount: 0,
        events: [...listed('2026-06'), meeting('2026-06-19', 12)],
        actorId: null,
      });
      expect(j.state.households[A]!.stage).toBe('agreed');
      const k = await applyToRound(getDb(), withLaterVersion, {
        roundId: july.id,
        expectedCount: 0,
        events: [...listed('2026-07'), meeting('2026-07-20', 12)],
        actorId: null,
      });
      expect(k.state.households[A]!.stage).toBe('resurvey');
      expect(k.state.rules).toEqual({
        procedureVersion: 'TEST_LATER',
        parameters: 'TEST/1',
        calendarEdition: FIRST_EDITION,
      });

      // A posting of 3 working days: enough in June's round, too short in July's (5 required).
      await applyToRound(getDb(), withLaterVersion, {
        roundId: june.id,
        expectedCount: 4,
        events: [
          { type: 'posting_start', date: '2026-06-22', villageId: V },
          { type: 'posting_end', date: '2026-06-24', villageId: V },
        ],
        actorId: null,
      });
      await applyToRound(getDb(), withLaterVersion, {
        roundId: july.id,
        expectedCount: 4,
        events: [
          { type: 'survey', date: '2026-07-21', householdId: A, class: 'poor' },
          meeting('2026-07-22', 16),
        ],
        actorId: null,
      });
      const short = await applyToRound(getDb(), withLaterVersion, {
        roundId: july.id,
        expectedCount: 6,
        events: [
          { type: 'posting_start', date: '2026-07-27', villageId: V },
          { type: 'posting_end', date: '2026-07-29', villageId: V },
        ],
        actorId: null,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(short).toBeInstanceOf(ReviewRuleError);
      expect((short as ReviewRuleError).error.message.vi).toBe(
        'Niêm yết 3 ngày làm việc, ít hơn 5 ngày theo quy định',
      );

      // Deadlines count each version's durations: listing 10 working days in June, 2 in July.
      const juneRound = (await loadRound(getDb(), withLaterVersion, june.id))!;
      const julyRound = (await loadRound(getDb(), withLaterVersion, july.id))!;
      const listing = (s: typeof juneRound.state) =>
        board(withLaterVersion, s, '2026-07-01').find((st) => st.code === 'listing')!.deadline;
      expect(listing(juneRound.state)).toBe(addWorkingDays('2026-06-15', 10, juneRound.rules.calendar));
      expect(listing(julyRound.state)).toBe(addWorkingDays('2026-07-15', 2, julyRound.rules.calendar));
      expect(juneRound.state.villages[V]!.postings).toEqual([{ start: '2026-06-22', end: '2026-06-24' }]);

      // June's round, read with today's files (no later version), is the same: its version did not change.
      const juneToday = (await loadRound(getDb(), procedure, june.id))!;
      expect(juneToday.state).toEqual(juneRound.state);
      expect(juneToday.rules.meeting.approvalShare).toMatchObject({ value: 0.5, verified: true });
    });
  });
});

describe('over HTTP', () => {
  it('a round that does not replay answers 500 with the rule, the round and the event', async () => {
    const app = Fastify({ logger: false });
    registerErrorHandling(app);
    const refusal = { code: 'OUT_OF_ORDER' as const, message: { vi: 'Sai thứ tự', en: 'Out of order' } };
    app.get('/round', () => {
      throw new RoundReplayError(
        'r-1',
        { procedureVersion: 'QD24_2021_TWO_TIER', calendarEdition: FIRST_EDITION, startDate: '2026-09-15' },
        { index: 2, seq: 3, type: 'screen', refusal },
      );
    });
    const res = await app.inject({ method: 'GET', url: '/round' });
    await app.close();
    expect(res.statusCode).toBe(500);
    expect(res.json().error).toMatchObject({
      code: 'INTERNAL',
      rule: 'ROUND_REPLAY_FAILED',
      roundId: 'r-1',
      eventIndex: 2,
      eventType: 'screen',
      refusal: 'OUT_OF_ORDER',
    });
    expect(res.json().error.message.en).toContain(
      'stored event 2 (seq 3, "screen") is refused: Out of order',
    );
    expect(res.json().error.message.vi).toContain('sự kiện thứ 2');
  });
});
