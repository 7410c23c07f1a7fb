// One catalogue of API errors: stable codes, HTTP status, Vietnamese and English messages, the fields
// concerned. Every failure leaves the server as `{ error: { code, message: { vi, en }, fields? } }`.
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DatabaseError } from '../db/index.ts';
import {
  DatabaseBusyError,
  DataRuleError,
  isDatabaseUnavailable,
  isFailedQuery,
  QueryCancelledError,
  SqlState,
  unwrapQueryError,
} from '../db/errors.ts';
import { ReviewRuleError, RoundReplayError } from '../services/review-rounds.ts';
import { AppError, CATALOGUE, errorBody } from '../services/errors.ts';

export { AppError, CATALOGUE, errorBody, type ErrorCode, type FieldError } from '../services/errors.ts';

/** Retry-After while the database cannot be reached (a restart usually takes a few seconds). */
const DATABASE_UNAVAILABLE_RETRY_SECONDS = 5;

/** Messages for the database's rule codes (DataRuleError.rule). */
const RULE_MESSAGES: Record<string, { vi: string; en: string }> = {
  commune_not_found: {
    vi: 'Không có xã nào mang mã này vào ngày đó',
    en: 'No commune has this code on that date',
  },
  village_not_found: { vi: 'Không tìm thấy thôn', en: 'Village not found' },
  village_retired: { vi: 'Thôn đã giải thể', en: 'The village was retired' },
  commune_not_ended: { vi: 'Xã của thôn vẫn còn hiệu lực', en: "The village's commune has not ended" },
  commune_not_split: {
    vi: 'Xã nhập nguyên vẹn: thôn tự động chuyển theo',
    en: 'The commune merged whole: its villages move automatically',
  },
  not_a_successor: {
    vi: 'Xã này không kế thừa xã cũ của thôn',
    en: "Not a successor of the village's commune",
  },
  member_not_found: { vi: 'Không có thành viên này trong hộ', en: 'No such current member in the household' },
  same_household: { vi: 'Không thể nhập một hộ vào chính nó', en: 'A household cannot merge into itself' },
  household_not_found: { vi: 'Không tìm thấy hộ', en: 'Household not found' },
  round_exists: {
    vi: 'Xã đã có đợt rà soát cho kỳ này',
    en: 'The commune already has a round for this period',
  },
};

/**
 * PostgreSQL's names for the conditions a statement can fail with (its documentation, appendix A), said
 * without values: what the log shows in place of the server's message, which can hold them (22003 `value
 * "001199012345" is out of range for type integer`; a 23505's detail `Key (phone)=(0912345678) already
 * exists`; a 23514's `Failing row contains (…)`).
 */
const CONDITIONS: Record<string, string> = {
  '22001': 'string data right truncation',
  '22003': 'numeric value out of range',
  '22004': 'null value not allowed',
  '22007': 'invalid datetime format',
  '22008': 'datetime field overflow',
  '22012': 'division by zero',
  '22021': 'character not in repertoire',
  '22023': 'invalid parameter value',
  '22P02': 'invalid text representation',
  '22P05': 'untranslatable character',
  '23502': 'not null violation',
  '23503': 'foreign key violation',
  '23505': 'unique violation',
  '23514': 'check violation',
  '23P01': 'exclusion violation',
  '25P02': 'in failed sql transaction',
  '40001': 'serialization failure',
  '40P01': 'deadlock detected',
  '42501': 'insufficient privilege',
  '42703': 'undefined column',
  '42P01': 'undefined table',
  '42883': 'undefined function',
  '53100': 'disk full',
  '53200': 'out of memory',
  '53300': 'too many connections',
  '54000': 'program limit exceeded',
  '55P03': 'lock not available',
  '57014': 'query canceled',
  P0001: 'raise exception',
  XX000: 'internal error',
};
const CONDITION_CLASSES: Record<string, string> = {
  '08': 'connection exception',
  '22': 'data exception',
  '23': 'integrity constraint violation',
  '25': 'invalid transaction state',
  '40': 'transaction rollback',
  '42': 'syntax error or access rule violation',
  '53': 'insufficient resources',
  '54': 'program limit exceeded',
  '55': 'object not in prerequisite state',
  '57': 'operator intervention',
  '58': 'system error',
  P0: 'PL/pgSQL error',
  XX: 'internal error',
};

/** One line, cut at 1.000 characters (as the slow-query log writes a statement). */
const oneLine = (sql: string) => {
  const line = sql.replace(/\s+/g, ' ').trim();
  return line.length > 1000 ? `${line.slice(0, 1000)}…` : line;
};

/** A stack's frames under a header of our choosing: the first line of `stack` repeats the error's message. */
const framesUnder = (header: string, stack: string | undefined) => {
  const at = stack?.indexOf('\n    at ') ?? -1;
  return at < 0 ? header : header + stack!.slice(at);
};

/**
 * How a failed statement is logged: its SQLSTATE, the condition's name, the table, column and constraint,
 * the statement's text and where it was run from — never the server's message, detail, hint or context
 * (they can hold the values: national IDs, phones, names), never the parameters.
 */
export function databaseErrorEntry(err: DatabaseError) {
  const code = err.code ?? '?';
  return {
    code,
    message: CONDITIONS[code] ?? CONDITION_CLASSES[code.slice(0, 2)] ?? 'database error',
    ...(err.schema ? { schema: err.schema } : {}),
    ...(err.table ? { table: err.table } : {}),
    ...(err.column ? { column: err.column } : {}),
    ...(err.constraint ? { constraint: err.constraint } : {}),
    ...(err.query ? { statement: oneLine(err.query) } : {}),
    stack: framesUnder(`DatabaseError ${code}`, err.stack),
  };
}

/**
 * What the log keeps of an error that was not foreseen (also a background job's crash): a failed statement
 * as databaseErrorEntry says; a failed drizzle query by its statement and its cause's name and code (its
 * message lists the parameters); any other error by its message, code and stack.
 */
export function errorLogEntry(error: unknown): Record<string, unknown> {
  const err = unwrapQueryError(error);
  if (err instanceof DatabaseError) return databaseErrorEntry(err);
  if (isFailedQuery(err)) {
    const cause = err.cause as { name?: unknown; code?: unknown } | undefined;
    return {
      type: 'DrizzleQueryError',
      statement: oneLine(err.query),
      cause: { name: cause?.name, code: cause?.code },
      stack: framesUnder('DrizzleQueryError', err.stack),
    };
  }
  if (err instanceof Error)
    return { message: err.message, code: (err as { code?: unknown }).code, stack: err.stack };
  return { message: String(err) };
}

const zodMessageVi: Record<string, string> = {
  invalid_type: 'sai kiểu dữ liệu hoặc thiếu',
  too_small: 'quá ngắn hoặc quá nhỏ',
  too_big: 'quá dài hoặc quá lớn',
  invalid_format: 'sai định dạng',
  invalid_value: 'giá trị không được chấp nhận',
  unrecognized_keys: 'có trường không được phép',
  custom: 'không hợp lệ',
};

export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((_req, reply) => {
    void reply.code(404).send(errorBody('NOT_FOUND'));
  });
  app.setErrorHandler((thrown: FastifyError, req, reply) => {
    const err = unwrapQueryError(thrown) as FastifyError;
    if (err instanceof AppError) {
      return reply
        .code(CATALOGUE[err.code].status)
        .send(errorBody(err.code, err.fields, err.details, err.customMessage));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const fields = err.validation.map((v) => {
        const path = [where, ...v.instancePath.split('/').filter(Boolean)].join('.');
        const vi = zodMessageVi[v.keyword] ?? 'không hợp lệ';
        return { path, message: { vi: `${path}: ${vi}`, en: `${path}: ${v.message}` } };
      });
      return reply.code(400).send(errorBody('VALIDATION_FAILED', fields));
    }
    // A review step the state machine refused (422 with its rule), or a round someone moved on (409).
    if ((err as unknown) instanceof ReviewRuleError) {
      const e = err as unknown as ReviewRuleError;
      const code = e.error.code === 'STALE_ROUND' ? 'STALE_VERSION' : 'RULE_VIOLATION';
      const details = {
        rule: e.error.code,
        ...(e.eventIndex !== undefined ? { eventIndex: e.eventIndex } : {}),
      };
      return reply.code(CATALOGUE[code].status).send(errorBody(code, [], details, e.error.message));
    }
    // A round whose stored events do not replay under its own rules: the server's data is at fault (500),
    // named by the round, the event and the refusal.
    if ((err as unknown) instanceof RoundReplayError) {
      const e = err as unknown as RoundReplayError;
      req.log.error(
        { err: { message: e.message, roundId: e.roundId, event: e.event } },
        'round replay failed',
      );
      const details = {
        rule: e.code,
        roundId: e.roundId,
        ...(e.event
          ? { eventIndex: e.event.index, eventType: e.event.type, refusal: e.event.refusal.code }
          : {}),
      };
      return reply.code(CATALOGUE.INTERNAL.status).send(errorBody('INTERNAL', [], details, e.text));
    }
    // The database is saturated (the pool's wait queue is full, or the wait ran out): come back shortly.
    if ((err as unknown) instanceof DatabaseBusyError) {
      const e = err as unknown as DatabaseBusyError;
      return reply
        .code(CATALOGUE.DATABASE_BUSY.status)
        .header('retry-after', String(e.retryAfterSeconds))
        .send(errorBody('DATABASE_BUSY', [], { reason: e.reason }));
    }
    // The database is down or restarting: come back shortly (the pool reconnects by itself).
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err: errorLogEntry(err) }, 'database unavailable');
      return reply
        .code(CATALOGUE.DATABASE_UNAVAILABLE.status)
        .header('retry-after', String(DATABASE_UNAVAILABLE_RETRY_SECONDS))
        .send(errorBody('DATABASE_UNAVAILABLE'));
    }
    // The client went away: its statements were cancelled; nobody reads this answer.
    if ((err as unknown) instanceof QueryCancelledError) {
      req.log.info('request abandoned by the client; its database work was cancelled');
      return reply.code(CATALOGUE.REQUEST_ABANDONED.status).send(errorBody('REQUEST_ABANDONED'));
    }
    // The request's statement timeout (src/server/budget.ts) stopped a statement.
    if (err instanceof DatabaseError && err.code === SqlState.queryCanceled) {
      req.log.warn({ err: { message: err.message, code: err.code } }, 'statement timeout');
      return reply.code(CATALOGUE.QUERY_TIMEOUT.status).send(errorBody('QUERY_TIMEOUT'));
    }
    if ((err as unknown) instanceof DataRuleError) {
      const rule = (err as unknown as DataRuleError).rule;
      const code = rule.endsWith('_not_found') ? 'NOT_FOUND' : 'RULE_VIOLATION';
      return reply.code(CATALOGUE[code].status).send(errorBody(code, [], { rule }, RULE_MESSAGES[rule]));
    }
    if (
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      (err.statusCode === 400 && err instanceof SyntaxError)
    ) {
      return reply.code(400).send(errorBody('MALFORMED_JSON'));
    }
    if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return reply.code(400).send(errorBody('MALFORMED_JSON'));
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send(errorBody('BODY_TOO_LARGE'));
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return reply.code(415).send(errorBody('UNSUPPORTED_MEDIA_TYPE'));
    if (err.code?.startsWith('FST_CSRF')) return reply.code(403).send(errorBody('CSRF_INVALID'));
    if (err.statusCode === 429) return reply.code(429).send(errorBody('TOO_MANY_REQUESTS'));
    // A malformed id or date that reached the database is the caller's mistake, not ours.
    if (
      err instanceof DatabaseError &&
      (err.code === '22P02' || err.code === '22007' || err.code === '22008')
    ) {
      return reply.code(400).send(errorBody('VALIDATION_FAILED'));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send(errorBody('VALIDATION_FAILED'));
    }
    // A statement the database refused: logged by its SQLSTATE, table and constraint, never its values; a
    // drizzle query that failed otherwise: by its statement and what failed, not its message (the parameters).
    if (err instanceof DatabaseError || isFailedQuery(err)) {
      req.log.error(
        { err: errorLogEntry(err) },
        err instanceof DatabaseError ? 'database error' : 'database query failed',
      );
      return reply.code(500).send(errorBody('INTERNAL'));
    }
    req.log.error(
      {
        err: {
          message: err.message,
          code: err.code,
          stack: err.stack,
          serialization: isResponseSerializationError(err),
        },
      },
      'unhandled error',
    );
    return reply.code(500).send(errorBody('INTERNAL'));
  });
}
