// The working calendar: public holidays off and weekend days worked in exchange, as data
// (rules/calendar/public-holidays.yaml, Bộ luật Lao động 2019, Điều 112). Without it, Monday–Friday.
//
// The file holds dated editions. A round follows the edition in force on its start date (the last edition
// whose validFrom is on or before it) and keeps it: an edition published later (a correction, next year's
// days) reaches only rounds that start on or after its validFrom, which may not precede its publication.
// An edition lists the years it publishes or corrects; the calendar "as of" an edition is every year's list
// from the latest edition up to it that lists the year.
import { z } from 'zod';
import { isCalendarDate } from '../standards/facts.ts';

const day = z
  .string()
  .refine(isCalendarDate, 'YYYY-MM-DD')
  .or(z.date().transform((d) => d.toISOString().slice(0, 10)));

const yearSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    daysOff: z.array(day),
    workingWeekends: z.array(day),
  })
  .strict()
  .superRefine((y, ctx) => {
    for (const d of [...y.daysOff, ...y.workingWeekends])
      if (!d.startsWith(`${y.year}-`)) ctx.addIssue({ code: 'custom', message: `${d} is not in ${y.year}` });
    for (const d of y.workingWeekends)
      if (![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))
        ctx.addIssue({ code: 'custom', message: `${d} is not a Saturday or Sunday` });
  });

const editionSchema = z
  .object({
    id: z.string().min(1),
    /** The day the edition was written (published in rules/). */
    publishedOn: day,
    /** Rounds starting on or after this day follow this edition (until the next edition's validFrom). */
    validFrom: day,
    citation: z.string().min(1),
    verified: z.boolean(),
    note: z.string().optional(),
    years: z.array(yearSchema).min(1),
  })
  .strict()
  .superRefine((e, ctx) => {
    const seen = new Set<number>();
    for (const [i, y] of e.years.entries()) {
      if (seen.has(y.year))
        ctx.addIssue({ code: 'custom', path: ['years', i], message: `${y.year} is listed twice` });
      seen.add(y.year);
    }
  });

export const publicHolidaysSchema = z
  .object({
    citation: z.string().min(1),
    verified: z.boolean(),
    editions: z.array(editionSchema).min(1),
  })
  .strict()
  .superRefine((f, ctx) => {
    const ids = new Set<string>();
    f.editions.forEach((e, i) => {
      if (ids.has(e.id))
        ctx.addIssue({ code: 'custom', path: ['editions', i], message: `${e.id} is listed twice` });
      ids.add(e.id);
      const before = f.editions[i - 1];
      if (!before) return;
      if (e.validFrom <= before.validFrom || e.publishedOn < before.publishedOn)
        ctx.addIssue({
          code: 'custom',
          path: ['editions', i],
          message: `${e.id} must come after ${before.id} (later validFrom, publishedOn not earlier)`,
        });
      // A correction never reaches back to rounds that started before it was published.
      if (e.validFrom < e.publishedOn)
        ctx.addIssue({
          code: 'custom',
          path: ['editions', i, 'validFrom'],
          message: `${e.id}: validFrom ${e.validFrom} is before publishedOn ${e.publishedOn}; a later edition may not reach back to rounds already under way`,
        });
    });
  });
export type PublicHolidays = z.infer<typeof publicHolidaysSchema>;
export type CalendarEdition = PublicHolidays['editions'][number];

export interface WorkingCalendar {
  /** The edition these days are read from (null: no calendar, Monday to Friday). */
  edition: string | null;
  daysOff: ReadonlySet<string>;
  workingWeekends: ReadonlySet<string>;
  citation: string | null;
  /** False if the file or any edition whose days are used is unverified. */
  verified: boolean;
  /** Which edition each year's list comes from, with that edition's citation. */
  sources: { year: number; edition: string; citation: string; verified: boolean }[];
}

/** Monday to Friday, no holidays: what the procedure counts when no calendar is loaded. */
export const WEEKDAYS_ONLY: WorkingCalendar = {
  edition: null,
  daysOff: new Set(),
  workingWeekends: new Set(),
  citation: null,
  verified: true,
  sources: [],
};

/** The edition in force for a round starting on `date` (undefined: the date precedes every edition). */
export function editionOn(file: PublicHolidays, date: string): CalendarEdition | undefined {
  return file.editions.filter((e) => e.validFrom <= date).at(-1);
}

/** The calendar as edition `id` left it (undefined: no such edition). */
export function calendarAsOf(file: PublicHolidays, id: string): WorkingCalendar | undefined {
  const upTo = file.editions.findIndex((e) => e.id === id);
  if (upTo < 0) return undefined;
  const years = new Map<number, { list: CalendarEdition['years'][number]; edition: CalendarEdition }>();
  for (const edition of file.editions.slice(0, upTo + 1))
    for (const list of edition.years) years.set(list.year, { list, edition });
  const used = [...years.values()].sort((a, b) => a.list.year - b.list.year);
  return {
    edition: id,
    daysOff: new Set(used.flatMap((y) => y.list.daysOff)),
    workingWeekends: new Set(used.flatMap((y) => y.list.workingWeekends)),
    citation: file.citation,
    verified: file.verified && used.every((y) => y.edition.verified),
    sources: used.map((y) => ({
      year: y.list.year,
      edition: y.edition.id,
      citation: y.edition.citation,
      verified: y.edition.verified,
    })),
  };
}
