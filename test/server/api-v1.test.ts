// The versioned API for other systems (issue #13, part 6; docs/api-v1.md), called with personal API tokens as a
// province's data warehouse or the ministry's system would: a unit's figures for a year, its households a page
// at a time after a cursor (no duplicates, bounded pages, no personal data for any role, only a village user's
// own villages), a round's results, and an assessment pushed with a write token — refused to a read token,
// audited with the token — with bad input named by field.
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are read as JSON. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { households } from '../../src/db/index.ts';
import { forEachDatabase } from '../support/databases.ts';
import { buildWorld, signedInAs, testServer, type Client, type World } from '../support/server.ts';

/** The national IDs and the phone number the world's members hold (test/support/server.ts). */
const PERSONAL = ['006080001234', '006180005678', '006080009999', '006180004444', '0912345678'];
/** The fields of a listed household, and no other: the search's, with no national ID, phone or income. */
const HOUSEHOLD_FIELDS = [
  'address',
  'communeCode',
  'communeName',
  'decisionDate',
  'decisionNumber',
  'headName',
  'householdId',
  'memberCount',
  'provisionalClass',
  'recognisedClass',
  'version',
  'villageId',
  'villageName',
];

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    let xa: Client;
    let roundId = '';
    /** Households of communeA by village, the world's and six more. */
    const inA1: string[] = [];
    const inA2: string[] = [];
    const tokens: Record<string, { token: string; tokenId: string }> = {};

    const bearer = (
      token: string,
      method: 'GET' | 'POST',
      url: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) =>
      app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
    const get = (who: string, url: string) => bearer(tokens[who]!.token, 'GET', url);

    /** Every household of a unit, page by page: the ids in order and the pages' sizes. */
    async function allPages(who: string, unit: string, limit: number, extra = '') {
      const ids: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      for (let guard = 0; guard < 50; guard++) {
        const res = await get(
          who,
          `/api/v1/units/${unit}/households?limit=${limit}${extra}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json();
        sizes.push(page.households.length);
        ids.push(...page.households.map((h: any) => h.householdId));
        cursor = page.nextCursor;
        if (!cursor) return { ids, sizes };
      }
      throw new Error('the cursor never ended');
    }

    beforeAll(async () => {
      world = await buildWorld(getDb());
      app = await testServer(getDb());
      xa = await signedInAs(app, 'xa');
      inA1.push(world.h1);
      inA2.push(world.h2);
      for (const [i, villageId] of [
        world.villageA1,
        world.villageA2,
        world.villageA1,
        world.villageA2,
        world.villageA1,
        world.villageA1,
      ].entries()) {
        const h = await households.createHousehold(getDb(), {
          villageId,
          headName: `Chủ hộ thử ${i + 1}`,
          since: '2026-01-01',
          members: [{ fullName: `Chủ hộ thử ${i + 1}`, sex: 'female', dateOfBirth: '1970-01-01', facts: {} }],
        });
        (villageId === world.villageA1 ? inA1 : inA2).push(h.householdId);
      }
      // Derived figures of 2025 for the two communes, as recognition would have left them.
      for (const [code, n, poor, near] of [
        [world.communeA, 400, 120, 40],
        [world.communeB, 300, 30, 30],
      ] as const)
        await getDb().query(
          `insert into rollups (unit_code, unit_valid_from, year, standard, grp, households, poor, near_poor, communes)
           values ($1, '2025-07-01', 2025, 'ND07_2021', 'all', $2, $3, $4, 1)`,
          [code, n, poor, near],
        );
      const tinh = await signedInAs(app, 'tinh');
      const entered = await tinh.post('/api/figures', {
        unitCode: '19',
        year: 2025,
        standard: 'ND07_2021',
        group: 'all',
        poorRate: 10.5,
        source: 'Báo cáo tỉnh năm 2025 (ví dụ)',
      });
      expect(entered.statusCode, entered.body).toBe(201);

      // A round of communeA recognised: Hoàng Văn Đức (villageA1) stays poor, Triệu Văn Sơn (villageA2) is new.
      const opened = await xa.post('/api/rounds', {
        communeCode: world.communeA,
        kind: 'periodic',
        year: 2026,
      });
      expect(opened.statusCode, opened.body).toBe(201);
      roundId = opened.json().id;
      const steps = await xa.post(`/api/rounds/${roundId}/events`, {
        expectedCount: opened.json().eventCount,
        events: [
          { type: 'list', date: '2026-09-03', householdId: world.h1, reason: 'current_poor' },
          {
            type: 'list',
            date: '2026-09-04',
            householdId: world.h2,
            reason: 'applicant',
            applicationDate: '2026-08-28',
          },
          { type: 'close_listing', date: '2026-09-07' },
          { type: 'screen', date: '2026-09-08', householdId: world.h2, passed: true },
          {
            type: 'survey',
            date: '2026-09-10',
            householdId: world.h1,
            assessment: {
              incomePerCapita: 1_200_000,
              deficits: ['water', 'sanitation', 'housing_area', 'telecom'],
            },
          },
          {
            type: 'survey',
            date: '2026-09-10',
            householdId: world.h2,
            assessment: { incomePerCapita: 1_300_000, deficits: ['water'] },
          },
          ...[world.villageA1, world.villageA2].flatMap((villageId, i) => [
            {
              type: 'meeting',
              date: '2026-09-14',
              villageId,
              attendees: 20,
              votes: [{ householdId: i === 0 ? world.h1 : world.h2, agree: 15 }],
            },
            { type: 'posting_start', date: '2026-09-17', villageId },
            { type: 'posting_end', date: '2026-09-21', villageId },
          ]),
          { type: 'recognise', date: '2026-09-30', decisionNumber: '215/QĐ-UBND' },
        ],
      });
      expect(steps.statusCode, steps.body).toBe(200);

      for (const [who, access] of [
        ['xa', 'read'],
        ['xa', 'write'],
        ['xem', 'read'],
        ['thon', 'read'],
        ['thon', 'write'],
      ] as const) {
        const c = await signedInAs(app, who);
        const res = await c.post('/api/tokens', { name: `Hệ thống ${who} ${access}`, access });
        expect(res.statusCode, res.body).toBe(201);
        tokens[`${who}-${access}`] = res.json();
      }
    }, 240_000);
    afterAll(async () => app?.close());

    describe('GET /api/v1/units/{code}/figures', () => {
      it('gives a unit’s derived and entered figures for the year and its communes’ figures', async () => {
        const res = await get('xem-read', '/api/v1/units/19/figures?year=2025');
        expect(res.statusCode, res.body).toBe(200);
        // The rate of use (docs/api-v1.md) applies, counted per token.
        expect(res.headers['x-ratelimit-limit']).toBe('600');
        expect(Number(res.headers['x-ratelimit-remaining'])).toBeLessThan(600);
        const body = res.json();
        expect(body).toMatchObject({ unitCode: '19', year: 2025, group: 'all' });
        expect(body.figures).toContainEqual(
          expect.objectContaining({
            standard: 'ND07_2021',
            derived: false,
            poorRate: 10.5,
            source: 'Báo cáo tỉnh năm 2025 (ví dụ)',
          }),
        );
        expect(body.children.map((c: any) => [c.unitCode, c.households, c.poor, c.poorRate])).toEqual([
          [world.communeA, 400, 120, 30],
          [world.communeB, 300, 30, 10],
        ]);
        const commune = (await get('xa-read', `/api/v1/units/${world.communeA}/figures?year=2025`)).json();
        expect(commune.figures).toEqual([
          expect.objectContaining({ derived: true, households: 400, poor: 120, nearPoor: 40, poorRate: 30 }),
        ]);
        expect(commune.children).toEqual([]);
      });

      it('answers 404 outside the read scope and 400 naming the year', async () => {
        expect((await get('xa-read', `/api/v1/units/${world.communeB}/figures?year=2025`)).statusCode).toBe(
          404,
        );
        expect((await get('thon-read', `/api/v1/units/${world.communeA}/figures?year=2025`)).statusCode).toBe(
          404,
        );
        for (const url of ['/api/v1/units/19/figures', '/api/v1/units/19/figures?year=1999']) {
          const bad = await get('xem-read', url);
          expect(bad.statusCode).toBe(400);
          expect(bad.json().error.code).toBe('VALIDATION_FAILED');
          expect(bad.json().error.fields.map((f: any) => f.path)).toEqual(['querystring.year']);
          expect(bad.json().error.message).toEqual({ vi: expect.any(String), en: expect.any(String) });
        }
        const code = await get('xem-read', '/api/v1/units/ab/figures?year=2025');
        expect(code.statusCode).toBe(400);
        expect(code.json().error.fields[0].path).toBe('params.code');
      });
    });

    describe('GET /api/v1/units/{code}/households', () => {
      it('pages through a commune by cursor: every household once, in id order, pages bounded by limit', async () => {
        const { ids, sizes } = await allPages('xa-read', world.communeA, 3);
        const expected = [...inA1, ...inA2].sort();
        expect(ids).toEqual(expected);
        expect(new Set(ids).size).toBe(ids.length);
        expect(sizes).toEqual([3, 3, 2]);
        // One page of all of them: no cursor after it.
        const one = (await get('xa-read', `/api/v1/units/${world.communeA}/households?limit=1000`)).json();
        expect(one.households.map((h: any) => h.householdId)).toEqual(expected);
        expect(one.nextCursor).toBeNull();
        expect(one.unit).toEqual({ code: world.communeA, name: expect.any(String), level: 'commune' });
        // The default page is 100.
        expect(
          (await get('xa-read', `/api/v1/units/${world.communeA}/households`)).json().households,
        ).toHaveLength(8);
      });

      it('gives each household its recognised class, and filters by it', async () => {
        const page = (await get('xa-read', `/api/v1/units/${world.communeA}/households?limit=1000`)).json();
        const byId = new Map(page.households.map((h: any) => [h.householdId, h]));
        expect(byId.get(world.h1)).toMatchObject({
          headName: 'Hoàng Văn Đức',
          recognisedClass: 'poor',
          decisionNumber: '215/QĐ-UBND',
          decisionDate: '2026-09-30',
        });
        expect(byId.get(inA1[1]!)).toMatchObject({ recognisedClass: null, decisionNumber: null });
        const poor = await allPages('xa-read', world.communeA, 1, '&status=poor');
        expect(poor.ids).toEqual([world.h1]);
        const bad = await get('xa-read', `/api/v1/units/${world.communeA}/households?status=rich`);
        expect(bad.statusCode).toBe(400);
        expect(bad.json().error.fields.map((f: any) => f.path)).toEqual(['querystring.status']);
      });

      it('refuses a page over 1000, an empty page and a cursor it did not give, naming the field', async () => {
        for (const [query, field] of [
          ['limit=1001', 'querystring.limit'],
          ['limit=0', 'querystring.limit'],
          ['limit=abc', 'querystring.limit'],
          ['cursor=not-a-cursor', 'querystring.cursor'],
          [`cursor=${Buffer.from('1; drop table households').toString('base64url')}`, 'querystring.cursor'],
        ]) {
          const res = await get('xa-read', `/api/v1/units/${world.communeA}/households?${query}`);
          expect(res.statusCode, query).toBe(400);
          expect(res.json().error.code).toBe('VALIDATION_FAILED');
          expect(
            res.json().error.fields.map((f: any) => f.path),
            query,
          ).toEqual([field]);
          expect(res.json().error.fields[0].message.vi).toBeTruthy();
        }
      });

      it('lists a province for a viewer with no national ID, phone or income, as for an officer', async () => {
        const res = await get('xem-read', '/api/v1/units/19/households?limit=1000');
        expect(res.statusCode, res.body).toBe(200);
        const rows = res.json().households;
        expect(rows.map((h: any) => h.householdId).sort()).toEqual([...inA1, ...inA2, world.h3].sort());
        for (const h of rows) expect(Object.keys(h).sort()).toEqual(HOUSEHOLD_FIELDS);
        for (const secret of PERSONAL) expect(res.body).not.toContain(secret);
        // The officer, who may see personal data on a household's page, gets no more in the list.
        const officer = await get('xa-read', `/api/v1/units/${world.communeA}/households?limit=1000`);
        for (const secret of PERSONAL) expect(officer.body).not.toContain(secret);
        // The viewer's page of a household masks them: the list is never more than that page.
        const one = (await get('xem-read', `/api/households/${world.h1}`)).json();
        expect(one.personalDataMasked).toBe(true);
        expect(one.members[0].nationalId).toBe('*********234');
      });

      it('gives a village user’s token only their village’s households, whatever the unit asked', async () => {
        const own = [...inA1].sort();
        expect((await allPages('thon-read', world.communeA, 2)).ids).toEqual(own);
        expect((await allPages('thon-read', '19', 1000)).ids).toEqual(own);
        const body = (await get('thon-read', `/api/v1/units/${world.communeA}/households?limit=1000`)).body;
        for (const h of [...inA2, world.h3]) expect(body).not.toContain(h);
        expect(body).not.toContain('Triệu Văn Sơn');
        // Another commune, a commune officer’s other commune, a unit that does not exist: not found.
        expect((await get('thon-read', `/api/v1/units/${world.communeB}/households`)).statusCode).toBe(404);
        expect((await get('xa-read', `/api/v1/units/${world.communeB}/households`)).statusCode).toBe(404);
        expect((await get('xa-read', '/api/v1/units/19/households')).statusCode).toBe(404);
        expect((await get('xa-read', '/api/v1/units/99999/households')).statusCode).toBe(404);
      });
    });

    describe('GET /api/v1/rounds/{id}/results', () => {
      it('gives the recognised round’s results, and a village user only their village’s', async () => {
        const res = await get('xa-read', `/api/v1/rounds/${roundId}/results`);
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json();
        expect(body.round).toMatchObject({
          roundId,
          communeCode: world.communeA,
          kind: 'periodic',
          year: 2026,
          status: 'recognised',
          decisionNumber: '215/QĐ-UBND',
          decisionDate: '2026-09-30',
        });
        const byId = new Map(body.households.map((h: any) => [h.householdId, h]));
        expect([...byId.keys()].sort()).toEqual([world.h1, world.h2].sort());
        expect(byId.get(world.h1)).toMatchObject({
          headName: 'Hoàng Văn Đức',
          villageId: world.villageA1,
          finalClass: 'poor',
          deficits: expect.arrayContaining(['water']),
        });
        const poor = (await get('xa-read', `/api/v1/rounds/${roundId}/results?list=poor`)).json();
        expect(poor.households.every((h: any) => h.finalClass === 'poor')).toBe(true);

        const village = (await get('thon-read', `/api/v1/rounds/${roundId}/results`)).json();
        expect(village.households.map((h: any) => h.householdId)).toEqual([world.h1]);
        expect((await get('xa-read', `/api/v1/rounds/${world.h1}/results`)).statusCode).toBe(404);
        const bad = await get('xa-read', '/api/v1/rounds/42/results');
        expect(bad.statusCode).toBe(400);
        expect(bad.json().error.fields[0].path).toBe('params.roundId');
      });
    });

    describe('POST /api/v1/households/{id}/assessments', () => {
      const answers = { standard: 'ND07_2021', incomePerCapita: 2_500_000, deficits: ['water'] };
      const assessmentsOf = async (h: string) =>
        (
          await getDb().query<{ n: number }>(
            `select count(*)::int as n from assessments where household_id = $1`,
            [h],
          )
        )[0]!.n;

      it('is refused to a read token (403) and records nothing', async () => {
        const before = await assessmentsOf(inA1[1]!);
        const res = await bearer(
          tokens['xa-read']!.token,
          'POST',
          `/api/v1/households/${inA1[1]}/assessments`,
          answers,
        );
        expect(res.statusCode).toBe(403);
        expect(res.json().error.message.en).toMatch(/read-only/);
        expect(await assessmentsOf(inA1[1]!)).toBe(before);
      });

      it('records with a write token, classified by the rule book, audited as the user with the token', async () => {
        const { token, tokenId } = tokens['xa-write']!;
        const res = await bearer(token, 'POST', `/api/v1/households/${inA1[1]}/assessments`, {
          ...answers,
          surveyDate: '2026-11-20',
        });
        expect(res.statusCode, res.body).toBe(201);
        const body = res.json();
        expect(body).toMatchObject({
          householdId: inA1[1],
          recognisedClass: null,
          assessment: {
            standard: 'ND07_2021',
            surveyDate: '2026-11-20',
            deficits: ['water'],
            deficitCount: 1,
          },
        });
        expect(['poor', 'near_poor', 'middle', 'not_poor']).toContain(body.assessment.class);
        expect(body.assessment.explanation.vi).toBeTruthy();
        const audit = await getDb().query<{
          action: string;
          actorId: string;
          entityId: string;
          after: any;
        }>(
          `select action, actor_id as "actorId", entity_id as "entityId", "after" from audit_log
           where (action = 'assessment.create' and entity_id = $1) or (action = 'token.use' and entity_id = $2)
           order by action desc`,
          [body.assessment.assessmentId, tokenId],
        );
        // The token's use (its id, the method and route) and the change, both by the token's user.
        expect(audit.map((a) => [a.action, a.actorId])).toEqual([
          ['token.use', world.userIds.xa],
          ['assessment.create', world.userIds.xa],
        ]);
        expect(audit[0]!.after).toEqual({
          method: 'POST',
          route: '/api/v1/households/:householdId/assessments',
        });
        expect(audit[1]!.after).toMatchObject({ standard: 'ND07_2021', class: body.assessment.class });
        // The household's page shows it, as recorded from the web.
        const page = (await xa.get(`/api/households/${inA1[1]}`)).json();
        expect(page.assessments[0].assessmentId).toBe(body.assessment.assessmentId);
      });

      it('keeps the token user’s scope: another commune or another village is not found', async () => {
        const other = await bearer(
          tokens['xa-write']!.token,
          'POST',
          `/api/v1/households/${world.h3}/assessments`,
          answers,
        );
        expect(other.statusCode).toBe(404);
        const village = await bearer(
          tokens['thon-write']!.token,
          'POST',
          `/api/v1/households/${world.h2}/assessments`,
          answers,
        );
        expect(village.statusCode).toBe(404);
        const own = await bearer(
          tokens['thon-write']!.token,
          'POST',
          `/api/v1/households/${world.h1}/assessments`,
          answers,
        );
        expect(own.statusCode, own.body).toBe(201);
        expect(await assessmentsOf(world.h3)).toBe(0);
      });

      it('answers bad input with 400 naming the field', async () => {
        const url = `/api/v1/households/${inA1[2]}/assessments`;
        const { token } = tokens['xa-write']!;
        for (const [body, field] of [
          [{ ...answers, incomePerCapita: -1 }, 'body.incomePerCapita'],
          [{ ...answers, surveyDate: '2026-13-40' }, 'body.surveyDate'],
          [{ ...answers, deficits: 'water' }, 'body.deficits'],
          [{ ...answers, standard: 'NO_SUCH_STANDARD' }, 'body.standard'],
        ] as const) {
          const res = await bearer(token, 'POST', url, body);
          expect(res.statusCode, JSON.stringify(body)).toBe(400);
          expect(res.json().error.code).toBe('VALIDATION_FAILED');
          expect(res.json().error.fields.map((f: any) => f.path)).toContain(field);
        }
        const notJson = await app.inject({
          method: 'POST',
          url,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          payload: '{"standard":',
        });
        expect(notJson.statusCode).toBe(400);
        expect(notJson.json().error.code).toBe('MALFORMED_JSON');
        expect(notJson.json().error.message.vi).toBeTruthy();
        expect(await assessmentsOf(inA1[2]!)).toBe(0);
      });
    });

    it('answers 401 in both languages without a token or with a wrong one', async () => {
      const none = await app.inject({ method: 'GET', url: `/api/v1/units/${world.communeA}/households` });
      expect(none.statusCode).toBe(401);
      const wrong = await bearer(
        `gn_000000000000_${'A'.repeat(43)}`,
        'GET',
        '/api/v1/units/19/figures?year=2025',
      );
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().error.message).toEqual({ vi: expect.any(String), en: expect.any(String) });
    });

    it('documents the v1 routes under their own tag', async () => {
      const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      const v1 = Object.entries<any>(doc.paths)
        .filter(([p]) => p.startsWith('/api/v1/'))
        .flatMap(([p, ops]) =>
          Object.entries<any>(ops).map(([m, op]) => [`${m.toUpperCase()} ${p}`, op.tags]),
        );
      expect(v1).toEqual([
        ['GET /api/v1/units/{code}/figures', ['v1']],
        ['GET /api/v1/units/{code}/households', ['v1']],
        ['GET /api/v1/rounds/{roundId}/results', ['v1']],
        ['POST /api/v1/households/{householdId}/assessments', ['v1']],
      ]);
    });
  },
  { cleanup: false },
);
