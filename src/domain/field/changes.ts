// What an enumerator's device sends back after working offline: one entry per household it touched, with
// the values it started from (the snapshot) beside the values it ends with, so the server can tell a field
// the device changed from a field someone else changed meanwhile (a three-way merge, see merge.ts).
// Shared by the server (src/services/field-sync.ts) and the web client (web/src/field/), so both speak the
// same shape; pure types and constants, no I/O.

/** Household fields a device may change (the registry's HouseholdChange). */
export const HOUSEHOLD_FIELDS = [
  'headName',
  'address',
  'ethnicity',
  'isEthnicMinority',
  'personOfMerit',
  'socialProtection',
  'noLabourCapacity',
] as const;
export type HouseholdField = (typeof HOUSEHOLD_FIELDS)[number];

/** Member fields a device may change (the registry's MemberChange, without the free-form facts). */
export const MEMBER_FIELDS = [
  'fullName',
  'dateOfBirth',
  'sex',
  'ethnicity',
  'relationToHead',
  'nationalId',
  'phone',
  'educationLevel',
  'healthInsurance',
  'employment',
  'labourContract',
] as const;
export type MemberField = (typeof MEMBER_FIELDS)[number];

/** Phiếu B answers a device records; the measure the standard uses (income or score A) and the deficits. */
export const ASSESSMENT_FIELDS = ['incomePerCapita', 'scoreA', 'deficits'] as const;
export type AssessmentField = (typeof ASSESSMENT_FIELDS)[number];

export type FieldValue = string | number | boolean | string[] | null;
export type Values<F extends string> = Partial<Record<F, FieldValue>>;

export interface MemberEntry {
  /** The member's number on the server; null for a member added on the device. */
  memberNo: number | null;
  /** The device's own name for the member (its memberNo, or a generated one for a new member). */
  localNo: string;
  /** The snapshot's values of the fields in `values`; null for a new member. */
  base: Values<MemberField> | null;
  values: Values<MemberField>;
}

export interface AssessmentEntry {
  /** The household's current assessment when the device took its snapshot (null: none). */
  baseAssessmentId: string | null;
  standard: string;
  surveyDate: string;
  incomePerCapita?: number | undefined;
  scoreA?: number | undefined;
  deficits: string[];
}

/** Everything the device changed on one household since its snapshot, coalesced into one entry. */
export interface FieldChange {
  /** Unique per version of the entry: the server answers a change it already applied with the same result. */
  changeId: string;
  /** The device's name for the household: its id, or a generated one for a household created offline. */
  localId: string;
  /** The server's household id; null for a household created on the device. */
  householdId: string | null;
  villageId: string;
  /** The household's version in the snapshot (null for a new household); kept for the record. */
  baseVersion: number | null;
  /** Changed household fields: the snapshot's values (null for a new household) and the device's. */
  household?: { base: Values<HouseholdField> | null; values: Values<HouseholdField> } | undefined;
  members?: MemberEntry[] | undefined;
  assessment?: AssessmentEntry | undefined;
  /** When the enumerator last changed it, by the device's clock (shown, never trusted for ordering). */
  changedAt: string;
}

/** A conflicting field: where it is (household.address, member.2.phone, assessment.incomePerCapita). */
export interface ConflictField {
  path: string;
  base: FieldValue | undefined;
  device: FieldValue | undefined;
  server: FieldValue | undefined;
}

export type Side = 'device' | 'server';
