// The finance report builders read back on the Bắc Kạn 2024 figures (760,8 tỷ planned, 478,93 tỷ disbursed by
// 31/5/2024 → 62,95 %): funds by source and project, allocation by unit, disbursement with its sentence, works
// and their status, outputs against plan — money exact in bigint đồng all the way to the text.
import { beforeAll, describe, expect, it } from 'vitest';
import { EVERYTHING } from '../../src/db/queries/scope.ts';
import { insertWork } from '../../src/db/queries/works.ts';
import type { ReportDocument, ReportRow } from '../../src/reports/model.ts';
import { renderCsv } from '../../src/reports/render/csv.ts';
import { cellText, localiseCells } from '../../src/reports/render/layout.ts';
import { allocationReport } from '../../src/reports/finance/allocation.ts';
import { disbursementReportEntry } from '../../src/reports/finance/disbursement.ts';
import { fundsReport } from '../../src/reports/finance/funds.ts';
import { outputsReport } from '../../src/reports/finance/outputs.ts';
import { worksReport } from '../../src/reports/finance/works.ts';
import { importPayments, importPlans } from '../../src/services/finance.ts';
import { importOutputs } from '../../src/services/outputs.ts';
import { ensureReferenceData } from '../../src/services/reference-data.ts';
import { forEachDatabase } from '../support/databases.ts';
import { book } from '../support/rules.ts';
import { SYSTEM_ACTOR } from '../../src/services/actor.ts';

/** The first set-up acts; its write scope covers everything, so the day only needs to be a date. */
const AT = { today: '2026-12-06' };

const TY = 1_000_000_000n;

/** Two-language cells read in Vietnamese. */
const vi = (doc: ReportDocument) => localiseCells(doc, 'vi');

forEachDatabase(
  (getDb) => {
    beforeAll(async () => {
      const db = getDb();
      await ensureReferenceData(db);
      const plans = await importPlans(
        db,
        SYSTEM_ACTOR,
        [
          'unit,year,project,source,amount_vnd,decision',
          '06,2024,DA7.TDA1,central_recurrent,18680000000,QĐ 2101/QĐ-UBND',
          '060,2024,DA1.TDA1,central_investment,200000000000,QĐ 2102/QĐ-UBND',
          '060,2024,DA3.TDA1,central_recurrent,32180000000,QĐ 2102/QĐ-UBND',
          '062,2024,DA1.TDA1,central_investment,190000000000,QĐ 2103/QĐ-UBND',
          '062,2024,DA5,central_recurrent,29940000000,QĐ 2103/QĐ-UBND',
          '061,2024,DA2,central_recurrent,100000000000,QĐ 2104/QĐ-UBND',
          '063,2024,DA3.TDA1,central_recurrent,90000000000,QĐ 2104/QĐ-UBND',
          '066,2024,DA4.TDA1,central_recurrent,100000000000,QĐ 2104/QĐ-UBND',
        ].join('\n'),
        AT,
      );
      expect(plans).toEqual({ ok: true, count: 8 });
      const payments = await importPayments(
        db,
        SYSTEM_ACTOR,
        [
          'unit,year,project,source,date,amount_vnd,decision',
          '060,2024,DA1.TDA1,central_investment,2024-04-15,150000000000,UNC 01',
          '060,2024,DA3.TDA1,central_recurrent,2024-05-31,20000000000,UNC 02',
          '062,2024,DA1.TDA1,central_investment,2024-05-10,140000000000,UNC 03',
          '062,2024,DA5,central_recurrent,2024-03-01,15000000000,UNC 04',
          '06,2024,DA7.TDA1,central_recurrent,2024-02-01,10000000000,UNC 05',
          '061,2024,DA2,central_recurrent,2024-05-20,60000000000,UNC 06',
          '063,2024,DA3.TDA1,central_recurrent,2024-05-30,43930000000,UNC 07',
          '066,2024,DA4.TDA1,central_recurrent,2024-04-01,40000000000,UNC 08',
          '066,2024,DA4.TDA1,central_recurrent,2024-06-15,10000000000,UNC 09',
        ].join('\n'),
        AT,
      );
      expect(payments).toEqual({ ok: true, count: 9 });
    }, 180_000);

    const ctx = <P>(params: P) => ({
      db: getDb(),
      book,
      today: '2026-11-22',
      now: '2026-11-22T08:00:00.000Z',
      scope: EVERYTHING,
      params,
    });
    const at = { unit: '06', from: 2024, at: '2024-05-31' };
    const rowOf = (doc: ReportDocument, section: number, key: string, value: string): ReportRow =>
      doc.sections[section]!.table!.rows.find((r) => String(r.cells[key]).includes(value))!;
    const total = (doc: ReportDocument, section: number) =>
      doc.sections[section]!.table!.rows.find((r) => r.emphasis === 'total')!;

    describe('finance reports', () => {
      it('disbursement: the sentence, units and total in exact đồng', async () => {
        const doc = vi(
          await disbursementReportEntry.build(ctx(disbursementReportEntry.parameters.parse(at))),
        );
        expect(doc.sections[0]!.paragraphs![0]).toEqual({
          vi: 'Tính đến hết ngày 31/5/2024, tỉnh đã thực hiện giải ngân được 478,93/760,8 tỷ đồng, đạt 62,95% kế hoạch.',
          en: 'By the end of 31 May 2024, the province had disbursed 478.93 of 760.8 billion VND, 62.95% of the plan.',
        });
        expect(total(doc, 1).cells).toMatchObject({
          plan: 760_800_000_000n,
          disbursed: 478_930_000_000n,
          rate: 62.95,
        });
        // Pác Nặm: 170 of 232,18 tỷ = 73,219… → 73,22 %.
        expect(rowOf(doc, 1, 'unit', '(060)').cells).toMatchObject({
          plan: 232_180_000_000n,
          disbursed: 170_000_000_000n,
          rate: 73.22,
        });
        expect(rowOf(doc, 1, 'unit', '(062)').cells.plan).toBe(219_940_000_000n);
        // CSV keeps whole đồng for spreadsheets; the screen and pdf show tỷ with Vietnamese decimals.
        const csv = renderCsv(doc, 'vi');
        expect(csv).toContain('760800000000');
        expect(csv).toContain('478930000000');
        const cols = doc.sections[1]!.table!.columns;
        const plan = cols.find((c) => c.key === 'plan')!;
        expect(plan.header.vi).toBe('Kế hoạch vốn (tỷ đồng)');
        expect(cellText(total(doc, 1).cells.plan, plan, 'vi')).toBe('760,8');
        expect(
          cellText(
            total(doc, 1).cells.disbursed,
            cols.find((c) => c.key === 'disbursed')!,
            'en',
          ),
        ).toBe('478.93');
        expect(doc.subtitle!.vi).toBe('Tỉnh Bắc Kạn — kế hoạch năm 2024, số liệu đến hết ngày 31/5/2024');
      });

      it('funds: by source and by project, the total in words', async () => {
        const doc = vi(await fundsReport.build(ctx(fundsReport.parameters.parse(at))));
        expect(doc.sections[0]!.paragraphs).toEqual([
          { vi: 'Tổng kế hoạch vốn: 760,8 tỷ đồng', en: 'Total plan: 760.8 billion VND' },
          { vi: 'Đã giải ngân: 478,93 tỷ đồng', en: 'Disbursed: 478.93 billion VND' },
        ]);
        // Investment 200 + 190 = 390 tỷ, paid 150 + 140 = 290; recurrent 370,8 tỷ, paid 188,93 → 50,95 %.
        expect(rowOf(doc, 1, 'source', 'đầu tư phát triển').cells).toMatchObject({
          plan: 390n * TY,
          disbursed: 290n * TY,
          rate: 74.36,
        });
        expect(rowOf(doc, 1, 'source', 'sự nghiệp').cells).toMatchObject({
          plan: 370_800_000_000n,
          disbursed: 188_930_000_000n,
          rate: 50.95,
        });
        expect(total(doc, 1).cells.plan).toBe(760_800_000_000n);
        expect(rowOf(doc, 2, 'project', 'DA3.TDA1').cells).toMatchObject({
          plan: 122_180_000_000n,
          plan_central_recurrent: 122_180_000_000n,
          plan_central_investment: null,
          disbursed: 63_930_000_000n,
        });
      });

      it('allocation: each unit below by source, adding up to the plan', async () => {
        const doc = vi(await allocationReport.build(ctx(allocationReport.parameters.parse(at))));
        const t = doc.sections[1]!.table!;
        expect(t.columns.map((c) => c.key)).toEqual([
          'stt',
          'unit',
          'plan',
          'central_investment',
          'central_recurrent',
        ]);
        expect(rowOf(doc, 1, 'unit', '(060)').cells).toMatchObject({
          plan: 232_180_000_000n,
          central_investment: 200n * TY,
          central_recurrent: 32_180_000_000n,
        });
        expect(rowOf(doc, 1, 'unit', '(06)').cells).toMatchObject({
          plan: 18_680_000_000n,
          central_investment: 0n,
        });
        const rows = t.rows.filter((r) => !r.emphasis);
        expect(rows.reduce((s, r) => s + (r.cells.plan as bigint), 0n)).toBe(760_800_000_000n);
        expect(total(doc, 1).cells).toMatchObject({ plan: 760_800_000_000n, central_investment: 390n * TY });
      });

      it('works: status on the report date and the investor across the reform', async () => {
        const base = {
          villageId: null,
          construction: 'new' as const,
          programme: 'QD90_2022',
          project: 'DA1.TDA1',
          planYear: 2024,
          completionDate: null,
          acceptanceDate: null,
          note: null,
        };
        const w1 = await insertWork(
          getDb(),
          {
            ...base,
            unitCode: '060',
            unitValidFrom: (
              await getDb().query<{ v: string }>(`select valid_from as v from admin_units where code = '060'`)
            )[0]!.v,
            name: 'Cầu treo Bộc Bố',
            workType: 'bridge',
            investor: 'Ban QLDA huyện Pác Nặm',
            investorUnitCode: '060',
            contractValue: 760_800_000_000n,
            disbursed: 478_930_000_000n,
            progressPct: 60,
            startDate: '2024-03-01',
          },
          null,
        );
        expect(w1.id).toBeTruthy();
        await insertWork(
          getDb(),
          {
            ...base,
            unitCode: '062',
            unitValidFrom: (
              await getDb().query<{ v: string }>(`select valid_from as v from admin_units where code = '062'`)
            )[0]!.v,
            name: 'Đường vào bản Nà Lạn',
            workType: 'transport',
            investor: 'UBND huyện Ngân Sơn',
            investorUnitCode: '062',
            contractValue: 5n * TY,
            disbursed: 0n,
            progressPct: 0,
            startDate: '2024-07-01',
          },
          null,
        );
        const doc = vi(
          await worksReport.build(ctx(worksReport.parameters.parse({ unit: '06', at: '2024-05-31' }))),
        );
        expect(doc.sections[0]!.paragraphs![0]!.vi).toBe(
          'Tổng số 2 công trình, giá trị hợp đồng 765,8 tỷ đồng, đã giải ngân 478,93 tỷ đồng: chưa khởi công 1, đang thi công 1, hoàn thành 0, đã nghiệm thu, bàn giao 0.',
        );
        expect(rowOf(doc, 1, 'name', 'Cầu treo').cells).toMatchObject({
          contract: 760_800_000_000n,
          status: 'Đang thi công',
          type: 'Cầu, ngầm tràn',
        });
        expect(total(doc, 1).cells.contract).toBe(765_800_000_000n);
      });

      it('outputs: every indicator with planned, achieved and the rate', async () => {
        expect(
          await importOutputs(
            getDb(),
            SYSTEM_ACTOR,
            'unit,year,indicator,planned,achieved,source\n060,2024,vocational_trained,300,120,BC\n062,2024,vocational_trained,200,130,BC\n06,2024,houses_new,50,,KH\n',
            AT,
          ),
        ).toEqual({ ok: true, count: 3 });
        const doc = vi(
          await outputsReport.build(ctx(outputsReport.parameters.parse({ unit: '06', from: '2024' }))),
        );
        const t = doc.sections[0]!.table!;
        expect(t.rows).toHaveLength(9);
        // (120 + 130) / (300 + 200) = 50 %.
        expect(rowOf(doc, 0, 'indicator', 'đào tạo nghề').cells).toMatchObject({
          measure: 'người',
          planned: 500,
          achieved: 250,
          rate: 50,
        });
        expect(rowOf(doc, 0, 'indicator', 'xây mới').cells).toMatchObject({
          planned: 50,
          achieved: null,
          rate: 0,
        });
        expect(doc.notes[0]!.vi).toMatch(/chưa kiểm chứng/);
      });
    });
  },
  { cleanup: false },
);
