// One error type for failures reported by the database server, whichever engine raised it.
import { DrizzleQueryError } from 'drizzle-orm';

/** Fields of a server error (SQLSTATE code and where it happened), as plain data that survives postMessage. */
export interface ServerErrorFields {
  message: string;
  code?: string | undefined;
  severity?: string | undefined;
  detail?: string | undefined;
  hint?: string | undefined;
  position?: string | undefined;
  where?: string | undefined;
  schema?: string | undefined;
  table?: string | undefined;
  column?: string | undefined;
  constraint?: string | undefined;
}

const FIELD_NAMES = [
  'code',
  'severity',
  'detail',
  'hint',
  'position',
  'where',
  'schema',
  'table',
  'column',
  'constraint',
] as const satisfies readonly (keyof ServerErrorFields)[];

/** A statement the server rejected; `code` is the SQLSTATE (e.g. '23505' unique violation). */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
  readonly code: string | undefined;
  readonly severity: string | undefined;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
  readonly position: string | undefined;
  readonly where: string | undefined;
  readonly schema: string | undefined;
  readonly table: string | undefined;
  readonly column: string | undefined;
  readonly constraint: string | undefined;
  /** The statement that failed (first 1,000 characters). */
  readonly query: string | undefined;

  constructor(fields: ServerErrorFields, query?: string, options?: { cause?: unknown }) {
    super(fields.message, options);
    this.code = fields.code;
    this.severity = fields.severity;
    this.detail = fields.detail;
    this.hint = fields.hint;
    this.position = fields.position;
    this.where = fields.where;
    this.schema = fields.schema;
    this.table = fields.table;
    this.column = fields.column;
    this.constraint = fields.constraint;
    this.query = query?.slice(0, 1000);
  }
}

/** Well-known SQLSTATE codes the rest of the code base tests for. */
export const SqlState = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  notNullViolation: '23502',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  /** A statement cancelled: by statement_timeout, or by a cancel request (the client went away). */
  queryCanceled: '57014',
} as const;

/** Extracts server error fields from a driver error, or undefined if it is not a server error. */
export function serverErrorFields(error: unknown): ServerErrorFields | undefined {
  if (!(error instanceof Error)) return undefined;
  const source = error as unknown as Record<string, unknown>;
  if (typeof source.code !== 'string' || !/^[0-9A-Z]{5}$/.test(source.code)) return undefined;
  const fields: ServerErrorFields = { message: error.message };
  for (const name of FIELD_NAMES) {
    const value = source[name];
    if (typeof value === 'string') fields[name] = value;
  }
  // Citus reports a violation raised on a worker without the constraint field, naming the shard's copy
  // of the constraint in the message ("…_key_102041"): take the name from there, without the shard id.
  if (fields.constraint === undefined) {
    const named = /violates (?:unique|foreign key|check|not-null|exclusion) constraint "([^"]+)"/.exec(
      error.message,
    );
    if (named) fields.constraint = named[1]!.replace(/_\d{6,}$/, '');
  }
  return fields;
}

/** Turns a driver error into our DatabaseError; other errors pass through unchanged. */
export function toDatabaseError(error: unknown, query?: string): unknown {
  if (error instanceof DatabaseError) return error;
  const fields = serverErrorFields(error);
  return fields ? new DatabaseError(fields, query, { cause: error }) : error;
}

/**
 * A request the data rules refuse (not a server failure): e.g. a village assigned to a commune that
 * is not a successor of its old one. `rule` is a stable code for the API's error catalogue.
 */
export class DataRuleError extends Error {
  override readonly name = 'DataRuleError';
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * No connection for a request within its budget: the wait queue was full (refused at once) or the wait
 * timed out. Transient: the server answers 503 with Retry-After (`retryAfterSeconds`).
 */
export class DatabaseBusyError extends Error {
  override readonly name = 'DatabaseBusyError';
  constructor(
    readonly reason: 'queue_full' | 'wait_timeout',
    readonly retryAfterSeconds: number,
  ) {
    super(
      reason === 'queue_full' ? 'database wait queue is full' : 'timed out waiting for a database connection',
    );
  }
}

/** The request that issued a statement was abandoned (its AbortSignal fired): nothing more is run for it. */
export class QueryCancelledError extends Error {
  override readonly name = 'QueryCancelledError';
  constructor() {
    super('query cancelled: the request was abandoned');
  }
}

/** SQLSTATEs of a server that is going away or not accepting connections yet (a restart, a failover). */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03']);
/** Socket errors of a server that cannot be reached. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** The node-postgres driver's words for a connection that broke under it. */
const BROKEN =
  /^(Connection terminated|Client has encountered a connection error|Connection ended|timeout expired)/;

/**
 * The database cannot be reached right now: down, restarting or failing over (a connection refused or
 * cut, SQLSTATE class 08, 57P01–57P03). Transient: the server answers 503 with Retry-After and goes on by
 * itself once the database is back (the pool opens new connections).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (code.startsWith('08') || UNAVAILABLE_STATES.has(code) || UNREACHABLE.has(code))
  )
    return true;
  if (BROKEN.test(error.message)) return true;
  if (error instanceof AggregateError && error.errors.some((e) => isDatabaseUnavailable(e, depth + 1)))
    return true;
  return isDatabaseUnavailable(error.cause, depth + 1);
}

/**
 * A failed drizzle query (the typed query builder's): it wraps whatever the driver threw — our
 * DatabaseError, a DatabaseBusyError, a QueryCancelledError — and its message lists the statement's
 * parameters (personal data): never log the message.
 */
export function isFailedQuery(err: unknown): err is Error & { query: string; cause: unknown } {
  return err instanceof DrizzleQueryError;
}

/** The error behind a failed drizzle query when it is one of ours (to answer as for it); else `err` as is. */
export function unwrapQueryError(err: unknown): unknown {
  if (!isFailedQuery(err)) return err;
  const cause = err.cause;
  return cause instanceof DatabaseError ||
    cause instanceof DatabaseBusyError ||
    cause instanceof QueryCancelledError
    ? cause
    : err;
}
