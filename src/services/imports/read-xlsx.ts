// Reads an .xlsx file as a stream of sheets and rows with exceljs's streaming reader (constant memory,
// whatever the number of rows), reporting bytes read for progress. The file is first checked against the
// upload limits (inspect-xlsx.ts: zip entries, uncompressed sizes, declared dimensions, shared strings);
// while reading, a row beyond the row limit or wider than the column limit stops it. Text cells come out in
// NFC without zero-width characters (cleanText), as typed input does.
import { own } from './own-text.ts';
import ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { cleanText } from '../../domain/geography/text.ts';
import type { RawCell } from '../../domain/imports/cells.ts';
import { overLimit, type UploadLimits } from '../../domain/imports/limits.ts';
import { inspectXlsx, type XlsxShape } from './inspect-xlsx.ts';
import { uploadLimits } from './limits.ts';
import { UnreadableFileError, type ReadProgress, type SourceEvent } from './source.ts';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A date cell: exceljs gives the spreadsheet's day as midnight UTC. */
function isoDay(d: Date): string {
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** One exceljs cell value as a raw cell: rich text joined, formulas by their result, hyperlinks by their text. */
export function rawCell(value: unknown): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return cleanText(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : { date: isoDay(value) };
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return cleanText(v.richText.map((r: { text?: string }) => r.text ?? '').join(''));
    if ('result' in v) return rawCell(v.result);
    if ('formula' in v || 'sharedFormula' in v) return null;
    if (typeof v.text === 'string') return cleanText(v.text);
    if (typeof v.error === 'string') return v.error;
  }
  return String(value);
}

/**
 * Readings of one file tried before it counts as unreadable when exceljs's streaming reader loses what it read
 * before the sheets (`readOnce`). Given the parts it needs first (inspect-xlsx.ts, PARTS_FIRST), it was not
 * seen to; read as Excel and exceljs's own writer order them (sheets first), about one reading in 100 did.
 */
const READ_ATTEMPTS = 3;

export async function* readXlsx(
  path: string,
  onProgress?: (p: ReadProgress) => void,
  limits: UploadLimits = uploadLimits(),
): AsyncGenerator<SourceEvent> {
  const shape = await inspectXlsx(path, limits);
  for (let attempt = 1; ; attempt++) {
    // The last attempt says what went wrong instead of asking for another.
    const read = yield* readOnce(path, shape, onProgress, limits, attempt === READ_ATTEMPTS);
    if (read === 'read') return;
  }
}

/** The bytes of the file's ranges [start, end), one after another. */
async function* byteRanges(path: string, ranges: [number, number][]): AsyncGenerator<Buffer> {
  for (const [start, end] of ranges) {
    if (end <= start) continue;
    for await (const chunk of createReadStream(path, { start, end: end - 1, highWaterMark: 1 << 16 }))
      yield chunk as Buffer;
  }
}

/** Whether exceljs reached the sheets without one of the parts it reads before them that the file has. */
function lostParts(reader: unknown, shape: XlsxShape, defaultStyles: unknown): boolean {
  const r = reader as { sharedStrings?: unknown; model?: unknown; workbookRels?: unknown; styles?: unknown };
  return (
    (shape.sharedStrings && !Array.isArray(r.sharedStrings)) ||
    (shape.workbook && r.model === undefined) ||
    (shape.workbookRels && r.workbookRels === undefined) ||
    (shape.styles && r.styles === defaultStyles)
  );
}

const lostPartsError = () =>
  new UnreadableFileError({
    vi: 'Không đọc được tệp .xlsx (không đọc được hết các phần của tệp): thử lại, hoặc lưu lại bằng Excel hoặc LibreOffice dưới dạng .xlsx',
    en: 'The .xlsx file cannot be read (not all of its parts could be read): try again, or save it again from Excel or LibreOffice as .xlsx',
  });

/**
 * One reading of the file, given to exceljs in the order of `shape.ranges`. exceljs's streaming reader sets a
 * sheet that comes before the shared strings aside and reads it once the whole file has gone by; now and then
 * (exceljs 4.4.0) it had gone by without the last entries read — the shared strings: every text cell came
 * out as {sharedString: n}, a header no longer found, names read as "[object Object]"; or the workbook's list
 * of sheets: exceljs failed on it. Should it still happen, it is seen when the first sheet is reached, before
 * anything is given to the caller: unless `last`, the reading stops and asks to be done again ('read again').
 * Seen later (a sheet read at once, then one set aside), nothing can be taken back: the file is unreadable,
 * as it is on the last attempt.
 */
async function* readOnce(
  path: string,
  shape: XlsxShape,
  onProgress: ((p: ReadProgress) => void) | undefined,
  limits: UploadLimits,
  last: boolean,
): AsyncGenerator<SourceEvent, 'read' | 'read again'> {
  const bytesTotal = (await stat(path)).size;
  let bytesRead = 0;
  // Some damaged files leave exceljs's streaming reader waiting forever (found by the parsers' fuzz test):
  // waiting STALL_MS for the next sheet or row with no byte read means the file cannot be read, and says so.
  let lastByte = Date.now();
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytesRead += chunk.length;
      lastByte = Date.now();
      onProgress?.({ bytesRead, bytesTotal, rowsTotal: null });
      done(null, chunk);
    },
  });
  // The file with the parts exceljs needs before the sheets first (inspect-xlsx.ts, PARTS_FIRST).
  const source = shape.ranges ? Readable.from(byteRanges(path, shape.ranges)) : createReadStream(path);
  const input = source.pipe(counter);
  // styles: 'cache' lets the reader tell date cells (by their number format) from plain numbers.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  // Replaced when the workbook's styles are read.
  const defaultStyles = (reader as unknown as { styles: unknown }).styles;
  const guard = stallGuard(() => lastByte);
  let sheets = 0;
  try {
    for await (const sheet of guard.iterate(reader)) {
      if (lostParts(reader, shape, defaultStyles)) {
        if (sheets === 0 && !last) return 'read again';
        throw lostPartsError();
      }
      if (sheets++ === 0) ownSharedStrings(reader);
      const name = (sheet as unknown as { name?: string }).name ?? '';
      yield { type: 'sheet', name };
      const where = { vi: `trang "${name}"`, en: `sheet "${name}"` };
      for await (const row of guard.iterate(sheet)) {
        if (row.number > limits.maxRows)
          throw new UnreadableFileError(
            overLimit('maxRows', limits.maxRows, limits.maxRows, where),
            row.number,
          );
        const values = row.values as unknown[];
        // values[0] is unused: the row's width is its length less one.
        if (values.length - 1 > limits.maxColumns)
          throw new UnreadableFileError(
            overLimit('maxColumns', values.length - 1, limits.maxColumns, where),
            row.number,
          );
        const cells: RawCell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(rawCell(values[i]));
        yield { type: 'row', number: row.number, cells };
      }
    }
    return 'read';
  } catch (e) {
    if (e instanceof UnreadableFileError) throw e;
    // The same loss of the entries read before the sheets, seen as exceljs's own failure (the workbook's
    // list of sheets gone: "Cannot read properties of undefined (reading 'sheets')"): read again while
    // nothing has been given; a damaged file fails the same way each time.
    if (sheets === 0 && !last) return 'read again';
    throw new UnreadableFileError({
      vi: `Không đọc được tệp .xlsx (${(e as Error).message}): lưu lại bằng Excel hoặc LibreOffice dưới dạng .xlsx`,
      en: `The .xlsx file cannot be read (${(e as Error).message}): save it again from Excel or LibreOffice as .xlsx`,
    });
  } finally {
    guard.stop();
    input.destroy();
    source.destroy();
  }
}

/**
 * exceljs keeps the workbook's shared strings (its distinct texts) while it reads the sheets, each a view into
 * the piece of XML it was read from when 13 characters or longer (V8's sliced strings), so every piece stays
 * in memory whole: 5,6 MiB of XML for 40.000 member rows, besides the strings (issue #14). All are read before
 * the first sheet (exceljs reads a sheet that comes before them afterwards); copied into strings of their own
 * then, the pieces go.
 */
function ownSharedStrings(reader: unknown): void {
  const strings = (reader as { sharedStrings?: unknown }).sharedStrings;
  if (!Array.isArray(strings)) return;
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i];
    if (typeof s === 'string') strings[i] = own(s);
  }
}

/** How long the reader may go without reading a byte or giving a row before the file counts as unreadable. */
const STALL_MS = 10_000;

/**
 * Iterates exceljs's readers, failing with UnreadableFileError when one is waited for STALL_MS with no byte
 * read meanwhile (the caller's clock of the last byte read). Time the consumer spends between rows does not
 * count. A stalled iterator is abandoned, not awaited.
 */
function stallGuard(lastByte: () => number) {
  let waitingSince: number | null = null;
  // The wait in progress, failed by the timer. Not a race against one promise that never settles: each
  // race left a reaction on it holding the row it resolved with, so every row of the file stayed in memory
  // until the end of the reading (4 KB a row; 200 MB for 50.000 rows).
  let fail: ((e: Error) => void) | null = null;
  const timer = setInterval(() => {
    if (fail && waitingSince !== null && Date.now() - Math.max(waitingSince, lastByte()) > STALL_MS)
      fail(
        new UnreadableFileError({
          vi: 'Không đọc được tệp .xlsx (tệp hỏng: việc đọc dừng giữa chừng): lưu lại bằng Excel hoặc LibreOffice dưới dạng .xlsx',
          en: 'The .xlsx file cannot be read (it is damaged: reading stalled): save it again from Excel or LibreOffice as .xlsx',
        }),
      );
  }, 500);
  return {
    async *iterate<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
      const it = source[Symbol.asyncIterator]();
      for (;;) {
        waitingSince = Date.now();
        const next = await new Promise<IteratorResult<T>>((resolve, reject) => {
          fail = reject;
          it.next().then(resolve, reject);
        }).finally(() => {
          waitingSince = null;
          fail = null;
        });
        if (next.done) return;
        yield next.value;
      }
    },
    stop: () => clearInterval(timer),
  };
}
