// The server stays up under a burst (#14, part 2), on PostgreSQL with a small pool and a real port: 200
// name searches that cannot finish (the household tables are locked by another connection) are abandoned
// by their clients; their statements are cancelled in PostgreSQL, the requests beyond the pool's queue
// were refused at once with 503 and Retry-After, /api/auth/me answers throughout, and the commune's
// household list answers once the lock is gone. A statement timeout answers the bilingual QUERY_TIMEOUT,
// and the slow-query log names statements without their parameters.
import type { FastifyInstance } from 'fastify';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Database } from '../../src/db/index.ts';
import { buildServer } from '../../src/server/app.ts';
import { createScratchPostgres } from '../support/databases.ts';
import { book } from '../support/rules.ts';
import {
  lockHouseholdTables,
  openSideConnection,
  runningStatements,
  type SideConnection,
} from '../support/side-connection.ts';
import { buildWorld, PASSWORD, signedInAs, TODAY, type World } from '../support/server.ts';

const url = process.env.TEST_DATABASE_URL;
const POOL = 4;
const QUEUE = 8;

describe.skipIf(!url)('bursts (PostgreSQL)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
  let db: Database;
  let app: FastifyInstance;
  let base: string;
  let world: World;
  let cookie: string;

  /** Connections outside the server's pool: one holds locks, one watches pg_stat_activity (outside a
   * transaction, whose statistics snapshot would not move). */
  let side: SideConnection;
  let watcher: SideConnection;

  beforeAll(async () => {
    scratch = await createScratchPostgres(url!);
    db = await openDatabase({
      kind: 'postgres',
      url: scratch.url,
      max: POOL,
      queueLimit: QUEUE,
      waitTimeoutMs: 60_000,
    });
    await migrate(db);
    world = await buildWorld(db);
    app = await buildServer({ db, book, today: () => TODAY, sessionSecret: 'x'.repeat(40), webDir: null });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    side = await openSideConnection(scratch.url);
    watcher = await openSideConnection(scratch.url);

    // Sign in over HTTP as the commune officer, like a browser: the CSRF token, then the login.
    const csrf = await fetch(`${base}/api/auth/csrf`);
    const first = csrf.headers.getSetCookie()[0]!.split(';')[0]!;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: {
        cookie: first,
        'content-type': 'application/json',
        'x-csrf-token': ((await csrf.json()) as { csrfToken: string }).csrfToken,
      },
      body: JSON.stringify({ username: 'xa', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  }, 180_000);

  afterAll(async () => {
    await side?.end();
    await watcher?.end();
    await app?.close();
    await db?.close();
    await scratch?.drop();
  });

  const get = (path: string, signal?: AbortSignal) =>
    fetch(`${base}${path}`, { headers: { cookie }, ...(signal ? { signal } : {}) });

  /** Statements of the server's connections still running (the lock holder and the watcher excluded). */
  const running = () => runningStatements(watcher, [side.pid]);

  it('200 abandoned slow searches leave no statement behind; /api/auth/me and the commune list answer', async () => {
    const lock = await lockHouseholdTables(side);
    const controllers: AbortController[] = [];
    let answered = 0;
    const answers: Promise<{ status: number; retryAfter: string | null; code?: string; vi?: string }>[] = [];
    try {
      for (let i = 0; i < 200; i++) {
        const controller = new AbortController();
        controllers.push(controller);
        answers.push(
          get(`/api/households?name=Ho%C3%A0ng&page=${1 + (i % 5)}`, controller.signal).then(
            async (res) => {
              answered++;
              const body = (await res.json()) as { error?: { code: string; message: { vi: string } } };
              return {
                status: res.status,
                retryAfter: res.headers.get('retry-after'),
                code: body.error?.code,
                vi: body.error?.message.vi,
              };
            },
            () => ({ status: 0, retryAfter: null }), // abandoned by us
          ),
        );
      }
      // The pool's connections are all stuck behind the lock.
      await expect.poll(running, { timeout: 15_000, interval: 100 }).toBe(POOL);
      // Those beyond the pool and its queue are refused at once (checked below); the others wait.
      await expect.poll(() => answered, { timeout: 15_000, interval: 100 }).toBe(200 - POOL - QUEUE);
      // Meanwhile a signed-in request that needs no table still answers.
      const during = await get('/api/auth/me');
      expect(during.status).toBe(200);
      expect(((await during.json()) as { username: string }).username).toBe('xa');

      // Those beyond the pool and its queue were refused with a time to come back.
      for (const c of controllers) c.abort();
      const results = await Promise.all(answers);
      const busy = results.filter((r) => r.status === 503);
      expect(busy.length).toBe(200 - POOL - QUEUE);
      for (const r of busy) {
        expect(r.code).toBe('DATABASE_BUSY');
        expect(r.retryAfter).toMatch(/^\d+$/);
        expect(r.vi).toContain('bận');
      }
      expect(results.filter((r) => r.status === 0).length).toBe(200 - busy.length);

      // The abandoned statements were cancelled in PostgreSQL, though the lock is still held.
      await expect.poll(running, { timeout: 5000, interval: 100 }).toBe(0);
      expect((await get('/api/auth/me')).status).toBe(200);
    } finally {
      await lock.release();
    }
    const list = await get(`/api/households?communeCode=${world.communeA}`);
    expect(list.status).toBe(200);
    expect(((await list.json()) as { total: number }).total).toBe(2);
  }, 60_000);

  it('a statement timeout answers QUERY_TIMEOUT in both languages; the slow-query log has no parameter values', async () => {
    let log = '';
    const stream = new PassThrough();
    stream.on('data', (chunk) => (log += String(chunk)));
    const strict = await buildServer({
      db,
      book,
      today: () => TODAY,
      sessionSecret: 'y'.repeat(40),
      webDir: null,
      logger: true,
      logStream: stream,
      budgets: { search: 300 },
      slowQueryMs: 0,
    });
    try {
      const xa = await signedInAs(strict, 'xa');
      const found = await xa.get('/api/households?nationalId=006080001234');
      expect(found.statusCode).toBe(200);
      expect(found.json().total).toBe(1);
      const lock = await lockHouseholdTables(side);
      let res;
      try {
        res = await xa.get('/api/households?name=Ho%C3%A0ng%20V%C4%83n');
      } finally {
        await lock.release();
      }
      expect(res.statusCode).toBe(503);
      expect(res.json().error).toEqual({
        code: 'QUERY_TIMEOUT',
        message: {
          vi: expect.stringContaining('quá thời gian'),
          en: expect.stringContaining('longer than allowed'),
        },
      });
      expect(log).toContain('"msg":"slow query"');
      expect(log).toMatch(/"slowQuery":\{"sql":"[^"]*households/);
      expect(log).toContain('"failed":"57014"');
      for (const secret of ['006080001234', 'Hoàng', 'Ho%C3%A0ng', 'hoang văn', PASSWORD]) {
        expect(log).not.toContain(secret);
      }
    } finally {
      await strict.close();
    }
  }, 60_000);
});
