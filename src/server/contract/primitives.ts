// The smallest pieces of the wire contract: a calendar date, an id, a text in both languages.
import { z } from 'zod';
import { isCalendarDate } from '../../domain/standards/facts.ts';

export const isoDate = z.string().refine(isCalendarDate, 'YYYY-MM-DD');
export const uuid = z.uuid();

/** A text in Vietnamese and English; the client shows the half for the chosen language. */
export const Bilingual = z.object({ vi: z.string(), en: z.string() }).meta({ id: 'Bilingual' });
