// The DHIS2 identifiers of the roll-ups (rules/measures/dhis2.yaml), checked: the instance's configuration.
import { z } from 'zod';

const code = z.string().trim().min(1).max(60);

export const dhis2ConfigSchema = z
  .object({
    citation: z.string().trim().min(1).max(300),
    citationEn: z.string().trim().min(1).max(300),
    verified: z.boolean(),
    note: z.string().optional(),
    idScheme: z.enum(['CODE', 'UID']),
    dataElements: z.object({ households: code, poor: code, near_poor: code }).strict(),
    categoryOptionCombos: z.record(z.string(), code),
  })
  .strict();

export type Dhis2Config = z.infer<typeof dhis2ConfigSchema>;
