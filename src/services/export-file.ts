// Writes a file whole or not at all — an export (a report, a list), a backup: beside the target as FILE.part
// (or another name given), renamed at the end, so a failed write leaves no half file; a full disk (ENOSPC, or
// a quota: EDQUOT) is the catalogue's DISK_FULL, in Vietnamese and English with the file concerned, not a
// stack trace.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from './errors.ts';

const FULL = new Set(['ENOSPC', 'EDQUOT']);

/** Opens the stream a file is written through (a test's stands for a disk that fills up). */
export type OpenFile = (path: string) => Writable;

/** Is this the error of a disk (or a quota) that is full? */
export function isDiskFull(e: unknown): boolean {
  return FULL.has((e as { code?: unknown } | null)?.code as string);
}

/** DISK_FULL (507) naming the file that could not be written. */
export function diskFull(out: string): AppError {
  return new AppError('DISK_FULL', [
    {
      path: out,
      message: {
        vi: `Không đủ chỗ trên đĩa để ghi ${out}; chưa có tệp nào được tạo`,
        en: `Not enough disk space to write ${out}; no file was created`,
      },
    },
  ]);
}

export interface WholeFileOptions {
  /** Opens the stream (default: a file stream). */
  open?: OpenFile | undefined;
  /** The name written before the rename (default FILE.part). */
  part?: string | undefined;
  /** The new file's permissions (default 0o666 less the umask). */
  mode?: number | undefined;
}

/**
 * Writes `out` through `fill`, which writes everything into the stream it is given and resolves once that
 * stream has finished: the bytes go to a file beside `out`, renamed to `out` only then. If anything fails,
 * that file is removed, and a full disk becomes DISK_FULL naming `out`; any other error passes unchanged.
 */
export async function writeWholeFile<T>(
  out: string,
  fill: (sink: Writable) => Promise<T>,
  options: WholeFileOptions = {},
): Promise<T> {
  const part = options.part ?? `${out}.part`;
  const mode = options.mode;
  const open =
    options.open ?? ((path: string) => createWriteStream(path, mode === undefined ? {} : { mode }));
  const sink = open(part);
  try {
    const result = await fill(sink);
    await rename(part, out);
    return result;
  } catch (e) {
    // Closed before removing: a file stream still opening would otherwise create the file after the removal.
    if (!sink.closed) {
      const closed = new Promise<void>((resolve) => sink.once('close', () => resolve()));
      sink.destroy();
      await closed;
    }
    await rm(part, { force: true });
    if (isDiskFull(e)) throw diskFull(out);
    throw e;
  }
}

/** An export's body into `out`, whole or not at all (see writeWholeFile). */
export async function writeExportFile(body: Readable, out: string, open?: OpenFile): Promise<void> {
  await writeWholeFile(out, (sink) => pipeline(body, sink), { open });
}
