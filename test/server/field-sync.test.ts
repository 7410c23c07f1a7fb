// Issue #13, part 3, on the server: an enumerator's device takes the snapshot of their village, works
// offline, and sends back one entry per household. Entries go through the registry's use cases (scope,
// rules, audit); a field also changed on the server meanwhile goes to the conflict queue, where the commune
// officer keeps one side per field; a re-sent entry is not applied twice.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { loadProcedure } from '../../src/rules-loader/load-procedure.ts';
import { actorByUsername } from '../../src/services/actor.ts';
import { openReviewRound } from '../../src/services/rounds.ts';
import { forEachDatabase } from '../support/databases.ts';
import { buildWorld, signedInAs, testServer, type Client, type World } from '../support/server.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- answers are read as JSON. */
forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    let thon: Client;
    let xa: Client;
    let snapshot: any;

    const household = (id: string) => snapshot.households.find((h: any) => h.householdId === id);
    const auditOf = async (action: string) =>
      getDb().query<{ before: any; after: any; actorName: string }>(
        `select before, after, actor_name as "actorName" from audit_log where action = $1 order by seq`,
        [action],
      );

    beforeAll(async () => {
      world = await buildWorld(getDb());
      app = await testServer(getDb());
      thon = await signedInAs(app, 'thon');
      xa = await signedInAs(app, 'xa');
    });

    it('gives the enumerator their own village only, with members, rules and the current standard', async () => {
      const res = await thon.get('/api/field/snapshot');
      expect(res.statusCode).toBe(200);
      snapshot = res.json();
      expect(snapshot.villages.map((v: any) => v.villageId)).toEqual([world.villageA1]);
      expect(snapshot.villages[0]).toMatchObject({ communeCode: world.communeA, write: true });
      expect(snapshot.households.map((h: any) => h.householdId)).toEqual([world.h1]);
      expect(household(world.h1).members.map((m: any) => m.fullName)).toEqual([
        'Hoàng Văn Đức',
        'Nông Thị Mai',
      ]);
      expect(household(world.h1).members[0].nationalId).toBe('006080001234');
      expect(snapshot.standard).toBe('ND07_2021');
      expect(snapshot.rules.indicators.data.length).toBeGreaterThan(5);
      expect(JSON.stringify(snapshot).length).toBeLessThan(5_000_000);
      // Another village of the same commune is not theirs to take.
      expect((await thon.get(`/api/field/snapshot?villages=${world.villageA2}`)).statusCode).toBe(404);
      const officer = await xa.get(`/api/field/snapshot?villages=${world.villageA2}`);
      expect(officer.json().households.map((h: any) => h.householdId)).toEqual([world.h2]);
      expect((await xa.get('/api/field/snapshot')).statusCode).toBe(400);
      expect((await auditOf('field.snapshot')).length).toBe(2);
    });

    it('creates a household made offline with its members and Phiếu B, once even when sent twice', async () => {
      const change = {
        changeId: randomUUID(),
        localId: 'device-1',
        householdId: null,
        villageId: world.villageA1,
        baseVersion: null,
        household: { base: null, values: { headName: 'Lò Văn Pao', address: 'Bản trên' } },
        members: [
          { memberNo: null, localNo: 'n1', base: null, values: { fullName: 'Lò Văn Pao', sex: 'male' } },
          { memberNo: null, localNo: 'n2', base: null, values: { fullName: 'Lò Thị Dua', sex: 'female' } },
        ],
        assessment: {
          baseAssessmentId: null,
          standard: 'ND07_2021',
          surveyDate: '2026-11-20',
          incomePerCapita: 1_200_000,
          deficits: ['water', 'sanitation', 'telecom'],
        },
        changedAt: '2026-11-20T09:30:00+07:00',
      };
      const first = await thon.post('/api/field/sync', { deviceId: 'phone-1', changes: [change] });
      expect(first.statusCode).toBe(200);
      const [outcome] = first.json().outcomes;
      expect(outcome).toMatchObject({
        status: 'applied',
        localId: 'device-1',
        conflictId: null,
        error: null,
      });
      expect(outcome.household.members.map((m: any) => m.fullName)).toEqual(['Lò Văn Pao', 'Lò Thị Dua']);
      expect(outcome.household.latestAssessment).toMatchObject({ class: 'poor', incomePerCapita: 1_200_000 });
      const again = await thon.post('/api/field/sync', { deviceId: 'phone-1', changes: [change] });
      expect(again.json().outcomes[0].householdId).toBe(outcome.householdId);
      const [{ n }] = (await getDb().query<{ n: number }>(
        `select count(*)::int as n from households where head_name = 'Lò Văn Pao'`,
      )) as [{ n: number }];
      expect(n).toBe(1);
      // Created through the registry's use cases: their audit entries are there.
      expect((await auditOf('household.create')).some((a) => a.after.headName === 'Lò Văn Pao')).toBe(true);
      expect((await auditOf('assessment.create')).length).toBeGreaterThan(0);
    });

    it('applies what only the device changed and queues what both changed for the commune officer', async () => {
      const h1 = household(world.h1);
      // Meanwhile at the commune office: the address is corrected and a Phiếu B recorded.
      const patched = await xa.patch(`/api/households/${world.h1}`, {
        version: h1.version,
        address: 'Số 9, Nà Phầy',
      });
      expect(patched.statusCode).toBe(200);
      const recorded = await xa.post(`/api/households/${world.h1}/assessments`, {
        standard: 'ND07_2021',
        surveyDate: '2026-11-19',
        incomePerCapita: 1_400_000,
        deficits: ['water'],
      });
      expect(recorded.statusCode).toBe(201);
      const change = {
        changeId: randomUUID(),
        localId: world.h1,
        householdId: world.h1,
        villageId: world.villageA1,
        baseVersion: h1.version,
        household: {
          base: { address: h1.address, ethnicity: h1.ethnicity },
          values: { address: 'Số 5, Nà Phầy', ethnicity: 'Nùng' },
        },
        members: [
          { memberNo: 2, localNo: '2', base: { phone: '0912345678' }, values: { phone: '0987654321' } },
        ],
        assessment: {
          baseAssessmentId: null,
          standard: 'ND07_2021',
          surveyDate: '2026-11-20',
          incomePerCapita: 1_100_000,
          deficits: ['water', 'sanitation', 'telecom'],
        },
        changedAt: '2026-11-20T10:00:00+07:00',
      };
      const res = await thon.post('/api/field/sync', { deviceId: 'phone-1', changes: [change] });
      const [outcome] = res.json().outcomes;
      expect(outcome.status).toBe('conflict');
      // Applied: the ethnicity and the phone, which nobody else touched.
      expect(outcome.household).toMatchObject({ ethnicity: 'Nùng', address: 'Số 9, Nà Phầy' });
      expect(outcome.household.members[1].phone).toBe('0987654321');
      expect(outcome.household.openConflictId).toBe(outcome.conflictId);
      // Queued: the address and the Phiếu B answers, with both sides.
      const queue = (await xa.get('/api/sync-conflicts')).json();
      expect(queue).toHaveLength(1);
      expect(queue[0]).toMatchObject({ householdId: world.h1, raisedBy: 'thon', headName: 'Hoàng Văn Đức' });
      const paths = Object.fromEntries(queue[0].fields.map((f: any) => [f.path, f]));
      expect(Object.keys(paths).sort()).toEqual([
        'assessment.deficits',
        'assessment.incomePerCapita',
        'household.address',
      ]);
      expect(paths['household.address']).toMatchObject({ device: 'Số 5, Nà Phầy', server: 'Số 9, Nà Phầy' });
      expect(paths['assessment.incomePerCapita']).toMatchObject({ device: 1_100_000, server: 1_400_000 });
      // Another commune's officer does not see it.
      expect((await (await signedInAs(app, 'xa2')).get('/api/sync-conflicts')).json()).toEqual([]);
    });

    it('lets the officer keep one side per field, applying the device’s through the use cases, audited with both', async () => {
      const [conflict] = (await xa.get('/api/sync-conflicts')).json();
      // The enumerator whose changes are in question may not settle them.
      const byThon = await thon.post(`/api/sync-conflicts/${conflict.conflictId}/resolve`, {
        choices: { 'household.address': 'server' },
      });
      expect(byThon.statusCode).toBe(403);
      const partial = await xa.post(`/api/sync-conflicts/${conflict.conflictId}/resolve`, {
        choices: { 'household.address': 'server' },
      });
      expect(partial.statusCode).toBe(400);
      expect(
        partial
          .json()
          .error.fields.map((f: any) => f.path)
          .sort(),
      ).toEqual(['body.choices.assessment.deficits', 'body.choices.assessment.incomePerCapita']);
      const res = await xa.post(`/api/sync-conflicts/${conflict.conflictId}/resolve`, {
        choices: {
          'household.address': 'server',
          'assessment.incomePerCapita': 'device',
          'assessment.deficits': 'device',
        },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'resolved', resolvedBy: 'xa' });
      const view = (await xa.get(`/api/households/${world.h1}`)).json();
      expect(view.address).toBe('Số 9, Nà Phầy');
      const current = view.assessments.find((a: any) => !a.superseded);
      expect(current).toMatchObject({ incomePerCapita: '1100000', class: 'poor' });
      const [audit] = await auditOf('sync.conflict_resolve');
      expect(audit!.before['household.address']).toEqual({
        device: 'Số 5, Nà Phầy',
        server: 'Số 9, Nà Phầy',
      });
      expect(audit!.after['assessment.incomePerCapita']).toEqual({ kept: 'device', value: 1_100_000 });
      expect(audit!.actorName).toContain('xa');
      const again = await xa.post(`/api/sync-conflicts/${conflict.conflictId}/resolve`, {
        choices: { 'household.address': 'server' },
      });
      expect(again.statusCode).toBe(422);
      expect((await xa.get('/api/sync-conflicts')).json()).toEqual([]);
      expect((await xa.get('/api/sync-conflicts?status=resolved')).json()).toHaveLength(1);
    });

    it('refuses, with the error and nothing written, an entry outside the enumerator’s villages', async () => {
      const res = await thon.post('/api/field/sync', {
        deviceId: 'phone-1',
        changes: [
          {
            changeId: randomUUID(),
            localId: 'device-2',
            householdId: null,
            villageId: world.villageA2,
            baseVersion: null,
            household: { base: null, values: { headName: 'Hộ ở thôn khác' } },
            changedAt: '2026-11-20T11:00:00+07:00',
          },
          {
            changeId: randomUUID(),
            localId: world.h2,
            householdId: world.h2,
            villageId: world.villageA2,
            baseVersion: 1,
            household: { base: { address: null }, values: { address: 'x' } },
            changedAt: '2026-11-20T11:00:00+07:00',
          },
        ],
      });
      expect(res.statusCode).toBe(200);
      const outcomes = res.json().outcomes;
      expect(outcomes.map((o: any) => o.status)).toEqual(['rejected', 'rejected']);
      expect(outcomes[0].error.code).toBe('NOT_FOUND');
      expect(outcomes[0].error.fields[0].path).toBe('body.villageId');
      expect(outcomes[1].error.code).toBe('NOT_FOUND');
      expect(outcomes[1].household).toBeNull();
      const [{ n }] = (await getDb().query<{ n: number }>(
        `select count(*)::int as n from households where head_name = 'Hộ ở thôn khác'`,
      )) as [{ n: number }];
      expect(n).toBe(0);
      const bad = await thon.post('/api/field/sync', {
        deviceId: 'phone-1',
        changes: [{ changeId: 'nope', localId: 'x', householdId: null, villageId: world.villageA1 }],
      });
      expect(bad.statusCode).toBe(400);
    });

    it('says where each household stands in the commune’s open review round', async () => {
      const before = (await thon.get('/api/field/snapshot')).json();
      expect(before.rounds).toEqual([]);
      expect(before.households.every((h: any) => h.round === null)).toBe(true);
      const round = await openReviewRound(
        getDb(),
        (await actorByUsername(getDb(), 'xa'))!,
        {
          communeCode: world.communeA,
          kind: 'regular',
          year: 2026,
          month: 11,
          applications: [{ householdId: world.h1, applicationDate: '2026-11-10' }],
        },
        { procedure: loadProcedure(), today: '2026-11-15' },
      );
      const after = (await thon.get('/api/field/snapshot')).json();
      expect(after.rounds).toEqual([
        expect.objectContaining({ roundId: round.id, communeCode: world.communeA, kind: 'regular' }),
      ]);
      const listed = after.households.find((h: any) => h.householdId === world.h1);
      expect(listed.round).toMatchObject({ roundId: round.id, stage: 'listed', surveyClass: null });
      expect(after.households.find((h: any) => h.householdId !== world.h1).round).toBeNull();
    });
  },
  { cleanup: false },
);
