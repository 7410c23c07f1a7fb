// An administrative document (src/reports/documents/official.ts) as an A4 pdf: the issuer and the national
// motto side by side, the place and date, the title, paragraphs, a table whose header repeats on every page,
// and the signature blocks kept together. Each page of the model starts a new sheet. Streamed.
import type { Readable } from 'node:stream';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.d.ts';
import {
  NATIONAL_MOTTO,
  NATIONAL_NAME,
  type OfficialDocument,
  type OfficialPage,
  type OfficialTable,
  type Signature,
} from '../documents/official.ts';
import { pdfStream } from './pdf.ts';

function heading(page: OfficialPage): Content {
  const issuer: Content[] = page.issuer.map((line) => ({ text: line, bold: true }));
  if (page.reference) issuer.push({ text: page.reference, margin: [0, 4, 0, 0] });
  return {
    columns: [
      { width: '40%', stack: issuer, alignment: 'center', fontSize: 11 },
      {
        width: '60%',
        alignment: 'center',
        stack: [
          { text: NATIONAL_NAME, bold: true, fontSize: 11 },
          { text: NATIONAL_MOTTO, bold: true, fontSize: 12, decoration: 'underline' },
          { text: page.placeAndDate, italics: true, margin: [0, 8, 0, 0] },
        ],
      },
    ],
    margin: [0, 0, 0, 16],
  };
}

function table(t: OfficialTable): Content {
  const head: TableCell[] = t.columns.map((c) => ({
    text: c.header,
    bold: true,
    alignment: 'center',
    fillColor: '#EEEEEE',
  }));
  const body: TableCell[][] = t.rows.map((r) =>
    t.columns.map((c, i) => ({ text: r[i] ?? '', alignment: c.align ?? 'left' })),
  );
  if (body.length === 0 && t.empty)
    body.push([
      { text: t.empty, colSpan: t.columns.length, italics: true, alignment: 'center' },
      ...t.columns.slice(1).map(() => ({ text: '' })),
    ]);
  return {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: t.columns.map((c) => c.width ?? 'auto'),
      body: [head, ...body],
    },
    fontSize: 10,
    margin: [0, 6, 0, 10],
  };
}

const signatureBlock = (s: Signature | undefined): Content =>
  s
    ? {
        stack: [
          ...(s.on ? [{ text: s.on, bold: true }] : []),
          { text: s.title, bold: true },
          { text: s.note, italics: true, fontSize: 10 },
        ],
        alignment: 'center',
      }
    : { text: '' };

function pageContent(page: OfficialPage, first: boolean): Content[] {
  const out: Content[] = [];
  out.push({ stack: [heading(page)], ...(first ? {} : { pageBreak: 'before' as const }) });
  out.push({ text: page.title, bold: true, fontSize: 14, alignment: 'center' });
  for (const line of page.subtitle ?? [])
    out.push({ text: line, italics: true, alignment: 'center', margin: [0, 2, 0, 0] });
  out.push({ text: '', margin: [0, 0, 0, 8] });
  for (const p of page.before ?? []) out.push({ text: p.text, bold: !!p.bold, margin: [0, 2, 0, 2] });
  if (page.table) out.push(table(page.table));
  for (const p of page.after ?? [])
    out.push({ text: p.text, bold: !!p.bold, italics: !!p.italics, margin: [0, 2, 0, 2] });
  out.push({
    columns: [
      { width: '45%', stack: [signatureBlock(page.signatures.left)] },
      { width: '55%', stack: [signatureBlock(page.signatures.right)] },
    ],
    margin: [0, 16, 0, 0],
    unbreakable: true,
  });
  return out;
}

export function officialPdfDefinition(doc: OfficialDocument): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageOrientation: doc.orientation ?? 'portrait',
    pageMargins: [50, 40, 40, 40],
    info: { title: doc.title, creator: 'GiảmNghèo' },
    defaultStyle: { font: 'Roboto', fontSize: 11 },
    content: doc.pages.flatMap((p, i) => pageContent(p, i === 0)),
  };
}

/** The document as a pdf stream. */
export function renderOfficialPdf(doc: OfficialDocument): Readable {
  return pdfStream(officialPdfDefinition(doc));
}
