// One catalogue of API errors: stable codes, HTTP status, Vietnamese and English messages, the fields
// concerned. Every failure leaves the server as `{ error: { code, message: { vi, en }, fields? } }`.
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DatabaseError } from '../db/index.ts';
import {
  DatabaseBusyError,
  DataRuleError,
  isDatabaseUnavailable,
  QueryCancelledError,
  SqlState,
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
  app.setErrorHandler((err: FastifyError, req, reply) => {
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
      req.log.warn({ err: { message: err.message, code: err.code } }, 'database unavailable');
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
