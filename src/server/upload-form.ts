// A multipart form with one file and a few text fields, as the upload routes take it (the opening list, ODK
// exports): the file saved to a temporary directory removed after use, the fields checked against the route's
// schema (an empty field counts as absent), every problem named at once, and @fastify/multipart's limits
// answered as BODY_TOO_LARGE.
import type { FastifyRequest } from 'fastify';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { z } from 'zod';
import { AppError } from './errors.ts';

export interface UploadedFile {
  /** Where the file was saved (removed once `use` has finished). */
  path: string;
  /** Its name on the user's computer. */
  filename: string;
}

export async function withUploadForm<S extends z.ZodType, T>(
  req: FastifyRequest,
  form: { fields: S; tempPrefix: string; missingFile: { vi: string; en: string } },
  use: (upload: z.infer<S> & UploadedFile) => Promise<T>,
): Promise<T> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  const dir = await mkdtemp(join(tmpdir(), form.tempPrefix));
  try {
    const fields: Record<string, string> = {};
    let filename: string | null = null;
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        if (String(part.value) !== '') fields[part.fieldname] = String(part.value);
      } else if (part.fieldname === 'file' && filename === null) {
        filename = part.filename || 'upload';
        await pipeline(part.file, createWriteStream(join(dir, 'upload')));
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
    if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw new AppError('BODY_TOO_LARGE');
    throw e;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
