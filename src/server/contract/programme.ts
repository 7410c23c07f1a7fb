// The Programme's structure as the API gives it (rules/programmes/*.yaml, rules/finance/sources.yaml):
// programmes by years with their projects (components) and sub-projects, and the sources of funds.
import { z } from 'zod';
import { SOURCE_CODES } from '../../domain/finance/programmes.ts';
import { Bilingual } from './primitives.ts';

export const SourceCode = z.enum(SOURCE_CODES).meta({ id: 'SourceCode' });

const cited = { verified: z.boolean(), note: z.string().optional() };

export const Programme = z
  .object({
    id: z.string(),
    kind: z.literal('programme'),
    name: Bilingual,
    years: z.object({ from: z.number().int(), to: z.number().int() }),
    citation: z.string(),
    citationEn: z.string().optional(),
    ...cited,
    components: z.array(
      z.object({
        code: z.string(),
        name: Bilingual,
        ...cited,
        subProjects: z.array(z.object({ code: z.string(), name: Bilingual, ...cited })).optional(),
      }),
    ),
  })
  .meta({ id: 'Programme' });

export const Sources = z
  .object({
    citation: z.string(),
    verified: z.boolean(),
    sources: z.array(z.object({ code: SourceCode, name: Bilingual })),
  })
  .meta({ id: 'Sources' });
