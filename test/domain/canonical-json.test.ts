// Canonical JSON is what the audit chain hashes: the one-pass writer must give, for any value, exactly the
// text of toJsonValue(x) with sorted keys (what every entry written so far was hashed with), or the same error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, toJsonValue, type JsonValue } from '../../src/domain/canonical-json.ts';

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
