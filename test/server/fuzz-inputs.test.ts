// Bad input proven (issue #15, item 7a): every route of the OpenAPI document (a route added later is called
// too) gets random and malformed input from fast-check — path parameters, query strings and JSON bodies of
// wrong types, huge strings, deep nesting, NUL and invisible characters, Vietnamese in NFD, invalid UTF-8,
// malformed JSON and percent-encoding — signed in as the commune officer (who may write). Every answer must
// come (no hang), be below 500, and when refused carry a code of the catalogue with its message in
// Vietnamese and English. Bounded: a few runs per route, seeded, so a failure is replayed.
/* eslint-disable @typescript-eslint/no-explicit-any -- the OpenAPI document is read as JSON. */
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/services/errors.ts';
import { forEachDatabase } from '../support/databases.ts';
import { buildWorld, signedInAs, testServer, type Client, type World } from '../support/server.ts';

/** Calls that would end the run's session or are not input routes. */
const SKIPPED = new Set(['POST /api/auth/logout', 'POST /api/auth/login']);
const RUNS_PER_ROUTE = 3;
const SEED = 150_715;
/** An answer slower than this is a hang. */
const HANG_MS = 20_000;

const weird = fc.constantFrom(
  '',
  ' ',
  'a\u0000b',
  '\u200b\u200c\u200d\ufeff',
  'Nguyễn Văn Ánh'.normalize('NFD'),
  'Nguy\u200bễn',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🙂',
  '\ud800',
  '../../etc/passwd',
  "'; drop table households; --",
  '=HYPERLINK("http://x")',
  '9'.repeat(400),
  '-1',
  '1e309',
  'NaN',
  'true',
  'null',
  '2026-02-30',
  '00000000-0000-0000-0000-000000000000',
  '%',
  'x'.repeat(70_000),
);
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), weird);
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));

/** A value nested `depth` levels deep, written as JSON text directly (no recursion to build or print it). */
const deepJson = fc
  .tuple(fc.integer({ min: 30, max: 200_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  );

/** A body: a JSON value of the schema's fields with wrong or odd values, any JSON, or broken bytes. */
function bodies(schema: any): fc.Arbitrary<{ payload: string | Buffer; type: string }> {
  const names: string[] = Object.keys(schema?.properties ?? {});
  const fields =
    names.length > 0
      ? fc.dictionary(fc.constantFrom(...names), fc.oneof(scalar, fc.jsonValue({ maxDepth: 3 })), {
          maxKeys: names.length,
        })
      : fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 4 });
  const json = (v: fc.Arbitrary<unknown>) =>
    v.map((value) => ({ payload: JSON.stringify(value) ?? 'null', type: 'application/json' }));
  return fc.oneof(
    json(fields),
    json(fields),
    json(fc.jsonValue({ maxDepth: 4 })),
    deepJson.map((payload) => ({ payload, type: 'application/json' })),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({
      payload: Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe, ...bytes]), Buffer.from('"}')]),
      type: 'application/json',
    })),
    fc
      .constantFrom('{', '{"a":', '[1,]', '"', 'nul')
      .map((payload) => ({ payload, type: 'application/json' })),
    text.map((payload) => ({ payload, type: 'text/plain' })),
    fc.constant({ payload: '<a/>', type: 'application/xml' }),
  );
}

/** A query string: the route's own parameters and others, each with odd values, sometimes badly encoded. */
function queries(op: any): fc.Arbitrary<string> {
  const names: string[] = (op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name);
  const key =
    names.length > 0
      ? fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 6 }))
      : fc.string({ maxLength: 6 });
  const pairs = fc
    .array(fc.tuple(key, fc.oneof(text, fc.integer().map(String))), { maxLength: 5 })
    .map((list) => list.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
  const broken = fc.constantFrom('q=%E0%A4%A', 'q=%zz', 'a[b][c][d]=1', 'q=%ff%fe', '&&&=', 'x=1&x=2&x=3');
  return fc.oneof(pairs, pairs, broken).map((q) => (q ? `?${q}` : ''));
}

function pathParam(): fc.Arbitrary<string> {
  return fc.oneof(fc.uuid(), fc.integer().map(String), text).map((v) => encodeURIComponent(v).slice(0, 3000));
}

function checkAnswer(route: string, res: LightMyRequestResponse): void {
  const where = `${route} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, where).toBeLessThan(500);
  if (res.statusCode < 400) return;
  const body = res.json<{ error?: { code?: string; message?: { vi?: unknown; en?: unknown } } }>();
  expect(body.error?.code, where).toBeDefined();
  expect(Object.keys(CATALOGUE), where).toContain(body.error!.code);
  expect(typeof body.error?.message?.vi === 'string' && body.error.message.vi.length > 0, where).toBe(true);
  expect(typeof body.error?.message?.en === 'string' && body.error.message.en.length > 0, where).toBe(true);
}

async function answered<T>(route: string, call: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${route}: no answer within ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    return await Promise.race([call, hang]);
  } finally {
    clearTimeout(timer);
  }
}

forEachDatabase((getDb) => {
  let app: FastifyInstance;
  let world: World;
  let xa: Client;
  let doc: any;

  beforeAll(async () => {
    world = await buildWorld(getDb());
    app = await testServer(getDb());
    await app.ready();
    doc = app.swagger();
    xa = await signedInAs(app, 'xa');
  });
  afterAll(async () => {
    await app?.close();
  });

  it(
    'answers random and malformed input on every route below 500, bilingual, without hanging',
    { timeout: 120_000 },
    async () => {
      expect(world.communeA).toBe('01864');
      const routes = Object.entries<any>(doc.paths).flatMap(([path, ops]) =>
        Object.entries<any>(ops).map(([m, op]) => ({ path, method: m.toUpperCase(), op })),
      );
      expect(routes.length).toBeGreaterThan(50);
      let calls = 0;
      for (const { path, method, op } of routes) {
        const route = `${method} ${path}`;
        if (SKIPPED.has(route)) continue;
        const params: string[] = (op.parameters ?? [])
          .filter((p: any) => p.in === 'path')
          .map((p: any) => p.name);
        const schema = op.requestBody?.content?.['application/json']?.schema;
        const hasBody = method !== 'GET' && method !== 'HEAD';
        await fc.assert(
          fc.asyncProperty(
            fc.array(pathParam(), { minLength: params.length, maxLength: params.length }),
            queries(op),
            hasBody ? bodies(schema) : fc.constant(null),
            async (values, query, body) => {
              const url =
                path.replace(/\{(\w+)\}/g, (_: string, k: string) => values[params.indexOf(k)] ?? 'x') +
                query;
              calls++;
              const res = await answered(
                route,
                xa.request(method as 'GET', url, body?.payload, body ? { 'content-type': body.type } : {}),
              );
              checkAnswer(route, res);
            },
          ),
          { numRuns: RUNS_PER_ROUTE, seed: SEED, endOnFailure: true },
        );
      }
      expect(calls).toBeGreaterThan(150);
      // The session survived: the officer is still signed in.
      expect((await xa.get('/api/auth/me')).statusCode).toBe(200);
    },
  );
});
