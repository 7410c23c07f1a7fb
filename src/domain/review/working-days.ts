// Working days (ngày làm việc): Monday to Friday, less the public holidays of the working calendar, plus the
// weekend days worked in exchange (src/domain/review/calendar.ts). Dates are 'YYYY-MM-DD' strings computed in
// UTC, so no time zone can shift a day.
import { WEEKDAYS_ONLY, type WorkingCalendar } from './calendar.ts';

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (d: Date) => d.toISOString().slice(0, 10);

export function isWorkingDay(iso: string, calendar: WorkingCalendar = WEEKDAYS_ONLY): boolean {
  if (calendar.workingWeekends.has(iso)) return true;
  const weekday = toDate(iso).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !calendar.daysOff.has(iso);
}

/** The date `n` working days after `start` (n = 0: start itself, moved to a working day if needed). */
export function addWorkingDays(start: string, n: number, calendar: WorkingCalendar = WEEKDAYS_ONLY): string {
  const d = toDate(start);
  while (!isWorkingDay(toIso(d), calendar)) d.setUTCDate(d.getUTCDate() + 1);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkingDay(toIso(d), calendar)) left--;
  }
  return toIso(d);
}

/** Working days from `start` to `end`, both included (a posting from Monday to Wednesday lasts 3). */
export function workingDaysInclusive(
  start: string,
  end: string,
  calendar: WorkingCalendar = WEEKDAYS_ONLY,
): number {
  if (end < start) return 0;
  const d = toDate(start);
  const last = toDate(end);
  let n = 0;
  while (d <= last) {
    if (isWorkingDay(toIso(d), calendar)) n++;
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return n;
}

export function addMonths(iso: string, months: number): string {
  const d = toDate(iso);
  d.setUTCMonth(d.getUTCMonth() + months);
  return toIso(d);
}
