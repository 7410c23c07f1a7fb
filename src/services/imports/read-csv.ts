// Reads a CSV file (UTF-8, with or without BOM; comma, semicolon or tab separated, told from the header
// line) as one sheet of rows with csv-parse's stream API. Bytes that are not UTF-8 stop the reading with
// a clear error naming the line, rather than importing garbled Vietnamese names. The upload limits are
// checked as it streams, stopping at the first breach: the file's size, a line's length (bytes, before any
// parsing), a record's fields and the number of records. Fields come out in NFC without zero-width
// characters (cleanText), as typed input does.
//
// A file without a quote character and with one kind of line end (LF, or CRLF throughout) — what an
// export of a register usually is — is split into lines and fields directly, about as fast as it is
// decoded: csv-parse would give the same records and line numbers (it is a byte-by-byte state machine
// that cost half the reading; test/services/imports/csv-fast-path.test.ts holds the two equal). Any
// other file goes through csv-parse.
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import { cleanText } from '../../domain/geography/text.ts';
import type { RawCell } from '../../domain/imports/cells.ts';
import { overLimit, type UploadLimits } from '../../domain/imports/limits.ts';
import { uploadLimits } from './limits.ts';
import { UnreadableFileError, type ReadProgress, type SourceEvent } from './source.ts';

const NEWLINE = 0x0a;

function notUtf8(line: number): UnreadableFileError {
  return new UnreadableFileError(
    {
      vi: `Tệp không phải mã UTF-8 (lỗi ở dòng ${line}): lưu tệp dưới dạng CSV UTF-8 (trong Excel: Lưu thành › "CSV UTF-8 (Comma delimited)") rồi nhập lại`,
      en: `The file is not UTF-8 (first bad byte on line ${line}): save the file as CSV UTF-8 (in Excel: Save As › "CSV UTF-8 (Comma delimited)") and import again`,
    },
    line,
  );
}

/** The line of the first invalid byte in `chunk`, which follows `linesBefore` complete lines. */
function badLine(chunk: Buffer, pending: Buffer, linesBefore: number): number {
  const bytes = Buffer.concat([pending, chunk]);
  let line = linesBefore + 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === NEWLINE) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line - 1;
}

function lineTooLong(line: number, found: number, max: number): UnreadableFileError {
  return new UnreadableFileError(
    overLimit('maxLineBytes', found, max, { vi: `dòng ${line}`, en: `line ${line}` }),
    line,
  );
}

/** A chunk of the file as read, checked (UTF-8, line length), and its text (empty when a character is cut). */
interface CheckedChunk {
  bytes: Buffer;
  text: string;
}

/**
 * Decodes the file as UTF-8 (fatal: an invalid byte throws), chunk by chunk, each chunk's bytes beside its
 * text; a line longer than `maxLineBytes` stops it.
 */
async function* checkedChunks(
  path: string,
  onBytes: (n: number) => void,
  maxLineBytes: number,
  chunkBytes: number | undefined,
): AsyncGenerator<CheckedChunk> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lines = 0;
  // Bytes of the current, unfinished line, to find the line of a bad byte (kept only up to the limit).
  let lineTail: Buffer = Buffer.alloc(0);
  let lineBytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    onBytes(chunk.length);
    const firstNewline = chunk.indexOf(NEWLINE);
    if (firstNewline === -1) {
      lineBytes += chunk.length;
      // The line goes on: how long it is in all is not known yet ("more than").
      if (lineBytes > maxLineBytes) throw lineTooLong(lines + 1, maxLineBytes, maxLineBytes);
    } else {
      if (lineBytes + firstNewline > maxLineBytes)
        throw lineTooLong(lines + 1, lineBytes + firstNewline, maxLineBytes);
      let from = firstNewline;
      let line = lines + 1;
      for (let i = chunk.indexOf(NEWLINE, from + 1); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) {
        line++;
        if (i - from - 1 > maxLineBytes) throw lineTooLong(line, i - from - 1, maxLineBytes);
        from = i;
      }
      lineBytes = chunk.length - from - 1;
      if (lineBytes > maxLineBytes) throw lineTooLong(line + 1, maxLineBytes, maxLineBytes);
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw notUtf8(badLine(chunk, lineTail, lines));
    }
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) lines++;
    lineTail =
      lastNewline === -1
        ? lineTail.length > maxLineBytes
          ? lineTail
          : Buffer.concat([lineTail, chunk])
        : chunk.subarray(lastNewline + 1);
    yield { bytes: chunk, text };
  }
  try {
    // Only checks: the chunks' characters were all given (a character cut at the end throws here).
    const rest = decoder.decode();
    if (rest) yield { bytes: Buffer.alloc(0), text: rest };
  } catch {
    throw notUtf8(lines + 1);
  }
}

/** The separator of the header line: whichever of , ; and tab it has most of (outside quotes). */
export function detectDelimiter(firstLine: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

const QUOTE = 0x22;
const CARRIAGE_RETURN = 0x0d;

/** How a file's lines end, when it can be read without csv-parse (see the top); null when it cannot. */
type PlainLines = 'lf' | 'crlf' | null;

/**
 * Counts lines (for a row total before reading) in one fast pass over the bytes, and tells whether the file
 * is plain: no quote character, and either no CR or every line ending in CRLF.
 */
async function scanLines(path: string, chunkBytes?: number): Promise<{ lines: number; plain: PlainLines }> {
  let n = 0;
  let last = NEWLINE;
  let quoted = false;
  let crs = 0;
  let crlfs = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) {
      n++;
      if ((i === 0 ? last : chunk[i - 1]) === CARRIAGE_RETURN) crlfs++;
    }
    for (let i = chunk.indexOf(CARRIAGE_RETURN); i !== -1; i = chunk.indexOf(CARRIAGE_RETURN, i + 1)) crs++;
    if (!quoted && chunk.indexOf(QUOTE) !== -1) quoted = true;
    if (chunk.length) last = chunk[chunk.length - 1]!;
  }
  // A CR is in a CRLF exactly when it is counted by both; every LF has its CR when there are as many.
  const plain = quoted ? null : crs === 0 ? 'lf' : crs === crlfs && crlfs === n ? 'crlf' : null;
  return { lines: last === NEWLINE ? n : n + 1, plain };
}

const BOM = [0xef, 0xbb, 0xbf] as const;

/** A record's fields and the line it ends on (csv-parse's info.lines). */
interface CsvRecord {
  record: string[];
  line: number;
}

/**
 * The records of a plain file (see scanLines) with the line each ends on, as csv-parse gives them with the
 * options readCsv uses: every line is a record (its fields split at the separator), empty lines skipped
 * but counted, a byte-order mark at the start dropped (as TextDecoder drops it). No record can reach
 * csv-parse's max_record_size, as a line is at most maxLineBytes bytes (checkedChunks) and a record's length
 * is counted in UTF-16 units, no more than its bytes. The bytes were checked as UTF-8 by checkedChunks.
 */
async function* plainRecords(
  chunks: AsyncIterable<Buffer>,
  delimiter: string,
  lineEnd: 'lf' | 'crlf',
): AsyncGenerator<CsvRecord[]> {
  const separator = delimiter.charCodeAt(0);
  const cut = lineEnd === 'crlf' ? 1 : 0;
  let line = 0;
  let carry: Buffer | null = null;
  for await (const chunk of chunks) {
    const buf: Buffer = carry === null ? chunk : Buffer.concat([carry, chunk]);
    // A chunk's records at once: one wait per chunk rather than one more per record.
    const records: CsvRecord[] = [];
    let start = 0;
    for (let nl = buf.indexOf(NEWLINE); nl !== -1; nl = buf.indexOf(NEWLINE, start)) {
      if (line === 0) start = afterBom(buf, start, nl);
      line++;
      const end = nl - cut;
      if (end > start) records.push({ record: fieldsOf(buf, start, end, separator), line });
      start = nl + 1;
    }
    carry = start < buf.length ? buf.subarray(start) : null;
    if (records.length > 0) yield records;
  }
  // The last line, without a line end (in a CRLF file it cannot end in CR: scanLines checked).
  if (carry !== null) {
    const start = line === 0 ? afterBom(carry, 0, carry.length) : 0;
    if (start < carry.length)
      yield [{ record: fieldsOf(carry, start, carry.length, separator), line: line + 1 }];
  }
}

/** Where the file's first line starts: after a byte-order mark, if it begins with one. */
function afterBom(buf: Buffer, start: number, end: number): number {
  return end - start >= 3 && buf[start] === BOM[0] && buf[start + 1] === BOM[1] && buf[start + 2] === BOM[2]
    ? start + 3
    : start;
}

/**
 * The fields of the line buf[start, end), each decoded on its own: a new string of its own length, as
 * csv-parse's are. (Fields cut from a decoded chunk would be views into it for V8 when 13 characters or
 * longer, and a name kept by the import would keep its 64 KB chunk of the file in memory.)
 */
function fieldsOf(buf: Buffer, start: number, end: number, separator: number): string[] {
  const fields: string[] = [];
  let from = start;
  for (let i = start; i < end; i++) {
    if (buf[i] === separator) {
      fields.push(buf.toString('utf8', from, i));
      from = i + 1;
    }
  }
  fields.push(buf.toString('utf8', from, end));
  return fields;
}

/** For the tests: csv-parse for every file, and smaller chunks (to cut lines and characters). */
export interface CsvReadingOptions {
  parser?: 'csv-parse';
  chunkBytes?: number;
}

export async function* readCsv(
  path: string,
  sheetName: string,
  onProgress?: (p: ReadProgress) => void,
  limits: UploadLimits = uploadLimits(),
  options: CsvReadingOptions = {},
): AsyncGenerator<SourceEvent> {
  const bytesTotal = (await stat(path)).size;
  if (bytesTotal > limits.maxFileBytes)
    throw new UnreadableFileError(overLimit('maxFileBytes', bytesTotal, limits.maxFileBytes));
  const scanned = await scanLines(path, options.chunkBytes);
  const rowsTotal = Math.max(0, scanned.lines - 1);
  let bytesRead = 0;
  const chunks = checkedChunks(
    path,
    (n) => {
      bytesRead += n;
      onProgress?.({ bytesRead, bytesTotal, rowsTotal });
    },
    limits.maxLineBytes,
    options.chunkBytes,
  );
  // The separator is told from the header line, so read until it is complete.
  let head = '';
  const headBytes: Buffer[] = [];
  let first = await chunks.next();
  while (!first.done) {
    head += first.value.text;
    headBytes.push(first.value.bytes);
    if (head.includes('\n')) break;
    first = await chunks.next();
  }
  const delimiter = detectDelimiter(head.split(/\r?\n/u, 1)[0] ?? '');
  async function* text(): AsyncGenerator<string> {
    if (head) yield head;
    if (!first.done) for await (const chunk of chunks) if (chunk.text) yield chunk.text;
  }
  async function* bytes(): AsyncGenerator<Buffer> {
    yield Buffer.concat(headBytes);
    if (!first.done) for await (const chunk of chunks) yield chunk.bytes;
  }
  const plain = options.parser === 'csv-parse' ? null : scanned.plain;
  yield { type: 'sheet', name: sheetName };
  try {
    let records = 0;
    const source = plain
      ? plainRecords(bytes(), delimiter, plain)
      : csvParseRecords(text(), delimiter, limits);
    for await (const batch of source)
      for (const { record, line } of batch) {
        if (++records > limits.maxRows)
          throw new UnreadableFileError(
            overLimit('maxRows', limits.maxRows, limits.maxRows, { vi: `dòng ${line}`, en: `line ${line}` }),
            line,
          );
        if (record.length > limits.maxColumns)
          throw new UnreadableFileError(
            overLimit('maxColumns', record.length, limits.maxColumns, {
              vi: `dòng ${line}`,
              en: `line ${line}`,
            }),
            line,
          );
        // The record's own array, cleaned in place: no other copy of the row.
        for (let i = 0; i < record.length; i++) record[i] = cleanText(record[i]!);
        yield { type: 'row', number: line, cells: record as RawCell[] };
      }
  } catch (e) {
    if (e instanceof UnreadableFileError) throw e;
    const err = e as Error & { lines?: number; code?: string };
    if (err.code === 'CSV_MAX_RECORD_SIZE') {
      const line = err.lines ?? 0;
      throw new UnreadableFileError(
        overLimit('maxLineBytes', limits.maxLineBytes, limits.maxLineBytes, {
          vi: `bản ghi kết thúc ở dòng ${line}`,
          en: `record ending on line ${line}`,
        }),
        err.lines ?? null,
      );
    }
    throw new UnreadableFileError(
      {
        vi: `Không đọc được tệp CSV (${err.message})`,
        en: `The CSV file cannot be read (${err.message})`,
      },
      err.lines ?? null,
    );
  }
}

/** The records of any file, with the line each ends on, through csv-parse's stream. */
async function* csvParseRecords(
  text: AsyncGenerator<string>,
  delimiter: string,
  limits: UploadLimits,
): AsyncGenerator<CsvRecord[]> {
  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
    // A quoted field running over many lines is bounded too.
    max_record_size: limits.maxLineBytes,
  });
  // pipeline (unlike pipe) hands an error of the source (bytes that are not UTF-8) on to the parser.
  pipeline(Readable.from(text), parser, () => undefined);
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>)
    yield [{ record: item.record, line: item.info.lines }];
}
