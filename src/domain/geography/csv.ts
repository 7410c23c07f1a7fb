// A tolerant CSV reader that keeps line numbers and recovers from broken quoting, one row at a time.

export type CsvDefect = 'unterminated-quote' | 'text-after-quote';

export interface CsvRecord {
  readonly cells: readonly string[];
  /** 1-based physical line where the record starts. */
  readonly line: number;
  /** The record's text as in the file (all its lines). */
  readonly raw: string;
  /** Set when the quoting is broken; `cells` is then empty and reading resumed on the next line. */
  readonly defect: CsvDefect | null;
}

export interface CsvOptions {
  /** A record longer than this many physical lines is taken as a stray quote (default 4). */
  readonly maxLinesPerRecord?: number;
}

interface Scan {
  readonly cells: string[];
  readonly end: number;
  readonly lines: number;
  readonly defect: CsvDefect | null;
  /** A quoted cell went on after a line break with text containing a comma: a stray quote. */
  readonly suspicious: boolean;
}

function scanRecord(text: string, start: number): Scan {
  const cells: string[] = [];
  let cell = '';
  let inQuotes = false;
  let quotedCell = false;
  let afterQuote = false;
  let lines = 1;
  let suspicious = false;
  let brokeLineInCell = false;
  let i = start;
  while (i < text.length) {
    const c = text[i] as string;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        afterQuote = true;
      } else if (c === '\r' && text[i + 1] === '\n') {
        // keep "\n" only
      } else {
        if (c === '\n') {
          lines++;
          brokeLineInCell = true;
        } else if (c === ',' && brokeLineInCell) {
          suspicious = true;
        }
        cell += c;
      }
      i++;
      continue;
    }
    if (c === ',') {
      cells.push(cell);
      cell = '';
      quotedCell = false;
      afterQuote = false;
      brokeLineInCell = false;
      i++;
      continue;
    }
    if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      cells.push(cell);
      return { cells, end: i + (c === '\r' ? 2 : 1), lines, defect: null, suspicious };
    }
    if (afterQuote) {
      if (c !== ' ' && c !== '\t') return { cells, end: i, lines, defect: 'text-after-quote', suspicious };
    } else if (c === '"' && !quotedCell && cell.trim() === '') {
      cell = '';
      inQuotes = true;
      quotedCell = true;
    } else {
      cell += c; // a quote inside an unquoted cell is kept as a character
    }
    i++;
  }
  if (inQuotes) return { cells, end: i, lines, defect: 'unterminated-quote', suspicious };
  cells.push(cell);
  return { cells, end: i, lines, defect: null, suspicious };
}

function endOfLine(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl === -1 ? text.length : nl;
}

/**
 * Reads all records. A record with broken quoting is returned with its `defect` and only its first
 * line as `raw`; reading resumes on the next physical line, so one stray quote costs one row.
 */
export function readCsv(text: string, options: CsvOptions = {}): CsvRecord[] {
  const maxLines = options.maxLinesPerRecord ?? 4;
  const records: CsvRecord[] = [];
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (pos < text.length) {
    const scan = scanRecord(text, pos);
    // A quoted cell that ran over line breaks into trouble most likely began with a stray quote.
    const strayQuote = scan.suspicious || scan.lines > maxLines || (scan.defect !== null && scan.lines > 1);
    const broken: CsvDefect | null = strayQuote ? 'unterminated-quote' : scan.defect;
    if (broken) {
      const eol = endOfLine(text, pos);
      records.push({ cells: [], line, raw: text.slice(pos, eol).replace(/\r$/u, ''), defect: broken });
      pos = eol + 1;
      line += 1;
      continue;
    }
    records.push({
      cells: scan.cells,
      line,
      raw: text.slice(pos, scan.end).replace(/\r?\n$/u, ''),
      defect: null,
    });
    pos = scan.end;
    line += scan.lines;
  }
  return records;
}
