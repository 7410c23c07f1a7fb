// Working days (ngày làm việc): Monday to Friday. Public holidays are not counted out yet (see the note).
// Dates are 'YYYY-MM-DD' strings computed in UTC, so no time zone can shift a day.

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (d: Date) => d.toISOString().slice(0, 10);
const isWorkingDay = (d: Date) => d.getUTCDay() !== 0 && d.getUTCDay() !== 6;

/** The date `n` working days after `start` (n = 0: start itself, moved to a working day if needed). */
export function addWorkingDays(start: string, n: number): string {
  const d = toDate(start);
  while (!isWorkingDay(d)) d.setUTCDate(d.getUTCDate() + 1);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkingDay(d)) left--;
  }
  return toIso(d);
}

/** Working days from `start` to `end`, both included (a posting from Monday to Wednesday lasts 3). */
export function workingDaysInclusive(start: string, end: string): number {
  if (end < start) return 0;
  const d = toDate(start);
  const last = toDate(end);
  let n = 0;
  while (d <= last) {
    if (isWorkingDay(d)) n++;
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return n;
}

export function addMonths(iso: string, months: number): string {
  const d = toDate(iso);
  d.setUTCMonth(d.getUTCMonth() + months);
  return toIso(d);
}
