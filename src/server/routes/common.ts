// What every route needs: the signed-in user, today's date, ids and paging as zod schemas.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Bilingual, isoDate, uuid } from '../contract/primitives.ts';
import type { Permission } from '../../domain/access/roles.ts';
import { MAX_ROW_AMOUNT } from '../../domain/finance/money.ts';
import type { Principal } from '../auth/principal.ts';
import { requirePermission } from '../auth/principal.ts';
import { AppError, errorBody, type FieldError } from '../errors.ts';

/** The signed-in user (401 otherwise), checked for a permission when one is named (403 otherwise). */
export function signedIn(req: FastifyRequest, permission?: Permission): Principal {
  if (!req.principal) throw new AppError('UNAUTHENTICATED');
  if (permission) requirePermission(req.principal, permission);
  return req.principal;
}

export { isoDate, uuid };
export const paging = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};

/** The response of a paged list: the total, the page asked for, and its rows. */
export const pagedSchema = <T extends z.ZodType>(row: T) =>
  z.object({ total: z.number(), page: z.number(), pageSize: z.number(), rows: z.array(row) });

/** One page of rows already filtered and sorted. */
export function pageOf<T>(rows: readonly T[], q: { page: number; pageSize: number }) {
  const start = (q.page - 1) * q.pageSize;
  return {
    total: rows.length,
    page: q.page,
    pageSize: q.pageSize,
    rows: rows.slice(start, start + q.pageSize),
  };
}

const collator = new Intl.Collator('vi');
/** Listed things under units: by unit code then name in Vietnamese order, or by name then code. */
export function byUnitOrName(sort: 'code' | 'name') {
  return (
    a: { name: string; unit: { code: string; validFrom: string } },
    b: { name: string; unit: { code: string; validFrom: string } },
  ) =>
    sort === 'name'
      ? collator.compare(a.name, b.name) || a.unit.code.localeCompare(b.unit.code)
      : a.unit.code.localeCompare(b.unit.code) ||
        a.unit.validFrom.localeCompare(b.unit.validFrom) ||
        collator.compare(a.name, b.name);
}

/** The error body every route declares: a code, the bilingual message, the fields at fault, any extras. */
export const errorSchema = z
  .object({
    error: z
      .object({
        code: z.string(),
        message: Bilingual,
        fields: z.array(z.object({ path: z.string(), message: Bilingual })).optional(),
      })
      .loose(),
  })
  .meta({ id: 'ApiError' });

/** The error responses a route may give, for the OpenAPI document. */
export const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, errorSchema]));

export { errorBody };

/** The body of a DELETE of a record entered by mistake: the version read and why (kept in the audit). */
export const deletionBody = z
  .object({
    version: z.number().int().min(1),
    reason: z.string().trim().min(5, 'ít nhất 5 ký tự / at least 5 characters').max(500),
  })
  .strict();

/** A unit code as routes take it: a province (2 digits), a former district (3) or a commune (5). */
export const unitCodeSchema = z.string().regex(/^\d{2,5}$/);
/** An amount in đồng as finance routes take it: a whole JSON number or a string of digits, at most 10^15. */
export const amountSchema = z
  .union([z.number().int(), z.string().regex(/^-?\d{1,16}$/)])
  .transform((v) => BigInt(v))
  .refine((v) => v <= MAX_ROW_AMOUNT && v >= -MAX_ROW_AMOUNT, 'at most 10^15 đồng')
  .describe('đồng (integer; a JSON number or a string of digits)');
/** An amount in đồng as routes answer it. */
export const moneySchema = z.number().int().describe('đồng');
/** A text in both languages, inline (not the named Bilingual component). */
export const bilingualSchema = z.object({ vi: z.string(), en: z.string() });

/** Field errors as one 400, each naming its field in both languages. */
export const invalid = (fields: FieldError[]): AppError => new AppError('VALIDATION_FAILED', fields);
