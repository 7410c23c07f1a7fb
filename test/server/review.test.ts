// A commune runs one periodic round over HTTP: listing, forms, a meeting under 50 %, posting, a complaint
// that changes a result, recognition, result lists and flows — and the refusals on the way.
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are read as JSON. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadProcedure } from '../../src/rules-loader/load-procedure.ts';
import { actorByUsername } from '../../src/services/actor.ts';
import { importOpeningList } from '../../src/services/opening-list.ts';
import { forEachDatabase } from '../support/databases.ts';
import { buildWorld, signedInAs, testServer, type Client, type World } from '../support/server.ts';

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    let xa: Client;
    let roundId = '';
    let count = 0;
    beforeAll(async () => {
      world = await buildWorld(getDb());
      app = await testServer(getDb());
      xa = await signedInAs(app, 'xa');
    }, 180_000);
    afterAll(async () => app?.close());

    async function step(events: unknown[], expectStatus = 200) {
      const res = await xa.post(`/api/rounds/${roundId}/events`, { expectedCount: count, events });
      expect(res.statusCode, res.body).toBe(expectStatus);
      if (res.statusCode === 200) count = res.json().eventCount;
      return res.json();
    }

    it('runs a whole periodic round', async () => {
      // Before the round, h1 was assessed poor: provisional, not a standing. Its standing is the commune's
      // last recognised list (the opening list, decision 140/QĐ-UBND of 20/12/2025): poor.
      await xa.post(`/api/households/${world.h1}/assessments`, {
        standard: 'ND07_2021',
        incomePerCapita: 1_000_000,
        deficits: ['water', 'sanitation', 'housing_area'],
      });
      const officer = (await actorByUsername(getDb(), 'xa'))!;
      const opening = await importOpeningList(
        getDb(),
        officer,
        {
          communeCode: world.communeA,
          decisionNumber: '140/QĐ-UBND',
          decisionDate: '2025-12-20',
          rows: [{ row: 2, householdId: world.h1, class: 'poor' }],
        },
        { procedure: loadProcedure(), today: '2026-08-30' },
      );
      expect(opening.ok).toBe(true);
      const opened = await xa.post('/api/rounds', {
        communeCode: world.communeA,
        kind: 'periodic',
        year: 2026,
      });
      expect(opened.statusCode, opened.body).toBe(201);
      roundId = opened.json().id;
      expect(opened.json()).toMatchObject({
        startDate: '2026-09-01',
        procedureVersion: 'QD24_2021_TWO_TIER',
        status: 'open',
      });
      expect(
        (await xa.post('/api/rounds', { communeCode: world.communeA, kind: 'periodic', year: 2026 })).json()
          .error.rule,
      ).toBe('round_exists');

      // Opening the periodic round listed the commune's current poor at once (h1, recognised poor).
      expect(opened.json().households.map((h: any) => [h.headName, h.reason])).toEqual([
        ['Hoàng Văn Đức', 'current_poor'],
      ]);
      const auto = await xa.post(`/api/rounds/${roundId}/listing/auto`, {
        expectedCount: opened.json().eventCount,
        date: '2026-09-03',
      });
      count = auto.json().eventCount;
      expect(count).toBe(1);

      await step([
        {
          type: 'list',
          date: '2026-09-04',
          householdId: world.h2,
          reason: 'applicant',
          applicationDate: '2026-08-28',
        },
        { type: 'close_listing', date: '2026-09-07' },
      ]);
      // Form B before form A for the applicant is out of order; nothing of the batch is stored.
      // A class without its deficits cannot be explained nor counted by indicator: refused.
      const bare = await step(
        [{ type: 'survey', date: '2026-09-08', householdId: world.h2, class: 'poor' }],
        400,
      );
      expect(bare.error.fields[0].path).toBe('body.events.0.deficits');
      const refused = await step(
        [{ type: 'survey', date: '2026-09-08', householdId: world.h2, class: 'poor', deficits: ['water'] }],
        422,
      );
      expect(refused.error).toMatchObject({ code: 'RULE_VIOLATION', rule: 'OUT_OF_ORDER' });
      expect(refused.error.message.vi).toContain('Phiếu A');

      const surveyed = await step([
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
      ]);
      expect(surveyed.households.map((h: any) => [h.headName, h.provisionalClass])).toEqual([
        ['Hoàng Văn Đức', 'poor'],
        ['Triệu Văn Sơn', 'near_poor'],
      ]);
      const hh = (await xa.get(`/api/households/${world.h1}`)).json();
      expect(hh.assessments[0]).toMatchObject({ class: 'poor', standardId: 'ND07_2021' });

      // Minutes uploaded and referenced by the meeting.
      const file = await xa.post(`/api/rounds/${roundId}/files`, {
        name: 'Biên bản họp thôn Nà Phầy.pdf',
        mimeType: 'application/pdf',
        contentBase64: Buffer.from('%PDF-1.4 biên bản').toString('base64'),
      });
      expect(file.statusCode).toBe(201);
      const fileId = file.json().fileId;

      // More votes than attendees is refused.
      const tooMany = await step(
        [
          {
            type: 'meeting',
            date: '2026-09-14',
            villageId: world.villageA1,
            attendees: 20,
            votes: [{ householdId: world.h1, agree: 21 }],
          },
        ],
        422,
      );
      expect(tooMany.error.rule).toBe('VOTES_EXCEED_ATTENDEES');

      const met = await step([
        {
          type: 'meeting',
          date: '2026-09-14',
          villageId: world.villageA1,
          attendees: 20,
          votes: [{ householdId: world.h1, agree: 15 }],
          minutesFileId: fileId,
        },
        {
          type: 'meeting',
          date: '2026-09-14',
          villageId: world.villageA2,
          attendees: 20,
          votes: [{ householdId: world.h2, agree: 8 }],
        },
      ]);
      expect(met.households.find((h: any) => h.householdId === world.h2).stage).toBe('resurvey');
      const download = await xa.get(`/api/rounds/${roundId}/files/${fileId}`);
      expect(download.statusCode).toBe(200);
      expect(download.body).toContain('%PDF-1.4');

      await step([
        {
          type: 'survey',
          date: '2026-09-15',
          householdId: world.h2,
          assessment: { incomePerCapita: 1_300_000, deficits: ['water', 'employment'] },
        },
        {
          type: 'meeting',
          date: '2026-09-16',
          villageId: world.villageA2,
          attendees: 24,
          votes: [{ householdId: world.h2, agree: 13 }],
        },
        { type: 'posting_start', date: '2026-09-17', villageId: world.villageA1 },
        { type: 'posting_start', date: '2026-09-17', villageId: world.villageA2 },
      ]);
      const short = await step(
        [{ type: 'posting_end', date: '2026-09-18', villageId: world.villageA1 }],
        422,
      );
      expect(short.error.rule).toBe('POSTING_TOO_SHORT');
      await step([
        { type: 'posting_end', date: '2026-09-21', villageId: world.villageA1 },
        { type: 'posting_end', date: '2026-09-21', villageId: world.villageA2 },
        {
          type: 'complaint',
          date: '2026-09-22',
          householdId: world.h2,
          content: 'Hộ có người ốm dài ngày, thu nhập thấp hơn',
        },
        { type: 'recheck', date: '2026-09-24', householdId: world.h2, class: 'poor', outcome: 'changed' },
      ]);
      const notYet = await step(
        [{ type: 'recognise', date: '2026-09-25', decisionNumber: '215/QĐ-UBND' }],
        422,
      );
      expect(notYet.error.rule).toBe('NOT_READY');
      await step([
        { type: 'posting_start', date: '2026-09-25', villageId: world.villageA2 },
        { type: 'posting_end', date: '2026-09-29', villageId: world.villageA2 },
      ]);
      const noNumber = await step([{ type: 'recognise', date: '2026-09-30', decisionNumber: '' }], 422);
      expect(noNumber.error.rule).toBe('MISSING_DECISION_NUMBER');
      const recognised = await step([
        { type: 'recognise', date: '2026-09-30', decisionNumber: '215/QĐ-UBND' },
      ]);
      expect(recognised).toMatchObject({
        status: 'recognised',
        decisionNumber: '215/QĐ-UBND',
        decisionDate: '2026-09-30',
      });
      expect(recognised.steps.find((s: any) => s.code === 'recognition').complete).toBe(true);

      // The figures are fresh at once: the commune's and the province's roll-ups for 2026.
      const rollups = await getDb().query<{ unit: string; grp: string; households: number; poor: number }>(
        `select unit_code as unit, grp, households, poor from rollups where year = 2026 and standard = 'ND07_2021' order by unit_code, grp`,
      );
      expect(rollups.filter((r) => r.grp === 'all').map((r) => [r.unit, r.households, r.poor])).toEqual([
        [world.communeA, 2, 2],
        ['19', 2, 2],
      ]);
      expect(rollups.find((r) => r.unit === world.communeA && r.grp === 'ethnic_minority')).toMatchObject({
        households: 1,
        poor: 1,
      });

      const poor = (await xa.get(`/api/rounds/${roundId}/results?list=poor`)).json();
      // Lists are by village then name, in Vietnamese order (Khuổi Trả before Nà Phầy).
      expect(poor.rows.map((r: any) => [r.villageName, r.headName, r.transition])).toEqual([
        ['Thôn Khuổi Trả', 'Triệu Văn Sơn', 'new_poor'],
        ['Thôn Nà Phầy', 'Hoàng Văn Đức', 'unchanged'],
      ]);
      const flows = (await xa.get(`/api/rounds/${roundId}/flows`)).json();
      expect(flows.totals.poor).toEqual({
        start: 1,
        movedIn: 0,
        escapedToNearPoor: 0,
        escapedAboveNearPoor: 0,
        movedOut: 0,
        new: 1,
        rePoor: 0,
        end: 2,
      });
      expect(flows.byGroup.ethnic_minority.poor).toMatchObject({ start: 1, end: 1 });
      expect(flows.byIndicator.water).toEqual({ poor: 2, nearPoor: 0 });

      // Frozen: a change needs a reopening with a reason, which is audited.
      const frozen = await step(
        [{ type: 'complaint', date: '2026-10-01', householdId: world.h1, content: 'x' }],
        422,
      );
      expect(frozen.error.rule).toBe('ROUND_FROZEN');
      expect((await step([{ type: 'reopen', date: '2026-10-01', reason: '' }], 422)).error.rule).toBe(
        'MISSING_REASON',
      );
      await step([{ type: 'reopen', date: '2026-10-01', reason: 'Sai số quyết định' }]);
      const audit = (await xa.get(`/api/audit?unitCode=${world.communeA}&entityType=review_round`)).json();
      expect(audit.rows[0]).toMatchObject({ action: 'round.reopen', reason: 'Sai số quyết định' });

      // The village enumerator of Nà Phầy sees the round of its village only: its households, its
      // village's steps and results — nothing of Khuổi Trả — and no round of another commune.
      const thon = await signedInAs(app, 'thon');
      const seen = (await thon.get(`/api/rounds/${roundId}`)).json();
      expect(seen.households.map((h: any) => h.householdId)).toEqual([world.h1]);
      expect(seen.villages.map((v: any) => v.villageId)).toEqual([world.villageA1]);
      expect(seen.steps.find((s: any) => s.code === 'meeting')).toMatchObject({ done: 1, total: 1 });
      const all = (await thon.get(`/api/rounds/${roundId}/results?list=all`)).json();
      expect(all.rows.map((r: any) => r.householdId)).toEqual([world.h1]);
      expect((await thon.get(`/api/rounds?communeCode=${world.communeB}`)).statusCode).toBe(404);
      expect((await thon.get(`/api/rounds?communeCode=${world.communeA}`)).statusCode).toBe(200);
    });

    it('a stale event count is a 409, and another commune’s officer cannot see the round', async () => {
      const stale = await xa.post(`/api/rounds/${roundId}/events`, {
        expectedCount: 1,
        events: [{ type: 'report', date: '2026-10-02' }],
      });
      expect(stale.statusCode).toBe(409);
      const xa2 = await signedInAs(app, 'xa2');
      expect((await xa2.get(`/api/rounds/${roundId}`)).statusCode).toBe(404);
      const xem = await signedInAs(app, 'xem');
      expect((await xem.get(`/api/rounds/${roundId}`)).statusCode).toBe(200);
      expect(
        (
          await xem.post(`/api/rounds/${roundId}/events`, {
            expectedCount: count,
            events: [{ type: 'report', date: '2026-10-02' }],
          })
        ).statusCode,
      ).toBe(403);
    });
  },
  { cleanup: false },
);
