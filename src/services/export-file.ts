// Writes an export (a report, a list) to a file: beside the target as FILE.part, renamed at the end, so a
// failed export leaves no half file; a full disk (ENOSPC, or a quota: EDQUOT) is the catalogue's DISK_FULL,
// in Vietnamese and English with the file concerned, not a stack trace.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from './errors.ts';

const FULL = new Set(['ENOSPC', 'EDQUOT']);

export async function writeExportFile(
  body: Readable,
  out: string,
  open: (path: string) => Writable = (path) => createWriteStream(path),
): Promise<void> {
  const part = `${out}.part`;
  try {
    await pipeline(body, open(part));
    await rename(part, out);
  } catch (e) {
    await rm(part, { force: true });
    if (FULL.has((e as { code?: unknown }).code as string))
      throw new AppError('DISK_FULL', [
        {
          path: out,
          message: {
            vi: `Không đủ chỗ trên đĩa để ghi ${out}; chưa có tệp nào được tạo`,
            en: `Not enough disk space to write ${out}; no file was created`,
          },
        },
      ]);
    throw e;
  }
}
