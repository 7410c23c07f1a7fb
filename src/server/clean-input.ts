// Text typed or pasted arrives in more than one form (issue #15): Vietnamese with combining marks (NFD, as
// some phones and macOS write it) or with invisible characters (zero-width space, joiners, byte-order mark)
// copied from a chat. Both defeated search and were stored as they came. Every string of a query string, a
// path parameter and a parsed JSON body is made NFC without invisible characters here, before validation,
// so a name typed either way is stored, compared and found as one. A body nested deeper than any request
// of the API needs is refused (400) before anything walks it: the walk is iterative and stops there.
import type { FastifyInstance } from 'fastify';
import { cleanText } from '../domain/geography/text.ts';
import { AppError } from './errors.ts';
import { isPlain } from './no-nul.ts';

/** Deeper than any body of the API (a Phiếu B batch is about five levels). */
export const MAX_DEPTH = 32;

/**
 * Cleans every string value of `root` in place (NFC, no invisible characters); false when a container lies
 * deeper than `maxDepth` (nothing is cleaned then).
 */
export function cleanStrings(root: unknown, maxDepth = MAX_DEPTH): boolean {
  if (!root || typeof root !== 'object' || !isPlain(root)) return true;
  // First the depth, without recursion (a 1 MB body can nest 500,000 levels).
  const stack: [object, number][] = [[root, 0]];
  const containers: object[] = [];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > maxDepth) return false;
    containers.push(node);
    for (const v of Object.values(node))
      if (v && typeof v === 'object' && isPlain(v)) stack.push([v, depth + 1]);
  }
  for (const node of containers) {
    const target = node as Record<string, unknown>;
    for (const k of Object.keys(target)) {
      const v = target[k];
      if (typeof v === 'string') {
        const clean = cleanText(v);
        if (clean !== v) target[k] = clean;
      }
    }
  }
  return true;
}

export function cleanInput(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    for (const [part, value] of [
      ['query', req.query],
      ['params', req.params],
      ['body', req.body],
    ] as const) {
      if (typeof value === 'string') {
        if (part === 'body') req.body = cleanText(value);
        continue;
      }
      if (!cleanStrings(value))
        throw new AppError('VALIDATION_FAILED', [
          {
            path: part,
            message: {
              vi: `${part}: lồng nhau quá ${MAX_DEPTH} cấp`,
              en: `${part}: nested more than ${MAX_DEPTH} levels deep`,
            },
          },
        ]);
    }
  });
}
