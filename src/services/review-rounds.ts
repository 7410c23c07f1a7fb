// Runs review rounds: folds a round's stored events into its state, applies new ones through the state
// machine, freezes the results with their flows at recognition, and reports each step's progress.
// Every round is read under its own rules (src/domain/review/procedure.ts, rulesOfRound): the procedure
// version stored when it opened and the calendar edition in force on its start date, so a rule file
// corrected later never changes a round; a stored event those rules refuse is an error, never skipped.
import { registry, review, households as householdsDb, type Queryable } from '../db/index.ts';
import { standardForYear } from '../domain/standards/build-rule-book.ts';
import { defaultRuleBook } from '../rules-loader/load-rule-book.ts';
import type { ResultRow, RoundRow } from '../db/queries/review.ts';
import { computeFlows, GROUPS, type FlowInput, type Group } from '../domain/review/flows.ts';
import type { Procedure, RoundRules, StepCode, StepState } from '../domain/review/procedure.ts';
import { procedureVersionOn, rulesOfRound } from '../domain/review/procedure.ts';
import {
  applyEventTo,
  isOutOfRound,
  newRound,
  readinessProblems,
  type ReviewError,
  type RoundEvent,
  type RoundState,
} from '../domain/review/round.ts';
import { addWorkingDays } from '../domain/review/working-days.ts';
import { refreshRollupsOfRound } from './figures-freshness.ts';
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
  // One state, each event applied to it in place (a copy per event made a large round's load quadratic).
  const state = newRound(row.startDate, rules);
  for (const [index, e] of (await review.roundEvents(db, roundId)).entries()) {
    const r = applyEventTo(state, { ...(e.payload as object), type: e.type } as RoundEvent, rules);
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

/**
 * Opens a round. A periodic round starts with the commune's whole current list (QĐ 24/2021, Điều 4, bước 1):
 * every household living in the commune whose recognised standing is poor or near-poor is listed at once,
 * so none can drop out of the figures unreviewed.
 */
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
  actorId: string | null = null,
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
  return db.transaction(async (tx) => {
    const row = await review.openRound(tx, { ...input, startDate, procedureVersion: version.id });
    if (row.kind !== 'periodic') return row;
    const current = await currentList(tx, row, startDate);
    if (current.length === 0) return row;
    const events: RoundEvent[] = current.map((c) => ({
      type: 'list',
      date: startDate,
      householdId: c.householdId,
      villageId: c.villageId,
      reason: c.cls === 'poor' ? 'current_poor' : 'current_near_poor',
    }));
    const state = newRound(startDate, rules.rules);
    for (const e of events) {
      const r = applyEventTo(state, e, rules.rules);
      if (!r.ok) throw new ReviewRuleError(r.error);
    }
    await review.appendEvents(tx, {
      roundId: row.id,
      expectedCount: 0,
      events: events.map(({ type, ...payload }) => ({ type, payload })),
      actorId,
      status: state.status,
      decision: null,
    });
    return (await review.getRound(tx, row.id))!;
  });
}

/**
 * The commune's current poor and near-poor on a date: the households living there whose latest recognised
 * decision (by this commune, an earlier one, or the one they came from) classes them so. Never an
 * unrecognised assessment: that is provisional until the chairman recognises it.
 */
export async function currentList(
  db: Queryable,
  commune: { communeCode: string; communeValidFrom: string },
  date: string,
): Promise<{ householdId: string; villageId: string; cls: 'poor' | 'near_poor' }[]> {
  const living = await review.communeHouseholds(
    db,
    { code: commune.communeCode, validFrom: commune.communeValidFrom },
    date,
  );
  const standing = await review.standingsOn(
    db,
    living.map((h) => h.householdId),
    date,
  );
  const out: { householdId: string; villageId: string; cls: 'poor' | 'near_poor' }[] = [];
  for (const h of living) {
    const cls = standing.get(h.householdId)?.cls;
    if (cls === 'poor' || cls === 'near_poor') out.push({ ...h, cls });
  }
  return out;
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
    // loaded.state is this call's own: the batch is applied to it in place (a refusal throws it away).
    const state = loaded.state;
    for (const [i, event] of input.events.entries()) {
      const r = applyEventTo(state, event, loaded.rules);
      if (!r.ok) throw new ReviewRuleError(r.error, i);
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

type FreezeInput = Omit<FlowInput, 'final'> & {
  final: HouseholdClass | null;
  villageId: string;
  flags: Record<Group, boolean>;
  accounted: ResultRow['accounted'];
};

/**
 * At recognition, every household the decision concerns, with its transition, groups and deficits:
 * - each household of the round: its class before is the commune's own list (start), or the class it
 *   brought from another commune (moved in), or none; its class after is what the round decided (none for a
 *   household accounted for as moved, dissolved or merged);
 * - in a periodic round, each household of the commune's own list no longer living in the commune, not
 *   listed because it left before the round: moved out, with the registry's record of the move.
 * Households neither on the list nor in the round keep their standing (carried forward, not a flow).
 */
async function freeze(db: Queryable, row: RoundRow, state: RoundState): Promise<void> {
  const decided = state.recognition!.date;
  const commune = { code: row.communeCode, validFrom: row.communeValidFrom };
  const family = await review.communeFamily(db, commune);
  const own = new Map((await review.communeList(db, family, decided, row.id)).map((h) => [h.householdId, h]));
  const listed = Object.values(state.households).filter((h) => h.stage !== 'excluded');
  const standing = await review.standingsOn(
    db,
    listed.map((h) => h.householdId),
    decided,
    row.id,
  );
  const inputs: FreezeInput[] = [];
  for (const h of listed) {
    const household = await registry.getRegistryHousehold(db, h.householdId);
    const deficits = h.survey?.assessmentId
      ? ((await householdsDb.assessmentHistory(db, h.householdId)).find(
          (a) => a.assessmentId === h.survey!.assessmentId,
        )?.deficits ?? [])
      : (h.survey?.deficits ?? []);
    const flags = groupFlags(household);
    const before = standing.get(h.householdId);
    const brought = before?.cls === 'poor' || before?.cls === 'near_poor' ? before.cls : null;
    const ownClass = own.get(h.householdId)?.finalClass ?? null;
    inputs.push({
      householdId: h.householdId,
      villageId: h.villageId,
      previous: ownClass ?? brought,
      movedIn: ownClass === null && brought !== null,
      final: h.stage === 'accounted' ? null : (h.finalClass as HouseholdClass),
      escapedBefore: before?.escapedBefore ?? false,
      groups: GROUPS.filter((g) => flags[g]),
      deficits: h.stage === 'accounted' ? [] : deficits,
      flags,
      accounted: h.accounted,
    });
  }
  if (row.kind === 'periodic') {
    const inRound = new Set(listed.map((h) => h.householdId));
    const living = new Set((await review.communeHouseholds(db, commune, decided)).map((h) => h.householdId));
    const familyKeys = new Set(family.map((f) => `${f.code}/${f.validFrom}`));
    for (const prev of own.values()) {
      if (inRound.has(prev.householdId) || living.has(prev.householdId)) continue;
      const household = await registry.getRegistryHousehold(db, prev.householdId);
      const left = await departure(db, prev.householdId, household, decided, familyKeys);
      if (!left) continue;
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
        accounted: left,
      });
    }
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
      recognisedOn: decided,
      movedIn: i.movedIn ?? false,
      accounted: i.accounted,
    })),
  );
  // The annual (periodic) round gives the year's figures: refreshed now, up the unit tree.
  const standard = standardForYear(defaultRuleBook(), row.year);
  if (row.kind === 'periodic' && standard) {
    await refreshRollupsOfRound(
      db,
      {
        roundId: row.id,
        communeCode: row.communeCode,
        communeValidFrom: row.communeValidFrom,
        recognisedOn: decided,
      },
      row.year,
      standard,
    );
  }
}

/**
 * How a household of the commune's list left it, from the registry: dissolved or merged (with the day), or
 * moved to a commune that is not a successor of this one (with the move's record). Null when it went to a
 * sibling successor of a split commune: that commune's list, not a move.
 */
async function departure(
  db: Queryable,
  householdId: string,
  household: Awaited<ReturnType<typeof registry.getRegistryHousehold>>,
  date: string,
  familyKeys: Set<string>,
): Promise<ResultRow['accounted']> {
  if (!household) return { outcome: 'dissolved', effective: date, record: 'registry: household removed' };
  if (household.dissolvedAt && household.dissolvedAt <= date)
    return {
      outcome: household.mergedInto ? 'merged' : 'dissolved',
      effective: household.dissolvedAt,
      record: household.mergedInto
        ? `registry: merged into household ${household.mergedInto}`
        : 'registry: household dissolved',
    };
  const place = await registry.villageContext(db, household.villageId, date);
  if (place) {
    const theirs = await review.communeFamily(db, {
      code: place.communeCode,
      validFrom: place.communeValidFrom,
    });
    if (theirs.some((f) => familyKeys.has(`${f.code}/${f.validFrom}`))) return null;
  }
  const moves = await registry.householdHistory(db, householdId);
  const last = moves[moves.length - 1];
  return {
    outcome: 'moved_out',
    effective: last?.effective ?? date,
    record: last
      ? `registry change ${last.changeNo}${last.reason ? `: ${last.reason}` : ''}`
      : 'registry: living outside the commune',
  };
}

export interface StepProgress {
  code: StepCode;
  name: { vi: string; en: string };
  deadline: string;
  done: number;
  total: number;
  state: StepState;
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
    (h) => !isOutOfRound(h) && (!villageId || h.villageId === villageId),
  );
  const villages = [...new Set(active.map((h) => h.villageId))];
  const count = (pred: (h: (typeof active)[number]) => boolean) => active.filter(pred).length;
  const posted = (v: string) => {
    const vs = state.villages[v];
    const last = vs?.postings[vs.postings.length - 1];
    return !!last && last.end !== null && !vs!.repostFrom;
  };
  const postedVillages = villages.filter(posted).length;
  const complaints = active.filter((h) => h.complaint !== null);
  const progress: Record<StepCode, [number, number]> = {
    listing: [state.listingClosedOn ? 1 : 0, 1],
    survey: [count((h) => !['listed', 'resurvey'].includes(h.stage)), active.length],
    meeting: [count((h) => ['agreed', 'complained', 'rechecked'].includes(h.stage)), active.length],
    posting: [postedVillages, villages.length],
    // Only complaints are counted: a round without complaints has nothing to re-check.
    complaints: [complaints.filter((h) => h.stage !== 'complained').length, complaints.length],
    recognition: [state.status !== 'open' ? 1 : 0, 1],
    reporting: [state.status === 'reported' ? 1 : 0, 1],
  };
  const postingsOver = villages.length > 0 && postedVillages === villages.length;
  let days = 0;
  return rules.steps.map((step) => {
    days += step.workingDays.value;
    const [done, total] = progress[step.code];
    const stepState: StepState =
      total > 0 && done >= total
        ? 'done'
        : step.code === 'complaints' && total === 0 && (postingsOver || state.status !== 'open')
          ? 'none'
          : done > 0
            ? 'in_progress'
            : 'pending';
    const deadline = addWorkingDays(state.startDate, days, rules.calendar);
    const finished = stepState === 'done' || stepState === 'none';
    return {
      code: step.code,
      name: step.name,
      deadline,
      done,
      total,
      state: stepState,
      complete: stepState === 'done',
      overdue: !finished && today > deadline,
    };
  });
}

export { readinessProblems };
