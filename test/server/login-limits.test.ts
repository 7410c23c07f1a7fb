// The sign-in rate limit holds against a forged X-Forwarded-For (issue #15: 24 of 24 attempts answered 401,
// none 429, each with a new forged address): without a trusted proxy the header is not believed; behind one,
// only the proxy's own header counts.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app.ts';
import { forEachDatabase } from '../support/databases.ts';
import { book } from '../support/rules.ts';
import { TODAY } from '../support/server.ts';

forEachDatabase((getDb) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({
      db: getDb(),
      book,
      today: () => TODAY,
      sessionSecret: 'x'.repeat(40),
      webDir: null,
    });
  });
  afterAll(async () => app.close());

  it('counts every attempt from one client, whatever X-Forwarded-For it sends', async () => {
    const csrf = await app.inject({ method: 'GET', url: '/api/auth/csrf' });
    const cookie = String(csrf.headers['set-cookie']).split(';')[0]!;
    const token = csrf.json<{ csrfToken: string }>().csrfToken;
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: {
          cookie,
          'x-csrf-token': token,
          'content-type': 'application/json',
          'x-forwarded-for': `203.0.113.${i + 1}`,
        },
        payload: JSON.stringify({ username: 'nobody', password: 'whatever-password' }),
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429]);
  });
});
