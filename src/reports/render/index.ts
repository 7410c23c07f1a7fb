// One entry to every renderer: a document and a format → content type, file extension and the body
// (xlsx and pdf as streams written while the client reads, csv and json as strings).
import type { Readable } from 'node:stream';
import type { ReportDocument, ReportLang } from '../model.ts';
import { renderCsv } from './csv.ts';
import { toReportJson } from './json.ts';
import { renderPdfStream } from './pdf.ts';
import { renderXlsxStream } from './xlsx.ts';

export const FORMATS = ['json', 'xlsx', 'pdf', 'csv'] as const;
export type ReportFormat = (typeof FORMATS)[number];

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
};

export type Rendered =
  | { kind: 'json'; body: ReturnType<typeof toReportJson> }
  | { kind: 'text'; body: string }
  | { kind: 'stream'; body: Readable };

export function render(doc: ReportDocument, format: ReportFormat, lang: ReportLang): Rendered {
  switch (format) {
    case 'json':
      return { kind: 'json', body: toReportJson(doc) };
    case 'csv':
      return { kind: 'text', body: renderCsv(doc, lang) };
    case 'xlsx':
      return { kind: 'stream', body: renderXlsxStream(doc, lang) };
    case 'pdf':
      return { kind: 'stream', body: renderPdfStream(doc, lang) };
  }
}

/** A file name for Content-Disposition: the plain-ASCII fallback and the UTF-8 one (RFC 6266/5987). */
export function contentDisposition(title: string, ext: string): string {
  const ascii =
    title
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .replace(/[^A-Za-z0-9._]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^-+|-+$/g, '') || 'report';
  const utf8 = encodeURIComponent(`${title}.${ext}`).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}.${ext}"; filename*=UTF-8''${utf8}`;
}
