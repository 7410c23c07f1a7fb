// Sign-in, sessions, CSRF and login throttling.
import type { FastifyInstance } from 'fastify';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachDatabase } from '../support/databases.ts';
import {
  buildWorld,
  Client,
  PASSWORD,
  signedInAs,
  testServer,
  TODAY,
  type World,
} from '../support/server.ts';

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let log = '';
    let world: World;
    beforeAll(async () => {
      world = await buildWorld(getDb());
      const stream = new PassThrough();
      stream.on('data', (chunk) => (log += String(chunk)));
      app = await testServer(getDb(), stream);
    }, 180_000);
    afterAll(async () => app?.close());

    it('signs in with an httpOnly, SameSite=Lax session cookie, and out again', async () => {
      const c = new Client(app);
      await c.fetchCsrf();
      const res = await c.request('POST', '/api/auth/login', { username: 'XA', password: PASSWORD });
      expect(res.statusCode).toBe(200);
      c.csrf = res.json().csrfToken;
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(res.json().user).toMatchObject({
        username: 'xa',
        role: 'commune_officer',
        permissions: { write: true, manageUsers: false },
      });
      // The server's day (its clock, in Vietnam): the web's date fields default to it and stop at it.
      expect(res.json().user.today).toBe(TODAY);
      const me = await c.get('/api/auth/me');
      expect(me.statusCode).toBe(200);
      expect(me.json().today).toBe(TODAY);
      expect((await c.post('/api/auth/logout')).statusCode).toBe(204);
      expect((await c.get('/api/auth/me')).statusCode).toBe(401);
    });

    it('names the villages of a village-scoped user with their commune, and none for a unit scope', async () => {
      const thon = await signedInAs(app, 'thon');
      const me = (await thon.get('/api/auth/me')).json();
      expect(me.scopes.villageIds).toEqual([world.villageA1]);
      expect(me.scopes.villages).toEqual([
        {
          villageId: world.villageA1,
          villageName: 'Thôn Nà Phầy',
          communeCode: world.communeA,
          communeName: expect.any(String),
          write: true,
        },
      ]);
      expect(me.scopes.read).toEqual([]);
      const login = await new Client(app).login('thon', PASSWORD);
      expect(login.json().user.scopes.villages).toEqual(me.scopes.villages);
      const xa = await signedInAs(app, 'xa');
      expect((await xa.get('/api/auth/me')).json().scopes.villages).toEqual([]);
    });

    it('refuses a change without the CSRF token of the session', async () => {
      const c = await signedInAs(app, 'admin');
      c.csrf = 'forged';
      const res = await c.post('/api/auth/logout');
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('CSRF_INVALID');
    });

    it('a wrong password, an unknown user and a locked account look the same; five failures lock it', async () => {
      const c = new Client(app);
      const unknown = await c.login('nobody', 'whatever-password');
      const wrong = await c.login('xem', 'wrong-password');
      expect(unknown.statusCode).toBe(401);
      expect(wrong.statusCode).toBe(401);
      expect(unknown.json().error).toEqual(wrong.json().error);
      for (let i = 0; i < 4; i++) await c.login('xem', 'wrong-password');
      // Locked: even the right password gets the very answer an unknown user gets (no username revealed).
      const locked = await c.login('xem', PASSWORD);
      expect(locked.statusCode).toBe(401);
      expect(locked.json().error).toEqual(unknown.json().error);
      expect(locked.json().error.message.vi).toContain('tạm khoá');
      // Every failed attempt on the account is audited, never with the password typed.
      const failed = await getDb().query<{ after: { locked: boolean; failures: number | null } }>(
        `select after from audit_log where action = 'user.login_failed' order by seq`,
      );
      expect(failed.map((f) => f.after.locked)).toEqual([false, false, false, false, false, true]);
      expect(failed[4]!.after.failures).toBe(5);
      const texts = await getDb().query<{ t: string }>(
        `select coalesce(after::text, '') as t from audit_log`,
      );
      expect(texts.some((r) => r.t.includes('wrong-password') || r.t.includes('nobody'))).toBe(false);
      // Once the lock has run out, one wrong attempt does not lock again, and the right password signs in.
      await getDb().query(
        `update users set locked_until = now() - interval '1 minute' where username = 'xem'`,
      );
      expect((await c.login('xem', 'wrong-password')).statusCode).toBe(401);
      expect((await c.login('xem', PASSWORD)).statusCode).toBe(200);
    });

    it('security headers are set and the request log carries no personal data', async () => {
      const c = await signedInAs(app, 'xa');
      await c.get('/api/households?name=Ho%C3%A0ng%20V%C4%83n&pageSize=5');
      await c.get('/api/households?nationalId=006080001234');
      expect(log).toContain('"route":"/api/households"');
      expect(log).not.toContain('006080001234');
      expect(log).not.toContain('Ho%C3%A0ng');
      expect(log).not.toContain('Hoàng');
      expect(log).not.toContain(PASSWORD);
      const res = await app.inject({ method: 'GET', url: '/api/auth/csrf' });
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBeDefined();
    });

    it('serves the OpenAPI document and its docs page', async () => {
      const spec = await app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(spec.statusCode).toBe(200);
      const doc = spec.json<{ openapi: string; paths: Record<string, unknown> }>();
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/households', '/api/households/{householdId}', '/api/auth/login']),
      );
      const docs = await app.inject({ method: 'GET', url: '/api/docs/' });
      expect(docs.statusCode).toBe(200);
    });
  },
  { cleanup: false },
);
