// The working calendar: public holidays off and weekend days worked in exchange, as data
// (rules/calendar/public-holidays.yaml, Bộ luật Lao động 2019, Điều 112). Without it, Monday–Friday.
import { z } from 'zod';
import { isCalendarDate } from '../standards/facts.ts';

const day = z
  .string()
  .refine(isCalendarDate, 'YYYY-MM-DD')
  .or(z.date().transform((d) => d.toISOString().slice(0, 10)));

export const publicHolidaysSchema = z
  .object({
    citation: z.string().min(1),
    verified: z.boolean(),
    years: z.array(
      z
        .object({
          year: z.number().int().min(2000).max(2100),
          daysOff: z.array(day),
          workingWeekends: z.array(day),
        })
        .strict()
        .superRefine((y, ctx) => {
          for (const d of [...y.daysOff, ...y.workingWeekends])
            if (!d.startsWith(`${y.year}-`))
              ctx.addIssue({ code: 'custom', message: `${d} is not in ${y.year}` });
          for (const d of y.workingWeekends)
            if (![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))
              ctx.addIssue({ code: 'custom', message: `${d} is not a Saturday or Sunday` });
        }),
    ),
  })
  .strict();
export type PublicHolidays = z.infer<typeof publicHolidaysSchema>;

export interface WorkingCalendar {
  daysOff: ReadonlySet<string>;
  workingWeekends: ReadonlySet<string>;
  citation: string | null;
  verified: boolean;
}

/** Monday to Friday, no holidays: what the procedure counts when no calendar is loaded. */
export const WEEKDAYS_ONLY: WorkingCalendar = {
  daysOff: new Set(),
  workingWeekends: new Set(),
  citation: null,
  verified: true,
};

export function workingCalendar(file: PublicHolidays): WorkingCalendar {
  return {
    daysOff: new Set(file.years.flatMap((y) => y.daysOff)),
    workingWeekends: new Set(file.years.flatMap((y) => y.workingWeekends)),
    citation: file.citation,
    verified: file.verified,
  };
}
