// Households and their members as the API reads and writes them (a member of a household: thành viên hộ),
// shared by the household, member and assessment routes.
import { z } from 'zod';
import { EDUCATION_LEVELS, EMPLOYMENT_STATUSES } from '../../domain/standards/facts.ts';
import { isoDate } from './common.ts';
import { HouseholdClass } from '../contract/household-class.ts';

export const memberSchema = z.object({
  memberNo: z.number(),
  fullName: z.string(),
  dateOfBirth: z.string().nullable(),
  sex: z.string().nullable(),
  ethnicity: z.string().nullable(),
  relationToHead: z.string().nullable(),
  nationalId: z.string().nullable().describe('masked (********123) for roles without personal-data access'),
  phone: z.string().nullable().describe('masked for roles without personal-data access'),
  educationLevel: z.string().nullable(),
  healthInsurance: z.boolean().nullable(),
  employment: z.string().nullable(),
  labourContract: z.boolean().nullable(),
  leftAt: z.string().nullable(),
  leftReason: z.string().nullable(),
});

/** A household's own fields as a client sends them (created, changed, or synced from a device). */
export const householdInputFields = {
  address: z.string().trim().max(300).nullable().optional(),
  headName: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .transform((s) => s.normalize('NFC')),
  ethnicity: z.string().trim().max(60).nullable().optional(),
  isEthnicMinority: z.boolean().optional(),
  personOfMerit: z.boolean().optional(),
  socialProtection: z.boolean().optional(),
  noLabourCapacity: z.boolean().optional(),
};

export const memberInputSchema = z
  .object({
    fullName: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .transform((s) => s.normalize('NFC')),
    dateOfBirth: isoDate.nullable().optional(),
    sex: z.enum(['male', 'female']).nullable().optional(),
    ethnicity: z.string().trim().max(60).nullable().optional(),
    relationToHead: z.string().trim().max(60).nullable().optional(),
    nationalId: z
      .string()
      .regex(/^\d{12}$/, 'số định danh cá nhân gồm 12 chữ số / a national ID has 12 digits')
      .nullable()
      .optional(),
    phone: z
      .string()
      .regex(/^0\d{9,10}$/, 'số điện thoại 10–11 chữ số bắt đầu bằng 0 / 10–11 digits starting with 0')
      .nullable()
      .optional(),
    educationLevel: z.enum(EDUCATION_LEVELS).nullable().optional(),
    healthInsurance: z.boolean().nullable().optional(),
    employment: z.enum(EMPLOYMENT_STATUSES).nullable().optional(),
    labourContract: z.boolean().nullable().optional(),
    facts: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const assessmentSchema = z.object({
  assessmentId: z.string(),
  standardId: z.string(),
  surveyDate: z.string(),
  area: z.string(),
  incomePerCapita: z.string().nullable().describe('đồng/người/tháng; null when masked or not measured'),
  scoreA: z.number().nullable(),
  deficits: z.array(z.string()),
  deficitCount: z.number(),
  class: HouseholdClass,
  explanation: z.object({ vi: z.string(), en: z.string() }),
  recordedBy: z.string().nullable(),
  createdAt: z.string(),
  superseded: z.boolean(),
});

export const householdSchema = z.object({
  householdId: z.string(),
  villageId: z.string(),
  villageName: z.string(),
  communeCode: z.string(),
  communeName: z.string(),
  provinceCode: z.string().nullable(),
  provinceName: z.string().nullable(),
  address: z.string().nullable(),
  headName: z.string(),
  ethnicity: z.string().nullable(),
  isEthnicMinority: z.boolean(),
  personOfMerit: z.boolean(),
  socialProtection: z.boolean(),
  noLabourCapacity: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  splitFrom: z.string().nullable(),
  mergedInto: z.string().nullable(),
  dissolvedAt: z.string().nullable(),
  personalDataMasked: z.boolean(),
  canWrite: z.boolean(),
  standing: z
    .object({
      recognised: z
        .object({
          class: HouseholdClass.nullable(),
          decisionNumber: z.string().nullable(),
          decisionDate: z.string(),
        })
        .nullable(),
      provisional: z
        .object({ class: HouseholdClass, surveyDate: z.string(), assessmentId: z.string() })
        .nullable(),
    })
    .describe('recognised: the latest recognised decision; provisional: assessed since, not yet recognised'),
  newlyEscaped: z
    .object({ since: z.string(), months: z.number() })
    .nullable()
    .describe('hộ mới thoát nghèo: escaped by a recognised round within the parameter (36 months)'),
  members: z.array(memberSchema),
  assessments: z.array(assessmentSchema),
});

export type HouseholdOut = z.infer<typeof householdSchema>;
