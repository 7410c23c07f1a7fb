// Member and dwelling facts from Phiếu B (and the registry), from which deficit indicators are derived.
import { z } from 'zod';

export const EDUCATION_LEVELS = [
  'none',
  'primary',
  'lower_secondary',
  'upper_secondary',
  'vocational_elementary',
  'vocational_intermediate',
  'college',
  'university',
] as const;
export const EMPLOYMENT_STATUSES = ['employed', 'unemployed', 'not_in_labour_force'] as const;
export const MATERIAL_QUALITIES = ['durable', 'non_durable'] as const;
export const WATER_SOURCES = [
  'piped',
  'drilled_well',
  'protected_dug_well',
  'protected_spring',
  'rainwater',
  'bottled',
  'unprotected_dug_well',
  'unprotected_spring',
  'surface',
  'tanker',
  'other',
] as const;
export const LATRINES = [
  'septic',
  'semi_septic',
  'pour_flush',
  'double_vault',
  'ventilated_pit',
  'open_pit',
  'hanging',
  'none',
  'other',
] as const;
export const INFORMATION_DEVICES = ['tv', 'radio', 'computer', 'phone', 'smartphone', 'tablet'] as const;
export const WASTE_DISPOSALS = [
  'collected',
  'composted',
  'buried',
  'burned_in_incinerator',
  'burned_in_open',
  'dumped',
  'other',
] as const;

/** Lists of allowed values, by the name a derivation rule's parameters use for them. */
export const FACT_VOCABULARY = {
  educationLevel: EDUCATION_LEVELS,
  waterSource: WATER_SOURCES,
  latrine: LATRINES,
  informationDevice: INFORMATION_DEVICES,
  wasteDisposal: WASTE_DISPOSALS,
} as const;

/** A real calendar date 'YYYY-MM-DD', checked without building Date objects (this runs per member). */
export function isCalendarDate(s: string): boolean {
  if (s.length !== 10 || s[4] !== '-' || s[7] !== '-') return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || m < 1 || m > 12 || d < 1)
    return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

const isoDate = z.string().refine(isCalendarDate, 'YYYY-MM-DD');

export const memberFactsSchema = z
  .object({
    birthDate: isoDate,
    sex: z.enum(['male', 'female']),
    healthInsurance: z.boolean().optional(),
    inSchool: z.boolean().optional(),
    educationLevel: z.enum(EDUCATION_LEVELS).optional(),
    employment: z.enum(EMPLOYMENT_STATUSES).optional(),
    wageEarner: z.boolean().optional(),
    labourContract: z.boolean().optional(),
    monthlySocialAllowance: z.boolean().optional(),
    stunted: z.boolean().optional(),
    underweight: z.boolean().optional(),
    sickUntreated: z.boolean().optional(),
    usesTelecom: z.boolean().optional(),
    usesDigitalServices: z.boolean().optional(),
  })
  .strict();

export const dwellingFactsSchema = z
  .object({
    wall: z.enum(MATERIAL_QUALITIES).optional(),
    columns: z.enum(MATERIAL_QUALITIES).optional(),
    roof: z.enum(MATERIAL_QUALITIES).optional(),
    floorArea: z.number().finite().nonnegative().optional(),
    waterSource: z.enum(WATER_SOURCES).optional(),
    latrine: z.enum(LATRINES).optional(),
    informationDevices: z.array(z.enum(INFORMATION_DEVICES)).optional(),
    loudspeaker: z.boolean().optional(),
    wasteDisposal: z.enum(WASTE_DISPOSALS).optional(),
  })
  .strict();

export const householdFactsSchema = z
  .object({
    surveyDate: isoDate,
    members: z.array(memberFactsSchema).min(1),
    dwelling: dwellingFactsSchema,
  })
  .strict();

export type MemberFacts = z.infer<typeof memberFactsSchema>;
export type DwellingFacts = z.infer<typeof dwellingFactsSchema>;
export type HouseholdFacts = z.infer<typeof householdFactsSchema>;
