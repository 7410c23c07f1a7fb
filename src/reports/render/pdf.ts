// A report as a pdf (pdfmake on the server, its Roboto font: full Vietnamese glyphs): title and subtitle,
// paragraphs, tables with their header rows repeated on every page, A4 landscape when a table is wide,
// the notes, and "Trang 1/3" at the foot of each page. Streamed: pages flow out as pdfkit writes them.
import { createRequire } from 'node:module';
import { PassThrough, type Readable } from 'node:stream';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.d.ts';
import type { ReportDocument, ReportLang, ReportTable } from '../model.ts';
import { cellText, headerCells, indentKey, TO_FILL, toFill } from './layout.ts';

const require = createRequire(import.meta.url);
// pdfmake is a CommonJS singleton: fonts are set once for the process.
const pdfmake = require('pdfmake') as typeof import('pdfmake');
const roboto = require('pdfmake/fonts/Roboto.js') as Parameters<typeof pdfmake.setFonts>[0];
pdfmake.setFonts(roboto);
// Only the bundled fonts are read from disk; reports never embed files or URLs.
const fontFiles = new Set(Object.values(roboto).flatMap((f) => Object.values(f as Record<string, string>)));
pdfmake.setLocalAccessPolicy((path) => fontFiles.has(path));
pdfmake.setUrlAccessPolicy(() => false);

/** Text columns whose cells are all at most this long are sized to their content. */
const SHORT_TEXT = 8;
/** Wider than this many columns, a table is laid out on A4 landscape. */
const LANDSCAPE_FROM = 6;
const PAGE: Record<ReportLang, (p: number, n: number) => string> = {
  vi: (p, n) => `Trang ${p}/${n}`,
  en: (p, n) => `Page ${p}/${n}`,
};

function tableContent(table: ReportTable, lang: ReportLang): Content {
  const { columns } = table;
  const head = headerCells(columns, lang);
  const headerRows: TableCell[][] = Array.from({ length: head.rows }, () =>
    columns.map(() => ({ text: '' })),
  );
  for (const hc of head.cells) {
    headerRows[hc.row]![hc.col] = {
      text: hc.text,
      bold: true,
      alignment: 'center',
      fillColor: columns[hc.col]!.toFill && hc.colSpan === 1 ? '#FFF2CC' : '#D9E1F2',
      ...(hc.colSpan > 1 ? { colSpan: hc.colSpan } : {}),
      ...(hc.rowSpan > 1 ? { rowSpan: hc.rowSpan } : {}),
    };
  }
  const indented = indentKey(columns);
  const body: TableCell[][] = table.rows.map((row) =>
    columns.map((c) => ({
      text: toFill(row, c) ? '' : cellText(row.cells[c.key], c, lang),
      alignment: c.kind === 'text' ? 'left' : 'right',
      bold: !!row.emphasis,
      ...(c.key === indented && row.level ? { margin: [row.level * 10, 0, 0, 0] } : {}),
      ...(toFill(row, c) ? { fillColor: '#FFF2CC' } : {}),
    })),
  );
  return {
    table: {
      headerRows: head.rows,
      dontBreakRows: true,
      // Text columns share the free width, except short ones (numbering, codes) which fit their content.
      widths: columns.map((c) =>
        c.kind === 'text' && table.rows.some((r) => cellText(r.cells[c.key], c, lang).length > SHORT_TEXT)
          ? '*'
          : 'auto',
      ),
      body: [...headerRows, ...body],
    },
    fontSize: columns.length > 10 ? 7 : 8,
    margin: [0, 4, 0, 8],
  };
}

export function pdfDefinition(doc: ReportDocument, lang: ReportLang): TDocumentDefinitions {
  const wide = doc.sections.some((s) => (s.table?.columns.length ?? 0) > LANDSCAPE_FROM);
  const content: Content[] = [{ text: doc.title[lang], style: 'title' }];
  if (doc.subtitle) content.push({ text: doc.subtitle[lang], style: 'subtitle' });
  for (const s of doc.sections) {
    if (s.heading) content.push({ text: s.heading[lang], style: 'heading' });
    for (const p of s.paragraphs ?? []) content.push({ text: p[lang], margin: [0, 2, 0, 4] });
    if (s.table) {
      content.push(tableContent(s.table, lang));
      if (s.table.columns.some((c) => c.toFill) || s.table.rows.some((r) => r.toFill?.length))
        content.push({
          text:
            lang === 'vi'
              ? `Ô tô màu (${TO_FILL.vi}): hệ thống chưa có số liệu, đơn vị điền bổ sung.`
              : `Shaded cells (${TO_FILL.en}): no data in the system yet; to be filled in.`,
          italics: true,
          fontSize: 8,
        });
    }
  }
  if (doc.notes.length)
    content.push({
      stack: [
        { text: lang === 'vi' ? 'Ghi chú' : 'Notes', bold: true, margin: [0, 8, 0, 2] },
        { ol: doc.notes.map((n) => n[lang]), fontSize: 8 },
      ],
    });
  return {
    pageSize: 'A4',
    pageOrientation: wide ? 'landscape' : 'portrait',
    pageMargins: [30, 30, 30, 36],
    info: { title: doc.title[lang], creator: 'GiảmNghèo' },
    defaultStyle: { font: 'Roboto', fontSize: 10 },
    styles: {
      title: { fontSize: 14, bold: true, alignment: 'center' },
      subtitle: { fontSize: 11, italics: true, alignment: 'center', margin: [0, 2, 0, 8] },
      heading: { fontSize: 11, bold: true, margin: [0, 8, 0, 4] },
    },
    footer: (page: number, pages: number) => ({
      text: PAGE[lang](page, pages),
      alignment: 'center',
      fontSize: 8,
      margin: [0, 10, 0, 0],
    }),
    content,
  };
}

/** The pdf as a stream. */
export function renderPdfStream(doc: ReportDocument, lang: ReportLang): Readable {
  return pdfStream(pdfDefinition(doc, lang));
}

/** Any pdfmake definition as a stream, with the bundled Roboto fonts (other documents than reports). */
export function pdfStream(definition: TDocumentDefinitions): Readable {
  const out = new PassThrough();
  pdfmake
    .createPdf(definition)
    .getStream()
    .then((pdf) => {
      pdf.on('error', (e: Error) => out.destroy(e));
      pdf.pipe(out);
      pdf.end();
    })
    .catch((e: unknown) => out.destroy(e as Error));
  return out;
}
