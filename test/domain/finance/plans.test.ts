// Plan lines by hand: the plan in force between adjustments, disbursed and rates at dates, carry-overs,
// the checks on payments and adjustments, lines behind schedule, and the report sentence.
import { describe, expect, it } from 'vitest';
import {
  checkAdjustment,
  checkCarryOver,
  checkNewPayments,
  disbursedBy,
  effectivePlan,
  lineState,
  paymentWindow,
  planHistory,
  sumStates,
  type Adjustment,
  type CarryOver,
  type Payment,
  type PlanLine,
} from '../../../src/domain/finance/plans.ts';
import { extendedUntilOf } from '../../../src/domain/finance/programmes.ts';
import { behindSchedule, milestoneAt } from '../../../src/domain/finance/schedule.ts';
import { disbursementSentence } from '../../../src/domain/finance/sentence.ts';
import { loadFinanceRules } from '../../../src/rules-loader/load-finance.ts';

const TY = 1_000_000_000n;
const line: PlanLine = {
  id: 'L1',
  unitCode: '060',
  unitValidFrom: '1900-01-01',
  year: 2024,
  programme: 'QD90_2022',
  project: 'DA1.TDA1',
  source: 'central_investment',
  amount: 100n * TY,
  decision: 'QĐ 10/QĐ-UBND',
  decisionDate: '2024-01-10',
};
const adjustments: Adjustment[] = [
  {
    planLineId: 'L1',
    decision: 'QĐ 50/QĐ-UBND',
    decisionDate: '2024-06-15',
    amount: 20n * TY,
    reason: 'bổ sung',
  },
  {
    planLineId: 'L1',
    decision: 'QĐ 90/QĐ-UBND',
    decisionDate: '2024-10-01',
    amount: -15n * TY,
    reason: 'điều chuyển',
  },
  { planLineId: 'OTHER', decision: 'x', decisionDate: '2024-02-01', amount: 999n * TY },
];
const payments: Payment[] = [
  { planLineId: 'L1', paidOn: '2024-03-31', amount: 30n * TY, decision: 'UNC 1' },
  { planLineId: 'L1', paidOn: '2024-07-31', amount: 40n * TY, decision: 'UNC 2' },
];

describe('the plan in force, adjustment by adjustment', () => {
  it('counts the first allocation from its decision date and each adjustment from its own', () => {
    expect(effectivePlan(line, adjustments, '2024-01-09')).toBe(0n);
    expect(effectivePlan(line, adjustments, '2024-01-10')).toBe(100n * TY);
    expect(effectivePlan(line, adjustments, '2024-06-14')).toBe(100n * TY);
    expect(effectivePlan(line, adjustments, '2024-06-15')).toBe(120n * TY);
    expect(effectivePlan(line, adjustments, '2024-09-30')).toBe(120n * TY);
    expect(effectivePlan(line, adjustments, '2024-10-01')).toBe(105n * TY);
    expect(effectivePlan({ ...line, decisionDate: null }, [], '2000-01-01')).toBe(100n * TY);
  });

  it('keeps the history one decision at a time', () => {
    expect(
      planHistory(line, adjustments).map((h) => [h.date, h.decision, h.change / TY, h.plan / TY]),
    ).toEqual([
      ['2024-01-10', 'QĐ 10/QĐ-UBND', 100n, 100n],
      ['2024-06-15', 'QĐ 50/QĐ-UBND', 20n, 120n],
      ['2024-10-01', 'QĐ 90/QĐ-UBND', -15n, 105n],
    ]);
  });

  it('gives disbursed and rate at any date, and rates of sums (not averages of rates)', () => {
    expect(disbursedBy(payments, '2024-03-30')).toBe(0n);
    expect(disbursedBy(payments, '2024-03-31')).toBe(30n * TY);
    expect(lineState(line, adjustments, payments, '2024-05-31')).toEqual({
      plan: 100n * TY,
      disbursed: 30n * TY,
      remaining: 70n * TY,
      rate: 3000n,
    });
    // 70 of 120 = 58,333… % → 58,33 %.
    expect(lineState(line, adjustments, payments, '2024-08-01').rate).toBe(5833n);
    // 70 of 105 = 66,666… % → 66,67 %.
    expect(lineState(line, adjustments, payments, '2024-12-31').rate).toBe(6667n);
    const s = sumStates([
      { plan: 100n, disbursed: 100n, remaining: 0n, rate: 10_000n },
      { plan: 300n, disbursed: 0n, remaining: 300n, rate: 0n },
    ]);
    expect(s.rate).toBe(2500n);
  });
});

describe('payments', () => {
  const check = (incoming: Pick<Payment, 'paidOn' | 'amount'>[], carry: CarryOver | null = null) =>
    checkNewPayments(line, adjustments, payments, carry, incoming).map((ps) => ps.map((p) => p.code));

  it('accepts payments within the year and the plan in force', () => {
    expect(check([{ paidOn: '2024-11-30', amount: 35n * TY }])).toEqual([[]]);
  });

  it('refuses a date outside the plan year unless the funds were carried over', () => {
    expect(check([{ paidOn: '2025-01-15', amount: 1n * TY }])).toEqual([['date_outside_year']]);
    expect(check([{ paidOn: '2023-12-31', amount: 1n * TY }])).toEqual([['date_outside_year']]);
    const carry: CarryOver = {
      planLineId: 'L1',
      toYear: 2025,
      amount: 35n * TY,
      decision: 'QĐ 1/2025',
      decisionDate: '2025-01-05',
    };
    expect(check([{ paidOn: '2025-03-01', amount: 30n * TY }], carry)).toEqual([[]]);
    expect(check([{ paidOn: '2025-03-01', amount: 36n * TY }], carry)).toEqual([
      ['exceeds_plan', 'exceeds_carried'],
    ]);
    expect(check([{ paidOn: '2026-01-01', amount: 1n }], carry)).toEqual([['date_outside_year']]);
  });

  it('pays carried-over 2021–2025 funds until 31/12/2026 (NQ 257/2025/QH15, from rules/programmes)', () => {
    const until = extendedUntilOf(loadFinanceRules(), line.programme);
    expect(until).toBe('2026-12-31');
    const carry: CarryOver = {
      planLineId: 'L1',
      toYear: 2025,
      amount: 35n * TY,
      decision: 'QĐ 1/2025',
      decisionDate: '2025-01-05',
    };
    const extended = (incoming: Pick<Payment, 'paidOn' | 'amount'>[], c: CarryOver | null = carry) =>
      checkNewPayments(line, adjustments, payments, c, incoming, until).map((ps) => ps.map((p) => p.code));
    expect(paymentWindow(line, carry, until)).toEqual({ from: '2024-01-01', to: '2026-12-31' });
    expect(extended([{ paidOn: '2026-01-01', amount: 1n }])).toEqual([[]]);
    expect(extended([{ paidOn: '2026-12-31', amount: 20n * TY }])).toEqual([[]]);
    const late = checkNewPayments(
      line,
      adjustments,
      payments,
      carry,
      [{ paidOn: '2027-01-01', amount: 1n }],
      until,
    );
    expect(late[0]!.map((p) => p.code)).toEqual(['date_outside_year']);
    expect(late[0]![0]!.message.vi).toBe(
      'Ngày 01/01/2027 nằm ngoài thời gian giải ngân của kế hoạch năm 2024 (chuyển nguồn, được kéo dài đến 31/12/2026)',
    );
    // Still no more than was carried over, across 2025 and 2026 together.
    expect(
      extended([
        { paidOn: '2025-06-01', amount: 30n * TY },
        { paidOn: '2026-06-01', amount: 5n * TY + 1n },
      ]),
    ).toEqual([[], ['exceeds_plan', 'exceeds_carried']]);
    // Funds never carried over stay in their year; a 2026 plan line of the next programme has no extension.
    expect(extended([{ paidOn: '2025-01-15', amount: 1n }], null)).toEqual([['date_outside_year']]);
    expect(extendedUntilOf(loadFinanceRules(), 'NQ257_2025')).toBeNull();
  });

  it('refuses paying more than the plan in force on the date, one đồng over included', () => {
    // By 14/6 the plan is 100 tỷ and 30 were paid: 70 more fit, 70 tỷ + 1 đồng do not.
    const first = payments.slice(0, 1);
    const alone = (amount: bigint) =>
      checkNewPayments(line, adjustments, first, null, [{ paidOn: '2024-06-14', amount }])[0]!.map(
        (p) => p.code,
      );
    expect(alone(70n * TY)).toEqual([]);
    expect(alone(70n * TY + 1n)).toEqual(['exceeds_plan']);
    // With the 40 tỷ paid on 31/7 (plan 120 by then), 50 tỷ on 14/6 fit and one đồng more does not.
    expect(check([{ paidOn: '2024-06-14', amount: 50n * TY }])).toEqual([[]]);
    expect(check([{ paidOn: '2024-06-14', amount: 50n * TY + 1n }])).toEqual([['exceeds_plan']]);
    // Two rows together: the later one is blamed.
    expect(
      check([
        { paidOn: '2024-11-01', amount: 30n * TY },
        { paidOn: '2024-05-01', amount: 10n * TY },
      ]),
    ).toEqual([['exceeds_plan'], []]);
    expect(check([{ paidOn: '2024-05-01', amount: 0n }])).toEqual([['amount_not_positive']]);
  });
});

describe('adjustments and carry-overs', () => {
  it('refuses an adjustment that leaves the plan below what was paid, or after the year', () => {
    const codes = (a: Pick<Adjustment, 'decisionDate' | 'amount'>, carry: CarryOver | null = null) =>
      checkAdjustment(line, adjustments, payments, carry, a).map((p) => p.code);
    expect(codes({ decisionDate: '2024-11-01', amount: -35n * TY })).toEqual([]);
    expect(codes({ decisionDate: '2024-11-01', amount: -35n * TY - 1n })).toEqual(['below_disbursed']);
    expect(codes({ decisionDate: '2024-02-01', amount: -100n * TY - 1n })).toEqual(['negative_plan']);
    expect(codes({ decisionDate: '2025-01-02', amount: 1n })).toEqual(['date_after_year']);
    expect(codes({ decisionDate: '2024-11-01', amount: 0n })).toEqual(['amount_zero']);
    const carry: CarryOver = {
      planLineId: 'L1',
      toYear: 2025,
      amount: 1n,
      decision: 'x',
      decisionDate: '2025-01-05',
    };
    expect(codes({ decisionDate: '2024-11-01', amount: 1n }, carry)).toEqual(['carried_over']);
  });

  it('carries over at most what was unspent at 31 December', () => {
    // 105 tỷ in force at year end, 70 paid: 35 tỷ unspent.
    const all = checkCarryOver(line, adjustments, payments, null, null);
    expect(all).toEqual({ ok: true, amount: 35n * TY });
    expect(checkCarryOver(line, adjustments, payments, null, 35n * TY + 1n).ok).toBe(false);
    expect(checkCarryOver(line, adjustments, payments, null, 10n * TY)).toEqual({
      ok: true,
      amount: 10n * TY,
    });
    const carry: CarryOver = {
      planLineId: 'L1',
      toYear: 2025,
      amount: 1n,
      decision: 'x',
      decisionDate: '2025-01-05',
    };
    expect(checkCarryOver(line, adjustments, payments, carry, null).ok).toBe(false);
  });
});

describe('behind schedule (milestones as data)', () => {
  const rules = loadFinanceRules();
  it('uses the latest milestone passed in the year', () => {
    expect(milestoneAt(rules.milestones, '2024-06-29')).toBeNull();
    expect(milestoneAt(rules.milestones, '2024-07-15')).toEqual({
      date: '2024-06-30',
      minimumHundredths: 5000n,
    });
    expect(milestoneAt(rules.milestones, '2024-12-31')?.minimumHundredths).toBe(9500n);
  });

  it('warns for lines of the year below the minimum, not at it', () => {
    const warnings = behindSchedule(
      [
        { key: 'a', label: 'A', year: 2024, plan: 100n, disbursed: 49n },
        { key: 'b', label: 'B', year: 2024, plan: 100n, disbursed: 50n },
        { key: 'c', label: 'C', year: 2023, plan: 100n, disbursed: 0n },
        { key: 'd', label: 'D', year: 2024, plan: 0n, disbursed: 0n },
      ],
      rules.milestones,
      '2024-07-01',
    );
    expect(warnings.map((w) => w.key)).toEqual(['a']);
    expect(warnings[0]!.message.vi).toBe(
      'A: giải ngân 49,00% kế hoạch, dưới mức 50,00% phải đạt trước 30/06',
    );
  });
});

describe('the report sentence', () => {
  it('is the provincial report sentence, in Vietnamese and English', () => {
    expect(
      disbursementSentence({
        at: '2024-05-31',
        unitKind: 'tinh',
        plan: 760_800_000_000n,
        disbursed: 478_930_000_000n,
      }),
    ).toEqual({
      vi: 'Tính đến hết ngày 31/5/2024, tỉnh đã thực hiện giải ngân được 478,93/760,8 tỷ đồng, đạt 62,95% kế hoạch.',
      en: 'By the end of 31 May 2024, the province had disbursed 478.93 of 760.8 billion VND, 62.95% of the plan.',
    });
    expect(
      disbursementSentence({ at: '2025-01-01', unitKind: 'huyen', plan: 232_180_000_000n, disbursed: 0n }).vi,
    ).toBe(
      'Tính đến hết ngày 1/1/2025, huyện đã thực hiện giải ngân được 0/232,18 tỷ đồng, đạt 0,00% kế hoạch.',
    );
    expect(disbursementSentence({ at: '2026-03-01', unitKind: 'xa', plan: 0n, disbursed: 0n }).en).toBe(
      'By the end of 1 March 2026, the commune had no capital plan.',
    );
    expect(
      disbursementSentence({ at: '2026-03-01', unitKind: 'xa', plan: 850_000_000n, disbursed: 425_000_000n })
        .vi,
    ).toBe(
      'Tính đến hết ngày 1/3/2026, xã đã thực hiện giải ngân được 425/850 triệu đồng, đạt 50,00% kế hoạch.',
    );
  });
});
