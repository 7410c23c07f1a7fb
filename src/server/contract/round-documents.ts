// What the commune hands out for a review round, as the API takes it: the round (and, optionally, one
// village), and for the agency lists the list wanted and the purpose of the export (kept in the audit).
import { z } from 'zod';
import { AGENCY_LISTS } from '../../reports/documents/round-handouts.ts';
import { uuid } from './primitives.ts';

export const AgencyListKind = z.enum(AGENCY_LISTS).meta({ id: 'AgencyListKind' });

export const RoundDocumentParams = z.object({ roundId: uuid });

export const RoundDocumentQuery = z.object({
  /** One village of the round's commune; the whole commune (as the reader sees it) without it. */
  villageId: uuid.optional(),
});

export const AgencyListParams = z.object({ roundId: uuid, kind: AgencyListKind });

export const AgencyListQuery = z.object({
  villageId: uuid.optional(),
  purpose: z
    .string()
    .trim()
    .min(5, 'ít nhất 5 ký tự / at least 5 characters')
    .max(500)
    .describe('Mục đích sử dụng, ghi vào nhật ký / purpose of the export, kept in the audit'),
});
