// What the xlsx and pdf renderers share: the header rows of a table (one row, or two with column groups
// merged above their columns), the text of a cell in Vietnamese or English formats, and sheet names.
import { formatNumber, formatPercent } from '../../domain/format/numbers.ts';
import { scaledNumber } from '../../domain/finance/money.ts';
import {
  isLocalText,
  type ReportCell,
  type ReportColumn,
  type ReportDocument,
  type ReportLang,
  type ReportRow,
} from '../model.ts';

export const TO_FILL: Record<ReportLang, string> = { vi: 'cần bổ sung', en: 'to be filled' };

/** A cell left for people to fill: its column, or this row's cell, is marked `toFill`. */
export function toFill(row: ReportRow, column: ReportColumn): boolean {
  return !!column.toFill || !!row.toFill?.includes(column.key);
}

/** The key of the column indented by row level: the one marked `indent`, else the first text column. */
export function indentKey(columns: readonly ReportColumn[]): string | undefined {
  return (columns.find((c) => c.indent) ?? columns.find((c) => c.kind === 'text'))?.key;
}

export interface HeaderCell {
  text: string;
  /** Column index where it starts, how many columns and rows it spans. */
  col: number;
  colSpan: number;
  row: 0 | 1;
  rowSpan: 1 | 2;
}

/** The header cells of a table: grouped columns get their group above them, the others span both rows. */
export function headerCells(
  columns: readonly ReportColumn[],
  lang: ReportLang,
): { rows: 1 | 2; cells: HeaderCell[] } {
  const label = (c: ReportColumn) => (c.toFill ? `${c.header[lang]} (${TO_FILL[lang]})` : c.header[lang]);
  if (!columns.some((c) => c.group))
    return {
      rows: 1,
      cells: columns.map((c, i) => ({ text: label(c), col: i, colSpan: 1, row: 0, rowSpan: 1 })),
    };
  const cells: HeaderCell[] = [];
  for (let i = 0; i < columns.length;) {
    const g = columns[i]!.group;
    if (!g) {
      cells.push({ text: label(columns[i]!), col: i, colSpan: 1, row: 0, rowSpan: 2 });
      i++;
      continue;
    }
    let j = i;
    while (j < columns.length && columns[j]!.group?.[lang] === g[lang]) {
      cells.push({ text: label(columns[j]!), col: j, colSpan: 1, row: 1, rowSpan: 1 });
      j++;
    }
    cells.push({ text: g[lang], col: i, colSpan: j - i, row: 0, rowSpan: 1 });
    i = j;
  }
  return { rows: 2, cells };
}

const MONEY_SCALE = { dong: 'dong', million: 'trieu', billion: 'ty' } as const;

/** A cell as people read it: 1.234 hộ, 19,50 %, 478,93 (tỷ), 04/03/2020. */
export function cellText(v: ReportCell | undefined, column: ReportColumn, lang: ReportLang): string {
  if (v === null || v === undefined) return '';
  if (isLocalText(v)) return v[lang];
  if (typeof v === 'string') {
    if (column.kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
      const [y, m, d] = v.split('-');
      return lang === 'vi' ? `${d}/${m}/${y}` : v;
    }
    return v;
  }
  if (typeof v === 'bigint') {
    const scale = MONEY_SCALE[column.moneyScale ?? 'dong'];
    // The column header names the scale; cells carry only the number.
    return scaledNumber(v, scale, lang);
  }
  if (column.kind === 'percent') return formatPercent(v, lang).replace(/\s?%$/, '');
  return formatNumber(v, lang);
}

/** An Excel sheet name: at most 31 characters, none of []:*?/\, unique within the workbook. */
export function sheetName(wanted: string, taken: Set<string>): string {
  const base =
    wanted
      .replace(/[[\]:*?/\\]/g, ' ')
      .trim()
      .slice(0, 31) || 'Sheet';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++)
    name = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

/** The document with every two-language cell put in one language (for readers that want plain cells). */
export function localiseCells(doc: ReportDocument, lang: ReportLang): ReportDocument {
  return {
    ...doc,
    sections: doc.sections.map((s) =>
      s.table
        ? {
            ...s,
            table: {
              ...s.table,
              rows: s.table.rows.map((r) => ({
                ...r,
                cells: Object.fromEntries(
                  Object.entries(r.cells).map(([k, v]) => [k, isLocalText(v) ? v[lang] : v]),
                ),
              })),
            },
          }
        : s,
    ),
  };
}
