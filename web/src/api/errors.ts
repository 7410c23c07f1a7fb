// API errors on the client: the server's code and bilingual message, field errors placed on form items,
// and the details of a 409 (who changed the record meanwhile).
import type { components } from './schema.d.ts';

/** The error body every route declares (see src/server/errors.ts). */
export type ErrorBody = components['schemas']['ApiError'];
type ErrorDetail = ErrorBody['error'];
export type FieldError = NonNullable<ErrorDetail['fields']>[number];
export type Bilingual = ErrorDetail['message'];

const OFFLINE: Bilingual = {
  vi: 'Không kết nối được máy chủ; kiểm tra mạng rồi thử lại',
  en: 'Cannot reach the server; check the connection and try again',
};

export class ApiError extends Error {
  readonly code: string;
  readonly text: Bilingual;
  readonly fields: FieldError[];
  /** Everything else the server sent with the error (current, changes, rule…). */
  readonly details: Record<string, unknown>;
  constructor(
    readonly status: number,
    detail: ErrorDetail | undefined,
  ) {
    super(detail?.message.en ?? OFFLINE.en);
    const { code, message, fields, ...rest } = detail ?? { code: 'NETWORK', message: OFFLINE };
    this.code = code;
    this.text = message;
    this.fields = fields ?? [];
    this.details = rest;
  }
}

/** An audited change made by someone else since the version the client had (409 STALE_VERSION). */
export interface StaleChange {
  at: string;
  by: string;
  action: string;
  before: unknown;
  after: unknown;
}

/**
 * The changes listed in a 409. The OpenAPI document describes error extras only as additional properties,
 * so they are checked here rather than trusted.
 */
export function staleChanges(e: ApiError): StaleChange[] {
  const list = e.details.changes;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (c): c is StaleChange =>
      !!c &&
      typeof c === 'object' &&
      typeof c.at === 'string' &&
      typeof c.by === 'string' &&
      typeof c.action === 'string',
  );
}

/**
 * Splits field errors into those that belong to a form item and the rest. `prefixes` are the request
 * paths a form's values sit under (e.g. /^body\.change\./ for a member change); what follows them is the
 * form item's name path (`members.0.nationalId` → ['members', 0, 'nationalId']).
 */
export function placeFieldErrors(
  fields: FieldError[],
  prefixes: RegExp[],
  knownNames: readonly string[],
): { placed: { name: (string | number)[]; message: Bilingual }[]; rest: FieldError[] } {
  const placed: { name: (string | number)[]; message: Bilingual }[] = [];
  const rest: FieldError[] = [];
  for (const f of fields) {
    const prefix = prefixes.find((p) => p.test(f.path));
    const relative = prefix ? f.path.replace(prefix, '') : null;
    const name = relative?.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    if (name && typeof name[0] === 'string' && knownNames.includes(name[0])) {
      placed.push({ name, message: withoutPathPrefix(f) });
    } else {
      rest.push(f);
    }
  }
  return { placed, rest };
}

/** Validation messages start with the request path ("body.change.phone: …"): inline, the field says it. */
function withoutPathPrefix(f: FieldError): Bilingual {
  const strip = (s: string) => (s.startsWith(`${f.path}: `) ? s.slice(f.path.length + 2) : s);
  return { vi: strip(f.message.vi), en: strip(f.message.en) };
}
