// Imports households, members and Phiếu B answers from an .xlsx or CSV file: read and check every row
// (streaming), check against the database, then — only if nothing failed — write it all in one
// transaction. Importing the same file again changes nothing.
import { open } from 'node:fs/promises';
import type { Database } from '../../db/index.ts';
import { EVERYTHING, type ScopeSet } from '../../db/queries/scope.ts';
import type { ImportError } from '../../domain/imports/rows.ts';
import type { RuleBook } from '../../domain/standards/types.ts';
import type { JobProgress } from '../../jobs/registry.ts';
import type { Actor as Principal } from '../actor.ts';
import { checkAgainstDatabase } from './check.ts';
import { Collector, fileError } from './collect.ts';
import { uploadLimits } from './limits.ts';
import { readCsv } from './read-csv.ts';
import { readXlsx } from './read-xlsx.ts';
import { UnreadableFileError, type ReadProgress, type SourceEvent } from './source.ts';
import { ImportConflict, writeImport, type ImportCounts, type WriteActor } from './write.ts';

export type { ImportCounts } from './write.ts';
export type { ImportError } from '../../domain/imports/rows.ts';

/**
 * Rows one import takes (data/limits/uploads.json): checked rows are held in memory until the writing
 * (about 0.5 GB of heap per 100,000 rows at the peak), so a province's whole register goes in several
 * files, e.g. one per commune.
 */
export const MAX_IMPORT_ROWS = uploadLimits().maxRows;

export interface ImportActor extends WriteActor {
  /** Where the importer may write: every village the file touches must be in it. */
  scope: ScopeSet;
}

/** The actor for a signed-in user, or the system (everything in scope) for an operator's command. */
export function importActor(principal: Principal | null): ImportActor {
  if (!principal) return { scope: EVERYTHING, actorId: null, actorName: 'system', username: null };
  return {
    scope: principal.write,
    actorId: principal.userId,
    actorName: `${principal.displayName} (${principal.username})`,
    username: principal.username,
  };
}

export interface ImportOptions {
  db: Database;
  book: RuleBook;
  /** The import date (Vietnam): villages and communes are those of this day. */
  today: string;
  actor: ImportActor;
  /** The file on disk, and its name as the user gave it (the extension hints at the format). */
  path: string;
  filename: string;
  /** Names the import in the audit (e.g. the job id). */
  importId: string;
  onProgress?: (progress: JobProgress) => void;
  /** Check everything but write nothing. */
  checkOnly?: boolean;
  /**
   * Write the whole file in one transaction (default on PostgreSQL). On the embedded engine the default is
   * a transaction per batch, so that the server's other users are not kept waiting behind the import; an
   * operator's command, with no one waiting, asks for one transaction.
   */
  atomic?: boolean;
  /** Households per write batch (default 1,000; 100 on the embedded engine, each its own transaction). */
  batchSize?: number;
}

export interface ImportReport {
  ok: boolean;
  format: 'xlsx' | 'csv' | null;
  /** Non-blank data rows read, per sheet kind. */
  rows: { members: number; formB: number };
  /** Null when nothing was written (errors, or checkOnly). */
  counts: ImportCounts | null;
  /** Sorted by sheet and row; at most MAX_KEPT_ERRORS of them. */
  errors: ImportError[];
  errorCount: number;
  /** Milliseconds per phase. */
  timings: { read: number; check: number; write: number };
}

async function sniff(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(8);
    const { bytesRead } = await handle.read(buffer, 0, 8, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** xlsx (a zip), or CSV; the old binary .xls and empty files are refused with a message. */
export async function formatOf(path: string, filename: string): Promise<'xlsx' | 'csv'> {
  const head = await sniff(path);
  if (head.length === 0) {
    throw new UnreadableFileError({ vi: 'Tệp rỗng', en: 'The file is empty' });
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new UnreadableFileError({
      vi: 'Tệp Excel kiểu cũ (.xls) không được hỗ trợ: lưu lại dưới dạng .xlsx hoặc CSV UTF-8',
      en: 'Old Excel files (.xls) are not supported: save it as .xlsx or CSV UTF-8',
    });
  }
  if (/\.xlsx$/iu.test(filename)) {
    throw new UnreadableFileError({
      vi: 'Tệp có đuôi .xlsx nhưng không phải tệp Excel hợp lệ',
      en: 'The file ends in .xlsx but is not a valid Excel file',
    });
  }
  return 'csv';
}

function sortErrors(errors: ImportError[], sheetOrder: readonly string[]): ImportError[] {
  const rank = (sheet: string | null) => (sheet === null ? -1 : sheetOrder.indexOf(sheet));
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e.sheet) - rank(b.e.sheet) || (a.e.row ?? 0) - (b.e.row ?? 0) || a.i - b.i)
    .map((x) => x.e);
}

export async function runImport(options: ImportOptions): Promise<ImportReport> {
  const { db, book, today, actor } = options;
  const report = (p: JobProgress) => options.onProgress?.(p);
  const timings = { read: 0, check: 0, write: 0 };
  let format: 'xlsx' | 'csv' | null = null;
  let collector = new Collector(book, today, 'xlsx');
  let t0 = performance.now();
  try {
    format = await formatOf(options.path, options.filename);
    collector = new Collector(book, today, format);
    let rowsRead = 0;
    let read: ReadProgress = { bytesRead: 0, bytesTotal: 0, rowsTotal: null };
    const onRead = (p: ReadProgress) => (read = p);
    const source: AsyncGenerator<SourceEvent> =
      format === 'xlsx' ? readXlsx(options.path, onRead) : readCsv(options.path, '', onRead);
    report({ phase: 'reading', done: 0, total: null });
    for await (const event of source) {
      if (event.type === 'row' && rowsRead >= MAX_IMPORT_ROWS) {
        throw new UnreadableFileError(
          {
            vi: `Tệp có hơn ${MAX_IMPORT_ROWS.toLocaleString('vi-VN')} dòng: chia thành nhiều tệp (ví dụ mỗi xã một tệp)`,
            en: `The file has more than ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows: split it (e.g. one file per commune)`,
          },
          event.number,
        );
      }
      collector.accept(event);
      if (event.type === 'row' && ++rowsRead % 500 === 0) {
        report({
          phase: 'reading',
          done: rowsRead,
          total: read.rowsTotal,
          bytesRead: read.bytesRead,
          bytesTotal: read.bytesTotal,
        });
      }
    }
    collector.finish();
    report({
      phase: 'reading',
      done: rowsRead,
      total: rowsRead,
      bytesRead: read.bytesTotal,
      bytesTotal: read.bytesTotal,
    });
  } catch (e) {
    if (!(e instanceof UnreadableFileError)) throw e;
    timings.read = performance.now() - t0;
    return {
      ok: false,
      format,
      rows: collector.rows,
      counts: null,
      errors: [fileError(e.bilingual, e.row), ...collector.errors.kept],
      errorCount: collector.errors.count + 1,
      timings,
    };
  }
  timings.read = performance.now() - t0;

  t0 = performance.now();
  const checked = await checkAgainstDatabase(
    db,
    book,
    collector,
    { ...actor, importId: options.importId },
    today,
    (done, total) => report({ phase: 'checking', done, total }),
  );
  timings.check = performance.now() - t0;
  const errors = collector.errors;
  const base = { format, rows: collector.rows, timings };
  if (errors.count > 0) {
    return {
      ...base,
      ok: false,
      counts: null,
      errors: sortErrors(errors.kept, collector.sheetOrder),
      errorCount: errors.count,
    };
  }
  if (options.checkOnly) return { ...base, ok: true, counts: null, errors: [], errorCount: 0 };

  t0 = performance.now();
  try {
    const counts = await writeImport(db, {
      collected: collector,
      formB: checked.formB,
      actor,
      today,
      filename: options.filename,
      importId: options.importId,
      // The embedded engine: small batches, each its own transaction, so others wait one batch at most.
      perBatch: !(options.atomic ?? db.kind === 'postgres'),
      batchSize: options.batchSize ?? ((options.atomic ?? db.kind === 'postgres') ? 1000 : 100),
      onProgress: (done, total) => report({ phase: 'writing', done, total }),
    });
    timings.write = performance.now() - t0;
    report({ phase: 'done', done: 1, total: 1 });
    return { ...base, ok: true, counts, errors: [], errorCount: 0 };
  } catch (e) {
    if (!(e instanceof ImportConflict)) throw e;
    timings.write = performance.now() - t0;
    const errors = e.written > 0 ? [e.error, partlyWritten(e.written, e.total)] : [e.error];
    return { ...base, ok: false, counts: null, errors, errorCount: errors.length };
  }
}

/** The file-wide note of an import stopped after some of its batches were written (the embedded engine). */
function partlyWritten(written: number, total: number): ImportError {
  const n = (x: number) => x.toLocaleString('vi-VN');
  return {
    sheet: null,
    row: null,
    column: '',
    message: {
      vi: `Đã ghi ${n(written)}/${n(total)} hộ đầu tiên của tệp trước khi dừng: các hộ này được giữ; sửa lỗi rồi nhập lại cùng tệp, hệ thống chỉ ghi phần còn thiếu`,
      en: `The first ${written.toLocaleString('en')} of ${total.toLocaleString('en')} households of the file were written before it stopped and are kept; fix the error and import the same file again: only what is missing is written`,
    },
  };
}
