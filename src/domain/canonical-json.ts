// Canonical JSON: one exact text for a value (keys sorted, no spaces), so a hash of it can be recomputed later.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * The plain JSON value `x` stands for, as JSON.stringify would write it (toJSON and Date honoured,
 * undefined and functions dropped from objects and null in arrays, non-finite numbers null), except
 * that a bigint becomes its decimal text instead of an error. Cycles are refused.
 */
export function toJsonValue(x: unknown): JsonValue {
  return convert(x, new Set());
}

function convert(x: unknown, ancestors: Set<object>): JsonValue {
  if (x === null || x === undefined) return null;
  if (typeof x === 'boolean' || typeof x === 'string') return x;
  if (typeof x === 'number') return Number.isFinite(x) ? x : null;
  if (typeof x === 'bigint') return x.toString();
  if (typeof x !== 'object') return null; // functions and symbols
  const withToJson = x as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return convert(withToJson.toJSON(), ancestors);
  if (ancestors.has(x)) throw new TypeError('canonical JSON: the value contains a cycle');
  ancestors.add(x);
  try {
    if (Array.isArray(x)) return x.map((item) => convert(item, ancestors));
    const entries: [string, JsonValue][] = [];
    for (const [key, value] of Object.entries(x)) {
      if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
      entries.push([key, convert(value, ancestors)]);
    }
    // fromEntries defines own properties, so a key "__proto__" stays data.
    return Object.fromEntries(entries) as { [key: string]: JsonValue };
  } finally {
    ancestors.delete(x);
  }
}

/**
 * The canonical text of `x`: object keys in code-unit order at every depth, no whitespace — the text of
 * toJsonValue(x) with its keys sorted, written in one pass without building that copy first (the audit
 * chain hashes every entry with it, an import batch's entry holding a thousand households).
 */
export function canonicalJson(x: unknown): string {
  return write(x, new Set());
}

/** The canonical text of x, or undefined where toJsonValue would drop it from an object. */
function write(x: unknown, ancestors: Set<object>): string {
  if (x === null || x === undefined) return 'null';
  switch (typeof x) {
    case 'string':
      return JSON.stringify(x);
    case 'number':
      return Number.isFinite(x) ? JSON.stringify(x) : 'null';
    case 'boolean':
      return x ? 'true' : 'false';
    case 'bigint':
      return `"${x.toString()}"`;
    case 'object':
      break;
    default:
      return 'null'; // functions and symbols
  }
  const withToJson = x as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return write(withToJson.toJSON(), ancestors);
  if (ancestors.has(x)) throw new TypeError('canonical JSON: the value contains a cycle');
  ancestors.add(x);
  try {
    if (Array.isArray(x)) return `[${x.map((item) => write(item, ancestors)).join(',')}]`;
    const record = x as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const value = record[key];
      if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
      parts.push(`${JSON.stringify(key)}:${write(value, ancestors)}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    ancestors.delete(x);
  }
}
