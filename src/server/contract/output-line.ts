// One output indicator's planned and achieved (Thông tư 10/2022/TT-BLĐTBXH), as the outputs list and the
// finance tiles both send it: the schema and the shaping from the service's line.
import { z } from 'zod';
import { rateNumber } from '../../domain/finance/money.ts';
import { quantityText } from '../../domain/works/quantity.ts';
import type { OutputLine } from '../../services/outputs.ts';

// Unnamed on purpose: registering it as a component would change the published OpenAPI document.
const bilingual = z.object({ vi: z.string(), en: z.string() });

export const outputLineSchema = z.object({
  indicator: z.string(),
  name: bilingual,
  measure: bilingual,
  project: z.string(),
  citation: z.string(),
  verified: z.boolean(),
  planned: z.number().nullable(),
  achieved: z.number().nullable(),
  ratePercent: z.number().nullable().describe('achieved / planned, % with two decimals'),
});

/** A quantity as a JSON number (counts and the like: display values, never money). */
export const quantityNumber = (h: bigint | null) => (h === null ? null : Number(quantityText(h)));

export const presentOutputLine = (l: OutputLine): z.infer<typeof outputLineSchema> => ({
  indicator: l.indicator.code,
  name: l.indicator.name,
  measure: l.indicator.measure,
  project: l.indicator.project,
  citation: l.indicator.citation,
  verified: l.indicator.verified,
  planned: quantityNumber(l.planned),
  achieved: quantityNumber(l.achieved),
  ratePercent: rateNumber(l.rate),
});
