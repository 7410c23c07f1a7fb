// The sign-in rate limit holds against a forged X-Forwarded-For (issue #15: 24 of 24 attempts answered 401,
// none 429, each with a new forged address): without a trusted proxy the header is not believed; behind one,
// only the proxy's own header counts — and then each user behind it has a limit of their own (TRUST_PROXY: one
// attacker behind the proxy must not block everyone's sign-in).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app.ts';
import { forEachDatabase } from '../support/databases.ts';
import { book } from '../support/rules.ts';
import { TODAY } from '../support/server.ts';

/** One sign-in attempt with a wrong password, from `remoteAddress` (the peer) saying `forwardedFor`. */
async function attempt(app: FastifyInstance, forwardedFor: string, remoteAddress = '127.0.0.1') {
  const csrf = await app.inject({ method: 'GET', url: '/api/auth/csrf', remoteAddress });
  const cookie = String(csrf.headers['set-cookie']).split(';')[0]!;
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress,
    headers: {
      cookie,
      'x-csrf-token': csrf.json<{ csrfToken: string }>().csrfToken,
      'content-type': 'application/json',
      'x-forwarded-for': forwardedFor,
    },
    payload: JSON.stringify({ username: 'nobody', password: 'whatever-password' }),
  });
  return res.statusCode;
}

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

  it('behind the trusted proxy, counts each user by the address the proxy forwards: one cannot block another', async () => {
    const proxied = await buildServer({
      db: getDb(),
      book,
      today: () => TODAY,
      sessionSecret: 'x'.repeat(40),
      webDir: null,
      trustProxy: '127.0.0.1',
    });
    try {
      // 20 from the attacker's real address go through, the 21st is refused.
      const attacker: number[] = [];
      for (let i = 0; i < 21; i++) attacker.push(await attempt(proxied, '203.0.113.66'));
      expect(attacker.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(attacker[20]).toBe(429);
      // Everyone else behind the same proxy still signs in (401 here: a wrong password, not the limit),
      // including one whose browser's own proxy added an address before it (the proxy's is the last one).
      expect(await attempt(proxied, '198.51.100.9')).toBe(401);
      expect(await attempt(proxied, '10.9.9.9, 198.51.100.10')).toBe(401);
      expect(await attempt(proxied, '203.0.113.66')).toBe(429);
      // A peer that is not the proxy is counted by its own address, whatever header it sends.
      const direct: number[] = [];
      for (let i = 0; i < 21; i++) direct.push(await attempt(proxied, `192.0.2.${i + 1}`, '198.18.0.5'));
      expect(direct.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(direct[20]).toBe(429);
    } finally {
      await proxied.close();
    }
  });
});
