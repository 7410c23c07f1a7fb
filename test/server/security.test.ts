// Security and personal data (issue #15, item 9; Nghị định 13/2023/NĐ-CP), each claim of docs/security.md
// that is not proven elsewhere: session fixation, cross-site changes refused (CSRF token and Origin /
// Sec-Fetch-Site), the password policy at the HTTP doors, the security headers (HSTS only with Secure
// cookies), no personal data in the server's log while writes succeed and fail, exports of personal data
// marked with who exported them, when and what for. Login throttling and lockout
// are proven in auth.test.ts and login-limits.test.ts, the CLI's password policy in test/cli/users.test.ts.
import { DrizzleQueryError } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { PassThrough, type Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENCY_LISTS, agencyListDocument } from '../../src/reports/documents/round-handouts.ts';
import { renderXlsxStream } from '../../src/reports/render/xlsx.ts';
import { defaultHandoutRules } from '../../src/rules-loader/load-documents.ts';
import { buildServer } from '../../src/server/app.ts';
import { errorLogEntry } from '../../src/server/errors.ts';
import { DatabaseError } from '../../src/db/index.ts';
import { forEachDatabase } from '../support/databases.ts';
import { book } from '../support/rules.ts';
import { buildWorld, Client, PASSWORD, signedInAs, TODAY, type World } from '../support/server.ts';

const cookieOf = (res: { headers: Record<string, unknown> }) => {
  const set = res.headers['set-cookie'];
  const list = (Array.isArray(set) ? set : set ? [set] : []) as string[];
  return list.find((c) => c.startsWith('gn_session='));
};

forEachDatabase(
  (getDb, kind) => {
    let app: FastifyInstance;
    let world: World;
    let log = '';
    beforeAll(async () => {
      world = await buildWorld(getDb());
      const stream = new PassThrough();
      stream.on('data', (chunk) => (log += String(chunk)));
      app = await buildServer({
        db: getDb(),
        book,
        today: () => TODAY,
        sessionSecret: 'x'.repeat(40),
        webDir: null,
        logger: true,
        logStream: stream,
        // Every statement is logged as slow: its text is, its parameters never are.
        slowQueryMs: 0,
      });
    }, 180_000);
    afterAll(async () => app?.close());

    describe('session fixation', () => {
      it('gives a new session id at sign-in; the cookie from before it is not signed in, nor the old one after sign-out', async () => {
        const csrf = await app.inject({ method: 'GET', url: '/api/auth/csrf' });
        const before = cookieOf(csrf)!.split(';')[0]!;
        expect(before).toMatch(/^gn_session=./);
        const login = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers: {
            cookie: before,
            'x-csrf-token': csrf.json().csrfToken,
            'content-type': 'application/json',
          },
          payload: JSON.stringify({ username: 'xa', password: PASSWORD }),
        });
        expect(login.statusCode).toBe(200);
        const after = cookieOf(login)!.split(';')[0]!;
        expect(after).not.toBe(before);
        const sid = (c: string) => decodeURIComponent(c.slice('gn_session='.length)).split('.')[0];
        expect(sid(after)).not.toBe(sid(before));
        const me = (cookie: string) =>
          app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
        // Whoever planted or kept the cookie from before the sign-in holds nothing.
        expect((await me(before)).statusCode).toBe(401);
        expect((await me(after)).statusCode).toBe(200);
        const logout = await app.inject({
          method: 'POST',
          url: '/api/auth/logout',
          headers: { cookie: after, 'x-csrf-token': login.json().csrfToken },
        });
        expect(logout.statusCode).toBe(204);
        // A copy of the signed-in cookie (a stolen one) is worth nothing after sign-out.
        expect((await me(after)).statusCode).toBe(401);
      });
    });

    describe('CSRF', () => {
      const change = (c: Client, headers: Record<string, string> = {}) =>
        c.request('PATCH', `/api/households/${world.h1}`, { version: 999, address: 'x' }, headers);

      it('refuses a change without a token or with the token of another session (403 CSRF_INVALID)', async () => {
        const c = await signedInAs(app, 'xa');
        const other = await signedInAs(app, 'tinh');
        const res = await app.inject({
          method: 'PATCH',
          url: `/api/households/${world.h1}`,
          headers: {
            cookie: (c as unknown as { cookie: string }).cookie,
            'content-type': 'application/json',
          },
          payload: JSON.stringify({ version: 999, address: 'x' }),
        });
        expect(res.statusCode).toBe(403);
        expect(res.json().error.code).toBe('CSRF_INVALID');
        c.csrf = other.csrf;
        const stolen = await change(c);
        expect(stolen.statusCode).toBe(403);
        expect(stolen.json().error.code).toBe('CSRF_INVALID');
      });

      it('refuses a change, even with the right token, from another Origin or that the browser says is cross-site', async () => {
        const c = await signedInAs(app, 'xa');
        for (const headers of <Record<string, string>[]>[
          { origin: 'https://evil.example' },
          { origin: 'null' },
          { 'sec-fetch-site': 'cross-site' },
          { 'sec-fetch-site': 'same-site', origin: 'http://other.localhost:80' },
        ]) {
          const res = await change(c, headers);
          expect(res.statusCode, JSON.stringify(headers)).toBe(403);
          expect(res.json().error.code).toBe('CSRF_INVALID');
          expect(res.json().error.message.vi).toContain('trang khác');
        }
        // Nothing was changed by the refused requests.
        const h = (await c.get(`/api/households/${world.h1}`)).json();
        expect(h.version).toBe(1);
        // The same change from the app's own origin reaches the service (409: the version is stale).
        for (const headers of <Record<string, string>[]>[
          { origin: 'http://localhost:80' },
          { 'sec-fetch-site': 'same-origin', origin: 'https://proxy-rewrote-the-host.example' },
          {},
        ]) {
          const res = await change(c, headers);
          expect(res.statusCode, JSON.stringify(headers)).toBe(409);
        }
        // A request with an API token carries no cookie to abuse: its origin is not looked at.
        const token = (await c.post('/api/tokens', { name: 'Hệ thống huyện', access: 'write' })).json().token;
        const bearer = await app.inject({
          method: 'PATCH',
          url: `/api/households/${world.h1}`,
          headers: {
            authorization: `Bearer ${token}`,
            origin: 'https://other-system.example',
            'sec-fetch-site': 'cross-site',
            'content-type': 'application/json',
          },
          payload: JSON.stringify({ version: 999, address: 'x' }),
        });
        expect(bearer.statusCode, bearer.body).toBe(409);
        // Reads are never refused for their origin.
        expect(
          (await c.request('GET', '/api/auth/me', undefined, { origin: 'https://evil.example' })).statusCode,
        ).toBe(200);
      });
    });

    describe('password policy at the HTTP doors', () => {
      it('creating an account and an administrator’s reset refuse weak passwords, naming the field in both languages', async () => {
        const admin = await signedInAs(app, 'admin');
        const create = (password: string) =>
          admin.post('/api/users', {
            username: 'canbomoi',
            displayName: 'Cán bộ mới',
            password,
            role: 'viewer',
            scopes: [],
          });
        for (const weak of ['matkhau123', 'abcdefghijk1', 'canbomoi-2026', 'aaaaaaaaaaaaaaaa']) {
          const res = await create(weak);
          expect(res.statusCode, weak).toBe(400);
          const fields = res.json().error.fields as { path: string; message: { vi: string; en: string } }[];
          expect(fields.length, weak).toBeGreaterThan(0);
          expect(fields[0]!.path).toBe('body.password');
          expect(fields[0]!.message.vi).toMatch(/Mật khẩu/);
        }
        const made = await create('Cay-tre-Viet-Nam-9');
        expect(made.statusCode, made.body).toBe(201);
        const { userId, version } = made.json();
        const reset = await admin.patch(`/api/users/${userId}`, { version, password: 'matkhau1234' });
        expect(reset.statusCode).toBe(400);
        expect(reset.json().error.fields[0].path).toBe('body.password');
        // Nothing of the refused attempts reached the audit.
        const texts = await getDb().query<{ t: string }>(
          `select coalesce(after::text, '') || coalesce(before::text, '') as t from audit_log`,
        );
        expect(texts.some((r) => /matkhau123|Cay-tre-Viet-Nam-9/.test(r.t))).toBe(false);
      });
    });

    describe('security headers', () => {
      it('CSP with frame-ancestors, nosniff, frame options, no referrer, a permissions policy; no HSTS over plain HTTP', async () => {
        for (const url of ['/api/auth/csrf', '/api/openapi.json', '/healthz']) {
          const res = await app.inject({ method: 'GET', url });
          const csp = String(res.headers['content-security-policy']);
          expect(csp, url).toContain("default-src 'self'");
          expect(csp).toContain("frame-ancestors 'self'");
          expect(csp).toContain("script-src 'self'");
          expect(csp).toContain("object-src 'none'");
          expect(res.headers['x-content-type-options']).toBe('nosniff');
          expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
          expect(res.headers['referrer-policy']).toBe('no-referrer');
          expect(res.headers['permissions-policy']).toContain('camera=()');
          expect(res.headers['strict-transport-security']).toBeUndefined();
        }
        // A refused request carries them too.
        const refused = await app.inject({ method: 'POST', url: '/api/auth/logout' });
        expect(refused.statusCode).toBe(403);
        expect(refused.headers['x-content-type-options']).toBe('nosniff');
      });

      it('with Secure cookies (HTTPS at the proxy): HSTS, and the session cookie is Secure and HttpOnly', async () => {
        const secure = await buildServer({
          db: getDb(),
          book,
          today: () => TODAY,
          sessionSecret: 'y'.repeat(40),
          webDir: null,
          secureCookies: true,
          trustProxy: '127.0.0.1',
        });
        try {
          const https = { 'x-forwarded-proto': 'https' };
          const csrf = await secure.inject({ method: 'GET', url: '/api/auth/csrf', headers: https });
          expect(String(csrf.headers['strict-transport-security'])).toMatch(/max-age=\d{7,}/);
          const login = await secure.inject({
            method: 'POST',
            url: '/api/auth/login',
            headers: {
              ...https,
              cookie: cookieOf(csrf)!.split(';')[0]!,
              'x-csrf-token': csrf.json().csrfToken,
              'content-type': 'application/json',
            },
            payload: JSON.stringify({ username: 'xem', password: PASSWORD }),
          });
          expect(login.statusCode).toBe(200);
          const cookie = cookieOf(login)!;
          expect(cookie).toMatch(/;\s*Secure/i);
          expect(cookie).toMatch(/;\s*HttpOnly/i);
          expect(cookie).toMatch(/;\s*SameSite=Lax/i);
        } finally {
          await secure.close();
        }
      });
      it('with Secure cookies but no trusted proxy, no session cookie is ever sent: why the start-up check refuses COOKIE_SECURE without TRUST_PROXY', async () => {
        const options = {
          db: getDb(),
          book,
          today: () => TODAY,
          sessionSecret: 'z'.repeat(40),
          webDir: null,
          secureCookies: true,
        };
        const untrusted = await buildServer(options);
        const trusted = await buildServer({ ...options, trustProxy: '127.0.0.1' });
        try {
          const https = { 'x-forwarded-proto': 'https' };
          // The proxy says HTTPS, but its word is not taken: the server sees plain HTTP and keeps the cookie.
          const csrf = await untrusted.inject({ method: 'GET', url: '/api/auth/csrf', headers: https });
          expect(csrf.statusCode).toBe(200);
          expect(cookieOf(csrf)).toBeUndefined();
          // Believed from the proxy's address, it is sent (and Secure).
          const ok = await trusted.inject({ method: 'GET', url: '/api/auth/csrf', headers: https });
          expect(cookieOf(ok)).toMatch(/;\s*Secure/i);
        } finally {
          await untrusted.close();
          await trusted.close();
        }
      });
    });

    describe('no personal data in logs', () => {
      it('writes that succeed and fail, and searches, leave no national ID, phone or name in the log', async () => {
        const xa = await signedInAs(app, 'xa');
        const secrets = {
          id1: '001199012345',
          id2: '001199054321',
          id3: '001199077777',
          phone1: '0987654321',
          phone2: '0911222333',
          name: 'Đinh Thị Bí Mật',
        };
        const person = (nationalId: string, phone: string) => ({
          fullName: secrets.name,
          nationalId,
          phone,
          dateOfBirth: '1990-01-01',
          sex: 'female',
        });
        const statuses: number[] = [];
        const made = await xa.post('/api/households', {
          villageId: world.villageA1,
          headName: secrets.name,
          members: [person(secrets.id1, secrets.phone1)],
        });
        expect(made.statusCode, made.body).toBe(201);
        const h = made.json();
        // The same national ID in another household: refused.
        statuses.push(
          (
            await xa.post('/api/households', {
              villageId: world.villageA2,
              headName: secrets.name,
              members: [person(secrets.id1, secrets.phone2)],
            })
          ).statusCode,
        );
        // The same new national ID twice in one household.
        statuses.push(
          (
            await xa.post('/api/households', {
              villageId: world.villageA2,
              headName: secrets.name,
              members: [person(secrets.id3, secrets.phone2), person(secrets.id3, secrets.phone2)],
            })
          ).statusCode,
        );
        // A stale version, a malformed phone, a malformed national ID.
        statuses.push(
          (
            await xa.patch(`/api/households/${h.householdId}/members/1`, {
              version: h.version + 5,
              change: { nationalId: secrets.id2, phone: secrets.phone2 },
            })
          ).statusCode,
        );
        statuses.push(
          (
            await xa.patch(`/api/households/${h.householdId}/members/1`, {
              version: h.version,
              change: { phone: `${secrets.phone2}99999` },
            })
          ).statusCode,
        );
        statuses.push(
          (
            await xa.patch(`/api/households/${h.householdId}/members/1`, {
              version: h.version,
              change: { nationalId: `${secrets.id2}x` },
            })
          ).statusCode,
        );
        // A change that succeeds.
        const changed = await xa.patch(`/api/households/${h.householdId}/members/1`, {
          version: h.version,
          change: { nationalId: secrets.id2, phone: secrets.phone2 },
        });
        expect(changed.statusCode, changed.body).toBe(200);
        // Searches by national ID and by name.
        await xa.get(`/api/households?nationalId=${secrets.id2}`);
        await xa.get(`/api/households?name=${encodeURIComponent(secrets.name)}`);
        expect(statuses.every((s) => s >= 400 && s < 500)).toBe(true);

        expect(log).toContain('"route":"/api/households"');
        // Statements were logged (slowQueryMs 0), with their text only.
        expect(log).toContain('slow query');
        expect(log).toMatch(/insert into/i);
        const leaks = Object.values(secrets).filter(
          (s) => log.includes(s) || log.includes(encodeURIComponent(s)),
        );
        expect(leaks).toEqual([]);
        expect(log).not.toContain('Bí Mật');
        expect(log).not.toContain(PASSWORD);
      });

      // Every failure above is refused by the application before SQL runs. Here the database itself refuses
      // the statement, with the value in its message (22003: `value "…" is out of range for type integer`)
      // or in its detail (23505: `Key (phone)=(…) already exists.`): a constraint the application does not
      // know about stands for any failure it did not foresee. Citus refuses the unique index (it would have to
      // hold the distribution column).
      it.skipIf(kind === 'citus')(
        'a statement that fails in the database, with a national ID or phone in its message or detail, leaves neither in the log',
        async () => {
          const db = getDb();
          const secrets = {
            castId: '079199088888',
            otherId: '001199066666',
            phone: '0933444555',
            name: 'Lò Văn Không Lộ',
          };
          await db.exec(
            `alter table members add constraint zz_test_id_as_number check (case when national_id = '${secrets.castId}' then national_id::int4 > 0 else true end) not valid`,
          );
          await db.exec(
            `create unique index zz_test_phone_once on members (phone) where phone = '${secrets.phone}'`,
          );
          const before = log.length;
          try {
            const xa = await signedInAs(app, 'xa');
            const household = (villageId: string, nationalId: string | null) =>
              xa.post('/api/households', {
                villageId,
                headName: secrets.name,
                members: [
                  {
                    fullName: secrets.name,
                    nationalId,
                    phone: secrets.phone,
                    dateOfBirth: '1985-05-05',
                    sex: 'male',
                  },
                ],
              });
            // 22003, the national ID in the message.
            const outOfRange = await household(world.villageA1, secrets.castId);
            // The first with this phone is written; the second breaks the unique index: 23505.
            const first = await household(world.villageA1, secrets.otherId);
            expect(first.statusCode, first.body).toBe(201);
            const duplicate = await household(world.villageA2, null);
            for (const res of [outOfRange, duplicate]) {
              expect(res.statusCode, res.body).toBe(500);
              expect(res.json().error.code).toBe('INTERNAL');
              expect(res.json().error.message.vi).toBeTruthy();
              expect(res.json().error.message.en).toBeTruthy();
              expect(res.body).not.toContain(secrets.castId);
              expect(res.body).not.toContain(secrets.phone);
            }
            const written = log.slice(before);
            const errors = written
              .split('\n')
              .filter(Boolean)
              .map((line) => JSON.parse(line) as { msg?: string; err?: Record<string, unknown> })
              .filter((e) => e.msg === 'database error');
            // Each failure is logged with what an operator needs: the SQLSTATE, the table, the constraint.
            expect(errors.map((e) => e.err?.code)).toEqual(['22003', '23505']);
            expect(errors[0]!.err).toMatchObject({ message: 'numeric value out of range' });
            expect(errors[1]!.err).toMatchObject({
              table: 'members',
              constraint: 'zz_test_phone_once',
              message: 'unique violation',
            });
            expect(String(errors[0]!.err?.stack)).toMatch(/^DatabaseError 22003\n\s+at /);
            // The failed statements were logged too (slowQueryMs 0), with their SQLSTATE and without values.
            expect(written).toContain('"failed":"22003"');
            expect(written).toContain('"failed":"23505"');
            const leaks = Object.values(secrets).filter((v) => written.includes(v));
            expect(leaks).toEqual([]);
            expect(written).not.toContain('Không Lộ');
          } finally {
            await db.exec('alter table members drop constraint zz_test_id_as_number');
            await db.exec('drop index zz_test_phone_once');
          }
        },
      );
    });
  },
  { cleanup: false },
);

describe('exports of personal data', () => {
  const collect = async (stream: Readable) => {
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };
  it('each agency list names in the file who exported it, when (Vietnam time) and for what purpose', async () => {
    for (const kind of AGENCY_LISTS) {
      const doc = agencyListDocument({
        kind,
        place: { communeName: 'Xã Bằng Thành', provinceName: 'Tỉnh Thái Nguyên' },
        decision: { number: '215/QĐ-UBND', date: '2026-09-30' },
        households: [
          {
            householdId: 'h1',
            headName: 'Hoàng Văn Đức',
            address: null,
            villageName: 'Thôn Nà Phầy',
            finalClass: 'poor',
            members: [
              {
                fullName: 'Hoàng Văn Đức',
                dateOfBirth: '1980-03-12',
                sex: 'male',
                relationToHead: null,
                nationalId: '006080001234',
              },
            ],
          },
        ],
        schoolAges: defaultHandoutRules().schoolAges,
        purpose: 'Gửi Bảo hiểm xã hội cấp thẻ BHYT',
        exportedBy: 'Người dùng xa (xa)',
        generatedAt: '2026-12-06T07:05:00Z',
      });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await collect(renderXlsxStream(doc, 'vi'))) as unknown as ArrayBuffer);
      const text: string[] = [];
      wb.worksheets[0]!.eachRow((row) => text.push((row.values as unknown[]).filter(Boolean).join(' ')));
      const marking = text.find((t) => t.includes('Dữ liệu cá nhân'));
      expect(marking, kind).toContain('chỉ dùng cho mục đích: Gửi Bảo hiểm xã hội cấp thẻ BHYT');
      expect(marking).toContain('Người trích xuất: Người dùng xa (xa), lúc 14:05 06/12/2026');
      expect(wb.created?.toISOString()).toBe('2026-12-06T07:05:00.000Z');
    }
  });
});

describe('what the log keeps of an unforeseen error (the error handler, background jobs’ crashes)', () => {
  const params = ['001199012345', '0987654321', 'Đinh Thị Bí Mật'];
  const sql = 'insert into "members" ("national_id", "phone", "full_name") values ($1, $2, $3)';
  it('a failed drizzle query: its statement and the cause’s SQLSTATE, never its parameters nor the server’s message or detail', () => {
    const cause = new DatabaseError(
      {
        message: `value "${params[0]}" is out of range for type integer`,
        code: '22003',
        detail: `Key (phone)=(${params[1]}) already exists.`,
        table: 'members',
      },
      sql,
    );
    const entry = JSON.stringify(errorLogEntry(new DrizzleQueryError(sql, params, cause)));
    expect(entry).toContain('"code":"22003"');
    expect(entry).toContain('"table":"members"');
    expect(entry).toContain('insert into \\"members\\"');
    for (const value of params) expect(entry).not.toContain(value);
    // Wrapping something other than a database error: its name and code only.
    const other = JSON.stringify(
      errorLogEntry(new DrizzleQueryError(sql, params, new TypeError(`cannot serialize ${params[0]}`))),
    );
    expect(other).toContain('TypeError');
    for (const value of params) expect(other).not.toContain(value);
  });
});
