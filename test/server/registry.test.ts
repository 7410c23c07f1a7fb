// The registry's behaviour: concurrency, duplicates, moves, splits, merges, assessments, audit, bad input.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/db/queries/audit.ts';
import { forEachDatabase } from '../support/databases.ts';
import { buildWorld, signedInAs, testServer, type World, Client } from '../support/server.ts';

type HouseholdView = {
  householdId: string;
  version: number;
  villageId: string;
  address: string | null;
  members: { memberNo: number; fullName: string; nationalId: string | null; leftAt: string | null }[];
  assessments: { class: string; standardId: string; superseded: boolean; explanation: { vi: string } }[];
};

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    let xa: Client;
    beforeAll(async () => {
      world = await buildWorld(getDb());
      app = await testServer(getDb());
      xa = await signedInAs(app, 'xa');
    }, 180_000);
    afterAll(async () => app?.close());

    const read = async (id: string) => (await xa.get(`/api/households/${id}`)).json<HouseholdView>();
    const count = async (sql: string) => (await getDb().query<{ n: number }>(sql))[0]!.n;
    // Read straight from the database: reading through the API is itself an audited act.
    const versionOf = async (id: string) =>
      (
        await getDb().query<{ version: number }>('select version from households where household_id = $1', [
          id,
        ])
      )[0]!.version;

    it('a stale write gets 409 with the current record and what changed since', async () => {
      const start = await read(world.h1);
      const first = await xa.patch(`/api/households/${world.h1}`, {
        version: start.version,
        address: 'Thôn Nà Phầy, nhà số 1',
      });
      expect(first.statusCode).toBe(200);
      const stale = await xa.patch(`/api/households/${world.h1}`, {
        version: start.version,
        address: 'Nhà số 2',
      });
      expect(stale.statusCode).toBe(409);
      const body = stale.json();
      expect(body.error.code).toBe('STALE_VERSION');
      expect(body.error.current.address).toBe('Thôn Nà Phầy, nhà số 1');
      expect(body.error.changes[0]).toMatchObject({
        action: 'household.update',
        after: { address: 'Thôn Nà Phầy, nhà số 1' },
      });
      expect((await read(world.h1)).address).toBe('Thôn Nà Phầy, nhà số 1');
    });

    it('corrects a member, and the audit shows who, what, before and after', async () => {
      const h = await read(world.h1);
      const res = await xa.patch(`/api/households/${world.h1}/members/2`, {
        version: h.version,
        change: { fullName: 'Nông Thị Mây' },
        reason: 'Sai chính tả',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json<HouseholdView>().members.find((m) => m.memberNo === 2)!.fullName).toBe('Nông Thị Mây');
      const audit = (await xa.get(`/api/audit?householdId=${world.h1}`)).json<{
        rows: { action: string; actorName: string; before: unknown; after: unknown; reason: string }[];
      }>();
      expect(audit.rows[0]).toMatchObject({
        action: 'member.update',
        actorName: 'Người dùng xa (xa)',
        before: { fullName: 'Nông Thị Mai' },
        after: { fullName: 'Nông Thị Mây' },
        reason: 'Sai chính tả',
      });
    });

    it('refuses a national ID that another household already has, writing nothing', async () => {
      const before = await count('select count(*)::int as n from households');
      const res = await xa.post('/api/households', {
        villageId: world.villageA2,
        headName: 'Ma Văn Hùng',
        members: [{ fullName: 'Ma Văn Hùng', nationalId: '006080001234' }],
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({
        code: 'DUPLICATE_NATIONAL_ID',
        fields: [{ path: 'body.members.0.nationalId' }],
      });
      expect(await count('select count(*)::int as n from households')).toBe(before);
    });

    it('moves, splits and merges with history', async () => {
      let h2 = await read(world.h2);
      const moved = await xa.post(`/api/households/${world.h2}/move`, {
        version: h2.version,
        toVillageId: world.villageA1,
        reason: 'Chuyển nơi ở',
      });
      expect(moved.statusCode).toBe(200);
      expect(moved.json<HouseholdView>().villageId).toBe(world.villageA1);
      const history = (await xa.get(`/api/households/${world.h2}/history`)).json<{ toVillageId: string }[]>();
      expect(history.map((e) => e.toVillageId)).toEqual([world.villageA2, world.villageA1]);

      h2 = await read(world.h2);
      await xa.post(`/api/households/${world.h2}/members`, {
        version: h2.version,
        member: { fullName: 'Triệu Văn Lâm', dateOfBirth: '2000-01-01' },
      });
      h2 = await read(world.h2);
      const split = await xa.post(`/api/households/${world.h2}/split`, {
        version: h2.version,
        memberNos: [2],
        headName: 'Triệu Văn Lâm',
        reason: 'Lập gia đình riêng',
      });
      expect(split.statusCode).toBe(201);
      const child = split.json<HouseholdView & { splitFrom: string }>();
      expect(child.splitFrom).toBe(world.h2);
      expect(child.members.map((m) => m.fullName)).toEqual(['Triệu Văn Lâm']);
      const parent = await read(world.h2);
      expect(parent.members.find((m) => m.fullName === 'Triệu Văn Lâm')!.leftAt).not.toBeNull();

      const merged = await xa.post(`/api/households/${world.h2}/merge`, {
        version: parent.version,
        fromHouseholdId: child.householdId,
        fromVersion: child.version,
        reason: 'Nhập lại hộ',
      });
      expect(merged.statusCode).toBe(200);
      expect(
        merged
          .json<HouseholdView>()
          .members.filter((m) => !m.leftAt)
          .map((m) => m.fullName),
      ).toEqual(['Triệu Văn Sơn', 'Triệu Văn Lâm']);
      const gone = (await xa.get(`/api/households/${child.householdId}`)).json<{
        dissolvedAt: string;
        mergedInto: string;
      }>();
      expect(gone.mergedInto).toBe(world.h2);
      expect(gone.dissolvedAt).not.toBeNull();
    });

    it('records an assessment from the rule engine, superseding the previous one', async () => {
      const first = await xa.post(`/api/households/${world.h1}/assessments`, {
        standard: 'ND07_2021',
        incomePerCapita: 1_400_000,
        deficits: ['employment', 'water', 'sanitation', 'telecom'],
      });
      expect(first.statusCode).toBe(201);
      const second = await xa.post(`/api/households/${world.h1}/assessments`, {
        reviewYear: 2026,
        incomePerCapita: 1_600_000,
        deficits: ['water'],
      });
      const view = second.json<HouseholdView>();
      expect(view.assessments.map((a) => [a.class, a.superseded])).toEqual([
        ['middle', false],
        ['poor', true],
      ]);
      expect(view.assessments[1]!.explanation.vi).toContain(
        '(NĐ 07/2021/NĐ-CP, Điều 3) và thiếu hụt 4/12 chỉ số (≥ 3) → hộ nghèo',
      );
      const bad = await xa.post(`/api/households/${world.h1}/assessments`, {
        standard: 'ND07_2021',
        incomePerCapita: 1,
        deficits: ['flying'],
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        assessmentError: 'UNKNOWN_INDICATOR',
        fields: [{ path: 'body.deficits' }],
      });
    });

    describe('bad input: a 4xx with the catalogue code, never a 5xx, nothing half-written', () => {
      it.each([
        [
          'malformed JSON',
          () =>
            xa.request('POST', '/api/households', '{"villageId":', { 'content-type': 'application/json' }),
          400,
          'MALFORMED_JSON',
        ],
        [
          'wrong types',
          () => xa.post('/api/households', { villageId: 42, headName: ['x'] }),
          400,
          'VALIDATION_FAILED',
        ],
        ['missing fields', () => xa.post('/api/households', {}), 400, 'VALIDATION_FAILED'],
        ['an id that is not a uuid', () => xa.get('/api/households/not-a-uuid'), 400, 'VALIDATION_FAILED'],
        [
          'an unknown id',
          () => xa.get('/api/households/00000000-0000-4000-8000-000000000000'),
          404,
          'NOT_FOUND',
        ],
        ['an unknown route', () => xa.get('/api/nothing-here'), 404, 'NOT_FOUND'],
        [
          'an oversized body',
          () => xa.post('/api/households', { villageId: world.villageA1, headName: 'x'.repeat(2_000_000) }),
          413,
          'BODY_TOO_LARGE',
        ],
        [
          'an unknown field on a strict body',
          () => xa.patch(`/api/households/${world.h1}`, { version: 1, colour: 'red' }),
          400,
          'VALIDATION_FAILED',
        ],
        [
          'a bad national ID',
          () =>
            xa.post('/api/households', {
              villageId: world.villageA1,
              headName: 'A',
              members: [{ fullName: 'A', nationalId: '12ab' }],
            }),
          400,
          'VALIDATION_FAILED',
        ],
        [
          'a member that does not exist',
          async () =>
            xa.patch(`/api/households/${world.h1}/members/99`, {
              version: await versionOf(world.h1),
              change: { fullName: 'X' },
            }),
          404,
          'NOT_FOUND',
        ],
        [
          'a village outside the scope',
          () => xa.post('/api/households', { villageId: world.villageB1, headName: 'A' }),
          404,
          'NOT_FOUND',
        ],
      ] as const)('%s', async (_name, send, status, code) => {
        const before = await count('select count(*)::int as n from audit_log');
        const res = await send();
        expect(res.statusCode).toBe(status);
        const error = res.json().error;
        expect(error.code).toBe(code);
        expect(error.message.vi.length).toBeGreaterThan(3);
        expect(error.message.en.length).toBeGreaterThan(3);
        expect(await count('select count(*)::int as n from audit_log')).toBe(before);
      });
      it('field errors name the field', async () => {
        const res = await xa.post('/api/households', {
          villageId: world.villageA1,
          headName: '',
          members: [{ fullName: 'A', sex: 'x' }],
        });
        const paths = res.json().error.fields.map((f: { path: string }) => f.path);
        expect(paths).toEqual(expect.arrayContaining(['body.headName', 'body.members.0.sex']));
      });
    });

    it('the audit chain of everything above verifies', async () => {
      const result = await verifyAuditChain(getDb());
      expect(result.ok).toBe(true);
      expect(
        await count(`select count(*)::int as n from audit_log where action = 'personal_data.read'`),
      ).toBeGreaterThan(0);
    });
  },
  { cleanup: false },
);
