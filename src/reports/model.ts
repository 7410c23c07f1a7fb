// The model every report is built into before it is rendered: a document of sections, each a few
// paragraphs and/or one table with typed columns. Builders (data → model) know nothing of xlsx or pdf;
// renderers (model → xlsx, pdf, csv, screen) know nothing of poverty or money.

/** Text in both languages; renderers pick one. */
export interface LocalText {
  vi: string;
  en: string;
}

/**
 * How a cell is shown: counts as integers, rates as percent with two decimals (19,5 %), money as integer
 * đồng (bigint, never a float; shown in đồng, triệu or tỷ as the column says), dates as 'YYYY-MM-DD'.
 */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'percent' | 'money' | 'date';

export interface ReportColumn {
  key: string;
  header: LocalText;
  kind: ColumnKind;
  /** A header over several columns (two-row headers as in the official summaries). */
  group?: LocalText;
  /** For money: the scale shown (the value stays in đồng). Default 'dong'. */
  moneyScale?: 'dong' | 'million' | 'billion';
  /**
   * A column the law asks for whose content the system cannot fill yet (an official form's column not
   * yet known or not yet recorded): rendered empty and marked, never silently dropped.
   */
  toFill?: boolean;
  /** Where the column's definition comes from (a form and its column number, a decree's article). */
  citation?: string;
  /** The column that shows a row's level by indentation (unit names); default the first text column. */
  indent?: boolean;
}

/**
 * A cell: text (as is, e.g. a unit's name), text in both languages (a status, a verdict, an indicator's
 * name: the renderer picks), a number (counts, rates in percent), a bigint of đồng, a date string, or nothing.
 */
export type ReportCell = string | LocalText | number | bigint | null;

export function isLocalText(v: unknown): v is LocalText {
  return typeof v === 'object' && v !== null && 'vi' in v && 'en' in v;
}

export interface ReportRow {
  cells: Record<string, ReportCell>;
  /** Indentation level for nested units (0 = top); totals and subtotals are bold. */
  level?: number;
  emphasis?: 'total' | 'subtotal';
  /**
   * Keys of cells in this row the law asks for but the system cannot fill (an official form's row whose
   * figure is not recorded): rendered empty and marked, like a `toFill` column but for single cells.
   */
  toFill?: readonly string[];
}

export interface ReportTable {
  columns: ReportColumn[];
  rows: ReportRow[];
}

export interface ReportSection {
  heading?: LocalText;
  /** A short name for the section's sheet in xlsx (at most 31 characters); default the heading. */
  sheet?: LocalText;
  paragraphs?: LocalText[];
  table?: ReportTable;
}

export interface ReportDocument {
  /** The report's id in the catalogue, e.g. 'review-results'. */
  id: string;
  title: LocalText;
  /** The unit and period, e.g. "Tỉnh Thái Nguyên — năm 2026". */
  subtitle?: LocalText;
  sections: ReportSection[];
  /** Footnotes: sources, derived or entered figures, re-basing method, unverified parameters. */
  notes: LocalText[];
  /** ISO timestamp given by the caller (the model has no clock). */
  generatedAt: string;
}

export type ReportLang = keyof LocalText;
