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
  openingListMaxFileBytes: positive,
  odkMaxFileBytes: positive,
});

/** The import limits, and the file size of the uploads read while the request waits. */
export interface AllUploadLimits extends UploadLimits {
  /** A commune's opening list (POST /api/communes/:code/opening-list). */
  openingListMaxFileBytes: number;
  /** An ODK/KoBo export of a round's forms (POST /api/rounds/:roundId/odk-submissions). */
  odkMaxFileBytes: number;
}

let loaded: AllUploadLimits | null = null;

/** The limits of the file (read on first use; a wrong file stops the program with the reason). */
export function uploadLimits(): AllUploadLimits {
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
