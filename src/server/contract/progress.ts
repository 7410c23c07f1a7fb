// Progress against targets, one entry a year: the figures at the start and end, the change, the target and
// its verdict, the report sentence in both languages, and where derived and entered figures disagree.
import { z } from 'zod';
import { FIGURE_GROUPS } from '../../domain/measures/figures-csv.ts';
import { VERDICTS } from '../../domain/measures/targets.ts';
import { Bilingual } from './primitives.ts';

export const FigureGroup = z.enum(FIGURE_GROUPS).meta({ id: 'FigureGroup' });
export const Verdict = z.enum(VERDICTS).meta({ id: 'TargetVerdict' });

export const ProgressEntry = z
  .object({
    unit: z.string(),
    group: FigureGroup,
    year: z.number().int(),
    standard: z.string(),
    start: z.number(),
    end: z.number(),
    change: z.number(),
    target: z.object({ lower: z.number().nullable(), upper: z.number().nullable() }).nullable(),
    verdict: Verdict.nullable(),
    sentence: Bilingual,
    sources: z.object({ start: z.string(), end: z.string() }),
    differences: z.array(z.object({ year: z.number().int(), derived: z.number(), entered: z.number() })),
  })
  .meta({ id: 'ProgressEntry' });
