// Plan lines (year × unit × project × source), their adjustments kept one by one, payments and carry-overs:
// the plan in force at a date, what was disbursed by then, and the checks a new payment or change must pass.
import { rateHundredths } from './money.ts';
import type { SourceCode } from './programmes.ts';

/** Kế hoạch vốn: one year's capital for a unit, a project (or sub-project) and a source. */
export interface PlanLine {
  id: string;
  /** The unit version valid on the plan's date (see planDateUnit in the service). */
  unitCode: string;
  unitValidFrom: string;
  year: number;
  /** Programme id the project code is read in (e.g. QD90_2022). */
  programme: string;
  /** "DA1" or "DA1.TDA1". */
  project: string;
  source: SourceCode;
  /** The amount first allocated, in đồng. */
  amount: bigint;
  /** The allocating decision (số quyết định). */
  decision: string;
  /** Its date; null when unknown, and then the amount counts at every date. */
  decisionDate: string | null;
}

/** Điều chỉnh kế hoạch: a signed change by a decision on a date; never merged with others. */
export interface Adjustment {
  planLineId: string;
  decision: string;
  decisionDate: string;
  amount: bigint;
  reason?: string | null;
}

/** Giải ngân: a payment against a plan line. */
export interface Payment {
  planLineId: string;
  paidOn: string;
  amount: bigint;
  decision: string;
}

/** Chuyển nguồn: the unspent plan of year Y, carried into Y + 1 by a decision. */
export interface CarryOver {
  planLineId: string;
  toYear: number;
  amount: bigint;
  decision: string;
  decisionDate: string;
}

export interface HistoryStep {
  date: string | null;
  decision: string;
  change: bigint;
  /** The plan in force after this step. */
  plan: bigint;
  reason: string | null;
}

const lastDay = (year: number) => `${year}-12-31`;

/** The plan in force at the end of `at`: the first allocation (if decided by then) and adjustments by then. */
export function effectivePlan(line: PlanLine, adjustments: readonly Adjustment[], at: string): bigint {
  let plan = line.decisionDate === null || line.decisionDate <= at ? line.amount : 0n;
  for (const a of adjustments) if (a.planLineId === line.id && a.decisionDate <= at) plan += a.amount;
  return plan;
}

/** The first allocation then each adjustment in date order, with the plan after each. */
export function planHistory(line: PlanLine, adjustments: readonly Adjustment[]): HistoryStep[] {
  const steps: HistoryStep[] = [
    {
      date: line.decisionDate,
      decision: line.decision,
      change: line.amount,
      plan: line.amount,
      reason: null,
    },
  ];
  const mine = adjustments
    .filter((a) => a.planLineId === line.id)
    .sort((a, b) => a.decisionDate.localeCompare(b.decisionDate));
  let plan = line.amount;
  for (const a of mine) {
    plan += a.amount;
    steps.push({
      date: a.decisionDate,
      decision: a.decision,
      change: a.amount,
      plan,
      reason: a.reason ?? null,
    });
  }
  return steps;
}

/** Paid by the end of `at` (inclusive), for the given line or for every payment given. */
export function disbursedBy(payments: readonly Pick<Payment, 'paidOn' | 'amount'>[], at: string): bigint {
  let sum = 0n;
  for (const p of payments) if (p.paidOn <= at) sum += p.amount;
  return sum;
}

export interface LineState {
  plan: bigint;
  disbursed: bigint;
  remaining: bigint;
  /** disbursed / plan in hundredths of a percent; null without a plan. */
  rate: bigint | null;
}

export function lineState(
  line: PlanLine,
  adjustments: readonly Adjustment[],
  payments: readonly Payment[],
  at: string,
): LineState {
  const plan = effectivePlan(line, adjustments, at);
  const disbursed = disbursedBy(
    payments.filter((p) => p.planLineId === line.id),
    at,
  );
  return { plan, disbursed, remaining: plan - disbursed, rate: rateHundredths(disbursed, plan) };
}

/** Sums of several lines at a date; the rate of the sums, never an average of rates. */
export function sumStates(states: readonly LineState[]): LineState {
  let plan = 0n;
  let disbursed = 0n;
  for (const s of states) {
    plan += s.plan;
    disbursed += s.disbursed;
  }
  return { plan, disbursed, remaining: plan - disbursed, rate: rateHundredths(disbursed, plan) };
}

/**
 * The dates a payment on the line may carry: its year, and the next year when its funds were carried over.
 * `extendedUntil` is the day the line's programme may still disburse until (rules/programmes, e.g. the
 * 2021–2025 programme until 31/12/2026 by Nghị quyết 257/2025/QH15): carried-over funds may then be paid
 * until that day when it is later than the end of the carry-over year. Funds not carried over stay in their year.
 */
export function paymentWindow(
  line: PlanLine,
  carry: CarryOver | null,
  extendedUntil: string | null = null,
): { from: string; to: string } {
  if (!carry) return { from: `${line.year}-01-01`, to: lastDay(line.year) };
  const carried = lastDay(carry.toYear);
  return {
    from: `${line.year}-01-01`,
    to: extendedUntil && extendedUntil > carried ? extendedUntil : carried,
  };
}

/** What the plan left unspent at the end of its year, the most that can be carried over. */
export function unspentAtYearEnd(
  line: PlanLine,
  adjustments: readonly Adjustment[],
  payments: readonly Payment[],
): bigint {
  return lineState(line, adjustments, payments, lastDay(line.year)).remaining;
}

export interface Problem {
  code: string;
  message: { vi: string; en: string };
}

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * Checks payments about to be recorded on one line, given what it already has. Returns, for each incoming
 * payment (same order), its problems: not positive, dated outside the line's window (its year, or the next
 * one when carried over), or making the paid total exceed the plan in force (or, in the next year, the
 * amount carried over) on some date. An excess is blamed on the latest incoming payment dated by then.
 */
export function checkNewPayments(
  line: PlanLine,
  adjustments: readonly Adjustment[],
  existing: readonly Payment[],
  carry: CarryOver | null,
  incoming: readonly Pick<Payment, 'paidOn' | 'amount'>[],
  extendedUntil: string | null = null,
): Problem[][] {
  const problems: Problem[][] = incoming.map(() => []);
  const window = paymentWindow(line, carry, extendedUntil);
  const extended = carry !== null && window.to > lastDay(carry.toYear);
  incoming.forEach((p, i) => {
    if (p.amount <= 0n)
      problems[i]!.push({
        code: 'amount_not_positive',
        message: { vi: 'Số tiền giải ngân phải lớn hơn 0', en: 'A payment must be more than 0' },
      });
    if (p.paidOn < window.from || p.paidOn > window.to) {
      problems[i]!.push({
        code: 'date_outside_year',
        message: extended
          ? {
              vi: `Ngày ${dmy(p.paidOn)} nằm ngoài thời gian giải ngân của kế hoạch năm ${line.year} (chuyển nguồn, được kéo dài đến ${dmy(window.to)})`,
              en: `Date ${p.paidOn} is outside the disbursement period of the ${line.year} plan (carried over, extended until ${window.to})`,
            }
          : carry
            ? {
                vi: `Ngày ${dmy(p.paidOn)} nằm ngoài năm kế hoạch ${line.year} và năm chuyển nguồn ${carry.toYear}`,
                en: `Date ${p.paidOn} is outside the plan year ${line.year} and the carry-over year ${carry.toYear}`,
              }
            : {
                vi: `Ngày ${dmy(p.paidOn)} nằm ngoài năm kế hoạch ${line.year} (vốn chưa được chuyển nguồn sang năm sau)`,
                en: `Date ${p.paidOn} is outside the plan year ${line.year} (the funds were not carried over)`,
              },
      });
    }
  });
  const usable = incoming
    .map((p, i) => ({ ...p, i }))
    .filter((p) => problems[p.i]!.length === 0)
    .sort((a, b) => a.paidOn.localeCompare(b.paidOn) || a.i - b.i);
  const all = [...existing.filter((p) => p.planLineId === line.id), ...usable];
  const dates = [...new Set(all.map((p) => p.paidOn))].sort();
  const blamed = new Set<string>();
  const blame = (d: string, problem: Problem) => {
    const culprit = usable.filter((p) => p.paidOn <= d).at(-1);
    if (culprit && !blamed.has(`${culprit.i}:${problem.code}`)) {
      blamed.add(`${culprit.i}:${problem.code}`);
      problems[culprit.i]!.push(problem);
    }
  };
  for (const d of dates) {
    const plan = effectivePlan(line, adjustments, d);
    const paid = disbursedBy(all, d);
    if (paid > plan)
      blame(d, {
        code: 'exceeds_plan',
        message: {
          vi: `Tổng giải ngân đến ngày ${dmy(d)} (${paid} đồng) vượt kế hoạch vốn còn hiệu lực (${plan} đồng)`,
          en: `Payments up to ${d} (${paid} VND) exceed the plan in force (${plan} VND)`,
        },
      });
    if (carry && d > lastDay(line.year)) {
      const paidNext = disbursedBy(
        all.filter((p) => p.paidOn > lastDay(line.year)),
        d,
      );
      if (paidNext > carry.amount)
        blame(d, {
          code: 'exceeds_carried',
          message: {
            vi: `Giải ngân sau năm ${line.year} (${paidNext} đồng) vượt số vốn chuyển nguồn (${carry.amount} đồng)`,
            en: `Payments after ${line.year} (${paidNext} VND) exceed the amount carried over (${carry.amount} VND)`,
          },
        });
    }
  }
  return problems;
}

/**
 * Checks an adjustment about to be recorded: dated no later than the end of the plan year, not on a
 * line already carried over (its year is closed), and never leaving the plan below zero or below what
 * was paid by then, on its date or any later date of a change or payment.
 */
export function checkAdjustment(
  line: PlanLine,
  adjustments: readonly Adjustment[],
  payments: readonly Payment[],
  carry: CarryOver | null,
  adjustment: Pick<Adjustment, 'decisionDate' | 'amount'>,
): Problem[] {
  const problems: Problem[] = [];
  if (adjustment.amount === 0n)
    problems.push({
      code: 'amount_zero',
      message: { vi: 'Số tiền điều chỉnh phải khác 0', en: 'An adjustment must not be zero' },
    });
  if (adjustment.decisionDate > lastDay(line.year))
    problems.push({
      code: 'date_after_year',
      message: {
        vi: `Quyết định điều chỉnh ngày ${dmy(adjustment.decisionDate)} sau năm kế hoạch ${line.year}`,
        en: `The adjustment (${adjustment.decisionDate}) is dated after the plan year ${line.year}`,
      },
    });
  if (carry)
    problems.push({
      code: 'carried_over',
      message: {
        vi: `Kế hoạch đã chuyển nguồn sang năm ${carry.toYear}: không điều chỉnh được nữa`,
        en: `The plan was carried over to ${carry.toYear}: it can no longer be adjusted`,
      },
    });
  if (problems.length) return problems;
  const after = [...adjustments, { ...adjustment, planLineId: line.id, decision: '' }];
  const mine = payments.filter((p) => p.planLineId === line.id);
  const dates = [adjustment.decisionDate, ...after.map((a) => a.decisionDate), ...mine.map((p) => p.paidOn)]
    .filter((d) => d >= adjustment.decisionDate)
    .sort();
  for (const d of new Set(dates)) {
    const plan = effectivePlan(line, after, d);
    const paid = disbursedBy(mine, d);
    if (plan < 0n) {
      problems.push({
        code: 'negative_plan',
        message: {
          vi: `Sau điều chỉnh, kế hoạch vốn ngày ${dmy(d)} âm (${plan} đồng)`,
          en: `After the adjustment the plan on ${d} would be negative (${plan} VND)`,
        },
      });
      break;
    }
    if (paid > plan) {
      problems.push({
        code: 'below_disbursed',
        message: {
          vi: `Sau điều chỉnh, kế hoạch vốn ngày ${dmy(d)} (${plan} đồng) thấp hơn số đã giải ngân (${paid} đồng)`,
          en: `After the adjustment the plan on ${d} (${plan} VND) would be below what was paid (${paid} VND)`,
        },
      });
      break;
    }
  }
  return problems;
}

/** Checks marking a line's unspent funds as carried into the next year; the amount defaults to all of it. */
export function checkCarryOver(
  line: PlanLine,
  adjustments: readonly Adjustment[],
  payments: readonly Payment[],
  existing: CarryOver | null,
  amount: bigint | null,
): { ok: true; amount: bigint } | { ok: false; problems: Problem[] } {
  if (existing)
    return {
      ok: false,
      problems: [
        {
          code: 'already_carried',
          message: {
            vi: `Đã chuyển nguồn sang năm ${existing.toYear} (${existing.decision})`,
            en: `Already carried over to ${existing.toYear} (${existing.decision})`,
          },
        },
      ],
    };
  const unspent = unspentAtYearEnd(line, adjustments, payments);
  const chosen = amount ?? unspent;
  if (chosen <= 0n || chosen > unspent)
    return {
      ok: false,
      problems: [
        {
          code: 'carry_amount',
          message: {
            vi: `Số vốn chuyển nguồn phải lớn hơn 0 và không quá số chưa giải ngân đến 31/12/${line.year} (${unspent} đồng)`,
            en: `The amount carried over must be more than 0 and at most what was unspent at 31/12/${line.year} (${unspent} VND)`,
          },
        },
      ],
    };
  return { ok: true, amount: chosen };
}
