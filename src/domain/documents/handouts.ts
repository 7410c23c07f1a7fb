// What the commune hands out after a review round (issue #12, part 6), as pure rules: how long a
// certificate of a poor or near-poor household is valid, a person's age on the decision date and the
// school level it falls in, the Vietnamese date form (dd/mm/yyyy) and the words printed for a class and a
// relation to the head. The values (validity, school ages) are rules/documents/*.yaml, checked here.
import { relationWords as relationInWords } from '../registry/relations.ts';
import { z } from 'zod';
import { isCalendarDate } from '../standards/facts.ts';

const cited = {
  citation: z.string().min(1),
  citationEn: z.string().optional(),
  verified: z.boolean(),
  note: z.string().optional(),
};

export const certificateValiditySchema = z
  .object({
    ...cited,
    validUntil: z
      .object({
        yearsAfterDecision: z.number().int().min(0).max(10),
        month: z.number().int().min(1).max(12),
        day: z.number().int().min(1).max(31),
      })
      .strict(),
  })
  .strict()
  .refine(
    (r) => isCalendarDate(`2001-${pad(r.validUntil.month)}-${pad(r.validUntil.day)}`),
    'validUntil: not a day of the year',
  );
export type CertificateValidity = z.infer<typeof certificateValiditySchema>;

export const SCHOOL_LEVELS = ['preschool', 'primary', 'lower_secondary', 'upper_secondary'] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];

export const schoolAgesSchema = z
  .object({
    ...cited,
    ageOn: z.literal('decision_date'),
    levels: z
      .array(
        z
          .object({
            code: z.enum(SCHOOL_LEVELS),
            name: z.object({ vi: z.string().min(1), en: z.string().min(1) }).strict(),
            fromAge: z.number().int().min(0).max(30),
            toAge: z.number().int().min(0).max(30),
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .refine((r) => r.levels.every((l) => l.fromAge <= l.toAge), 'levels: fromAge after toAge')
  .refine(
    (r) =>
      r.levels.every((l, i) =>
        r.levels.every((m, j) => i === j || m.toAge < l.fromAge || m.fromAge > l.toAge),
      ),
    'levels: ages overlap',
  );
export type SchoolAges = z.infer<typeof schoolAgesSchema>;

export interface HandoutRules {
  validity: CertificateValidity;
  schoolAges: SchoolAges;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The last day a certificate issued under a decision of this date is valid (ISO date). */
export function certificateValidUntil(rule: CertificateValidity, decisionDate: string): string {
  const year = Number(decisionDate.slice(0, 4)) + rule.validUntil.yearsAfterDecision;
  return `${year}-${pad(rule.validUntil.month)}-${pad(rule.validUntil.day)}`;
}

/** Completed years from the date of birth to the date (both ISO); null without a date of birth. */
export function ageOn(dateOfBirth: string | null, date: string): number | null {
  if (!dateOfBirth || !isCalendarDate(dateOfBirth)) return null;
  const years = Number(date.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return date.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

/** The school level an age falls in, or undefined when the age is not a school age. */
export function schoolLevelOf(rules: SchoolAges, age: number | null) {
  if (age === null) return undefined;
  return rules.levels.find((l) => age >= l.fromAge && age <= l.toAge);
}

/** An ISO date as Vietnamese documents write it: dd/mm/yyyy ('' for none). */
export function vnDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** "ngày 30 tháng 09 năm 2026", the form of a document's place-and-date line. */
export function vnLongDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `ngày ${d} tháng ${m} năm ${y}`;
}

export type CertifiedClass = 'poor' | 'near_poor';

export const CLASS_WORDS: Record<string, { vi: string; en: string }> = {
  poor: { vi: 'Hộ nghèo', en: 'Poor household' },
  near_poor: { vi: 'Hộ cận nghèo', en: 'Near-poor household' },
  middle: { vi: 'Hộ có mức sống trung bình', en: 'Middle-income household' },
  not_poor: { vi: 'Hộ không nghèo', en: 'Not poor' },
};

/** The relation to the head as printed (in Vietnamese): a code's words, free text as it is. */
export function relationWords(relation: string | null): string {
  return relationInWords(relation, 'vi');
}

/** True when the member is the household's head (relation "head"/"Chủ hộ", or, lacking one, the same name). */
export function isHead(member: { fullName: string; relationToHead: string | null }, headName: string) {
  const r = member.relationToHead?.trim().toLowerCase();
  if (r) return r === 'head' || r === 'chủ hộ';
  return member.fullName.trim() === headName.trim();
}
