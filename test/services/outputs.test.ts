// Other outputs: the CSV import writes every row or none (row errors in both languages), audits each record, and
// the summary sums planned and achieved under a unit by hand-checked amounts.
import { beforeAll, expect, it } from 'vitest';
import { units } from '../../src/db/index.ts';
import { searchAudit, verifyAuditChain } from '../../src/db/queries/audit.ts';
import { ensureReferenceData } from '../../src/services/reference-data.ts';
import { importOutputs, outputsSummary } from '../../src/services/outputs.ts';
import { forEachDatabase } from '../support/databases.ts';
import { SYSTEM_ACTOR } from '../../src/services/actor.ts';

/** The first set-up acts; its write scope covers everything, so the day only needs to be a date. */
const AT = { today: '2026-12-06' };

forEachDatabase(
  (getDb) => {
    let communes: string[] = [];
    beforeAll(async () => {
      await ensureReferenceData(getDb());
      communes = (await units.children(getDb(), '19', '2026-06-01')).slice(0, 2).map((c) => c.code);
    }, 180_000);

    const csv = (rows: string[]) => ['unit,year,indicator,planned,achieved,source', ...rows].join('\n');
    const count = async () =>
      (await getDb().query<{ n: number }>('select count(*)::int as n from output_records'))[0]!.n;

    it('imports nothing when one row is bad, naming the row and column', async () => {
      const [a, b] = communes as [string, string];
      const r = await importOutputs(
        getDb(),
        SYSTEM_ACTOR,
        csv([
          `${a},2026,vocational_trained,100,40,BC`,
          `${b},2026,vocational_trained,abc,10,BC`,
          `99999,2026,jobs_found,1,1,`,
        ]),
        AT,
      );
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.errors.map((e) => [e.row, e.column])).toEqual([
        [3, 'planned'],
        [4, 'unit'],
      ]);
      expect(r.errors[0]!.message).toEqual({
        vi: 'planned: "abc" không phải số không âm (tối đa 2 chữ số thập phân)',
        en: 'planned: "abc" is not a non-negative number (at most 2 decimals)',
      });
      expect(await count()).toBe(0);
      expect((await searchAudit(getDb(), { action: 'output.upsert', page: 1, pageSize: 1 })).total).toBe(0);
    });

    it('imports all rows, audited, and sums them under the province by hand', async () => {
      const [a, b] = communes as [string, string];
      const r = await importOutputs(
        getDb(),
        SYSTEM_ACTOR,
        csv([
          `${a},2026,vocational_trained,100,40,Báo cáo xã`,
          `${b},2026,vocational_trained,60,59.5,Báo cáo xã`,
          `19,2026,vocational_trained,40,,Kế hoạch tỉnh`,
          `${a},2026,houses_new,,3,`,
          `${a},2025,vocational_trained,999,999,năm khác`,
        ]),
        AT,
      );
      expect(r).toEqual({ ok: true, count: 5 });
      const audit = await searchAudit(getDb(), { action: 'output.upsert', page: 1, pageSize: 10 });
      expect(audit.total).toBe(5);
      expect((await verifyAuditChain(getDb())).ok).toBe(true);
      const province = (await units.unitAt(getDb(), '19', '2026-06-01'))!;
      const s = await outputsSummary(getDb(), { unit: province, from: 2026, to: 2026 });
      const trained = s.lines.find((l) => l.indicator.code === 'vocational_trained')!;
      // planned 100 + 60 + 40 = 200; achieved 40 + 59,5 = 99,5; 99,5 / 200 = 49,75 %.
      expect(trained).toMatchObject({ planned: 20_000n, achieved: 9_950n, rate: 4_975n });
      const houses = s.lines.find((l) => l.indicator.code === 'houses_new')!;
      expect(houses).toMatchObject({ planned: null, achieved: 300n, rate: null });
      expect(s.lines.find((l) => l.indicator.code === 'jobs_found')).toMatchObject({
        planned: null,
        achieved: null,
      });
      const ofA = s.byBucket.find((x) => x.bucketCode === a)!;
      expect(ofA.lines.find((l) => l.indicator.code === 'vocational_trained')).toMatchObject({
        planned: 10_000n,
        achieved: 4_000n,
        rate: 4_000n,
      });
      // A second import of the same key replaces it (and says what it was before).
      expect(
        await importOutputs(
          getDb(),
          SYSTEM_ACTOR,
          csv([`${a},2026,vocational_trained,100,45,Báo cáo xã (sửa)`]),
          AT,
        ),
      ).toEqual({ ok: true, count: 1 });
      const last = (await searchAudit(getDb(), { action: 'output.upsert', page: 1, pageSize: 1 })).rows[0]!;
      expect(last.before).toMatchObject({ achieved: '40' });
      expect(last.after).toMatchObject({ achieved: '45' });
    });
  },
  { cleanup: false },
);
