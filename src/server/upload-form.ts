// A multipart form with one file and a few text fields, as the upload routes take it (the opening list, ODK
// exports): the file saved to a temporary directory removed after use, the fields checked against the route's
// schema (an empty field counts as absent), every problem named at once, and @fastify/multipart's limits
// answered as BODY_TOO_LARGE. The file holds a place in the user's upload quota (src/services/imports/
// upload-quota.ts) from before it is received until it is removed: 429 when the user has no place left, 413
// naming the limit (the route's file size, or the room the user's other uploads leave) when it is larger.
import type { FastifyRequest } from 'fastify';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { z } from 'zod';
import { makeUploadDir } from '../jobs/upload-dirs.ts';
import type { UploadQuota } from '../services/imports/upload-quota.ts';
import { AppError } from './errors.ts';

/**
 * What a form's request carries besides its file: the fields and the part headers (ten short fields at
 * most), so a Content-Length past the file limit by more than this announces a file over it.
 */
export const FORM_OVERHEAD_BYTES = 64 * 1024;

export interface UploadedFile {
  /** Where the file was saved (removed once `use` has finished). */
  path: string;
  /** Its name on the user's computer. */
  filename: string;
}

export interface UploadFormOptions<S extends z.ZodType> {
  fields: S;
  /** giamngheo-<kind>- (the folder is giamngheo-<kind>-pid<PID>-XXXXXX). */
  tempPrefix: string;
  missingFile: { vi: string; en: string };
  /** The server's upload quota, whose user the file counts against, and the route's file limit. */
  quota: { of: UploadQuota; userId: string; maxFileBytes: number };
}

export async function withUploadForm<S extends z.ZodType, T>(
  req: FastifyRequest,
  form: UploadFormOptions<S>,
  use: (upload: z.infer<S> & UploadedFile) => Promise<T>,
): Promise<T> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  const slot = form.quota.of.take(form.quota.userId, form.quota.maxFileBytes);
  let dir: string | null = null;
  try {
    slot.check(Number(req.headers['content-length'] ?? 0), FORM_OVERHEAD_BYTES);
    // Named after this process, so a start after a kill sweeps it (src/jobs/upload-dirs.ts).
    dir = await makeUploadDir(form.tempPrefix);
    const fields: Record<string, string> = {};
    let filename: string | null = null;
    // The reader stops at the slot's room (FST_REQ_FILE_TOO_LARGE below); the count holds the user's room.
    for await (const part of req.parts({ limits: { fileSize: slot.maxBytes, files: 1, fields: 10 } })) {
      if (part.type === 'field') {
        if (String(part.value) !== '') fields[part.fieldname] = String(part.value);
      } else if (part.fieldname === 'file' && filename === null) {
        filename = part.filename || 'upload';
        const count = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            try {
              slot.add(chunk.length);
              done(null, chunk);
            } catch (e) {
              done(e as Error);
            }
          },
        });
        await pipeline(part.file, count, createWriteStream(join(dir, 'upload')));
      } else part.file.resume();
    }
    const parsed = form.fields.safeParse(fields);
    const missing = filename === null ? [{ path: 'file', message: form.missingFile }] : [];
    const bad = parsed.success
      ? []
      : parsed.error.issues.map((i) => ({
          path: i.path.join('.'),
          message: {
            vi: `${i.path.join('.')}: không hợp lệ (${i.message})`,
            en: `${i.path.join('.')}: ${i.message}`,
          },
        }));
    if (!parsed.success || filename === null) throw new AppError('VALIDATION_FAILED', [...bad, ...missing]);
    return await use(Object.assign({}, parsed.data as z.infer<S>, { path: join(dir, 'upload'), filename }));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw slot.tooLarge();
    if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new AppError('BODY_TOO_LARGE');
    throw e;
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
    slot.release();
  }
}
