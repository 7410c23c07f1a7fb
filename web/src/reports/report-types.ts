// The report catalogue and documents as the API gives them, and the address of a report in a format.
import type { paths } from '../api/schema.d.ts';

type Ok<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer T } } } };
}
  ? T
  : never;

export type CatalogueEntry = Ok<'/api/reports'>[number];
export type ReportParameter = CatalogueEntry['parameters'][number];
export type ReportDocument = Ok<'/api/reports/{id}'>;
export type ReportSection = ReportDocument['sections'][number];
export type ReportTable = NonNullable<ReportSection['table']>;
export type ReportFormat = CatalogueEntry['formats'][number];

/** GET /api/reports/:id with the parameters as query string (what the download links point at). */
export function reportUrl(
  id: string,
  format: ReportFormat,
  lang: 'vi' | 'en',
  params: Record<string, string>,
): string {
  const q = new URLSearchParams({ ...params, format, lang });
  return `/api/reports/${encodeURIComponent(id)}?${q.toString()}`;
}

/** A parameter's label in the chosen language (the server sends both). */
export const describe = (p: ReportParameter, lang: 'vi' | 'en'): string => p.label[lang];
