// Runs review rounds: folds a round's stored events into its state, applies new ones through the state
// machine, freezes the results with their flows at recognition, and reports each step's progress.
// Every round is read under its own rules (src/domain/review/procedure.ts, rulesOfRound): the procedure
// version stored when it opened and the calendar edition in force on its start date, so a rule file
// corrected later never changes a round; a stored event those rules refuse is an error, never skipped.
import { figures, registry, review, households as householdsDb, type Queryable } from '../db/index.ts';
import { standardForYear } from '../domain/standards/build-rule-book.ts';
import { defaultRuleBook } from '../rules-loader/load-rule-book.ts';
import type { RoundRow } from '../db/queries/review.ts';
import { computeFlows, GROUPS, type FlowInput, type Group } from '../domain/review/flows.ts';
import type { Procedure, RoundRules, StepCode } from '../domain/review/procedure.ts';
import { procedureVersionOn, rulesOfRound } from '../domain/review/procedure.ts';
import {
  applyEvent,
  newRound,
  readinessProblems,
  type ReviewError,
  type RoundEvent,
  type RoundState,
} from '../domain/review/round.ts';
import { addWorkingDays } from '../domain/review/working-days.ts';
import type { HouseholdClass } from '../domain/standards/types.ts';

/** A refused event (out of order, too short a posting…), or a round moved on by someone else. */
export class ReviewRuleError extends Error {
  constructor(
    readonly error: ReviewError | { code: 'STALE_ROUND'; message: { vi: string; en: string } },
    readonly eventIndex?: number,
  ) {
    super(error.message.en);
  }
}

/** A stored event that the round's own rules refuse. */
export interface ReplayRefusal {
  /** Position in the round's history, from 0 (the event's stored seq is index + 1 when none is missing). */
  index: number;
  seq: number;
  type: string;
  refusal: ReviewError;
}

/**
 * A round that cannot be rebuilt from its stored events under its own rules: an event they refuse (named by
 * its index, seq, type and the refusal), or rules of the round that are missing (an unknown procedure version,
 * no calendar edition). Stored events were accepted once under these same rules, so this means the history
 * or a published rule was altered: it is reported, never papered over by skipping the event.
 */
export class RoundReplayError extends Error {
  readonly code = 'ROUND_REPLAY_FAILED' as const;
  readonly text: { vi: string; en: string };
  constructor(
    readonly roundId: string,
    readonly rules: {
      procedureVersion: string | null;
      calendarEdition: string | null;
      startDate: string | null;
    },
    readonly event: ReplayRefusal | null,
    problem?: { vi: string; en: string },
  ) {
    const under = `(${rules.procedureVersion ?? '?'}, ${rules.calendarEdition ?? '?'})`;
    const text = event
      ? {
          vi: `Không dựng lại được đợt rà soát ${roundId} theo quy tắc của chính đợt ${under}: sự kiện thứ ${event.index} (seq ${event.seq}, "${event.type}") bị từ chối: ${event.refusal.message.vi}`,
          en: `Round ${roundId} does not replay under its own rules ${under}: stored event ${event.index} (seq ${event.seq}, "${event.type}") is refused: ${event.refusal.message.en}`,
        }
      : {
          vi: `Không dựng lại được đợt rà soát ${roundId}: ${problem?.vi ?? ''}`,
          en: `Round ${roundId} cannot be replayed: ${problem?.en ?? ''}`,
        };
    super(text.en);
    this.name = 'RoundReplayError';
    this.text = text;
  }
}

/** The rules of a stored round (its procedure version and the calendar edition of its start date). */
export function rulesOfRow(procedure: Procedure, row: RoundRow): RoundRules {
  const r = rulesOfRound(procedure, row);
  if (!r.ok)
    throw new RoundReplayError(
      row.id,
      { procedureVersion: row.procedureVersion, calendarEdition: null, startDate: row.startDate },
      null,
      r.message,
    );
  return r.rules;
}

/**
 * The round and its state: its stored events folded in order under the round's own rules (see the top of
 * this file). An event those rules refuse throws RoundReplayError naming the round and the event.
 */
export async function loadRound(
  db: Queryable,
  procedure: Procedure,
  roundId: string,
): Promise<{ row: RoundRow; state: RoundState; rules: RoundRules } | undefined> {
  const row = await review.getRound(db, roundId);
  if (!row) return undefined;
  const rules = rulesOfRow(procedure, row);
  let state = newRound(row.startDate, rules);
  for (const [index, e] of (await review.roundEvents(db, roundId)).entries()) {
    const r = applyEvent(state, { ...(e.payload as object), type: e.type } as RoundEvent, rules);
    if (!r.ok)
      throw new RoundReplayError(
        row.id,
        {
          procedureVersion: rules.version.id,
          calendarEdition: rules.calendar.edition,
          startDate: row.startDate,
        },
        { index, seq: e.seq, type: e.type, refusal: r.error },
      );
    state = r.state;
  }
  return { row, state, rules };
}

/** The default first day: 1 September for the periodic review, the 15th of the month for a regular one. */
export function defaultStartDate(
  procedure: Procedure,
  kind: 'periodic' | 'regular',
  year: number,
  month: number | null,
): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  if (kind === 'periodic')
    return `${year}-${pad(procedure.periods.periodic.start.month)}-${pad(procedure.periods.periodic.start.day)}`;
  return `${year}-${pad(month ?? 1)}-${pad(procedure.periods.regular.startDay)}`;
}

export async function openRound(
  db: Queryable,
  procedure: Procedure,
  input: {
    communeCode: string;
    kind: 'periodic' | 'regular';
    year: number;
    month: number | null;
    startDate?: string;
  },
): Promise<RoundRow> {
  const startDate = input.startDate ?? defaultStartDate(procedure, input.kind, input.year, input.month);
  const version = procedureVersionOn(procedure, startDate);
  if (!version)
    throw new ReviewRuleError({
      code: 'NOT_READY',
      message: { vi: 'Không có quy trình cho ngày này', en: 'No procedure applies on that date' },
    });
  // The round will be read under this version and the calendar edition of its start date: both must exist.
  const rules = rulesOfRound(procedure, { procedureVersion: version.id, startDate });
  if (!rules.ok) throw new ReviewRuleError({ code: 'NOT_READY', message: rules.message });
  return review.openRound(db, { ...input, startDate, procedureVersion: version.id });
}

/**
 * Applies events in order and stores them, all or none. `expectedCount` is the number of events the
 * caller saw: if the round moved on meanwhile, nothing is stored (the caller reloads and retries).
 */
export async function applyToRound(
  db: Queryable,
  procedure: Procedure,
  input: { roundId: string; expectedCount: number; events: RoundEvent[]; actorId: string | null },
): Promise<{ row: RoundRow; state: RoundState }> {
  return db.transaction(async (tx) => {
    const loaded = await loadRound(tx, procedure, input.roundId);
    if (!loaded)
      throw new ReviewRuleError({
        code: 'NOT_LISTED',
        message: { vi: 'Không tìm thấy đợt rà soát', en: 'Round not found' },
      });
    if (loaded.row.eventCount !== input.expectedCount) {
      throw new ReviewRuleError({
        code: 'STALE_ROUND',
        message: {
          vi: 'Đợt rà soát vừa được người khác cập nhật; tải lại rồi thử lại',
          en: 'Someone else just updated the round; reload and retry',
        },
      });
    }
    let state = loaded.state;
    for (const [i, event] of input.events.entries()) {
      const r = applyEvent(state, event, loaded.rules);
      if (!r.ok) throw new ReviewRuleError(r.error, i);
      state = r.state;
    }
    const stored = await review.appendEvents(tx, {
      roundId: input.roundId,
      expectedCount: input.expectedCount,
      events: input.events.map(({ type, ...payload }) => ({ type, payload })),
      actorId: input.actorId,
      status: state.status,
      decision: state.recognition
        ? { number: state.recognition.decisionNumber, date: state.recognition.date }
        : null,
    });
    if (!stored) {
      throw new ReviewRuleError({
        code: 'STALE_ROUND',
        message: { vi: 'Đợt rà soát vừa được cập nhật', en: 'The round was just updated' },
      });
    }
    if (input.events.some((e) => e.type === 'recognise')) await freeze(tx, loaded.row, state);
    return { row: (await review.getRound(tx, input.roundId))!, state };
  });
}

/** The groups a household belongs to, for the breakdowns of the flows. */
function groupFlags(
  h:
    | {
        isEthnicMinority: boolean;
        personOfMerit: boolean;
        socialProtection: boolean;
        noLabourCapacity: boolean;
      }
    | undefined,
): Record<Group, boolean> {
  return {
    ethnic_minority: h?.isEthnicMinority ?? false,
    person_of_merit: h?.personOfMerit ?? false,
    social_protection: h?.socialProtection ?? false,
    no_labour_capacity: h?.noLabourCapacity ?? false,
  };
}

/** At recognition: every household's transition, frozen with its groups and deficits. */
async function freeze(db: Queryable, row: RoundRow, state: RoundState): Promise<void> {
  const listed = Object.values(state.households).filter((h) => h.stage !== 'excluded');
  const standing = await review.standingBefore(
    db,
    listed.map((h) => h.householdId),
    row.startDate,
    row.id,
  );
  const inputs: (Omit<FlowInput, 'final'> & {
    final: HouseholdClass | null;
    villageId: string;
    flags: Record<Group, boolean>;
  })[] = [];
  for (const h of listed) {
    const household = await registry.getRegistryHousehold(db, h.householdId);
    const assessment = h.survey?.assessmentId
      ? (await householdsDb.assessmentHistory(db, h.householdId)).find(
          (a) => a.assessmentId === h.survey!.assessmentId,
        )
      : undefined;
    const flags = groupFlags(household);
    const before = standing.get(h.householdId);
    // A household listed as currently poor or near-poor was so before the round, even without a stored result.
    const previous =
      before?.previous ??
      (h.reason === 'current_poor' ? 'poor' : h.reason === 'current_near_poor' ? 'near_poor' : null);
    inputs.push({
      householdId: h.householdId,
      villageId: h.villageId,
      previous,
      final: h.finalClass as HouseholdClass,
      escapedBefore: before?.escapedBefore ?? false,
      groups: GROUPS.filter((g) => flags[g]),
      deficits: assessment?.deficits ?? [],
      flags,
    });
  }
  // Households the commune recognised before but that now live elsewhere (or no longer exist): moved out.
  const listedIds = new Set(listed.map((h) => h.householdId));
  for (const prev of await review.previouslyRecognised(db, row.communeCode, row.startDate, row.id)) {
    if (listedIds.has(prev.householdId)) continue;
    const household = await registry.getRegistryHousehold(db, prev.householdId);
    const place =
      household && !household.dissolvedAt
        ? await registry.villageContext(db, household.villageId, state.recognition!.date)
        : undefined;
    if (place?.communeCode === row.communeCode) continue;
    const flags = groupFlags(household);
    inputs.push({
      householdId: prev.householdId,
      villageId: prev.villageId,
      previous: prev.finalClass,
      final: null,
      escapedBefore: false,
      groups: GROUPS.filter((g) => flags[g]),
      deficits: [],
      flags,
    });
  }
  const flows = computeFlows(inputs);
  await review.freezeResults(
    db,
    row.id,
    inputs.map((i) => ({
      householdId: i.householdId,
      villageId: i.villageId,
      previousClass: i.previous,
      finalClass: i.final,
      transition: flows.transitions[i.householdId]!,
      deficits: [...i.deficits],
      isEthnicMinority: i.flags.ethnic_minority,
      personOfMerit: i.flags.person_of_merit,
      socialProtection: i.flags.social_protection,
      noLabourCapacity: i.flags.no_labour_capacity,
      recognisedOn: state.recognition!.date,
    })),
  );
  // The annual (periodic) round gives the year's figures: refreshed now, up the unit tree.
  const standard = standardForYear(defaultRuleBook(), row.year);
  if (row.kind === 'periodic' && standard) {
    await figures.refreshRollups(db, {
      roundId: row.id,
      communeCode: row.communeCode,
      communeValidFrom: row.communeValidFrom,
      year: row.year,
      standard,
      date: state.recognition!.date,
      poorDistrictList: 'poor_district_2021_2025',
    });
  }
}

export interface StepProgress {
  code: StepCode;
  name: { vi: string; en: string };
  deadline: string;
  done: number;
  total: number;
  complete: boolean;
  overdue: boolean;
}

/**
 * Each step's deadline (working days from the start, as data), progress, and whether it is overdue, under
 * the round's own rules: the ones its state names (a state built without them follows the version in force
 * on its start date).
 */
export function board(
  procedure: Procedure,
  state: RoundState,
  today: string,
  villageId?: string,
): StepProgress[] {
  const found = rulesOfRound(procedure, {
    procedureVersion:
      state.rules?.procedureVersion ?? procedureVersionOn(procedure, state.startDate)?.id ?? null,
    startDate: state.startDate,
    calendarEdition: state.rules?.calendarEdition ?? null,
  });
  if (!found.ok) throw new Error(found.message.en);
  const rules = found.rules;
  const active = Object.values(state.households).filter(
    (h) => h.stage !== 'excluded' && (!villageId || h.villageId === villageId),
  );
  const villages = [...new Set(active.map((h) => h.villageId))];
  const count = (pred: (h: (typeof active)[number]) => boolean) => active.filter(pred).length;
  const postedVillages = villages.filter((v) => {
    const vs = state.villages[v];
    const last = vs?.postings[vs.postings.length - 1];
    return !!last && last.end !== null && !vs!.repostFrom;
  }).length;
  const progress: Record<StepCode, [number, number]> = {
    listing: [state.listingClosedOn ? 1 : 0, 1],
    survey: [count((h) => !['listed', 'resurvey'].includes(h.stage)), active.length],
    meeting: [count((h) => ['agreed', 'complained', 'rechecked'].includes(h.stage)), active.length],
    posting: [postedVillages, villages.length],
    complaints: [count((h) => h.stage !== 'complained'), active.length],
    recognition: [state.status !== 'open' ? 1 : 0, 1],
    reporting: [state.status === 'reported' ? 1 : 0, 1],
  };
  let days = 0;
  return rules.steps.map((step) => {
    days += step.workingDays.value;
    const [done, total] = progress[step.code];
    const complete = total > 0 ? done >= total : step.code === 'listing' ? false : true;
    const deadline = addWorkingDays(state.startDate, days, rules.calendar);
    return {
      code: step.code,
      name: step.name,
      deadline,
      done,
      total,
      complete,
      overdue: !complete && today > deadline,
    };
  });
}

export { readinessProblems };
