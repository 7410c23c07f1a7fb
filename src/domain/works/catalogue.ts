// The shapes of rules/outputs/*.yaml (types of works, Thông tư 10/2022 output indicators) and lookups in them.
import { z } from 'zod';

const bilingual = z.object({ vi: z.string().min(1), en: z.string().min(1) });
const code = z.string().regex(/^[a-z][a-z0-9_]*$/);

export const workTypesSchema = z.object({
  citation: z.string().min(1),
  verified: z.boolean(),
  types: z.array(z.object({ code, name: bilingual })).min(1),
});

export const outputIndicatorsSchema = z.object({
  citation: z.string().min(1),
  verified: z.boolean(),
  indicators: z
    .array(
      z.object({
        code,
        name: bilingual,
        measure: bilingual,
        project: z.string().regex(/^DA\d+(\.TDA\d+)?$/),
        citation: z.string().min(1),
        verified: z.boolean(),
      }),
    )
    .min(1),
});

export type WorkTypes = z.infer<typeof workTypesSchema>;
export type OutputIndicators = z.infer<typeof outputIndicatorsSchema>;
export type OutputIndicator = OutputIndicators['indicators'][number];

export interface OutputsRules {
  workTypes: WorkTypes;
  indicators: OutputIndicators;
}

/** Codes must be unique within a file: a repeated code would make a report row ambiguous. */
export function checkOutputsRules(rules: OutputsRules): string[] {
  const problems: string[] = [];
  for (const [what, codes] of [
    ['work-types.yaml', rules.workTypes.types.map((t) => t.code)],
    ['tt10-outputs.yaml', rules.indicators.indicators.map((i) => i.code)],
  ] as const) {
    const seen = new Set<string>();
    for (const c of codes) {
      if (seen.has(c)) problems.push(`${what}: code "${c}" is repeated`);
      seen.add(c);
    }
  }
  return problems;
}

export const isWorkType = (rules: OutputsRules, type: string): boolean =>
  rules.workTypes.types.some((t) => t.code === type);

export const indicatorOf = (rules: OutputsRules, indicator: string): OutputIndicator | undefined =>
  rules.indicators.indicators.find((i) => i.code === indicator);
