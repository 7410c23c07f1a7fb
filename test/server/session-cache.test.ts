// Sessions and signed-in users are kept in memory (src/server/auth/session-cache.ts): a signed-in request
// reads neither the sessions nor the users table, and sign-out, deactivation, a password reset and a change
// of scopes still take effect at the next request.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sessions } from '../../src/db/index.ts';
import { forEachDatabase } from '../support/databases.ts';
import { buildServer } from '../../src/server/app.ts';
import { book } from '../support/rules.ts';
import { buildWorld, signedInAs, testServer, TODAY, type World } from '../support/server.ts';

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    beforeAll(async () => {
      world = await buildWorld(getDb());
      app = await testServer(getDb());
    }, 180_000);
    afterAll(async () => app?.close());

    const version = async (userId: string) =>
      (await getDb().query<{ version: number }>('select version from users where user_id = $1', [userId]))[0]!
        .version;

    it('a signed-in request is answered from memory: the sessions and users tables may be gone meanwhile', async () => {
      const xa = await signedInAs(app, 'xa');
      expect((await xa.get('/api/auth/me')).statusCode).toBe(200);
      // Hide both tables for one request: a request that read them would fail (500), not answer 200.
      await getDb().exec('alter table sessions rename to sessions_hidden');
      await getDb().exec('alter table users rename to users_hidden');
      try {
        const me = await xa.get('/api/auth/me');
        expect(me.statusCode).toBe(200);
        expect(me.json().username).toBe('xa');
      } finally {
        await getDb().exec('alter table sessions_hidden rename to sessions');
        await getDb().exec('alter table users_hidden rename to users');
      }
    });

    it('deactivating a user and resetting a password end their sessions at once', async () => {
      const admin = await signedInAs(app, 'admin');
      const thon = await signedInAs(app, 'thon');
      expect((await thon.get('/api/auth/me')).statusCode).toBe(200);
      const off = await admin.patch(`/api/users/${world.userIds.thon}`, {
        version: await version(world.userIds.thon!),
        active: false,
      });
      expect(off.statusCode).toBe(200);
      expect((await thon.get('/api/auth/me')).statusCode).toBe(401);
      const on = await admin.patch(`/api/users/${world.userIds.thon}`, {
        version: await version(world.userIds.thon!),
        active: true,
      });
      expect(on.statusCode).toBe(200);

      const xem = await signedInAs(app, 'xem');
      expect((await xem.get('/api/auth/me')).statusCode).toBe(200);
      const reset = await admin.patch(`/api/users/${world.userIds.xem}`, {
        version: await version(world.userIds.xem!),
        password: 'mat-khau-moi-du-dai-123',
      });
      expect(reset.statusCode).toBe(200);
      expect((await xem.get('/api/auth/me')).statusCode).toBe(401);
    });

    it('a change of scopes applies to the next request of a signed-in user', async () => {
      const admin = await signedInAs(app, 'admin');
      const xa2 = await signedInAs(app, 'xa2');
      const before = await xa2.get(`/api/households?communeCode=${world.communeA}`);
      expect(before.statusCode).toBe(200);
      expect(before.json().total).toBe(0);
      const changed = await admin.patch(`/api/users/${world.userIds.xa2}`, {
        version: await version(world.userIds.xa2!),
        scopes: [
          { access: 'write', unitCode: world.communeB, unitValidFrom: '2025-07-01' },
          { access: 'read', unitCode: world.communeA, unitValidFrom: '2025-07-01' },
        ],
      });
      expect(changed.statusCode).toBe(200);
      const list = await xa2.get(`/api/households?communeCode=${world.communeA}`);
      expect(list.statusCode).toBe(200);
      expect(list.json().total).toBe(2);
    });

    it('a deactivation written by another process is seen once the kept records are read again', async () => {
      // ttlMs 0: every request serves what is kept and reads it again in the background.
      const quick = await buildServer({
        db: getDb(),
        book,
        today: () => TODAY,
        sessionSecret: 'z'.repeat(40),
        webDir: null,
        sessionCache: { ttlMs: 0 },
      });
      try {
        const kiemtoan = await signedInAs(quick, 'kiemtoan');
        expect((await kiemtoan.get('/api/auth/me')).statusCode).toBe(200);
        await getDb().query('update users set active = false where user_id = $1', [world.userIds.kiemtoan]);
        try {
          await expect
            .poll(async () => (await kiemtoan.get('/api/auth/me')).statusCode, { timeout: 5000 })
            .toBe(401);
        } finally {
          await getDb().query('update users set active = true where user_id = $1', [world.userIds.kiemtoan]);
        }
      } finally {
        await quick.close();
      }
    });

    it('signing out ends the session at once', async () => {
      const xa = await signedInAs(app, 'xa');
      expect((await xa.get('/api/auth/me')).statusCode).toBe(200);
      expect((await xa.post('/api/auth/logout')).statusCode).toBe(204);
      expect((await xa.get('/api/auth/me')).statusCode).toBe(401);
    });

    // Every answer saves its session (the sliding expiry): an answer sent after the sign-out must not
    // write the session back (a shared commune computer would stay signed in for the next person).
    it('a request under way when the user signs out does not sign them in again', async () => {
      for (let i = 0; i < 5; i++) {
        const tinh = await signedInAs(app, 'tinh');
        const underWay = tinh.get('/api/finance/disbursement?unit=19&from=2026&to=2026');
        await new Promise((r) => setImmediate(r));
        expect((await tinh.post('/api/auth/logout')).statusCode).toBe(204);
        expect((await underWay).statusCode).toBe(200);
        expect((await tinh.get('/api/auth/me')).statusCode).toBe(401);
      }
      // Nor after a deactivation or a password reset (all the user's sessions ended), nor a sign-out of a
      // session not yet stored: a late save writes nothing and the session reads as gone.
      const db = getDb();
      const until = new Date(Date.now() + 3_600_000);
      const data = { userId: world.userIds.kiemtoan, csrf: 'x' };
      expect(await sessions.writeSession(db, 'test-session-a', data, until)).toBe(true);
      await sessions.deleteSessionsOfUser(db, world.userIds.kiemtoan!);
      expect(await sessions.writeSession(db, 'test-session-a', data, until)).toBe(false);
      expect(await sessions.readSession(db, 'test-session-a')).toBeUndefined();
      await sessions.deleteSession(db, 'test-session-b');
      expect(await sessions.writeSession(db, 'test-session-b', data, until)).toBe(false);
      expect(await sessions.readSession(db, 'test-session-b')).toBeUndefined();
    });
  },
  { cleanup: false },
);
