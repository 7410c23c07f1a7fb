// A NUL character cannot be stored in PostgreSQL text (and jsonb refuses \u0000), so a request carrying one
// answered 500 on the routes that wrote it (issue #15: 8 endpoints). Every query string, path parameter and
// JSON body is checked before validation: 400 naming the field, in Vietnamese and English, nothing written.
import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.ts';

/** Parsed data, not a file: a buffer, a typed array or a stream (anything with pipe) is not walked. */
export function isPlain(value: object): boolean {
  return !ArrayBuffer.isView(value) && typeof (value as { pipe?: unknown }).pipe !== 'function';
}

/** Paths (body.members.0.fullName) of every string holding a NUL character, at most `max`. */
export function nulPaths(value: unknown, at: string, out: string[] = [], max = 20): string[] {
  if (out.length >= max) return out;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(at);
  } else if (Array.isArray(value)) value.forEach((v, i) => nulPaths(v, `${at}.${i}`, out, max));
  // Parsed JSON and query strings only (plain objects): an upload's body is a stream or a buffer of the
  // file itself, read by its own route.
  else if (value && typeof value === 'object' && isPlain(value))
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) out.push(`${at}.${k.replaceAll('\u0000', '\\0')}`);
      nulPaths(v, `${at}.${k}`, out, max);
    }
  return out;
}

export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const paths = [
      ...nulPaths(req.query, 'query'),
      ...nulPaths(req.params, 'params'),
      ...nulPaths(req.body, 'body'),
    ];
    if (paths.length)
      throw new AppError(
        'VALIDATION_FAILED',
        paths.map((path) => ({
          path,
          message: {
            vi: `${path}: chứa ký tự NUL (\\0), không lưu được`,
            en: `${path}: contains a NUL character (\\0), which cannot be stored`,
          },
        })),
      );
  });
}
