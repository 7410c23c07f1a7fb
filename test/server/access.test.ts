// Every route, per role and scope: allowed and refused — and refusals never reveal what is out of scope.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/services/actor.ts';
import { recordAudit } from '../../src/services/audit.ts';
import { forEachDatabase } from '../support/databases.ts';
import { buildWorld, Client, signedInAs, testServer, type World } from '../support/server.ts';

const ROLES = ['admin', 'tinh', 'xa', 'xa2', 'thon', 'xem', 'kiemtoan'] as const;
type Who = (typeof ROLES)[number];

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    const clients = {} as Record<Who, Client>;
    beforeAll(async () => {
      world = await buildWorld(getDb());
      app = await testServer(getDb());
      for (const r of ROLES) clients[r] = await signedInAs(app, r);
    }, 180_000);
    afterAll(async () => app?.close());

    /** Expected status per user, for one request. */
    async function matrix(
      request: (c: Client) => Promise<{ statusCode: number }>,
      expected: Record<Who, number>,
    ) {
      const got = {} as Record<Who, number>;
      for (const r of ROLES) got[r] = (await request(clients[r])).statusCode;
      expect(got).toEqual(expected);
    }

    it('reading a household: in scope 200, out of scope 404 (not 403: existence is not revealed)', async () => {
      await matrix((c) => c.get(`/api/households/${world.h1}`), {
        admin: 200,
        tinh: 200,
        xa: 200,
        xa2: 404,
        thon: 200,
        xem: 200,
        kiemtoan: 200,
      });
      await matrix((c) => c.get(`/api/households/${world.h2}`), {
        admin: 200,
        tinh: 200,
        xa: 200,
        xa2: 404,
        thon: 404,
        xem: 200,
        kiemtoan: 200,
      });
      await matrix((c) => c.get(`/api/households/${world.h3}`), {
        admin: 200,
        tinh: 200,
        xa: 404,
        xa2: 200,
        thon: 404,
        xem: 200,
        kiemtoan: 200,
      });
    });

    it('searching returns only households in scope, and counts only those', async () => {
      const names = async (c: Client) => {
        const res = await c.get('/api/households?name=thi');
        return res.json<{ rows: { headName: string }[]; total: number }>();
      };
      const xa = await names(clients.xa);
      expect(xa.rows.map((r) => r.headName)).toEqual(['Hoàng Văn Đức']);
      expect(xa.total).toBe(1);
      expect((await names(clients.xa2)).rows.map((r) => r.headName)).toEqual(['Lý Thị Hoa']);
      expect((await names(clients.tinh)).total).toBe(2);
      // Accent- and case-insensitive.
      const folded = await clients.admin.get('/api/households?name=HOANG%20VAN%20DUC');
      expect(folded.json<{ rows: { headName: string }[] }>().rows.map((r) => r.headName)).toEqual([
        'Hoàng Văn Đức',
      ]);
    });

    it('search-first: no unbounded list, and national-ID search needs personal-data access', async () => {
      expect((await clients.admin.get('/api/households')).statusCode).toBe(400);
      expect((await clients.admin.get('/api/households?pageSize=1000&name=th')).statusCode).toBe(400);
      await matrix((c) => c.get('/api/households?nationalId=006080001234'), {
        admin: 200,
        tinh: 200,
        xa: 200,
        xa2: 200,
        thon: 200,
        xem: 403,
        kiemtoan: 403,
      });
      const other = await clients.xa2.get('/api/households?nationalId=006080001234');
      expect(other.json<{ total: number }>().total).toBe(0);
    });

    it('changing a household: write scope 200, read-only 403, out of scope 404', async () => {
      const versions: Record<string, number> = {};
      await matrix(
        async (c) => {
          const current = await clients.admin.get(`/api/households/${world.h1}`);
          const version = current.json<{ version: number }>().version;
          const res = await c.patch(`/api/households/${world.h1}`, {
            version,
            address: `Số ${Math.random()}`,
          });
          versions[String(res.statusCode)] = version;
          return res;
        },
        { admin: 200, tinh: 200, xa: 200, xa2: 404, thon: 200, xem: 403, kiemtoan: 403 },
      );
    });

    it('creating a household needs the village in the write scope', async () => {
      const body = (villageId: string) => ({
        villageId,
        headName: 'Đàm Văn Tâm',
        members: [{ fullName: 'Đàm Văn Tâm' }],
      });
      await matrix((c) => c.post('/api/households', body(world.villageA2)), {
        admin: 201,
        tinh: 201,
        xa: 201,
        // Another commune's officer and another village's enumerator do not see the village: 404.
        xa2: 404,
        thon: 404,
        xem: 403,
        kiemtoan: 403,
      });
    });

    it('personal data is masked for viewers and auditors', async () => {
      const member = async (c: Client) =>
        (await c.get(`/api/households/${world.h1}`)).json<{
          members: { nationalId: string; phone: string }[];
          personalDataMasked: boolean;
        }>();
      const seen = await member(clients.xa);
      expect(seen.members[0]!.nationalId).toBe('006080001234');
      const masked = await member(clients.xem);
      expect(masked.personalDataMasked).toBe(true);
      expect(masked.members[0]!.nationalId).toBe('*********234');
      expect(masked.members[0]!.phone).toBe('*******678');
      expect((await member(clients.kiemtoan)).members[0]!.nationalId).toBe('*********234');
    });

    it('villages and units', async () => {
      await matrix((c) => c.get(`/api/villages?communeCode=${world.communeA}`), {
        admin: 200,
        tinh: 200,
        xa: 200,
        xa2: 200,
        thon: 200,
        xem: 200,
        kiemtoan: 200,
      });
      const listed = async (c: Client) =>
        (await c.get(`/api/villages?communeCode=${world.communeA}`)).json<{ id: string }[]>().length;
      expect(await listed(clients.xa)).toBe(2);
      expect(await listed(clients.xa2)).toBe(0);
      expect(await listed(clients.thon)).toBe(1);
      await matrix(
        (c) =>
          c.post('/api/villages', {
            communeCode: world.communeA,
            name: `Thôn mới ${Math.random()}`,
            kind: 'thon',
          }),
        // A role without villages.manage (enumerator, viewer, auditor) 403 before the commune is looked up;
        // another commune's officer, who may manage villages, 404 outside its read scope.
        { admin: 201, tinh: 201, xa: 201, xa2: 404, thon: 403, xem: 403, kiemtoan: 403 },
      );
      await matrix((c) => c.get('/api/units/19/children'), {
        admin: 200,
        tinh: 200,
        xa: 200,
        xa2: 200,
        thon: 200,
        xem: 200,
        kiemtoan: 200,
      });
    });

    it('members, assessments, moves and history follow the household’s scope', async () => {
      const version = async () =>
        (await clients.admin.get(`/api/households/${world.h1}`)).json<{ version: number }>().version;
      await matrix(
        async (c) =>
          c.post(`/api/households/${world.h1}/members`, {
            version: await version(),
            member: { fullName: `Con ${Math.random()}` },
          }),
        { admin: 201, tinh: 201, xa: 201, xa2: 404, thon: 201, xem: 403, kiemtoan: 403 },
      );
      await matrix(
        (c) =>
          c.post(`/api/households/${world.h1}/assessments`, {
            standard: 'ND07_2021',
            incomePerCapita: 1_000_000,
            deficits: ['water'],
          }),
        { admin: 201, tinh: 201, xa: 201, xa2: 404, thon: 201, xem: 403, kiemtoan: 403 },
      );
      await matrix(
        async (c) =>
          c.post(`/api/households/${world.h1}/move`, {
            version: await version(),
            toVillageId: world.villageA1,
            reason: 'Kiểm tra quyền',
          }),
        { admin: 200, tinh: 200, xa: 200, xa2: 404, thon: 200, xem: 403, kiemtoan: 403 },
      );
      await matrix((c) => c.get(`/api/households/${world.h1}/history`), {
        admin: 200,
        tinh: 200,
        xa: 200,
        xa2: 404,
        thon: 200,
        xem: 200,
        kiemtoan: 200,
      });
      await matrix((c) => c.get('/api/duplicates/national-ids'), {
        admin: 200,
        tinh: 200,
        xa: 200,
        xa2: 200,
        thon: 200,
        xem: 403,
        kiemtoan: 403,
      });
      await matrix((c) => c.get('/api/villages/unassigned'), {
        admin: 200,
        tinh: 200,
        xa: 200,
        xa2: 200,
        thon: 403,
        xem: 403,
        kiemtoan: 403,
      });
      await matrix((c) => c.get('/api/standards'), {
        admin: 200,
        tinh: 200,
        xa: 200,
        xa2: 200,
        thon: 200,
        xem: 200,
        kiemtoan: 200,
      });
    });

    it('user administration is for system administrators only', async () => {
      await matrix((c) => c.get('/api/users'), {
        admin: 200,
        tinh: 403,
        xa: 403,
        xa2: 403,
        thon: 403,
        xem: 403,
        kiemtoan: 403,
      });
      await matrix(
        (c) =>
          c.post('/api/users', {
            username: `u${Math.floor(Math.random() * 1e9)}`,
            displayName: 'X',
            password: 'mot-mat-khau-dai',
            role: 'viewer',
            scopes: [],
          }),
        { admin: 201, tinh: 403, xa: 403, xa2: 403, thon: 403, xem: 403, kiemtoan: 403 },
      );
      // A village scope reads as the village's name and commune.
      const list = (await clients.admin.get('/api/users')).json();
      expect(list.find((u: { username: string; scopes: unknown[] }) => u.username === 'thon').scopes).toEqual(
        [
          {
            access: 'write',
            unitCode: null,
            unitValidFrom: null,
            villageId: world.villageA1,
            villageName: 'Thôn Nà Phầy',
            villageCommuneCode: world.communeA,
          },
        ],
      );
    });

    it('the audit is read by administrators, auditors and officers, through what they may see', async () => {
      await matrix((c) => c.get(`/api/audit?householdId=${world.h1}`), {
        admin: 200,
        tinh: 200,
        xa: 200,
        xa2: 404,
        thon: 403,
        xem: 403,
        kiemtoan: 200,
      });
      await matrix((c) => c.get(`/api/audit?unitCode=${world.communeB}`), {
        admin: 200,
        tinh: 200,
        xa: 404,
        xa2: 200,
        thon: 403,
        xem: 403,
        kiemtoan: 200,
      });
      // The auditor of Thái Nguyên browsing without a filter reads its province's entries, not Hà Nội's.
      await recordAudit(getDb(), SYSTEM_ACTOR, {
        action: 'figure.enter',
        entityType: 'entered_figure',
        entityId: 'ha-noi-figure',
        unitCode: '00004',
      });
      await recordAudit(getDb(), SYSTEM_ACTOR, {
        action: 'figure.enter',
        entityType: 'entered_figure',
        entityId: 'commune-b-figure',
        unitCode: world.communeB,
      });
      const auditor = await signedInAs(app, 'kiemtoan');
      const seen = (await auditor.get('/api/audit')).json();
      const ids = seen.rows.map((r: { entityId: string }) => r.entityId);
      expect(ids).toContain('commune-b-figure');
      expect(ids).not.toContain('ha-noi-figure');
      const everything = (await (await signedInAs(app, 'admin')).get('/api/audit')).json();
      expect(everything.rows.map((r: { entityId: string }) => r.entityId)).toContain('ha-noi-figure');
    });

    it('signed out: every API route answers 401 UNAUTHENTICATED', async () => {
      const anon = new Client(app);
      for (const url of [
        `/api/households/${world.h1}`,
        '/api/households?name=th',
        '/api/users',
        '/api/audit',
        '/api/auth/me',
        '/api/units/19',
      ]) {
        const res = await anon.get(url);
        expect(res.statusCode, url).toBe(401);
        expect(res.json().error.code).toBe('UNAUTHENTICATED');
      }
    });
  },
  { cleanup: false },
);
