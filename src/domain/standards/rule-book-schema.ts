// The shape of the files in rules/, checked when they are loaded: a value without a citation stops the program.
import { z } from 'zod';

const nonEmpty = z.string().trim().min(1);

export const parameterSchema = z
  .object({
    value: z.number().finite().nonnegative(),
    unit: nonEmpty,
    citation: nonEmpty,
    citationEn: nonEmpty.optional(),
    verified: z.boolean(),
    note: z.string().optional(),
  })
  .strict();

const byArea = z.object({ rural: parameterSchema, urban: parameterSchema }).strict();
const partialByArea = z
  .object({ rural: parameterSchema.optional(), urban: parameterSchema.optional() })
  .strict();

const bilingual = z.object({ vi: nonEmpty, en: nonEmpty }).strict();

const legalBasis = z
  .object({ document: nonEmpty, short: nonEmpty, shortEn: nonEmpty, issued: z.string().optional() })
  .strict();

const derivation = z
  .object({
    rule: nonEmpty,
    params: z.record(z.string(), z.unknown()).optional(),
    citation: nonEmpty,
    verified: z.boolean(),
    note: z.string().optional(),
  })
  .strict();

const indicator = z
  .object({
    code: nonEmpty,
    dimension: z.object({ code: nonEmpty, vi: nonEmpty, en: nonEmpty }).strict(),
    citation: nonEmpty,
    verified: z.boolean(),
    derive: derivation,
  })
  .strict();

const standardId = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'A–Z, 0–9 and _ only, starting with a letter');

export const nationalStandardSchema = z
  .object({
    id: standardId,
    kind: z.literal('national'),
    name: bilingual,
    legalBasis,
    rule: z.enum(['single_line', 'two_lines']),
    parameters: z
      .object({
        povertyLine: byArea,
        nearPoorLine: byArea.optional(),
        middleUpperLine: byArea.optional(),
        deficitThreshold: parameterSchema,
        scoreA: z
          .object({
            povertyCutoff: byArea,
            nearPoorCutoff: byArea.optional(),
            pointsPerDeficit: parameterSchema.optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
    indicators: z.array(indicator).min(1),
  })
  .strict();

/** A province's standard: a national one with higher lines (and possibly other score-A cut-offs). */
export const localStandardSchema = z
  .object({
    id: standardId,
    kind: z.literal('local'),
    derivedFrom: standardId,
    name: bilingual,
    legalBasis,
    overrides: z
      .object({
        povertyLine: partialByArea.optional(),
        nearPoorLine: partialByArea.optional(),
        middleUpperLine: partialByArea.optional(),
        scoreA: z
          .object({ povertyCutoff: partialByArea.optional(), nearPoorCutoff: partialByArea.optional() })
          .strict()
          .optional(),
      })
      .strict(),
  })
  .strict();

export const indicatorCatalogueSchema = z.array(
  z.object({ code: nonEmpty, vi: nonEmpty, en: nonEmpty }).strict(),
);

export const reviewYearsSchema = z.array(
  z
    .object({
      from: z.number().int().min(1990).max(2100),
      to: z.number().int().min(1990).max(2100),
      standard: standardId,
      alsoReviewedUnder: z.array(standardId).optional(),
      citation: nonEmpty,
      citationEn: nonEmpty.optional(),
      verified: z.boolean(),
      note: z.string().optional(),
    })
    .strict(),
);

const ageSpan = z
  .object({ years: z.number().int().min(0), months: z.number().int().min(0).max(11) })
  .strict();
const schedule = z
  .object({
    before: ageSpan,
    from: ageSpan.extend({ year: z.number().int() }).strict(),
    stepMonthsPerYear: z.number().int().min(0),
    until: ageSpan,
  })
  .strict();

export const workingAgeSchema = z
  .object({
    citation: nonEmpty,
    citationEn: nonEmpty.optional(),
    verified: z.boolean(),
    note: z.string().optional(),
    minimumWorkingAge: ageSpan,
    schedule: z.object({ male: schedule, female: schedule }).strict(),
  })
  .strict();

export type NationalStandardDoc = z.infer<typeof nationalStandardSchema>;
export type LocalStandardDoc = z.infer<typeof localStandardSchema>;
