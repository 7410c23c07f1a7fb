// Programme money over HTTP, per role and scope: plans, adjustments at dates, payments, carry-over, the
// disbursement summary with its sentence, the allocation preview and the counterpart check — audited.
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are read as JSON. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { searchAudit } from '../../src/db/queries/audit.ts';
import { forEachDatabase } from '../support/databases.ts';
import { buildWorld, signedInAs, testServer, type Client, type World } from '../support/server.ts';

const ROLES = ['admin', 'tinh', 'xa', 'xa2', 'thon', 'xem', 'kiemtoan'] as const;
type Who = (typeof ROLES)[number];
const TY = 1_000_000_000;

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    const c = {} as Record<Who, Client>;
    let provinceLine = '';
    beforeAll(async () => {
      world = await buildWorld(getDb());
      app = await testServer(getDb());
      for (const r of ROLES) c[r] = await signedInAs(app, r);
    }, 180_000);
    afterAll(async () => app?.close());

    it('records plan lines within the write scope, with finance.write only', async () => {
      const projects = ['HP2.ND2', 'HP1.ND2', 'HP2.ND1', 'HP2.ND2', 'HP1.ND2', 'HP2.ND1', 'HP2.ND2'];
      const sources = [
        'central_investment',
        'central_investment',
        'central_investment',
        'central_recurrent',
        'central_recurrent',
        'central_recurrent',
        'people',
      ];
      const got = {} as Record<Who, number>;
      for (const [i, r] of ROLES.entries()) {
        const res = await c[r].post('/api/finance/plans', {
          unit: world.communeA,
          year: 2026,
          project: projects[i],
          source: sources[i],
          amountVnd: 2 * TY,
          decision: `QĐ ${i + 1}/QĐ-UBND`,
          decisionDate: '2026-01-15',
        });
        got[r] = res.statusCode;
      }
      expect(got).toEqual({ admin: 201, tinh: 201, xa: 201, xa2: 404, thon: 403, xem: 403, kiemtoan: 403 });
      const res = await c.tinh.post('/api/finance/plans', {
        unit: '19',
        year: 2026,
        project: 'hp2.nd2',
        source: 'central_investment',
        amountVnd: '100000000000',
        decision: 'QĐ 100/QĐ-UBND',
        decisionDate: '2026-01-10',
      });
      expect(res.statusCode, res.body).toBe(201);
      provinceLine = res.json().id;
      expect(res.json()).toMatchObject({
        unitCode: '19',
        unitValidFrom: '2025-07-01',
        project: 'HP2.ND2',
        planVnd: 100 * TY,
        rate: 0,
      });
      // The same line again, a project of another period, a negative amount.
      expect(
        (
          await c.tinh.post('/api/finance/plans', {
            unit: '19',
            year: 2026,
            project: 'HP2.ND2',
            source: 'central_investment',
            amountVnd: 1,
            decision: 'x',
          })
        ).statusCode,
      ).toBe(422);
      expect(
        (
          await c.tinh.post('/api/finance/plans', {
            unit: '19',
            year: 2026,
            project: 'DA1',
            source: 'central_investment',
            amountVnd: 1,
            decision: 'x',
          })
        ).statusCode,
      ).toBe(400);
      expect(
        (
          await c.tinh.post('/api/finance/plans', {
            unit: '19',
            year: 2026,
            project: 'HP1.ND2',
            source: 'people',
            amountVnd: -1,
            decision: 'x',
          })
        ).statusCode,
      ).toBe(400);
      expect(
        (
          await c.tinh.post('/api/finance/plans', {
            unit: '19',
            year: 2026,
            project: 'HP1.ND2',
            source: 'people',
            amountVnd: 1.5,
            decision: 'x',
          })
        ).statusCode,
      ).toBe(400);
    });

    it("lets Thái Nguyên's officers record Bắc Kạn's history (units merged whole), not a commune's", async () => {
      const body = {
        unit: '060',
        year: 2024,
        project: 'DA1.TDA1',
        source: 'central_investment',
        amountVnd: 232_180_000_000,
        decision: 'QĐ 2102/QĐ-UBND',
      };
      expect((await c.xa.post('/api/finance/plans', body)).statusCode).toBe(404);
      const res = await c.tinh.post('/api/finance/plans', body);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({
        unitCode: '060',
        unitValidFrom: '1900-01-01',
        unitName: 'Huyện Pác Nặm',
      });
      expect((await c.tinh.post('/api/finance/plans', { ...body, unit: '060', year: 2026 })).statusCode).toBe(
        404,
      );
    });

    it('keeps adjustments one by one and gives the plan at any date', async () => {
      const adjust = (amountVnd: number, decisionDate: string, who: Who = 'tinh') =>
        c[who].post(`/api/finance/plans/${provinceLine}/adjustments`, {
          decision: `QĐ ${decisionDate}`,
          decisionDate,
          amountVnd,
          reason: 'điều chỉnh',
        });
      expect((await adjust(20 * TY, '2026-06-15')).statusCode).toBe(201);
      expect((await adjust(-30 * TY, '2026-09-01')).statusCode).toBe(201);
      // A commune officer cannot even see the province's line; a viewer sees it but may not change it.
      expect((await adjust(5 * TY, '2026-10-01', 'xa')).statusCode).toBe(404);
      expect((await adjust(5 * TY, '2026-10-01', 'xem')).statusCode).toBe(403);
      const at = async (d: string) => (await c.xem.get(`/api/finance/plans/${provinceLine}?at=${d}`)).json();
      expect((await at('2026-01-09')).planVnd).toBe(0);
      expect((await at('2026-06-14')).planVnd).toBe(100 * TY);
      expect((await at('2026-07-01')).planVnd).toBe(120 * TY);
      const late = await at('2026-09-01');
      expect(late.planVnd).toBe(90 * TY);
      expect(late.history.map((h: any) => [h.date, h.changeVnd / TY, h.planVnd / TY])).toEqual([
        ['2026-01-10', 100, 100],
        ['2026-06-15', 20, 120],
        ['2026-09-01', -30, 90],
      ]);
      expect((await c.xa2.get(`/api/finance/plans/${provinceLine}`)).statusCode).toBe(404);
    });

    it('records payments within the plan and its year; refuses the rest with the rule', async () => {
      const pay = (amountVnd: number, date: string, who: Who = 'tinh') =>
        c[who].post('/api/finance/payments', {
          planLineId: provinceLine,
          date,
          amountVnd,
          decision: `UNC ${date}`,
        });
      const ok = await pay(50 * TY, '2026-05-31');
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json()).toMatchObject({ disbursedVnd: 50 * TY, planVnd: 90 * TY, rate: 55.56 });
      const over = await pay(40 * TY + 1, '2026-10-01');
      expect(over.statusCode).toBe(422);
      expect(over.json().error).toMatchObject({ code: 'RULE_VIOLATION', rule: 'exceeds_plan' });
      const outside = await pay(1 * TY, '2027-01-05');
      expect(outside.json().error.rule).toBe('date_outside_year');
      expect((await pay(1 * TY, '2026-10-01', 'thon')).statusCode).toBe(403);
      // A cut below what was paid is refused too.
      const cut = await c.tinh.post(`/api/finance/plans/${provinceLine}/adjustments`, {
        decision: 'QĐ cắt',
        decisionDate: '2026-11-01',
        amountVnd: -41 * TY,
      });
      expect(cut.json().error.rule).toBe('below_disbursed');
      const list = await c.kiemtoan.get(`/api/finance/payments?planLineId=${provinceLine}`);
      expect(list.json().map((p: any) => [p.date, p.amountVnd])).toEqual([['2026-05-31', 50 * TY]]);
    });

    it('carries unspent funds into the next year, where payments are then allowed', async () => {
      const created = await c.tinh.post('/api/finance/plans', {
        unit: '19',
        year: 2025,
        project: 'DA4.TDA3',
        source: 'central_recurrent',
        amountVnd: 10 * TY,
        decision: 'QĐ 2025',
      });
      expect(created.statusCode, created.body).toBe(201);
      // 2025 plans of code 19 belong to the Thái Nguyên of 1 January 2025.
      expect(created.json().unitValidFrom).toBe('1900-01-01');
      const id = created.json().id;
      expect(
        (
          await c.tinh.post('/api/finance/payments', {
            planLineId: id,
            date: '2025-12-01',
            amountVnd: 4 * TY,
            decision: 'UNC a',
          })
        ).statusCode,
      ).toBe(201);
      expect(
        (
          await c.tinh.post('/api/finance/payments', {
            planLineId: id,
            date: '2026-02-01',
            amountVnd: TY,
            decision: 'UNC b',
          })
        ).statusCode,
      ).toBe(422);
      const carried = await c.tinh.post(`/api/finance/plans/${id}/carry-over`, {
        decision: 'QĐ chuyển nguồn',
        decisionDate: '2026-01-10',
      });
      expect(carried.statusCode, carried.body).toBe(201);
      expect(carried.json()).toMatchObject({ carriedVnd: 6 * TY, carriedTo: 2026 });
      expect(
        (
          await c.tinh.post(`/api/finance/plans/${id}/carry-over`, {
            decision: 'again',
            decisionDate: '2026-01-11',
          })
        ).json().error.rule,
      ).toBe('already_carried');
      expect(
        (
          await c.tinh.post('/api/finance/payments', {
            planLineId: id,
            date: '2026-02-01',
            amountVnd: TY,
            decision: 'UNC b',
          })
        ).statusCode,
      ).toBe(201);
    });

    it('summarises disbursement at a date with the sentence, within the read scope', async () => {
      const url = '/api/finance/disbursement?unit=19&from=2026&to=2026&at=2026-11-22';
      const res = await c.xem.get(url);
      expect(res.statusCode, res.body).toBe(200);
      const s = res.json();
      // Commune 01864: three lines of 2 tỷ; province: 90 tỷ in force, 50 paid.
      expect([s.planVnd, s.disbursedVnd, s.rate]).toEqual([96 * TY, 50 * TY, 52.08]);
      expect(s.sentence.vi).toBe(
        'Tính đến hết ngày 22/11/2026, tỉnh đã thực hiện giải ngân được 50/96 tỷ đồng, đạt 52,08% kế hoạch.',
      );
      expect(s.byUnit[0]).toMatchObject({ unit: '19', own: true, planVnd: 90 * TY });
      expect(s.byUnit.find((b: any) => b.unit === world.communeA)).toMatchObject({
        planVnd: 6 * TY,
        disbursedVnd: 0,
        rate: 0,
      });
      expect(s.warnings.length).toBeGreaterThan(0);
      // Warnings name the source in words, in each language, never by its code.
      for (const w of s.warnings) {
        expect(w.message.vi).toMatch(/Vốn |ngân sách/);
        expect(`${w.message.vi} ${w.message.en}`).not.toMatch(/central_|local_counterpart|policy_credit/);
      }
      expect((await c.xa2.get(url)).statusCode).toBe(404);
      expect(
        (await c.xa.get(`/api/finance/disbursement?unit=${world.communeA}&at=2026-11-22`)).json().planVnd,
      ).toBe(6 * TY);
      expect((await c.xem.get('/api/finance/disbursement?unit=98&at=2026-11-22')).statusCode).toBe(404);
      const lines = await c.xem.get('/api/finance/plans?unit=19&from=2024&to=2026&at=2026-11-22');
      expect(lines.json().map((l: any) => l.unitCode)).toEqual([
        '060',
        '19',
        '01864',
        '01864',
        '01864',
        '19',
      ]);
    });

    it('previews an allocation by coefficients with the working, parts summing exactly', async () => {
      const res = await c.xem.post('/api/finance/allocation/preview', {
        unit: '19',
        year: 2026,
        source: 'central_investment',
        amountVnd: 1_000_000_000,
        at: '2026-11-22',
        children: [
          { unit: world.communeA, categories: ['zone_iii', 'border'], extremelyDifficultVillages: 3 },
          { unit: world.communeB, categories: ['zone_ii'] },
          { unit: '05443', coefficient: 30 },
        ].filter((x, i, all) => all.findIndex((y) => y.unit === x.unit) === i),
      });
      expect(res.statusCode, res.body).toBe(200);
      const r = res.json();
      expect(r.lines.reduce((s: number, l: any) => s + l.amountVnd, 0)).toBe(1_000_000_000);
      expect(r.lines[0]).toMatchObject({ unit: world.communeA, coefficient: 53 });
      expect(r.lines[0].working.vi).toContain(
        'hệ số 50 (Xã khu vực III, cao nhất trong zone_iii, border) + 3 thôn đặc biệt khó khăn × 1 = 53',
      );
      const wrong = await c.xem.post('/api/finance/allocation/preview', {
        unit: '19',
        year: 2026,
        source: 'central_investment',
        amountVnd: 1000,
        children: [{ unit: '01867', coefficient: 1 }],
      });
      expect(wrong.statusCode).toBe(422);
      expect(wrong.json().error.message.en).toContain('01867 is not directly under Tỉnh Thái Nguyên (19)');
    });

    it('serves the year’s commune-criteria coefficients from the rules, or none for a year without a set', async () => {
      const res = await c.xa.get('/api/finance/allocation/coefficients?year=2027');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().set).toMatchObject({
        id: 'NQ257_2026_2030',
        citation:
          'Nghị quyết 257/2025/QH15; Quyết định 16/2026/QĐ-TTg ngày 15/4/2026 (tiêu chí, định mức phân bổ — chưa đối chiếu)',
        verified: false,
        villageCoefficient: 1,
      });
      expect(res.json().set.categories).toContainEqual({
        code: 'zone_iii',
        name: { vi: 'Xã khu vực III', en: 'Zone III commune' },
        coefficient: 50,
      });
      expect((await c.xa.get('/api/finance/allocation/coefficients?year=2024')).json()).toEqual({
        year: 2024,
        set: null,
      });
      expect((await c.xa.get('/api/finance/allocation/coefficients?year=20x')).statusCode).toBe(400);
    });

    it('checks the counterpart share, saying the province has not set its minimum', async () => {
      const res = await c.kiemtoan.get('/api/finance/counterpart?unit=19&from=2026&to=2026&at=2026-11-22');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'parameter_missing',
        centralVnd: 96 * TY,
        counterpartVnd: 0,
        minimum: null,
      });
      expect(res.json().message.vi).toContain(
        'Chưa có tỷ lệ vốn đối ứng tối thiểu của Tỉnh Thái Nguyên (19) cho 2026',
      );
      expect(
        (await c.xa.get(`/api/finance/counterpart?unit=${world.communeA}&at=2026-11-22`)).statusCode,
      ).toBe(422);
    });

    it('audits every change in the hash chain', async () => {
      const { rows } = await searchAudit(getDb(), {
        entityType: 'finance_plan_line',
        page: 1,
        pageSize: 100,
      });
      const actions = rows.map((r) => r.action);
      expect(actions.filter((a) => a === 'finance.plan.create')).toHaveLength(6);
      expect(actions.filter((a) => a === 'finance.plan.adjust')).toHaveLength(2);
      expect(actions.filter((a) => a === 'finance.payment.create')).toHaveLength(3);
      expect(actions.filter((a) => a === 'finance.plan.carry_over')).toHaveLength(1);
      const adjust = rows.find((r) => r.action === 'finance.plan.adjust')!;
      expect(adjust.after).toMatchObject({ amount: expect.stringMatching(/^-?\d+$/) });
    });
  },
  { cleanup: false },
);
