// The review procedure as data (rules/review/procedure.yaml): steps, durations, periods, thresholds.
//
// A round's rules are dated: what judges it is read as it stood for that round, never as the files say
// today. `rulesOfRound` gives them from what the round row stores when the round opens and never changes:
//  - its procedure version, by id (review_rounds.procedure_version): the version's parameter set gives the
//    step durations, the posting minimum and the meeting's approval share;
//  - its start date: the working calendar is the edition in force on that day
//    (rules/calendar/public-holidays.yaml, see calendar.ts).
// Versions, parameter sets and calendar editions are only ever added, never edited in place, so a recognised
// round replays to the same state whatever is corrected later.
import { z } from 'zod';
import {
  calendarAsOf,
  editionOn,
  WEEKDAYS_ONLY,
  type PublicHolidays,
  type WorkingCalendar,
} from './calendar.ts';

const cited = <T extends z.ZodType>(value: T) =>
  z
    .object({ value, citation: z.string().min(1), verified: z.boolean(), note: z.string().optional() })
    .strict();
const isoDate = z.union([
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  z.date().transform((d) => d.toISOString().slice(0, 10)),
]);
const bilingual = z.object({ vi: z.string().min(1), en: z.string().min(1) }).strict();

export const STEP_CODES = [
  'listing',
  'survey',
  'meeting',
  'posting',
  'complaints',
  'recognition',
  'reporting',
] as const;
export type StepCode = (typeof STEP_CODES)[number];
/**
 * A step's state on the board: done only when it happened (its events are recorded); "none" when there was
 * nothing to do (no complaint was received by the end of the postings); never done for want of work.
 */
export const STEP_STATES = ['pending', 'in_progress', 'done', 'none'] as const;
export type StepState = (typeof STEP_STATES)[number];

export const procedureSchema = z
  .object({
    versions: z
      .array(
        z
          .object({
            id: z.string().min(1),
            validFrom: isoDate,
            validTo: isoDate.nullable(),
            citation: z.string().min(1),
            verified: z.boolean(),
            note: z.string().optional(),
            reportingChain: z.array(z.enum(['commune', 'district', 'province'])).min(2),
            /** The id of the parameter set (`parameters`) rounds of this version are judged by. */
            parameters: z.string().min(1),
          })
          .strict(),
      )
      .min(1),
    periods: z
      .object({
        periodic: z
          .object({
            start: z.object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) }),
            end: z.object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) }),
            citation: z.string().min(1),
            verified: z.boolean(),
          })
          .strict(),
        regular: z
          .object({
            startDay: z.number().int().min(1).max(28),
            reportByDay: z.number().int().min(1).max(28),
            /** The chairman decides within this many days from the start day (Điều 5). */
            decisionWithinDays: z.number().int().min(1).max(60),
            citation: z.string().min(1),
            verified: z.boolean(),
          })
          .strict(),
      })
      .strict(),
    steps: z
      .array(
        z
          .object({
            code: z.enum(STEP_CODES),
            name: bilingual,
            scope: z.enum(['commune', 'village']),
          })
          .strict(),
      )
      .min(1),
    parameters: z
      .array(
        z
          .object({
            id: z.string().min(1),
            note: z.string().optional(),
            steps: z.partialRecord(
              z.enum(STEP_CODES),
              z
                .object({
                  workingDays: cited(z.number().int().min(0)),
                  minWorkingDays: cited(z.number().int().min(1)).optional(),
                })
                .strict(),
            ),
            meeting: z.object({ approvalShare: cited(z.number().gt(0).max(1)) }).strict(),
          })
          .strict(),
      )
      .min(1),
    newlyEscaped: z.object({ months: cited(z.number().int().min(1)) }).strict(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const codes = p.steps.map((s) => s.code);
    const order = STEP_CODES.filter((c) => codes.includes(c));
    if (codes.join() !== order.join()) {
      ctx.addIssue({
        code: 'custom',
        path: ['steps'],
        message: `steps must follow the order ${STEP_CODES.join(' → ')}`,
      });
    }
    const sorted = [...p.versions].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    sorted.forEach((v, i) => {
      const next = sorted[i + 1];
      if (next && (v.validTo === null || v.validTo >= next.validFrom)) {
        ctx.addIssue({ code: 'custom', path: ['versions', i], message: `${v.id} overlaps ${next.id}` });
      }
    });
    const unique = (list: { id: string }[], path: string) => {
      const seen = new Set<string>();
      list.forEach((x, i) => {
        if (seen.has(x.id))
          ctx.addIssue({ code: 'custom', path: [path, i], message: `${x.id} is listed twice` });
        seen.add(x.id);
      });
    };
    unique(p.versions, 'versions');
    unique(p.parameters, 'parameters');
    p.versions.forEach((v, i) => {
      if (!p.parameters.some((s) => s.id === v.parameters))
        ctx.addIssue({
          code: 'custom',
          path: ['versions', i, 'parameters'],
          message: `${v.id}: no parameter set ${v.parameters}`,
        });
    });
    p.parameters.forEach((set, i) => {
      const given = Object.keys(set.steps);
      for (const code of codes)
        if (!given.includes(code))
          ctx.addIssue({
            code: 'custom',
            path: ['parameters', i, 'steps'],
            message: `${set.id}: no working days for the step ${code}`,
          });
      // The posting minimum is the law's (never a default in code): a set must state it.
      if (codes.includes('posting') && set.steps.posting && !set.steps.posting.minWorkingDays)
        ctx.addIssue({
          code: 'custom',
          path: ['parameters', i, 'steps', 'posting'],
          message: `${set.id}: the posting step needs minWorkingDays`,
        });
      for (const code of given)
        if (!codes.includes(code as StepCode))
          ctx.addIssue({
            code: 'custom',
            path: ['parameters', i, 'steps', code],
            message: `${set.id}: ${code} is not a step of the procedure`,
          });
    });
  });

/**
 * The procedure as data, with the working calendar's editions its day counts use
 * (rules/calendar/public-holidays.yaml, attached by the loader; without them, Monday to Friday).
 */
export type Procedure = z.infer<typeof procedureSchema> & { holidays?: PublicHolidays };
export type ProcedureVersion = Procedure['versions'][number];
export type ParameterSet = Procedure['parameters'][number];
type Cited<T> = { value: T; citation: string; verified: boolean; note?: string };

/** The version of the procedure in force on a date (a round follows the one valid when it starts). */
export function procedureVersionOn(p: Procedure, date: string): ProcedureVersion | undefined {
  return p.versions.find((v) => v.validFrom <= date && (v.validTo === null || date <= v.validTo));
}

/** One step as a round follows it: its name and scope, with its version's durations. */
export interface RoundStep {
  code: StepCode;
  name: { vi: string; en: string };
  scope: 'commune' | 'village';
  workingDays: Cited<number>;
  minWorkingDays?: Cited<number>;
}

/** Everything a round is judged by, as it stood for that round (see the top of this file). */
export interface RoundRules {
  version: ProcedureVersion;
  /** The id of the version's parameter set. */
  parameters: string;
  steps: RoundStep[];
  meeting: { approvalShare: Cited<number> };
  calendar: WorkingCalendar;
}

/** Which rules a round follows: what the round keeps (state.rules), enough to find them again. */
export interface RoundRulesRef {
  procedureVersion: string;
  parameters: string;
  calendarEdition: string | null;
}

export const rulesRef = (r: RoundRules): RoundRulesRef => ({
  procedureVersion: r.version.id,
  parameters: r.parameters,
  calendarEdition: r.calendar.edition,
});

/**
 * The rules of a round: its own procedure version (by the id stored when it opened) with that version's
 * parameters, and the calendar edition in force on its start date (or `calendarEdition`, when the round
 * already names it). A refusal says in both languages what is missing.
 */
export function rulesOfRound(
  p: Procedure,
  round: { procedureVersion: string | null; startDate: string | null; calendarEdition?: string | null },
): { ok: true; rules: RoundRules } | { ok: false; message: { vi: string; en: string } } {
  const fail = (vi: string, en: string) => ({ ok: false as const, message: { vi, en } });
  if (!round.startDate) return fail('Đợt rà soát không có ngày bắt đầu', 'The round has no start date');
  const version = p.versions.find((v) => v.id === round.procedureVersion);
  if (!version)
    return fail(
      `Không có phiên bản quy trình "${round.procedureVersion ?? ''}" của đợt rà soát`,
      `The round's procedure version "${round.procedureVersion ?? ''}" is not in the rules`,
    );
  const set = p.parameters.find((s) => s.id === version.parameters);
  if (!set)
    return fail(
      `Không có bộ tham số ${version.parameters} của quy trình ${version.id}`,
      `No parameter set ${version.parameters} for the procedure ${version.id}`,
    );
  let calendar: WorkingCalendar | undefined = WEEKDAYS_ONLY;
  if (p.holidays) {
    const id = round.calendarEdition ?? editionOn(p.holidays, round.startDate)?.id;
    calendar = id === undefined ? undefined : calendarAsOf(p.holidays, id);
    if (!calendar)
      return fail(
        `Không có ấn bản lịch ngày nghỉ cho đợt rà soát bắt đầu ngày ${round.startDate}`,
        `No edition of the holiday calendar for a round starting on ${round.startDate}`,
      );
  }
  const steps: RoundStep[] = [];
  for (const step of p.steps) {
    const given = set.steps[step.code];
    if (!given)
      return fail(
        `Bộ tham số ${set.id} thiếu bước ${step.code}`,
        `The parameter set ${set.id} lacks the step ${step.code}`,
      );
    steps.push({ ...step, ...given });
  }
  return { ok: true, rules: { version, parameters: set.id, steps, meeting: set.meeting, calendar } };
}
