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
  return walk(x, AS_TEXT, new Set());
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
  // fromEntries defines own properties, so a key "__proto__" stays data.
  object: (entries) => Object.fromEntries(entries) as { [key: string]: JsonValue },
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
