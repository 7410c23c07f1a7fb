// How SQL values cross into JavaScript and back: one set of rules for PGlite and PostgreSQL alike.
//
// Decisions (the same SQL returns the same JS value on both engines):
//   int2, int4, float4, float8, oid  → number
//   int8 (bigint, count(*), sum(int)) → bigint   exact; money is integer đồng. Cast to ::int where a
//                                                number is wanted (e.g. count(*)::int).
//   numeric                           → string   exact decimal text, e.g. '1.50'
//   date                              → string   'YYYY-MM-DD', never a Date (no time-zone shift)
//   timestamptz                       → Date
//   timestamp (without time zone)     → string   as PostgreSQL prints it; prefer timestamptz
//   interval, time, timetz            → string   as PostgreSQL prints them
//   json, jsonb                       → parsed value
//   bool → boolean, uuid/text → string, bytea → Uint8Array
//   arrays                            → JS arrays of the element rule above (int8[] → bigint[] …)
//
// Parameters: null/undefined → NULL; bigint → decimal text; Date → ISO 8601; a plain object → JSON
// text; an array → a PostgreSQL array (its elements prepared by the same rules). A JSON *array* bound
// for a json/jsonb parameter must be passed as JSON.stringify(value), since a JS array means a
// PostgreSQL array.
import { types as pgliteTypes } from '@electric-sql/pglite';

type TextParser = (text: string) => unknown;

const OID = {
  bytea: 17,
  int8: 20,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  interval: 1186,
  timetz: 1266,
  numeric: 1700,
  int8Array: 1016,
  dateArray: 1182,
  timeArray: 1183,
  timestampArray: 1115,
  intervalArray: 1187,
  numericArray: 1231,
  timetzArray: 1270,
  byteaArray: 1001,
} as const;

const keepText: TextParser = (text) => text;
const toBigInt: TextParser = (text) => BigInt(text);

function hexToBytes(text: string): Uint8Array {
  // PostgreSQL's default bytea_output is hex: '\x0a0b…'.
  if (text.startsWith('\\x')) return new Uint8Array(Buffer.from(text.slice(2), 'hex'));
  throw new Error('bytea in escape format is not supported; set bytea_output = hex');
}

/** Scalar text parsers that differ from a driver's defaults, keyed by type oid. */
const scalarParsers: Record<number, TextParser> = {
  [OID.int8]: toBigInt,
  [OID.date]: keepText,
  [OID.time]: keepText,
  [OID.timestamp]: keepText,
  [OID.interval]: keepText,
  [OID.timetz]: keepText,
  [OID.numeric]: keepText,
};

/** Parsers for PGlite: it derives array parsers from element parsers, so scalars suffice. */
export const pgliteParsers: Record<number, TextParser> = { ...scalarParsers };

function arrayOf(element: TextParser, arrayOid: number): TextParser {
  return (text) => pgliteTypes.arrayParser(text, element, arrayOid);
}

/** Parsers for node-postgres, which keeps separate parsers for array types. */
export const pgTextParsers: Record<number, TextParser> = {
  ...scalarParsers,
  [OID.bytea]: hexToBytes,
  [OID.int8Array]: arrayOf(toBigInt, OID.int8Array),
  [OID.dateArray]: arrayOf(keepText, OID.dateArray),
  [OID.timeArray]: arrayOf(keepText, OID.timeArray),
  [OID.timestampArray]: arrayOf(keepText, OID.timestampArray),
  [OID.intervalArray]: arrayOf(keepText, OID.intervalArray),
  [OID.numericArray]: arrayOf(keepText, OID.numericArray),
  [OID.timetzArray]: arrayOf(keepText, OID.timetzArray),
  [OID.byteaArray]: arrayOf(hexToBytes, OID.byteaArray),
};

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Prepares one query parameter so that both drivers send the same text to the server. */
export function prepareParam(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(prepareParam);
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'object' && isPlainObject(value)) return JSON.stringify(value);
  return value;
}

export function prepareParams(params: readonly unknown[] | undefined): unknown[] {
  return params ? params.map(prepareParam) : [];
}
