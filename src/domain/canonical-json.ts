// Canonical JSON: one exact text for a value (keys sorted, no spaces), so a hash of it can be recomputed later.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * The plain JSON value `x` stands for, as JSON.stringify would write it (toJSON and Date honoured,
 * undefined and functions dropped from objects and null in arrays, non-finite numbers null), except
 * that a bigint becomes its decimal text instead of an error. Cycles are refused.
 */
export function toJsonValue(x: unknown): JsonValue {
  return walk(x, AS_VALUE, new Set());
}

/**
 * The canonical text of `x`: object keys in code-unit order at every depth, no whitespace — the text of
 * toJsonValue(x) with its keys sorted, written in one pass without building that copy first (the audit
 * chain hashes every entry with it, an import batch's entry holding a thousand households).
 */
export function canonicalJson(x: unknown): string {
  // What toJsonValue makes (keys in order) JSON.stringify writes canonically, natively and ~3 × faster.
  if (writtenAsIs(x, 0)) return JSON.stringify(x);
  return walk(x, AS_TEXT, new Set());
}

/**
 * `x` as a plain JSON value with its canonical text: `x` itself, not a copy, when it already is one with its
 * keys in order (then written natively, as canonicalJson does), else toJsonValue's copy. The value given back
 * may thus be the caller's own object: not to be changed after.
 */
export function jsonValueAndText(x: unknown): { value: JsonValue; text: string } {
  if (writtenAsIs(x, 0)) return { value: x as JsonValue, text: JSON.stringify(x) };
  const value = toJsonValue(x);
  return { value, text: canonicalJson(value) };
}

/**
 * Whether JSON.stringify writes `x` exactly as its canonical text: plain JSON values only (finite numbers,
 * no undefined, bigint, Date or other toJSON), each object plain with its keys in code-unit order and none
 * starting with a digit (an engine lists array-index keys first, in numeric order). Deeper than this, the
 * walk below decides (and names a cycle).
 */
function writtenAsIs(x: unknown, depth: number): boolean {
  if (x === null || typeof x === 'boolean' || typeof x === 'string') return true;
  if (typeof x === 'number') return Number.isFinite(x);
  if (typeof x !== 'object' || depth > 200) return false;
  if (Array.isArray(x)) {
    for (const item of x) if (!writtenAsIs(item, depth + 1)) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(x);
  if (proto !== Object.prototype && proto !== null) return false;
  const record = x as Record<string, unknown>;
  if (typeof record.toJSON === 'function') return false;
  let previous = '';
  let first = true;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) return false;
    const c = key.charCodeAt(0);
    if ((c >= 48 && c <= 57) || (!first && !(previous < key))) return false;
    if (!writtenAsIs(record[key], depth + 1)) return false;
    previous = key;
    first = false;
  }
  return true;
}

/** What a walk of a value makes of its JSON parts: the value itself, or its canonical text. */
interface Builder<T> {
  scalar(v: null | boolean | number | string): T;
  array(items: T[]): T;
  object(entries: [string, T][]): T;
}

const AS_VALUE: Builder<JsonValue> = {
  scalar: (v) => v,
  array: (items) => items,
  // fromEntries defines own properties, so a key "__proto__" stays data. Keys in code-unit order, so that
  // canonicalJson writes the value as JSON.stringify does.
  object: (entries) =>
    Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as {
      [key: string]: JsonValue;
    },
};

const AS_TEXT: Builder<string> = {
  scalar: (v) => JSON.stringify(v),
  array: (items) => `[${items.join(',')}]`,
  object: (entries) =>
    `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${v}`)
      .join(',')}}`,
};

/** The rules of JSON.stringify (and a bigint as its decimal text), building with `b`. */
function walk<T>(x: unknown, b: Builder<T>, ancestors: Set<object>): T {
  if (x === null || x === undefined) return b.scalar(null);
  if (typeof x === 'boolean' || typeof x === 'string') return b.scalar(x);
  if (typeof x === 'number') return b.scalar(Number.isFinite(x) ? x : null);
  if (typeof x === 'bigint') return b.scalar(x.toString());
  if (typeof x !== 'object') return b.scalar(null); // functions and symbols
  const withToJson = x as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return walk(withToJson.toJSON(), b, ancestors);
  if (ancestors.has(x)) throw new TypeError('canonical JSON: the value contains a cycle');
  ancestors.add(x);
  try {
    if (Array.isArray(x)) return b.array(x.map((item) => walk(item, b, ancestors)));
    const entries: [string, T][] = [];
    for (const [key, value] of Object.entries(x)) {
      if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
      entries.push([key, walk(value, b, ancestors)]);
    }
    return b.object(entries);
  } finally {
    ancestors.delete(x);
  }
}
