// A worksheet's rows read from its XML as it is inflated, piece by piece (ECMA-376 Part 1, 18.3.1: <row>,
// <c> with its type `t` and style `s`, the value <v>, the formula <f>, inline text <is><t>). Each cell
// becomes a RawCell: shared and inline text as read (cleaned: NFC, no zero-width characters), numbers,
// booleans, error codes as their text ("#N/A"), and numbers whose style shows a date as that day.
import { cleanText } from '../../../domain/geography/text.ts';
import type { RawCell } from '../../../domain/imports/cells.ts';
import { overLimit } from '../../../domain/imports/limits.ts';
import type { Bilingual } from '../../../domain/standards/types.ts';
import { UnreadableFileError } from '../source.ts';
import { attribute, decodeOoxmlEscapes, decodeXml, scanXml, type Tag } from './xml.ts';

export interface SheetRow {
  /** The row's number as a spreadsheet program shows it. */
  number: number;
  cells: RawCell[];
}

export interface SheetContext {
  sharedStrings: readonly string[];
  /** Cell style indices whose number format shows a date (styles.xml's cellXfs). */
  dateStyles: ReadonlySet<number>;
  /** Whether serial days count from 1904 instead of 1900. */
  date1904: boolean;
  /** A row beyond `maxRows` or a cell beyond column `maxColumns` stops the reading (the upload limits). */
  maxRows: number;
  maxColumns: number;
  /** The sheet, as the limits' message names it. */
  where: Bilingual;
}

const DAY_MS = 86_400_000;
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * A serial day number as the day it shows: day 25569 is 1 January 1970; the 1900 system counts the 29
 * February 1900 Lotus kept, so days before 1 March 1900 are one off, as in every reader that follows Excel.
 * The time of day, if any, is dropped.
 */
export function serialDay(serial: number, date1904: boolean): { date: string } | null {
  const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * DAY_MS);
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return null;
  return { date: `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}` };
}

/** Column number of a cell reference ("C12" → 3), or 0 when it has none. */
export function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  return col;
}

/**
 * Rows of one sheet from its XML given in pieces (`push`), then `end`. A piece may stop anywhere: what
 * follows its last "<" waits for the next one (text never holds a "<", so everything before it is whole).
 */
export class SheetRowReader {
  private carry = '';
  private row: SheetRow | null = null;
  private lastRow = 0;
  private cell: {
    col: number;
    type: string | undefined;
    style: number;
    value: string | null;
    formula: boolean;
  } | null = null;
  private lastCol = 0;
  /** Where text goes: the cell's value (<v>, or <t> inside <is>), nowhere otherwise. */
  private capturing = false;
  private inInline = false;
  private phonetic = 0;
  private out: SheetRow[] = [];
  private readonly onTag = (tag: Tag) => this.tag(tag);
  private readonly onText = (text: string, cdata: boolean) => {
    if (this.capturing && this.cell && this.phonetic === 0)
      this.cell.value = (this.cell.value ?? '') + (cdata ? text : decodeXml(text));
  };

  constructor(private readonly context: SheetContext) {}

  /** The rows completed by this piece of XML. */
  push(xml: string): SheetRow[] {
    const text = this.carry + xml;
    const cut = text.lastIndexOf('<');
    if (cut <= 0) {
      this.carry = text;
      return [];
    }
    this.carry = text.slice(cut);
    scanXml(text.slice(0, cut), this.onTag, this.onText);
    return this.take();
  }

  /** The rows left at the end of the sheet. */
  end(): SheetRow[] {
    if (this.carry) scanXml(this.carry, this.onTag, this.onText);
    this.carry = '';
    if (this.row) this.closeRow();
    return this.take();
  }

  private take(): SheetRow[] {
    const rows = this.out;
    this.out = [];
    return rows;
  }

  private tag(tag: Tag): void {
    switch (tag.name) {
      case 'row':
        if (tag.closing) {
          if (this.row) this.closeRow();
          return;
        }
        if (this.row) this.closeRow();
        {
          const r = Number(attribute(tag.inside, 'r'));
          const number = Number.isInteger(r) && r > 0 ? r : this.lastRow + 1;
          const { maxRows, where } = this.context;
          if (number > maxRows)
            throw new UnreadableFileError(overLimit('maxRows', maxRows, maxRows, where), number);
          this.row = { number, cells: [] };
          this.lastRow = this.row.number;
          this.lastCol = 0;
        }
        if (tag.empty) this.closeRow();
        return;
      case 'c':
        if (!this.row) return;
        if (tag.closing) {
          this.closeCell();
          return;
        }
        {
          const ref = attribute(tag.inside, 'r');
          const col = ref ? columnOf(ref) : 0;
          const s = attribute(tag.inside, 's');
          this.cell = {
            col: col > 0 ? col : this.lastCol + 1,
            type: attribute(tag.inside, 't'),
            style: s === undefined ? 0 : Number(s),
            value: null,
            formula: false,
          };
          this.lastCol = this.cell.col;
        }
        if (tag.empty) this.closeCell();
        return;
      case 'v':
        this.capturing = !tag.closing && !tag.empty && this.cell !== null;
        if (this.capturing && this.cell) this.cell.value = '';
        return;
      case 'f':
        if (this.cell && !tag.closing) this.cell.formula = true;
        return;
      case 'is':
        this.inInline = !tag.closing && !tag.empty;
        if (this.inInline && this.cell) this.cell.value = '';
        return;
      case 't':
        if (this.inInline) this.capturing = !tag.closing && !tag.empty;
        return;
      case 'rPh':
        if (this.inInline && !tag.empty) this.phonetic += tag.closing ? -1 : 1;
        return;
    }
  }

  private closeCell(): void {
    const cell = this.cell;
    this.cell = null;
    this.capturing = false;
    this.inInline = false;
    this.phonetic = 0;
    if (!cell || !this.row) return;
    const value = this.value(cell);
    // A cell with neither value nor formula is formatting only: it does not widen the row.
    if (value === null && !cell.formula) return;
    const { maxColumns, where } = this.context;
    // Checked before the row is widened to it: a reference can name any column.
    if (cell.col > maxColumns)
      throw new UnreadableFileError(overLimit('maxColumns', cell.col, maxColumns, where), this.row.number);
    const cells = this.row.cells;
    while (cells.length < cell.col - 1) cells.push(null);
    cells[cell.col - 1] = value;
  }

  private value(cell: { type: string | undefined; style: number; value: string | null }): RawCell {
    const v = cell.value;
    if (v === null) return null;
    switch (cell.type) {
      case 's': {
        const s = this.context.sharedStrings[Number(v)];
        return s === undefined ? null : s;
      }
      case 'inlineStr':
      case 'str':
        return cleanText(decodeOoxmlEscapes(v));
      case 'e':
        return v;
      case 'b':
        return Number(v) !== 0;
      case 'd': {
        const day = /^\d{4}-\d{2}-\d{2}/.exec(v);
        return day ? { date: day[0] } : null;
      }
      default: {
        if (v.trim() === '') return null;
        const n = Number(v);
        if (!Number.isFinite(n)) return null;
        return this.context.dateStyles.has(cell.style) ? serialDay(n, this.context.date1904) : n;
      }
    }
  }

  private closeRow(): void {
    if (this.cell) this.closeCell();
    this.out.push(this.row!);
    this.row = null;
  }
}
