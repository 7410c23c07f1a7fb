// Canonical JSON is what the audit chain hashes: the one-pass writer must give, for any value, exactly the
// text of toJsonValue(x) with sorted keys (what every entry written so far was hashed with), or the same error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  jsonValueAndText,
  toJsonValue,
  type JsonValue,
} from '../../src/domain/canonical-json.ts';

/** The two-step definition: convert to plain JSON, then write it with sorted keys. */
function reference(x: unknown): string {
  const write = (v: JsonValue): string => {
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map(write).join(',')}]`;
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${write(v[k]!)}`).join(',')}}`;
  };
  return write(toJsonValue(x));
}

const outcome = (f: () => string) => {
  try {
    return { text: f() };
  } catch (e) {
    return { error: (e as Error).message };
  }
};

const leaf = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.string({ unit: 'binary' }),
  fc.double(),
  fc.integer(),
  fc.bigInt(),
  fc.date({ noInvalidDate: false }),
  fc.constant(() => 1),
  fc.constant(Symbol('s')),
  fc.constant({ toJSON: () => undefined }),
  fc.constant({ toJSON: () => ({ b: 1, a: [2n, undefined] }) }),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('node'), { maxLength: 5 }),
  object: fc.dictionary(fc.oneof(fc.string(), fc.constant('__proto__'), fc.constant('a')), tie('node'), {
    maxKeys: 5,
  }),
})).node;

describe('canonicalJson', () => {
  it('gives the text of toJsonValue with sorted keys for any value', () => {
    fc.assert(
      fc.property(value, (x) => {
        expect(outcome(() => canonicalJson(x))).toEqual(outcome(() => reference(x)));
      }),
      { numRuns: 2000 },
    );
  });

  // toJsonValue gives objects their keys in order, and canonicalJson then writes them with JSON.stringify:
  // that fast path must give the same text as the two-step definition.
  it('writes what toJsonValue made (keys in order) as the definition does', () => {
    fc.assert(
      fc.property(fc.oneof(value, fc.jsonValue()), (x) => {
        const plain = outcome(() => JSON.stringify(toJsonValue(x)));
        if ('error' in plain) return;
        const v = toJsonValue(x);
        expect(canonicalJson(v)).toBe(reference(v));
        expect(canonicalJson(v)).toBe(reference(x));
      }),
      { numRuns: 2000 },
    );
    // Keys an engine lists first (array indices) leave the fast path; the text is still sorted by code unit.
    expect(canonicalJson(toJsonValue({ b: 1, 10: 2, 9: 3, a: 4 }))).toBe('{"10":2,"9":3,"a":4,"b":1}');
  });

  // The audit takes an import batch's entry as it is when it is already plain JSON with keys in order.
  it('jsonValueAndText gives toJsonValue and its canonical text, the value itself when already so', () => {
    fc.assert(
      fc.property(fc.oneof(value, fc.jsonValue()), (x) => {
        const expected = outcome(() => reference(x));
        expect(outcome(() => jsonValueAndText(x).text)).toEqual(expected);
        if (!('error' in expected)) expect(jsonValueAndText(x).value).toEqual(toJsonValue(x));
      }),
      { numRuns: 2000 },
    );
    const plain = { a: [1, { b: null }], c: 'x' };
    expect(jsonValueAndText(plain)).toEqual({ value: plain, text: '{"a":[1,{"b":null}],"c":"x"}' });
    expect(jsonValueAndText(plain).value).toBe(plain);
    const unordered = { c: 1, a: { e: 2, d: 3 } };
    expect(jsonValueAndText(unordered).text).toBe('{"a":{"d":3,"e":2},"c":1}');
    expect(jsonValueAndText(unordered).value).not.toBe(unordered);
    expect(jsonValueAndText({ a: 1n, b: new Date(0) }).text).toBe('{"a":"1","b":"1970-01-01T00:00:00.000Z"}');
    expect(jsonValueAndText(undefined)).toEqual({ value: null, text: 'null' });
  });

  it('sorts keys by code unit at every depth, drops what JSON drops, and refuses cycles', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, undefined, () => 0], c: 2n }, e: undefined, Z: -0 })).toBe(
      '{"Z":0,"a":{"c":"2","d":[1,null,null]},"b":1}',
    );
    expect(canonicalJson([NaN, Infinity, new Date(Date.UTC(2026, 0, 2))])).toBe(
      '[null,null,"2026-01-02T00:00:00.000Z"]',
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow('cycle');
    // The same object twice is not a cycle.
    const shared = { x: 1 };
    expect(canonicalJson([shared, { shared }])).toBe('[{"x":1},{"shared":{"x":1}}]');
  });
});
