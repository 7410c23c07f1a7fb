// The upload limits of data/limits/uploads.json (operating limits, not law), read once and checked.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { UploadLimits } from '../../domain/imports/limits.ts';

export const UPLOAD_LIMITS_FILE = fileURLToPath(
  new URL('../../../data/limits/uploads.json', import.meta.url),
);

const positive = z.number().int().positive();
const schema = z.object({
  maxFileBytes: positive,
  maxUncompressedBytes: positive,
  maxZipEntries: positive,
  maxSharedStringsBytes: positive,
  maxRows: positive,
  maxColumns: positive,
  maxLineBytes: positive,
  pendingUploadsPerUser: positive,
  pendingBytesPerUser: positive,
});

let loaded: UploadLimits | null = null;

/** The limits of the file (read on first use; a wrong file stops the program with the reason). */
export function uploadLimits(): UploadLimits {
  if (!loaded) {
    const parsed = schema.safeParse(JSON.parse(readFileSync(UPLOAD_LIMITS_FILE, 'utf8')));
    if (!parsed.success)
      throw new Error(
        `${UPLOAD_LIMITS_FILE}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    loaded = parsed.data;
  }
  return loaded;
}
