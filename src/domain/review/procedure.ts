// The review procedure as data (rules/review/procedure.yaml): steps, durations, periods, thresholds.
import { z } from 'zod';
import type { WorkingCalendar } from './calendar.ts';

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
            workingDays: cited(z.number().int().min(0)),
            minWorkingDays: cited(z.number().int().min(1)).optional(),
          })
          .strict(),
      )
      .min(1),
    meeting: z.object({ approvalShare: cited(z.number().gt(0).max(1)) }).strict(),
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
  });

/**
 * The procedure as data, with the working calendar its day counts use (rules/calendar/public-holidays.yaml,
 * attached by the loader; without one, Monday to Friday).
 */
export type Procedure = z.infer<typeof procedureSchema> & { calendar?: WorkingCalendar };
export type ProcedureVersion = Procedure['versions'][number];

/** The version of the procedure in force on a date (a round follows the one valid when it starts). */
export function procedureVersionOn(p: Procedure, date: string): ProcedureVersion | undefined {
  return p.versions.find((v) => v.validFrom <= date && (v.validTo === null || date <= v.validTo));
}
