// Member fields as the API reads and writes them (a member of a household: thành viên hộ).
import { z } from 'zod';
import { EDUCATION_LEVELS, EMPLOYMENT_STATUSES } from '../../domain/standards/facts.ts';
import { isoDate } from './common.ts';

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
