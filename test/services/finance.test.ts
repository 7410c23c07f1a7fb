// Programme money in the database, on every engine: bulk writes, sums for a unit and everything below it at
// the plans' own dates, across the 2025 reform (whole merges counted, partial ones noted), adjustments at
// dates, all-or-nothing imports.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { finance } from '../../src/db/index.ts';
import { upsertLineage, upsertUnits } from '../../src/db/queries/units.ts';
import {
  disbursementReport,
  importAdjustments,
  importPayments,
  importPlans,
  counterpartReport,
} from '../../src/services/finance.ts';
import { SOURCE_CODES } from '../../src/domain/finance/programmes.ts';
import { forEachDatabase } from '../support/databases.ts';
import { edges, OLD, REFORM, units } from '../support/units-fixture.ts';
import { SYSTEM_ACTOR } from '../../src/services/actor.ts';

/** The first set-up acts; its write scope covers everything, so the day only needs to be a date. */
const AT = { today: '2026-12-06' };

const TY = 1_000_000_000n;

const PLANS = [
  'unit,year,project,source,amount_vnd,decision,decision_date',
  '06,2023,DA7.TDA2,central_recurrent,5000000000,QĐ 1/QĐ-UBND,2023-01-05',
  '066,2023,DA1.TDA1,central_investment,100000000000,QĐ 2/QĐ-UBND,2023-01-05',
  '01864,2023,DA3.TDA1,central_recurrent,10000000000,QĐ 3/QĐ-UBND,',
  '01867,2023,DA5,central_investment,20000000000,QĐ 4/QĐ-UBND,',
  '164,2023,DA2,central_recurrent,7000000000,QĐ 5/QĐ-UBND,',
  '01864,2026,HP2.ND2,central_investment,3000000000,QĐ 6/QĐ-UBND,',
  '19,2026,HP2.ND2,local_counterpart,1000000000,QĐ 7/QĐ-UBND,',
].join('\n');

const PAYMENTS = [
  'unit,year,project,source,date,amount_vnd,decision',
  '066,2023,DA1.TDA1,central_investment,2023-05-31,40000000000,UNC 1',
  '066,2023,DA1.TDA1,central_investment,2023-11-30,30000000000,UNC 2',
  '01864,2023,DA3.TDA1,central_recurrent,2023-06-01,10000000000,UNC 3',
  '06,2023,DA7.TDA2,central_recurrent,2023-03-01,1000000000,UNC 4',
].join('\n');

forEachDatabase((getDb) => {
  const load = async () => {
    await upsertUnits(getDb(), units);
    await upsertLineage(getDb(), edges);
    expect(await importPlans(getDb(), SYSTEM_ACTOR, PLANS, AT)).toEqual({ ok: true, count: 7 });
    expect(await importPayments(getDb(), SYSTEM_ACTOR, PAYMENTS, AT)).toEqual({ ok: true, count: 4 });
  };
  const byUnit = (r: Awaited<ReturnType<typeof disbursementReport>>) =>
    r.byUnit.map((b) => [b.label, b.plan / TY, b.disbursed / TY]);

  it('writes lines in bulk and returns them matched by natural key, amounts as bigint', async () => {
    await upsertUnits(getDb(), units);
    const written = await finance.insertPlanLines(
      getDb(),
      [
        {
          unitCode: '066',
          unitValidFrom: OLD,
          year: 2024,
          programme: 'QD90_2022',
          project: 'DA1',
          source: 'people',
          amount: 9_007_199_254_740_993n,
          decision: 'a',
          decisionDate: null,
        },
        {
          unitCode: '06',
          unitValidFrom: OLD,
          year: 2024,
          programme: 'QD90_2022',
          project: 'DA2',
          source: 'people',
          amount: 1n,
          decision: 'b',
          decisionDate: '2024-01-01',
        },
      ],
      null,
    );
    expect(written.map((w) => [w.unitCode, w.project, w.amount, w.decisionDate])).toEqual([
      ['066', 'DA1', 9_007_199_254_740_993n, null],
      ['06', 'DA2', 1n, '2024-01-01'],
    ]);
    expect(typeof written[0]!.amount).toBe('bigint');
    const [rec] = await finance.linesByKeys(getDb(), [written[0]!]);
    expect(rec!.line.amount).toBe(9_007_199_254_740_993n);
  });

  it('sums a province with its districts and communes, by district, at the plans’ dates', async () => {
    await load();
    const r = await disbursementReport(getDb(), { unit: '06', from: 2023, to: 2023, at: '2023-12-31' });
    expect(r.unit.code).toBe('06');
    expect([r.plan / TY, r.disbursed / TY, r.rate]).toEqual([135n, 81n, 6000n]);
    // The province's own lines first, then its district (with its communes' lines).
    expect(byUnit(r)).toEqual([
      ['06', 5n, 1n],
      ['066', 130n, 80n],
    ]);
    expect(r.sentence.vi).toBe(
      'Tính đến hết ngày 31/12/2023, tỉnh đã thực hiện giải ngân được 81/135 tỷ đồng, đạt 60,00% kế hoạch.',
    );
    const mid = await disbursementReport(getDb(), { unit: '066', from: 2023, to: 2023, at: '2023-06-30' });
    expect(byUnit(mid)).toEqual([
      ['066', 100n, 40n],
      ['01864', 10n, 10n],
      ['01867', 20n, 0n],
      ['01870', 0n, 0n],
    ]);
    // Before the first allocation's date only the undated lines count.
    const early = await disbursementReport(getDb(), { unit: '066', from: 2023, to: 2023, at: '2023-01-04' });
    expect(early.plan / TY).toBe(30n);
  });

  it('counts Bắc Kạn’s 2023 lines under Thái Nguyên after the reform, and not before', async () => {
    await load();
    const after = await disbursementReport(getDb(), { unit: '19', from: 2023, to: 2023, at: '2026-01-01' });
    expect(after.unit.validFrom).toBe(REFORM);
    expect([after.plan / TY, after.disbursed / TY]).toEqual([142n, 81n]);
    // Today's communes (none holds 2023 lines), then the units the lines were recorded under.
    expect(byUnit(after)).toEqual([
      ['01864', 0n, 0n],
      ['01873', 0n, 0n],
      ['05443', 0n, 0n],
      ['06', 5n, 1n],
      ['066', 130n, 80n],
      ['164', 7n, 0n],
    ]);
    expect(after.notes[0]!.en).toContain(
      'Tỉnh Bắc Kạn (06), Huyện Pác Nặm (066), Thành phố Thái Nguyên (164)',
    );
    const before = await disbursementReport(getDb(), { unit: '19', from: 2023, to: 2023, at: '2024-12-31' });
    expect([before.unit.validFrom, before.plan / TY]).toEqual([OLD, 7n]);
    // A unit that has ended is reported on as it was on its last day.
    const gone = await disbursementReport(getDb(), { unit: '06', from: 2023, to: 2023, at: '2026-01-01' });
    expect([gone.unit.validFrom, gone.plan / TY, gone.disbursed / TY]).toEqual([OLD, 135n, 81n]);
  });

  it('a commune with a re-used code: its whole predecessor counts, a partial one is noted, not counted', async () => {
    await load();
    const r = await disbursementReport(getDb(), { unit: '01864', from: 2023, to: 2026, at: '2026-06-30' });
    expect(r.unit.name).toBe('Xã Bằng Thành');
    // 2026: 3 tỷ of its own; 2023: Bộc Bố's 10 tỷ (merged whole). Nhạn Môn (01867) went only in part.
    expect([r.plan / TY, r.disbursed / TY]).toEqual([13n, 10n]);
    expect(byUnit(r)).toEqual([
      ['01864', 3n, 0n],
      ['01864@2004-01-01', 10n, 10n],
    ]);
    expect(r.notes.map((n) => n.en)).toEqual([
      expect.stringContaining('Xã Bộc Bố (01864)'),
      'Not counted: 1 plan lines (20 billion VND) of Xã Nhạn Môn (01867), which went only in part into Xã Bằng Thành; its share is not known.',
    ]);
  });

  it('adjustments change the plan from their dates on, and the sums follow', async () => {
    await load();
    const adj = [
      'unit,year,project,source,date,amount_vnd,decision,reason',
      '066,2023,DA1.TDA1,central_investment,2023-06-15,20000000000,QĐ 50/QĐ-UBND,bổ sung',
      '066,2023,DA1.TDA1,central_investment,2023-10-01,-45000000000,QĐ 90/QĐ-UBND,điều chuyển',
    ].join('\n');
    expect(await importAdjustments(getDb(), SYSTEM_ACTOR, adj, AT)).toEqual({ ok: true, count: 2 });
    const at = async (d: string) =>
      (await disbursementReport(getDb(), { unit: '066', from: 2023, to: 2023, at: d })).byUnit[0]!.plan / TY;
    expect([
      await at('2023-06-14'),
      await at('2023-06-15'),
      await at('2023-09-30'),
      await at('2023-10-01'),
    ]).toEqual([100n, 120n, 120n, 75n]);
    // A cut below what is paid by then is refused, and nothing of the file is written.
    const bad = [
      'unit,year,project,source,date,amount_vnd,decision',
      '066,2023,DA1.TDA1,central_investment,2023-12-01,1000000000,QĐ 91',
      '066,2023,DA1.TDA1,central_investment,2023-12-02,-7000000000,QĐ 92',
    ].join('\n');
    const r = await importAdjustments(getDb(), SYSTEM_ACTOR, bad, AT);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.row)).toEqual([3]);
    expect(await at('2023-12-31')).toBe(75n);
  });

  it('imports all rows or none: a bad payment keeps the good ones out', async () => {
    await load();
    const before = await disbursementReport(getDb(), { unit: '06', from: 2023, to: 2023, at: '2023-12-31' });
    const bad = [
      'unit,year,project,source,date,amount_vnd,decision',
      '066,2023,DA1.TDA1,central_investment,2023-12-01,1000000000,UNC 9',
      '066,2023,DA1.TDA1,central_investment,2023-12-02,40000000000,UNC 10',
    ].join('\n');
    const r = await importPayments(getDb(), SYSTEM_ACTOR, bad, AT);
    expect(!r.ok && r.errors.map((e) => [e.row, e.column])).toEqual([[3, 'amount_vnd']]);
    const after = await disbursementReport(getDb(), { unit: '06', from: 2023, to: 2023, at: '2023-12-31' });
    expect(after.disbursed).toBe(before.disbursed);
    // The same plan file again: every line already exists.
    const again = await importPlans(getDb(), SYSTEM_ACTOR, PLANS, AT);
    expect(!again.ok && again.errors.length).toBe(7);
  });

  it('sums by source for the counterpart check, and says the province has not set its minimum', async () => {
    await load();
    const r = await counterpartReport(getDb(), { unit: '19', from: 2026, to: 2026, at: '2026-12-31' });
    expect([r.counterpart, r.central, r.status]).toEqual([1n * TY, 3n * TY, 'parameter_missing']);
  });

  it('sums exactly beyond 2^53 on both engines (random large amounts, no floating point)', async () => {
    await upsertUnits(getDb(), units);
    const amounts = fc.sample(fc.bigInt({ min: 0n, max: 10n ** 15n }), { numRuns: 60, seed: 20240531 });
    const lines = amounts.map((amount, i) => ({
      unitCode: i % 2 ? '066' : '01864',
      unitValidFrom: OLD,
      year: 2021 + (i % 5),
      programme: 'QD90_2022',
      project: `DA${1 + (Math.floor(i / 5) % 7)}`,
      source: SOURCE_CODES[Math.floor(i / 35) % 6]!,
      amount,
      decision: `QĐ ${i}`,
      decisionDate: null,
    }));
    const written = await finance.insertPlanLines(getDb(), lines, null);
    const paid = written.map((w) => w.amount / 3n);
    await finance.insertPayments(
      getDb(),
      written.map((w, i) => ({
        planLineId: w.id,
        paidOn: `${w.year}-06-30`,
        amount: paid[i]! + 1n,
        decision: 'UNC',
      })),
      null,
    );
    const r = await disbursementReport(getDb(), { unit: '06', from: 2021, to: 2025, at: '2025-06-30' });
    const plan = amounts.reduce((s, a) => s + a, 0n);
    const disbursed = paid.reduce((s, a) => s + a + 1n, 0n);
    expect(plan > 2n ** 53n).toBe(true);
    expect([r.plan, r.disbursed]).toEqual([plan, disbursed]);
    // Commune 01864 lies in district 066: the district's row holds every line.
    expect(r.byUnit.find((b) => b.label === '066')!.plan).toBe(plan);
  });
});
