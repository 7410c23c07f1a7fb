// The Alkire–Foster parameters as data (rules/measures/alkire-foster.yaml): weighting and cut-off k,
// checked here, and the cut-off that applies to a standard.
import { z } from 'zod';

const nonEmpty = z.string().trim().min(1);
const cutoff = z.number().int().min(1).max(50);

export const alkireFosterRuleSchema = z
  .object({
    citation: nonEmpty,
    citationEn: nonEmpty,
    verified: z.boolean(),
    note: z.string().optional(),
    weighting: z.literal('equal'),
    cutoff: z
      .object({ k: cutoff, of: z.number().int().min(1).max(50) })
      .strict()
      .refine((c) => c.k <= c.of, { message: 'k must not exceed the number of indicators (of)' }),
    standards: z.record(z.string(), z.object({ k: cutoff }).strict()).default({}),
  })
  .strict();

export type AlkireFosterRule = z.infer<typeof alkireFosterRuleSchema>;

/** The cut-off for a standard: its own if the rule names one, else the default. */
export function cutoffFor(rule: AlkireFosterRule, standard: string): number {
  return rule.standards[standard]?.k ?? rule.cutoff.k;
}
