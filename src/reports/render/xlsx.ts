// A report as an xlsx workbook, written row by row to a stream (exceljs WorkbookWriter): one sheet per
// table with the title rows, two-row headers merged over column groups, numbers stored as numbers with
// number formats (money in exact đồng, shown scaled by the format; beyond 2^53 written as text), columns
// still to be filled marked, then the notes.
import ExcelJS from 'exceljs';
import { PassThrough, type Readable } from 'node:stream';
import type {
  LocalText,
  ReportColumn,
  ReportDocument,
  ReportLang,
  ReportSection,
  ReportTable,
} from '../model.ts';
import { headerCells, indentKey, sheetName, TO_FILL, toFill } from './layout.ts';
import { isLocalText } from '../model.ts';

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);
const TO_FILL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/** Excel number formats; Excel shows them with the reader's separators (1.234,5 in a Vietnamese Excel). */
export function numberFormat(c: ReportColumn, value?: unknown): string | undefined {
  switch (c.kind) {
    case 'integer':
      return '#,##0';
    case 'decimal':
      // Whole values (counts in a mixed column) without decimals, others with two.
      return typeof value === 'number' && Number.isInteger(value) ? '#,##0' : '#,##0.00';
    case 'percent':
      return '0.00';
    case 'money':
      // The value stays in đồng; trailing commas divide the display by a thousand each.
      return c.moneyScale === 'billion' ? '#,##0.00,,,' : c.moneyScale === 'million' ? '#,##0.00,,' : '#,##0';
    case 'date':
      return 'dd/mm/yyyy';
    default:
      return undefined;
  }
}

function cellValue(v: unknown, c: ReportColumn, lang: ReportLang): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (isLocalText(v)) return v[lang];
  if (typeof v === 'bigint') return v <= MAX_EXACT && v >= -MAX_EXACT ? Number(v) : v.toString();
  if (c.kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))
    return new Date(`${v}T00:00:00Z`);
  return v as string | number;
}

const WIDTH: Record<ReportColumn['kind'], number> = {
  text: 30,
  integer: 14,
  decimal: 14,
  percent: 12,
  money: 18,
  date: 12,
};

/** Sheets: one per table, the paragraphs of table-less sections carried onto the next table's sheet. */
function sheetsOf(
  doc: ReportDocument,
): { name: LocalText; before: ReportSection[]; table?: ReportTable; heading?: LocalText }[] {
  const out: { name: LocalText; before: ReportSection[]; table?: ReportTable; heading?: LocalText }[] = [];
  let pending: ReportSection[] = [];
  for (const s of doc.sections) {
    if (!s.table) {
      pending.push(s);
      continue;
    }
    out.push({
      name: s.sheet ?? s.heading ?? { vi: `Bảng ${out.length + 1}`, en: `Table ${out.length + 1}` },
      before: [...pending, { ...s, table: undefined }],
      table: s.table,
      heading: s.heading,
    });
    pending = [];
  }
  if (pending.length || out.length === 0) out.push({ name: { vi: 'Nội dung', en: 'Text' }, before: pending });
  return out;
}

async function writeWorkbook(doc: ReportDocument, lang: ReportLang, stream: PassThrough): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = 'GiảmNghèo';
  const created = new Date(doc.generatedAt);
  if (!Number.isNaN(created.getTime())) wb.created = created;
  const taken = new Set<string>();
  for (const sheet of sheetsOf(doc)) {
    const columns = sheet.table?.columns ?? [];
    const width = Math.max(columns.length, 1);
    const ws = wb.addWorksheet(sheetName(sheet.name[lang], taken), {
      pageSetup: {
        paperSize: 9,
        orientation: columns.length > 6 ? 'landscape' : 'portrait',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
      },
    });
    ws.columns = columns.map((c) => ({ width: WIDTH[c.kind] }));
    let r = 0;
    const line = (text: string, style: Partial<ExcelJS.Style> = {}) => {
      r++;
      const row = ws.getRow(r);
      row.getCell(1).value = text;
      row.getCell(1).style = style;
      // Merged before the row is committed: a committed row cannot be touched again.
      if (width > 1) ws.mergeCells(r, 1, r, width);
      row.commit();
    };
    line(doc.title[lang], { font: { bold: true, size: 14 }, alignment: { horizontal: 'center' } });
    if (doc.subtitle)
      line(doc.subtitle[lang], { font: { italic: true }, alignment: { horizontal: 'center' } });
    for (const s of sheet.before) {
      if (s.heading) line(s.heading[lang], { font: { bold: true } });
      for (const p of s.paragraphs ?? []) line(p[lang]);
    }
    if (sheet.table) {
      r++;
      const head = headerCells(columns, lang);
      const first = r + 1;
      for (let h = 0; h < head.rows; h++) {
        r++;
        const row = ws.getRow(r);
        for (let i = 0; i < columns.length; i++) {
          const cell = row.getCell(i + 1);
          const hc =
            head.cells.find((x) => x.row === h && x.col === i) ??
            head.cells.find(
              (x) => x.col <= i && x.col + x.colSpan > i && x.row <= h && x.row + x.rowSpan > h,
            );
          if (hc && hc.col === i && hc.row === h) cell.value = hc.text;
          cell.style = {
            font: { bold: true },
            alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
            border: THIN,
            fill: columns[i]!.toFill && !(hc && hc.colSpan > 1) ? TO_FILL_FILL : HEADER_FILL,
          };
        }
      }
      for (const hc of head.cells)
        if (hc.colSpan > 1 || hc.rowSpan > 1)
          ws.mergeCells(first + hc.row, hc.col + 1, first + hc.row + hc.rowSpan - 1, hc.col + hc.colSpan);
      ws.getRow(r).commit();
      const indented = indentKey(columns);
      for (const dataRow of sheet.table.rows) {
        r++;
        const row = ws.getRow(r);
        columns.forEach((c, i) => {
          const cell = row.getCell(i + 1);
          const empty = toFill(dataRow, c);
          cell.value = empty ? null : cellValue(dataRow.cells[c.key], c, lang);
          const fmt =
            typeof cell.value === 'number' || cell.value instanceof Date
              ? numberFormat(c, cell.value)
              : undefined;
          cell.style = {
            border: THIN,
            ...(fmt ? { numFmt: fmt } : {}),
            ...(dataRow.emphasis ? { font: { bold: true } } : {}),
            ...(c.key === indented && dataRow.level ? { alignment: { indent: dataRow.level * 2 } } : {}),
            ...(typeof cell.value === 'string' && c.kind === 'money'
              ? { alignment: { horizontal: 'right' } }
              : {}),
            ...(empty ? { fill: TO_FILL_FILL } : {}),
          };
        });
        row.commit();
      }
      if (columns.some((c) => c.toFill) || sheet.table.rows.some((x) => x.toFill?.length))
        line(
          lang === 'vi'
            ? `Ô tô vàng (${TO_FILL.vi}): hệ thống chưa có số liệu, đơn vị điền bổ sung.`
            : `Yellow cells (${TO_FILL.en}): the system has no data for them yet; to be filled in.`,
          { font: { italic: true } },
        );
    }
    if (doc.notes.length) {
      r++;
      line(lang === 'vi' ? 'Ghi chú:' : 'Notes:', { font: { bold: true } });
      doc.notes.forEach((n, i) => line(`${i + 1}. ${n[lang]}`));
    }
    ws.commit();
  }
  await wb.commit();
}

/** The workbook as a stream: bytes flow to the reader while rows are written. */
export function renderXlsxStream(doc: ReportDocument, lang: ReportLang): Readable {
  const stream = new PassThrough();
  writeWorkbook(doc, lang, stream).catch((e: unknown) => stream.destroy(e as Error));
  return stream;
}
