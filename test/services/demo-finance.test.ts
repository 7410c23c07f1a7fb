// The demo's money and works: plan lines 2023–2026 summed by hand, the Pác Nặm bridge handed over to Bằng Thành
// with its history, a production project with demo households, outputs, every decision marked "(mẫu)".
import { beforeAll, expect, it } from 'vitest';
import { searchAudit, verifyAuditChain } from '../../src/db/queries/audit.ts';
import { participantsOf } from '../../src/db/queries/production-projects.ts';
import { seedDemo } from '../../src/services/demo-data.ts';
import { disbursementReport } from '../../src/services/finance.ts';
import { financeTiles } from '../../src/services/finance-tiles.ts';
import { ensureReferenceData } from '../../src/services/reference-data.ts';
import { forEachDatabase } from '../support/databases.ts';
import { book } from '../support/rules.ts';

const TY = 1_000_000_000n;

forEachDatabase(
  (getDb) => {
    beforeAll(async () => {
      await ensureReferenceData(getDb());
      // How long the demo takes is printed, not asserted (speed is measured in bench/, never in tests).
      const t0 = Date.now();
      await seedDemo(getDb(), { ruleBook: book, householdsPerVillage: 1 });
      console.log(`[${getDb().kind}] demo seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }, 300_000);

    it('sums the demo plans and payments of former Bắc Kạn by hand', async () => {
      // 2023: 12 + 18 + 180 + 30 + 20 + 60 + 25 + 5 = 350 tỷ, 95 % of each line paid by 10 December.
      const r2023 = await disbursementReport(getDb(), { unit: '06', from: 2023, to: 2023, at: '2023-12-31' });
      expect(r2023.plan).toBe(350n * TY);
      expect(r2023.disbursed).toBe(332_500_000_000n);
      expect(r2023.sentence.vi).toBe(
        'Tính đến hết ngày 31/12/2023, tỉnh đã thực hiện giải ngân được 332,5/350 tỷ đồng, đạt 95,00% kế hoạch.',
      );
      // 2025: 14 + 22 + 200 + 32 + 20 + 60 + 27 + 5 = 380 tỷ, less 5 tỷ (Ba Bể, 1/6/2025) = 375 tỷ in force.
      const r2025 = await disbursementReport(getDb(), { unit: '06', from: 2025, to: 2025, at: '2025-06-30' });
      expect(r2025.plan).toBe(375n * TY);
      // Paid by 30/6: 25 % of the 380 tỷ first allocated.
      expect(r2025.disbursed).toBe(95n * TY);
      const decisions = await getDb().query<{ n: number }>(
        `select count(*)::int as n from finance_plan_lines where decision not like '%(mẫu)%'`,
      );
      expect(decisions[0]!.n).toBe(0);
    });

    it('hands the Pác Nặm bridge over to Bằng Thành, and fills the tiles of today', async () => {
      const [bridge] = await getDb().query<{
        id: string;
        investor_original: string;
        investor_changed_on: string;
      }>(`select id, investor_original, investor_changed_on from works where name like 'Cầu treo%'`);
      expect(bridge!.investor_original).toMatch(/huyện Pác Nặm \(mẫu\)/);
      expect(bridge!.investor_changed_on).toBe('2025-07-01');
      // The demo writes one audit entry for all it seeds.
      const entries = await searchAudit(getDb(), { page: 1, pageSize: 5 });
      expect(entries.rows.map((r) => r.action)).toEqual(['demo.seed']);
      expect((await verifyAuditChain(getDb())).ok).toBe(true);
      const t = await financeTiles(getDb(), { unit: '01864', year: 2026, at: '2026-11-22' });
      // Bằng Thành's own 8 tỷ line, 40 % paid: behind the 70 % milestone of 30 September.
      expect(t.tile).toMatchObject({
        plan: 8n * TY,
        disbursed: 3_200_000_000n,
        behindSchedule: 1,
        projects: 1,
      });
      expect(t.tile.works.total).toBe(2); // the bridge handed over and the culture house
      expect(t.tile.households).toBeGreaterThan(0);
      const [project] = await getDb().query<{ id: string }>(
        `select id from production_projects where kind = 'value_chain'`,
      );
      const people = await participantsOf(getDb(), project!.id);
      expect(people.length).toBe(t.tile.households);
      const outputs = await getDb().query<{ n: number }>(
        `select count(*)::int as n from output_records where source like '%(mẫu)%'`,
      );
      expect(outputs[0]!.n).toBe(24);
    });
  },
  { cleanup: false },
);
