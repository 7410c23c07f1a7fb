// Lists of units named by legal texts (poor districts, extremely difficult communes), as data with citations.
import { z } from 'zod';

const nonEmpty = z.string().trim().min(1);
const isoDate = z.union([
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  z.date().transform((d) => d.toISOString().slice(0, 10)),
]);

export const legalListSchema = z
  .object({
    kind: z.string().regex(/^[a-z][a-z0-9_]*$/),
    title: z.object({ vi: nonEmpty, en: nonEmpty }).strict(),
    periodFrom: isoDate,
    periodTo: isoDate.nullable().optional(),
    citation: nonEmpty,
    citationEn: nonEmpty.optional(),
    verified: z.boolean(),
    /** False when only some provinces' entries have been sourced. */
    complete: z.boolean(),
    note: z.string().optional(),
    entries: z.array(
      z
        .object({
          unitCode: z.string().regex(/^\d{2,5}$/),
          unitLevel: z.enum(['province', 'district', 'commune']),
          name: nonEmpty,
          citation: nonEmpty,
          verified: z.boolean(),
          periodFrom: isoDate.optional(),
          periodTo: isoDate.nullable().optional(),
          note: z.string().optional(),
        })
        .strict(),
    ),
  })
  .strict();

export type LegalList = z.infer<typeof legalListSchema>;
