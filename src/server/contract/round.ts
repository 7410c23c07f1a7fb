// A review round on the wire: its status, the households with their stage, the villages, the steps with
// their deadlines and what still stands before recognition (a code with its parameters, and its words).
import { z } from 'zod';
import { STEP_CODES, STEP_STATES } from '../../domain/review/procedure.ts';
import {
  ACCOUNT_OUTCOMES,
  HOUSEHOLD_STAGES,
  LISTING_REASONS,
  READINESS_CODES,
  RECHECK_OUTCOMES,
  REPORT_LEVELS,
  ROUND_KINDS,
  ROUND_STATUSES,
  type ReadinessCode,
  type ReadinessProblem as DomainReadinessProblem,
} from '../../domain/review/round.ts';
import { HouseholdClass } from './household-class.ts';
import { Bilingual } from './primitives.ts';

export const HouseholdStage = z.enum(HOUSEHOLD_STAGES).meta({ id: 'HouseholdStage' });
export const RoundStatus = z.enum(ROUND_STATUSES).meta({ id: 'RoundStatus' });
/** A round's kind; "opening" is a commune's last list recognised before the system, imported. */
export const RoundKind = z.enum([...ROUND_KINDS, 'opening']).meta({ id: 'RoundKind' });
export const ListingReason = z.enum(LISTING_REASONS).meta({ id: 'ListingReason' });
export const RecheckOutcome = z.enum(RECHECK_OUTCOMES).meta({ id: 'RecheckOutcome' });
export const ReportLevel = z.enum(REPORT_LEVELS).meta({ id: 'ReportLevel' });
export const StepCode = z.enum(STEP_CODES).meta({ id: 'StepCode' });
export const AccountOutcome = z.enum(ACCOUNT_OUTCOMES).meta({ id: 'AccountOutcome' });
export const StepState = z.enum(STEP_STATES).meta({ id: 'StepState' });
export const ReadinessCodeSchema = z.enum(READINESS_CODES).meta({ id: 'ReadinessCode' });

/** One step of the procedure with its deadline and progress (the whole commune, or one village). */
export const RoundStep = z
  .object({
    code: StepCode,
    name: Bilingual,
    deadline: z.string(),
    done: z.number(),
    total: z.number(),
    state: StepState.describe('done only when it happened; none: nothing to do (no complaints)'),
    complete: z.boolean(),
    overdue: z.boolean(),
  })
  .meta({ id: 'RoundStep' });

const problem = <C extends ReadinessCode, S extends z.ZodRawShape>(code: C, shape: S) =>
  z.object({ code: z.literal(code), ...shape, message: Bilingual });

/**
 * What stands before recognition: a code and its parameters, with the server's words in both languages.
 * The client may word it itself (it knows the villages' names); the message is the same fact in prose.
 */
export const ReadinessProblem = z
  .discriminatedUnion('code', [
    problem('listing_open', {}),
    problem('households_not_agreed', { count: z.number().int(), householdIds: z.array(z.string()) }),
    problem('complaints_not_rechecked', { count: z.number().int() }),
    problem('posting_unfinished', { villageId: z.string() }),
  ])
  .meta({ id: 'ReadinessProblem' });

// The wire problem is the domain's problem plus its words: a code added in the domain breaks this.
type WireProblem = z.output<typeof ReadinessProblem>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const readinessMatchesDomain: Same<
  { [C in ReadinessCode]: Omit<Extract<WireProblem, { code: C }>, 'message'> },
  { [C in ReadinessCode]: Extract<DomainReadinessProblem, { code: C }> }
> = true;
void readinessMatchesDomain;

/** A round as listed: its kind, period, status and decision. */
export const RoundSummary = z
  .object({
    id: z.string(),
    communeCode: z.string(),
    kind: RoundKind,
    year: z.number(),
    month: z.number().nullable(),
    startDate: z.string(),
    procedureVersion: z.string(),
    status: RoundStatus,
    decisionNumber: z.string().nullable(),
    decisionDate: z.string().nullable(),
    eventCount: z.number(),
  })
  .meta({ id: 'RoundSummary' });

export const RoundHousehold = z
  .object({
    householdId: z.string(),
    headName: z.string(),
    villageId: z.string(),
    villageName: z.string(),
    reason: ListingReason,
    stage: HouseholdStage,
    screening: z.object({ date: z.string(), passed: z.boolean() }).nullable(),
    provisionalClass: HouseholdClass.nullable(),
    finalClass: HouseholdClass.nullable(),
    survey: z
      .object({
        date: z.string(),
        class: HouseholdClass,
        assessmentId: z.string().nullable(),
        deficits: z.array(z.string()).nullable(),
      })
      .nullable(),
    accounted: z.object({ outcome: AccountOutcome, effective: z.string(), record: z.string() }).nullable(),
    meetings: z.array(
      z.object({
        date: z.string(),
        attendees: z.number(),
        agree: z.number(),
        share: z.number(),
        stands: z.boolean(),
      }),
    ),
    complaint: z
      .object({
        receivedOn: z.string(),
        content: z.string(),
        recheck: z.object({ date: z.string(), class: HouseholdClass, outcome: RecheckOutcome }).nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'RoundHousehold' });

export const RoundVillage = z
  .object({
    villageId: z.string(),
    villageName: z.string(),
    postings: z.array(z.object({ start: z.string(), end: z.string().nullable() })),
    repostFrom: z.string().nullable(),
    minutes: z.array(z.object({ date: z.string(), fileId: z.string().nullable() })),
    steps: z.array(RoundStep),
  })
  .meta({ id: 'RoundVillage' });

/** A round with its households, villages, steps and readiness: what the round's board shows. */
export const Round = RoundSummary.extend({
  communeName: z.string(),
  households: z.array(RoundHousehold),
  villages: z.array(RoundVillage),
  steps: z.array(RoundStep),
  readiness: z.array(ReadinessProblem),
  /** A regular (monthly) round: the day the chairman's decision is due (QĐ 24/2021, Điều 5). */
  decisionDue: z.string().nullable(),
  report: z.object({ date: z.string(), to: ReportLevel }).nullable(),
}).meta({ id: 'Round' });
