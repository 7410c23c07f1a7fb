// Ages and working age on a survey date (dates are passed in: the core has no clock).
import type { AgeSpan, Sex, WorkingAgeRule } from './types.ts';

/** Completed months between a birth date and a date, both 'YYYY-MM-DD'. */
export function ageInMonths(birthDate: string, onDate: string): number {
  const [by, bm, bd] = splitDate(birthDate);
  const [y, m, d] = splitDate(onDate);
  let months = (y - by) * 12 + (m - bm);
  if (d < bd) months -= 1;
  return months;
}

export function ageInYears(birthDate: string, onDate: string): number {
  return Math.floor(ageInMonths(birthDate, onDate) / 12);
}

export function birthYear(birthDate: string): number {
  return splitDate(birthDate)[0];
}

function splitDate(iso: string): [number, number, number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

const toMonths = (span: AgeSpan): number => span.years * 12 + span.months;

/** Retirement age in months for someone of that sex in that year (Bộ luật Lao động 2019, Điều 169). */
export function retirementAgeMonths(rule: WorkingAgeRule, sex: Sex, year: number): number {
  const s = rule.schedule[sex];
  if (year < s.from.year) return toMonths(s.before);
  const rising = toMonths(s.from) + s.stepMonthsPerYear * (year - s.from.year);
  return Math.min(rising, toMonths(s.until));
}

/** "Trong độ tuổi lao động": from the minimum working age up to (not including) the retirement age. */
export function isOfWorkingAge(rule: WorkingAgeRule, sex: Sex, birthDate: string, onDate: string): boolean {
  const months = ageInMonths(birthDate, onDate);
  const year = Number(onDate.slice(0, 4));
  return months >= toMonths(rule.minimumWorkingAge) && months < retirementAgeMonths(rule, sex, year);
}
