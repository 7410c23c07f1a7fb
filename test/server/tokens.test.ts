// Personal API tokens (issue #13, part 6): created by their owner or the administrator, shown once, listed
// without their secret, revoked; a request with one acts as its user, within the user's scopes, read-only when
// the token is, without a CSRF token, and every use is audited.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachDatabase } from '../support/databases.ts';
import { buildWorld, signedInAs, testServer, TODAY, type Client, type World } from '../support/server.ts';

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    let xa: Client;
    let xa2: Client;
    let admin: Client;
    beforeAll(async () => {
      world = await buildWorld(getDb());
      app = await testServer(getDb());
      xa = await signedInAs(app, 'xa');
      xa2 = await signedInAs(app, 'xa2');
      admin = await signedInAs(app, 'admin');
    }, 180_000);
    afterAll(async () => app?.close());

    const withToken = (token: string, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) =>
      app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });

    async function create(c: Client, body: Record<string, unknown>) {
      const res = await c.post('/api/tokens', body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ tokenId: string; token: string; prefix: string; userId: string }>();
    }

    const uses = async (tokenId: string) =>
      getDb().query<{ action: string; after: { method: string; route: string } }>(
        `select action, "after" from audit_log where entity_id = $1 and action = 'token.use' order by seq`,
        [tokenId],
      );

    it('a read token reads within the user’s scope, is refused any change (403), and each use is audited', async () => {
      const read = await create(xa, { name: 'Báo cáo tỉnh', access: 'read' });
      expect(read.token).toMatch(/^gn_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
      expect(read.prefix).toBe(`${read.token.slice(0, 15)}_…`);

      const mine = await withToken(read.token, 'GET', '/api/households?name=hoang');
      expect(mine.statusCode, mine.body).toBe(200);
      expect(mine.json().rows.map((r: { headName: string }) => r.headName)).toEqual(['Hoàng Văn Đức']);
      // Lý Thị Hoa lives in the other commune: not returned, exactly as for xa signed in.
      const other = await withToken(read.token, 'GET', '/api/households?name=ly%20thi%20hoa');
      expect(other.json().total).toBe(0);
      expect((await withToken(read.token, 'GET', `/api/households/${world.h3}`)).statusCode).toBe(404);

      const refused = await withToken(read.token, 'POST', '/api/villages', {
        communeCode: world.communeA,
        name: 'Thôn Mới',
        kind: 'thon',
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.message.vi).toMatch(/chỉ được đọc/);
      expect(refused.json().error.message.en).toMatch(/read-only/);

      const audited = await uses(read.tokenId);
      expect(audited.map((a) => [a.after.method, a.after.route])).toEqual([
        ['GET', '/api/households'],
        ['GET', '/api/households'],
        ['GET', '/api/households/:householdId'],
        ['POST', '/api/villages'],
      ]);
      expect(JSON.stringify(audited)).not.toMatch(/hoang|ly thi/i);
      const listed = (await xa.get('/api/tokens')).json<{ tokenId: string; lastUsedAt: string | null }[]>();
      expect(listed.find((t) => t.tokenId === read.tokenId)!.lastUsedAt).not.toBeNull();
    });

    it('a write token changes what the user may change, with no CSRF token and no cookie', async () => {
      const write = await create(xa, { name: 'Hệ thống huyện', access: 'write' });
      const res = await withToken(write.token, 'POST', '/api/villages', {
        communeCode: world.communeA,
        name: 'Thôn Nà Lẹng',
        kind: 'thon',
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.headers['set-cookie']).toBeUndefined();
      // Not in the other commune: the user's own scope still applies.
      const outside = await withToken(write.token, 'POST', '/api/villages', {
        communeCode: world.communeB,
        name: 'Thôn Khác',
        kind: 'thon',
      });
      expect([403, 404]).toContain(outside.statusCode);
      const [created] = await getDb().query<{ actorId: string }>(
        `select actor_id as "actorId" from audit_log where action = 'village.create' order by seq desc limit 1`,
      );
      expect(created!.actorId).toBe(world.userIds.xa);
      expect((await uses(write.tokenId)).length).toBe(2);
      // A token does not make tokens.
      const more = await withToken(write.token, 'POST', '/api/tokens', { name: 'x', access: 'write' });
      expect(more.statusCode).toBe(403);
    });

    it('revoked, expired, unknown or malformed tokens, and a disabled user, are refused with 401', async () => {
      const t = await create(xa, { name: 'Sắp thu hồi', access: 'read' });
      expect((await withToken(t.token, 'GET', '/api/households?name=hoang')).statusCode).toBe(200);
      expect((await xa.request('DELETE', `/api/tokens/${t.tokenId}`)).statusCode).toBe(200);
      const revoked = await withToken(t.token, 'GET', '/api/households?name=hoang');
      expect(revoked.statusCode).toBe(401);
      expect(revoked.json().error.message.vi).toMatch(/thu hồi/);
      expect(revoked.json().error.message.en).toMatch(/revoked/);

      const expired = await create(xa, { name: 'Hết hạn hôm nay', access: 'read', expiresOn: TODAY });
      expect((await withToken(expired.token, 'GET', '/api/households?name=hoang')).statusCode).toBe(200);
      await getDb().query(`update api_tokens set expires_on = '2026-11-21' where token_id = $1`, [
        expired.tokenId,
      ]);
      expect((await withToken(expired.token, 'GET', '/api/households?name=hoang')).statusCode).toBe(401);
      expect(
        (await xa.post('/api/tokens', { name: 'x', access: 'read', expiresOn: '2026-01-01' })).statusCode,
      ).toBe(400);

      const wrongSecret = t.token.slice(0, -4) + 'AAAA';
      const good = await create(xa, { name: 'Đúng', access: 'read' });
      expect(
        (await withToken(good.token.slice(0, 16) + 'A'.repeat(43), 'GET', '/api/households?name=hoang'))
          .statusCode,
      ).toBe(401);
      expect((await withToken(wrongSecret, 'GET', '/api/households?name=hoang')).statusCode).toBe(401);
      expect((await withToken('nonsense', 'POST', '/api/villages', {})).statusCode).toBe(401);

      const thon = await signedInAs(app, 'thon');
      const enumerator = await create(thon, { name: 'Điện thoại', access: 'read' });
      await getDb().query('update users set active = false where user_id = $1', [world.userIds.thon]);
      try {
        expect((await withToken(enumerator.token, 'GET', '/api/households?name=hoang')).statusCode).toBe(401);
      } finally {
        await getDb().query('update users set active = true where user_id = $1', [world.userIds.thon]);
      }
    });

    it('lists never show the secret: the owner sees their own, the administrator all; only they revoke', async () => {
      const own = await create(xa2, { name: 'Của xã 2', access: 'write' });
      const forXa = await create(admin, {
        userId: world.userIds.xa,
        name: 'Do quản trị cấp',
        access: 'read',
      });
      expect(forXa.userId).toBe(world.userIds.xa);
      // A commune officer cannot make a token for someone else.
      expect(
        (await xa2.post('/api/tokens', { userId: world.userIds.xa, name: 'x', access: 'read' })).statusCode,
      ).toBe(403);

      const xaList = (await xa.get('/api/tokens')).json<{ tokenId: string; userId: string }[]>();
      expect(xaList.every((t) => t.userId === world.userIds.xa)).toBe(true);
      expect(xaList.map((t) => t.tokenId)).toContain(forXa.tokenId);
      const all = await admin.get('/api/tokens');
      expect(all.json().map((t: { tokenId: string }) => t.tokenId)).toEqual(
        expect.arrayContaining([own.tokenId, forXa.tokenId]),
      );
      for (const list of [JSON.stringify(xaList), all.body]) {
        expect(list).not.toContain(own.token.slice(16));
        expect(list).not.toContain(forXa.token.slice(16));
        expect(list).not.toMatch(/"token"/);
      }

      // Someone else's token is not found; the administrator revokes anyone's.
      expect((await xa.request('DELETE', `/api/tokens/${own.tokenId}`)).statusCode).toBe(404);
      expect((await withToken(own.token, 'GET', '/api/tokens')).statusCode).toBe(200);
      const revoked = await admin.request('DELETE', `/api/tokens/${own.tokenId}`);
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json().state).toBe('revoked');
      expect((await withToken(own.token, 'GET', '/api/tokens')).statusCode).toBe(401);

      const actions = await getDb().query<{ action: string }>(
        `select action from audit_log where entity_id = $1 order by seq`,
        [own.tokenId],
      );
      expect(actions.map((a) => a.action)).toEqual(['token.create', 'token.use', 'token.revoke']);
    });

    it('the tokens table and the audit hold no token in plain text', async () => {
      const t = await create(xa, { name: 'Kiểm tra lưu trữ', access: 'write' });
      const secret = t.token.slice(16);
      const rows = await getDb().query<Record<string, unknown>>('select * from api_tokens');
      expect(JSON.stringify(rows)).not.toContain(secret);
      const audit = await getDb().query<Record<string, unknown>>(
        'select audit_log::text as row from audit_log',
      );
      expect(JSON.stringify(audit)).not.toContain(secret);
      const [row] = await getDb().query<{ secretHash: string }>(
        'select secret_hash as "secretHash" from api_tokens where token_id = $1',
        [t.tokenId],
      );
      expect(row!.secretHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('the OpenAPI document names the bearer scheme and the token routes', async () => {
      const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/tokens', '/api/tokens/{tokenId}']),
      );
    });
  },
  { cleanup: false },
);
