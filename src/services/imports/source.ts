// What the file readers hand to the import: sheets (a CSV file is one sheet) and their rows of raw cells,
// with how far into the file they are.
import type { RawCell } from '../../domain/imports/cells.ts';
import type { Bilingual } from '../../domain/standards/types.ts';

export type SourceEvent =
  | { type: 'sheet'; name: string }
  /** `number` is the row number a spreadsheet program shows (CSV: the line the record ends on). */
  | { type: 'row'; number: number; cells: RawCell[] };

export interface ReadProgress {
  bytesRead: number;
  bytesTotal: number;
  /** Rows in the file, when the reader knows it in advance (CSV); null otherwise. */
  rowsTotal: number | null;
}

/** The file cannot be read at all (not an xlsx, not UTF-8…): reported as one error on the file. */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
  constructor(
    readonly bilingual: Bilingual,
    /** The row (line) where reading stopped, if known. */
    readonly row: number | null = null,
  ) {
    super(bilingual.en);
  }
}
