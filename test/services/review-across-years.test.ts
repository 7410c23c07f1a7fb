// A commune over years, on both engines (issue #12): an opening list, a monthly decision, a periodic round
// that opens with the whole current list and refuses recognition while a listed household is neither
// reviewed nor accounted for, a household moved to another commune (moved out here, moved in there), a
// merged household, the recorded Phiếu B used as the round's survey, and a return to poverty — with the
// flows and the figures checked against totals computed by hand at each step.
import { beforeAll, describe, expect, it } from 'vitest';
import { households as householdsDb, registry, type Database } from '../../src/db/index.ts';
import { balances } from '../../src/domain/review/flows.ts';
import { loadProcedure } from '../../src/rules-loader/load-procedure.ts';
import { actorByUsername, type Actor } from '../../src/services/actor.ts';
import { recordAssessment } from '../../src/services/assessments.ts';
import { householdView } from '../../src/services/household-view.ts';
import { searchHouseholds } from '../../src/services/households.ts';
import { importOpeningList } from '../../src/services/opening-list.ts';
import { currentList } from '../../src/services/review-rounds.ts';
import {
  getRound,
  openReviewRound,
  recordRoundEvents,
  roundFlows,
  surveyFromRecorded,
  type RoundView,
} from '../../src/services/rounds.ts';
import type { SentRoundEvent } from '../../src/server/contract/round-event.ts';
import { forEachDatabase } from '../support/databases.ts';
import { book } from '../support/rules.ts';
import { buildWorld, type World } from '../support/server.ts';

const procedure = loadProcedure();
const POOR_DEFICITS = ['water', 'sanitation', 'housing_area'];

// One journey: the steps build on each other, so the tables are kept between them.
forEachDatabase(
  (getDb) => {
    let db: Database;
    let world: World;
    let xa: Actor;
    let xa2: Actor;
    const hh: Record<string, string> = {};

    const ctx = (today: string) => ({ procedure, today, book });

    async function step(round: RoundView, events: SentRoundEvent[], today: string, who = xa) {
      return recordRoundEvents(
        db,
        who,
        { roundId: round.id, expectedCount: round.eventCount, events },
        ctx(today),
      );
    }

    /** A village meeting agreeing every listed household of the village, then a four-working-day posting. */
    async function meetAndPost(
      round: RoundView,
      villageId: string,
      ids: string[],
      from: string,
      to: string,
      who = xa,
    ) {
      round = await step(
        round,
        [
          {
            type: 'meeting',
            date: from,
            villageId,
            attendees: 20,
            votes: ids.map((householdId) => ({ householdId, agree: 15 })),
          },
        ],
        from,
        who,
      );
      return step(
        round,
        [
          { type: 'posting_start', date: from, villageId },
          { type: 'posting_end', date: to, villageId },
        ],
        to,
        who,
      );
    }

    async function rollup(unit: string, year: number) {
      const [r] = await db.query<{ households: number; poor: number; nearPoor: number }>(
        `select households, poor, near_poor as "nearPoor" from rollups
       where unit_code = $1 and year = $2 and standard = 'ND07_2021' and grp = 'all'`,
        [unit, year],
      );
      return r;
    }

    beforeAll(async () => {
      db = getDb();
      world = await buildWorld(db);
      xa = (await actorByUsername(db, 'xa'))!;
      xa2 = (await actorByUsername(db, 'xa2'))!;
      const make = async (key: string, headName: string) => {
        const h = await householdsDb.createHousehold(db, {
          villageId: world.villageA1,
          headName,
          since: '2020-01-01',
          members: [{ fullName: headName, sex: 'male', facts: {} }],
        });
        hh[key] = h.householdId;
      };
      // A, B, C, F, G poor and D near-poor on the opening list; E applies in March; H is never poor.
      for (const [k, n] of [
        ['A', 'Hà Văn An'],
        ['B', 'Lường Văn Bình'],
        ['C', 'Ma Thị Cúc'],
        ['D', 'Nông Văn Dũng'],
        ['E', 'Đàm Thị Én'],
        ['F', 'Lục Văn Phúc'],
        ['G', 'Hoàng Thị Giang'],
        ['H', 'Vi Văn Hải'],
      ])
        await make(k!, n!);
    }, 180_000);

    describe('a commune over two years', () => {
      it('starts from the opening list: the current list is what was recognised, not what was assessed', async () => {
        const refused = await importOpeningList(
          db,
          xa,
          {
            communeCode: world.communeA,
            decisionNumber: '140/QĐ-UBND',
            decisionDate: '2025-12-20',
            rows: [
              { row: 2, householdId: hh.A!, class: 'poor' },
              { row: 3, headName: 'Không Có Ai', villageName: 'Thôn Nà Phầy', class: 'poor' },
            ],
          },
          { procedure, today: '2026-01-05' },
        );
        expect(refused.ok).toBe(false);
        expect(!refused.ok && refused.errors.map((e) => [e.row, e.column])).toEqual([[3, 'headName']]);
        // Nothing was written: the commune has no standing at all yet.
        expect(
          await currentList(
            db,
            { communeCode: world.communeA, communeValidFrom: '2025-07-01' },
            '2026-01-05',
          ),
        ).toEqual([]);

        const opening = await importOpeningList(
          db,
          xa,
          {
            communeCode: world.communeA,
            decisionNumber: '140/QĐ-UBND',
            decisionDate: '2025-12-20',
            rows: [
              { row: 2, householdId: hh.A!, class: 'poor' },
              // By the head's name and village, accents and case aside.
              { row: 3, headName: 'luong van binh', villageName: 'THÔN NÀ PHẦY', class: 'poor' },
              { row: 4, householdId: hh.C!, class: 'poor' },
              { row: 5, householdId: hh.D!, class: 'near_poor' },
              { row: 6, householdId: hh.F!, class: 'poor' },
              { row: 7, householdId: hh.G!, class: 'poor' },
            ],
          },
          { procedure, today: '2026-01-05' },
        );
        expect(opening).toMatchObject({ ok: true, poor: 5, nearPoor: 1 });
        const list = await currentList(
          db,
          { communeCode: world.communeA, communeValidFrom: '2025-07-01' },
          '2026-01-05',
        );
        expect(list.length).toBe(6);
        // An assessment is provisional: it does not change the standing.
        await recordAssessment(
          db,
          xa,
          {
            householdId: hh.H!,
            answers: {
              standard: 'ND07_2021',
              incomePerCapita: 900_000,
              deficits: POOR_DEFICITS,
              surveyDate: '2026-01-10',
            } as never,
          },
          { book, today: '2026-01-10' },
        );
        const h = await householdView(db, xa, hh.H!, '2026-01-10');
        expect(h.standing).toMatchObject({ recognised: null, provisional: { class: 'poor' } });
        // Search shows the recognised class as the status, the provisional one beside it.
        const found = await searchHouseholds(
          db,
          xa,
          { communeCode: world.communeA, page: 1, pageSize: 50 } as never,
          '2026-01-10',
        );
        const row = (id: string) => found.rows.find((r) => r.householdId === id);
        expect(row(hh.H!)).toMatchObject({ status: null, provisionalClass: 'poor' });
        expect(row(hh.A!)).toMatchObject({
          status: 'poor',
          decisionNumber: '140/QĐ-UBND',
          decisionDate: '2025-12-20',
          provisionalClass: null,
        });
        const poorOnes = await searchHouseholds(
          db,
          xa,
          { communeCode: world.communeA, status: 'poor', page: 1, pageSize: 50 } as never,
          '2026-01-10',
        );
        expect(poorOnes.total).toBe(5);
        const a = await householdView(db, xa, hh.A!, '2026-01-10');
        expect(a.standing.recognised).toMatchObject({
          class: 'poor',
          decisionNumber: '140/QĐ-UBND',
          decisionDate: '2025-12-20',
        });
      });

      it('a monthly decision (Điều 5) starts from an application and changes the list at once', async () => {
        await expect(
          openReviewRound(
            db,
            xa,
            { communeCode: world.communeA, kind: 'regular', year: 2026, month: 3 },
            ctx('2026-03-15'),
          ),
        ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        let r = await openReviewRound(
          db,
          xa,
          {
            communeCode: world.communeA,
            kind: 'regular',
            year: 2026,
            month: 3,
            applications: [{ householdId: hh.E!, applicationDate: '2026-03-12' }],
          },
          ctx('2026-03-15'),
        );
        expect(r.decisionDue).toBe('2026-03-30');
        expect(r.households.map((x) => [x.headName, x.reason])).toEqual([['Đàm Thị Én', 'applicant']]);
        r = await step(
          r,
          [
            { type: 'close_listing', date: '2026-03-16' },
            { type: 'screen', date: '2026-03-16', householdId: hh.E!, passed: true },
            {
              type: 'survey',
              date: '2026-03-17',
              householdId: hh.E!,
              class: 'poor',
              deficits: POOR_DEFICITS,
            },
          ],
          '2026-03-17',
        );
        r = await meetAndPost(r, world.villageA1, [hh.E!], '2026-03-19', '2026-03-24');
        r = await step(
          r,
          [{ type: 'recognise', date: '2026-03-25', decisionNumber: '31/QĐ-UBND' }],
          '2026-03-25',
        );
        expect(r.status).toBe('recognised');
        const flows = await roundFlows(db, xa, r.id, ctx('2026-03-25'));
        expect(flows.totals.poor).toMatchObject({ start: 0, new: 1, end: 1 });
        expect(flows.byIndicator.water).toEqual({ poor: 1, nearPoor: 0 });
        const list = await currentList(
          db,
          { communeCode: world.communeA, communeValidFrom: '2025-07-01' },
          '2026-03-26',
        );
        expect(list.map((x) => x.householdId)).toContain(hh.E!);
      });

      it('the periodic round lists the whole current list and refuses recognition until each is accounted for', async () => {
        // F moves to the other commune in June; G is merged into H during the round.
        const f = (await registry.getRegistryHousehold(db, hh.F!))!;
        await registry.moveHousehold(db, {
          householdId: hh.F!,
          version: f.version,
          toVillageId: world.villageB1,
          effective: '2026-06-10',
          reason: 'Chuyển khẩu sang xã khác',
        });
        let r = await openReviewRound(
          db,
          xa,
          { communeCode: world.communeA, kind: 'periodic', year: 2026 },
          ctx('2026-09-01'),
        );
        const listed = Object.fromEntries(r.households.map((x) => [x.householdId, x.reason]));
        expect(listed).toEqual({
          [hh.A!]: 'current_poor',
          [hh.B!]: 'current_poor',
          [hh.C!]: 'current_poor',
          [hh.D!]: 'current_near_poor',
          [hh.E!]: 'current_poor',
          [hh.G!]: 'current_poor',
        });
        // No step is "done" for want of events.
        expect(r.steps.map((s) => [s.code, s.state])).toEqual([
          ['listing', 'pending'],
          ['survey', 'pending'],
          ['meeting', 'pending'],
          ['posting', 'pending'],
          ['complaints', 'pending'],
          ['recognition', 'pending'],
          ['reporting', 'pending'],
        ]);
        r = await step(r, [{ type: 'close_listing', date: '2026-09-02' }], '2026-09-02');
        // A's Phiếu B recorded from the household page is the round's survey: used, not retyped.
        await recordAssessment(
          db,
          xa,
          {
            householdId: hh.A!,
            answers: {
              standard: 'ND07_2021',
              incomePerCapita: 5_000_000,
              deficits: [],
              surveyDate: '2026-09-03',
            } as never,
          },
          { book, today: '2026-09-03' },
        );
        const used = await surveyFromRecorded(
          db,
          xa,
          { roundId: r.id, expectedCount: r.eventCount, date: '2026-09-08' },
          ctx('2026-09-08'),
        );
        expect(used.applied).toBe(1);
        r = used;
        expect(r.households.find((x) => x.householdId === hh.A!)?.survey?.assessmentId).toBeTruthy();
        r = await step(
          r,
          [
            {
              type: 'survey',
              date: '2026-09-09',
              householdId: hh.B!,
              class: 'poor',
              deficits: POOR_DEFICITS,
            },
            {
              type: 'survey',
              date: '2026-09-09',
              householdId: hh.C!,
              class: 'near_poor',
              deficits: ['water'],
            },
            {
              type: 'survey',
              date: '2026-09-09',
              householdId: hh.D!,
              class: 'poor',
              deficits: POOR_DEFICITS,
            },
            {
              type: 'survey',
              date: '2026-09-09',
              householdId: hh.E!,
              class: 'poor',
              deficits: POOR_DEFICITS,
            },
          ],
          '2026-09-09',
        );
        // G is neither reviewed nor accounted for: recognition is refused, naming the household.
        const early = step(r, [{ type: 'recognise', date: '2026-09-10', decisionNumber: 'x' }], '2026-09-10');
        await expect(early).rejects.toMatchObject({ error: { code: 'NOT_READY' } });
        await expect(early).rejects.toSatisfy((e: { error: { message: { vi: string } } }) =>
          e.error.message.vi.includes('Hoàng Thị Giang'),
        );
        // An account the registry does not support is refused; after the merger is recorded, it is accepted.
        const account: SentRoundEvent = {
          type: 'account',
          date: '2026-09-10',
          householdId: hh.G!,
          outcome: 'merged',
          effective: '2026-09-05',
          record: 'Biên bản sáp nhập hộ số 3/BB',
        };
        await expect(step(r, [account], '2026-09-10')).rejects.toMatchObject({ code: 'RULE_VIOLATION' });
        const [g, h] = [
          (await registry.getRegistryHousehold(db, hh.G!))!,
          (await registry.getRegistryHousehold(db, hh.H!))!,
        ];
        await registry.mergeHouseholds(db, {
          intoId: hh.H!,
          intoVersion: h.version,
          fromId: hh.G!,
          fromVersion: g.version,
          effective: '2026-09-05',
          reason: 'Sáp nhập hộ',
        });
        r = await step(r, [account], '2026-09-10');
        r = await meetAndPost(
          r,
          world.villageA1,
          [hh.A!, hh.B!, hh.C!, hh.D!, hh.E!],
          '2026-09-21',
          '2026-09-24',
        );
        expect(r.steps.find((s) => s.code === 'complaints')?.state).toBe('none');
        expect(r.steps.find((s) => s.code === 'posting')?.state).toBe('done');
        r = await step(
          r,
          [{ type: 'recognise', date: '2026-09-30', decisionNumber: '201/QĐ-UBND' }],
          '2026-09-30',
        );

        // Start 6 poor (A, B, C, F, G from the opening list, E from March) and 1 near-poor (D).
        // A escapes above near-poor, C to near-poor, D falls into poverty, G merged and F moved out.
        const flows = await roundFlows(db, xa, r.id, ctx('2026-09-30'));
        expect(flows.totals.poor).toEqual({
          start: 6,
          movedIn: 0,
          escapedToNearPoor: 1,
          escapedAboveNearPoor: 1,
          movedOut: 2,
          new: 1,
          rePoor: 0,
          end: 3,
        });
        expect(flows.totals.nearPoor).toEqual({
          start: 1,
          movedIn: 0,
          toPoor: 1,
          escaped: 0,
          movedOut: 0,
          new: 1,
          fromPoor: 1,
          end: 1,
        });
        expect(balances(flows.totals)).toBe(true);
        // Deficits reach the results: B, D and E lack water; C (near-poor) too.
        expect(flows.byIndicator.water).toEqual({ poor: 3, nearPoor: 1 });
        // The year's figures count every household living in the commune by its standing: A–E, H and the
        // world's two; poor B, D, E and near-poor C (the 2025 poor did not vanish, they were reviewed).
        expect(await rollup(world.communeA, 2026)).toEqual({ households: 8, poor: 3, nearPoor: 1 });
        const view = await getRound(db, xa, r.id, ctx('2026-09-30'));
        expect(view.steps.find((s) => s.code === 'recognition')?.state).toBe('done');
      });

      it('the household that moved counts as moved in where it lives now', async () => {
        let r = await openReviewRound(
          db,
          xa2,
          { communeCode: world.communeB, kind: 'periodic', year: 2026 },
          ctx('2026-09-01'),
        );
        expect(r.households.map((x) => [x.headName, x.reason])).toEqual([['Lục Văn Phúc', 'current_poor']]);
        r = await step(
          r,
          [
            { type: 'close_listing', date: '2026-09-02' },
            {
              type: 'survey',
              date: '2026-09-09',
              householdId: hh.F!,
              class: 'poor',
              deficits: POOR_DEFICITS,
            },
          ],
          '2026-09-09',
          xa2,
        );
        r = await meetAndPost(r, world.villageB1, [hh.F!], '2026-09-21', '2026-09-24', xa2);
        r = await step(
          r,
          [{ type: 'recognise', date: '2026-10-05', decisionNumber: '77/QĐ-UBND' }],
          '2026-10-05',
          xa2,
        );
        const flows = await roundFlows(db, xa2, r.id, ctx('2026-10-05'));
        expect(flows.totals.poor).toMatchObject({ start: 0, movedIn: 1, new: 0, end: 1 });
        expect(balances(flows.totals)).toBe(true);
        // B's figures: F and the world's h3.
        expect(await rollup(world.communeB, 2026)).toEqual({ households: 2, poor: 1, nearPoor: 0 });
        // A's figures are unchanged by B's decision.
        expect(await rollup(world.communeA, 2026)).toEqual({ households: 8, poor: 3, nearPoor: 1 });
      });

      it('a household that escaped and falls back is re-poor, and the standing changes at the decision', async () => {
        let r = await openReviewRound(
          db,
          xa,
          {
            communeCode: world.communeA,
            kind: 'regular',
            year: 2026,
            month: 11,
            applications: [{ householdId: hh.A!, applicationDate: '2026-11-13' }],
          },
          ctx('2026-11-15'),
        );
        r = await step(
          r,
          [
            { type: 'close_listing', date: '2026-11-16' },
            { type: 'screen', date: '2026-11-16', householdId: hh.A!, passed: true },
            {
              type: 'survey',
              date: '2026-11-17',
              householdId: hh.A!,
              class: 'poor',
              deficits: POOR_DEFICITS,
            },
          ],
          '2026-11-17',
        );
        r = await meetAndPost(r, world.villageA1, [hh.A!], '2026-11-18', '2026-11-23');
        const before = await householdView(db, xa, hh.A!, '2026-11-23');
        expect(before.standing.recognised?.decisionNumber).toBe('201/QĐ-UBND');
        expect(['poor', 'near_poor']).not.toContain(before.standing.recognised?.class);
        // Escaped by decision 201 of 30/09/2026: newly escaped (hộ mới thoát nghèo) from that day on.
        const months = procedure.newlyEscaped.months.value;
        expect(before.newlyEscaped).toEqual({ since: '2026-09-30', months });
        expect((await householdView(db, xa, hh.A!, '2026-09-29')).newlyEscaped).toBeNull();
        r = await step(
          r,
          [{ type: 'recognise', date: '2026-11-24', decisionNumber: '250/QĐ-UBND' }],
          '2026-11-24',
        );
        const flows = await roundFlows(db, xa, r.id, ctx('2026-11-24'));
        expect(flows.transitions[hh.A!]).toBe('re_poor');
        expect(flows.totals.poor).toMatchObject({ new: 1, rePoor: 1 });
        const after = await householdView(db, xa, hh.A!, '2026-11-24');
        expect(after.standing.recognised).toMatchObject({ class: 'poor', decisionNumber: '250/QĐ-UBND' });
        // Poor again: no longer newly escaped, though the escape was within the months.
        expect(after.newlyEscaped).toBeNull();
        const list = await currentList(
          db,
          { communeCode: world.communeA, communeValidFrom: '2025-07-01' },
          '2026-11-25',
        );
        expect(list.map((x) => x.householdId).sort()).toEqual([hh.A!, hh.B!, hh.C!, hh.D!, hh.E!].sort());
      });
    });
  },
  { cleanup: false },
);
