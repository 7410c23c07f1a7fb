// Programme money: imports of plans, adjustments and payments (all rows or none), the disbursement report
// of a unit with everything below it, the counterpart check and the allocation preview.
import { figures, finance, units, type Queryable } from '../db/index.ts';
import type { AdminUnit } from '../db/queries/units.ts';
import {
  allocate,
  AllocationError,
  communeCoefficient,
  type Allocation,
  type AllocationChild,
} from '../domain/finance/allocation.ts';
import { checkCounterpart, type CounterpartResult } from '../domain/finance/counterpart.ts';
import {
  checkAdjustmentRows,
  checkPaymentRows,
  checkPlanRows,
  lineKey,
  parseAdjustmentsCsv,
  parsePaymentsCsv,
  parsePlansCsv,
  planUnit,
  type CsvContext,
  type LineKey,
  type LineRecord,
  type RowError,
} from '../domain/finance/csv.ts';
import { formatMoney, rateHundredths } from '../domain/finance/money.ts';
import {
  coefficientSetOf,
  counterpartMinimumOf,
  extendedUntilOf,
  type FinanceRules,
  type SourceCode,
} from '../domain/finance/programmes.ts';
import { behindSchedule, type ScheduleWarning } from '../domain/finance/schedule.ts';
import { disbursementSentence, reportDate } from '../domain/finance/sentence.ts';
import { COUNTERPART_FILE, defaultFinanceRules } from '../rules-loader/load-finance.ts';
import { rowsOutsideWriteScope } from './access.ts';
import { authorId, requirePermission, type Actor } from './actor.ts';
import { recordAudits } from './audit.ts';

/** A request the data cannot answer (unknown unit, wrong level…), with a message for people. */
export class FinanceError extends Error {
  constructor(
    readonly code: 'UNIT_NOT_FOUND' | 'NOT_A_CHILD' | 'NOT_A_PROVINCE' | 'PERIOD_SPLIT' | 'ALLOCATION',
    readonly messages: { vi: string; en: string },
  ) {
    super(messages.en);
    this.name = 'FinanceError';
  }
}

export type ImportResult = { ok: true; count: number } | { ok: false; errors: RowError[] };

async function csvContext(db: Queryable, rules: FinanceRules): Promise<CsvContext> {
  const spans = await figures.unitSpans(db);
  const byCode = new Map<string, typeof spans>();
  for (const s of spans) byCode.set(s.code, [...(byCode.get(s.code) ?? []), s]);
  return { rules, resolveUnit: (code, year) => planUnit(byCode.get(code) ?? [], code, year) };
}

/** The recorded lines for the rows' keys, locked until the transaction ends, and a lookup by key. */
async function recordedLines(db: Queryable, keys: readonly LineKey[]) {
  const records = await finance.linesByKeys(db, keys);
  if (records.length)
    await finance.lockLines(
      db,
      records.map((r) => r.line.id),
    );
  // Read again under the lock: a payment recorded meanwhile by someone else is then seen.
  const fresh = records.length ? await finance.linesByKeys(db, keys) : [];
  const byKey = new Map(fresh.map((r) => [lineKey(r.line), r]));
  return (k: LineKey): LineRecord | undefined => byKey.get(lineKey(k));
}

/** The context of an import: today (for the write scope) and the programme rules (default: rules/). */
export interface FinanceImportContext {
  today: string;
  rules?: FinanceRules;
}

const byRow = (a: RowError, b: RowError) => a.row - b.row;

/** Plan lines from CSV (giamngheo finance import-plans): each audited as `POST /finance/plans` is. */
export async function importPlans(
  db: Queryable,
  actor: Actor,
  text: string,
  context: FinanceImportContext,
): Promise<ImportResult> {
  requirePermission(actor, 'finance.write');
  const rules = context.rules ?? defaultFinanceRules();
  const parsed = parsePlansCsv(text, await csvContext(db, rules));
  return db.transaction(async (tx) => {
    const find = await recordedLines(tx, parsed.rows);
    const errors = [
      ...parsed.errors,
      ...checkPlanRows(parsed.rows, find),
      ...(await rowsOutsideWriteScope(tx, actor, parsed.rows, context.today)),
    ].sort(byRow);
    if (errors.length) return { ok: false, errors };
    const written = await finance.insertPlanLines(
      tx,
      parsed.rows.map(({ row: _r, ...line }) => line),
      authorId(actor),
    );
    await recordAudits(
      tx,
      actor,
      written.map((line) => ({
        action: 'finance.plan.create',
        entityType: 'finance_plan_line',
        entityId: line.id,
        unitCode: line.unitCode,
        after: line,
      })),
    );
    return { ok: true, count: written.length };
  });
}

/** Payments from CSV (giamngheo finance import-payments): each audited as `POST /finance/payments` is. */
export async function importPayments(
  db: Queryable,
  actor: Actor,
  text: string,
  context: FinanceImportContext,
): Promise<ImportResult> {
  requirePermission(actor, 'finance.write');
  const rules = context.rules ?? defaultFinanceRules();
  const parsed = parsePaymentsCsv(text, await csvContext(db, rules));
  return db.transaction(async (tx) => {
    const find = await recordedLines(tx, parsed.rows);
    const errors = [
      ...parsed.errors,
      ...checkPaymentRows(parsed.rows, find, (id) => extendedUntilOf(rules, id)),
      ...(await rowsOutsideWriteScope(tx, actor, parsed.rows, context.today)),
    ].sort(byRow);
    if (errors.length) return { ok: false, errors };
    const payments = parsed.rows.map((r) => ({
      line: find(r)!.line,
      payment: { planLineId: find(r)!.line.id, paidOn: r.paidOn, amount: r.amount, decision: r.decision },
    }));
    const count = await finance.insertPayments(
      tx,
      payments.map((p) => p.payment),
      authorId(actor),
    );
    await recordAudits(
      tx,
      actor,
      payments.map(({ line, payment }) => ({
        action: 'finance.payment.create',
        entityType: 'finance_plan_line',
        entityId: line.id,
        unitCode: line.unitCode,
        after: payment,
      })),
    );
    return { ok: true, count };
  });
}

/** Adjustments from CSV (giamngheo finance import-adjustments): each audited as the HTTP adjustment is. */
export async function importAdjustments(
  db: Queryable,
  actor: Actor,
  text: string,
  context: FinanceImportContext,
): Promise<ImportResult> {
  requirePermission(actor, 'finance.write');
  const rules = context.rules ?? defaultFinanceRules();
  const parsed = parseAdjustmentsCsv(text, await csvContext(db, rules));
  return db.transaction(async (tx) => {
    const find = await recordedLines(tx, parsed.rows);
    const errors = [
      ...parsed.errors,
      ...checkAdjustmentRows(parsed.rows, find),
      ...(await rowsOutsideWriteScope(tx, actor, parsed.rows, context.today)),
    ].sort(byRow);
    if (errors.length) return { ok: false, errors };
    const adjustments = parsed.rows.map((r) => ({
      line: find(r)!.line,
      adjustment: {
        planLineId: find(r)!.line.id,
        decision: r.decision,
        decisionDate: r.decisionDate,
        amount: r.amount,
        reason: r.reason,
      },
    }));
    const count = await finance.insertAdjustments(
      tx,
      adjustments.map((a) => a.adjustment),
      authorId(actor),
    );
    await recordAudits(
      tx,
      actor,
      adjustments.map(({ line, adjustment }) => ({
        action: 'finance.plan.adjust',
        entityType: 'finance_plan_line',
        entityId: line.id,
        unitCode: line.unitCode,
        after: adjustment,
      })),
    );
    return { ok: true, count };
  });
}

/** The unit a report is about (valid on `at`, else its last version before), or a FinanceError. */
export async function requireReportUnit(db: Queryable, code: string, at: string): Promise<AdminUnit> {
  const unit = await finance.reportUnit(db, code, at);
  if (!unit)
    throw new FinanceError('UNIT_NOT_FOUND', {
      vi: `Không có đơn vị mã ${code} vào hoặc trước ngày ${at}`,
      en: `No unit had code ${code} on or before ${at}`,
    });
  return unit;
}

export interface DisbursementRow {
  /** The unit's code; `code@valid_from` when an earlier unit with the same code is also listed. */
  label: string;
  unit: AdminUnit;
  /** True for the lines recorded against the report unit itself. */
  own: boolean;
  plan: bigint;
  disbursed: bigint;
  rate: bigint | null;
}

export interface DisbursementReport {
  unit: AdminUnit;
  from: number;
  to: number;
  at: string;
  plan: bigint;
  disbursed: bigint;
  rate: bigint | null;
  byUnit: DisbursementRow[];
  sentence: { vi: string; en: string };
  /** What the sums leave out or how they were read (predecessors merged only in part…). */
  notes: { vi: string; en: string }[];
  /** Lines of `at`'s year behind the disbursement milestone (rules/finance/disbursement-milestones.yaml). */
  warnings: ScheduleWarning<string>[];
}

/**
 * Plan in force and paid at `at` for the lines of years from–to of the unit and everything below it: the
 * version of the code valid on `at` (or its last one), each line counted under the units above it on its
 * own date, plus the lines of predecessors that went into the unit whole (Bắc Kạn's under Thái Nguyên
 * after 1 July 2025). `byUnit`, by code: every unit directly under it on `at` (on its last day if it has
 * ended), the units holding lines that are not among them (directly under a predecessor, or gone, or a
 * predecessor itself), and the unit itself when lines are recorded against it.
 */
export async function disbursementReport(
  db: Queryable,
  input: { unit: string; from: number; to: number; at: string; rules?: FinanceRules },
): Promise<DisbursementReport> {
  const rules = input.rules ?? defaultFinanceRules();
  const unit = await requireReportUnit(db, input.unit, input.at);
  const q = { unit, from: input.from, to: input.to, at: input.at };
  const buckets = await finance.disbursementByBucket(db, q);
  const childDate = unit.validTo !== null && unit.validTo < input.at ? unit.validTo : input.at;
  const kids = await units.children(db, unit.code, childDate);
  const rows = new Map<string, DisbursementRow>();
  const keyOf = (u: AdminUnit) => `${u.code}@${u.validFrom}`;
  for (const k of kids)
    rows.set(keyOf(k), { label: k.code, unit: k, own: false, plan: 0n, disbursed: 0n, rate: null });
  for (const b of buckets) {
    const key = keyOf(b.unit);
    const row = rows.get(key) ?? {
      label: b.unit.code,
      unit: b.unit,
      own: key === keyOf(unit),
      plan: 0n,
      disbursed: 0n,
      rate: null,
    };
    row.plan += b.plan;
    row.disbursed += b.disbursed;
    rows.set(key, row);
  }
  // The unit's own lines first, then the units under it on the day, then units gone or under a predecessor.
  const rank = (r: DisbursementRow) => (r.own ? 0 : kids.some((k) => keyOf(k) === keyOf(r.unit)) ? 1 : 2);
  const list = [...rows.values()].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      a.unit.code.localeCompare(b.unit.code) ||
      a.unit.validFrom.localeCompare(b.unit.validFrom),
  );
  const codes = new Map<string, number>();
  for (const r of list) codes.set(r.unit.code, (codes.get(r.unit.code) ?? 0) + 1);
  for (const r of list) {
    r.rate = rateHundredths(r.disbursed, r.plan);
    // Two listed units with one code (a code re-used by the 2025 reform): name the earlier by its version.
    const latest = list
      .filter((x) => x.unit.code === r.unit.code)
      .reduce((a, b) => (b.unit.validFrom > a.unit.validFrom ? b : a));
    if ((codes.get(r.unit.code) ?? 0) > 1 && latest !== r) r.label = `${r.unit.code}@${r.unit.validFrom}`;
  }
  const plan = buckets.reduce((s, b) => s + b.plan, 0n);
  const disbursed = buckets.reduce((s, b) => s + b.disbursed, 0n);

  const notes: { vi: string; en: string }[] = [];
  const predecessors = buckets.filter(
    (b) => keyOf(b.unit) !== keyOf(unit) && !kids.some((k) => keyOf(k) === keyOf(b.unit)),
  );
  if (predecessors.length) {
    notes.push({
      vi: `Gồm kế hoạch vốn ghi cho các đơn vị không còn trực thuộc ${unit.name} ngày ${reportDate(childDate).vi} (đơn vị cũ trước sắp xếp): ${predecessors.map((b) => `${b.unit.name} (${b.unit.code})`).join(', ')}.`,
      en: `Includes plans recorded for units not directly under ${unit.name} on ${reportDate(childDate).en} (units before the reform): ${predecessors.map((b) => `${b.unit.name} (${b.unit.code})`).join(', ')}.`,
    });
  }
  for (const p of await finance.partialPredecessors(db, q)) {
    notes.push({
      vi: `Không tính ${p.lines} dòng kế hoạch (${formatMoney(p.plan, 'vi')}) của ${p.unit.name} (${p.unit.code}): đơn vị này chỉ nhập một phần vào ${unit.name}, chưa biết phần vốn tương ứng.`,
      en: `Not counted: ${p.lines} plan lines (${formatMoney(p.plan, 'en')}) of ${p.unit.name} (${p.unit.code}), which went only in part into ${unit.name}; its share is not known.`,
    });
  }
  const lines = await finance.linesUnder(db, q);
  const sourceName = new Map(rules.sources.sources.map((s) => [s.code, s.name]));
  const warnings = behindSchedule(
    lines.map((l) => ({
      key: l.id,
      // Named the way officers say it: unit, year, project and the source in words, not its code.
      label: {
        vi: `${l.unitName} (${l.unitCode}), năm ${l.year}, ${l.project}, ${sourceName.get(l.source)?.vi ?? l.source}`,
        en: `${l.unitName} (${l.unitCode}), ${l.year}, ${l.project}, ${sourceName.get(l.source)?.en ?? l.source}`,
      },
      year: l.year,
      plan: l.plan,
      disbursed: l.disbursed,
    })),
    rules.milestones,
    input.at,
  );
  return {
    unit,
    from: input.from,
    to: input.to,
    at: input.at,
    plan,
    disbursed,
    rate: rateHundredths(disbursed, plan),
    byUnit: list,
    sentence: disbursementSentence({ at: input.at, unitKind: unit.kind, plan, disbursed }),
    notes,
    warnings,
  };
}

/** The counterpart check of a province over years from–to (which must share one parameter entry). */
export async function counterpartReport(
  db: Queryable,
  input: { unit: string; from: number; to: number; at: string; rules?: FinanceRules },
): Promise<CounterpartResult & { unit: AdminUnit; totals: Record<SourceCode, bigint> }> {
  const rules = input.rules ?? defaultFinanceRules();
  const unit = await requireReportUnit(db, input.unit, input.at);
  if (unit.level !== 'province')
    throw new FinanceError('NOT_A_PROVINCE', {
      vi: `Tỷ lệ vốn đối ứng xét cho tỉnh; ${unit.name} (${unit.code}) không phải là tỉnh`,
      en: `The counterpart share is checked for a province; ${unit.name} (${unit.code}) is not one`,
    });
  const minimum = counterpartMinimumOf(rules, unit.code, input.from);
  for (let y = input.from + 1; y <= input.to; y++) {
    if (counterpartMinimumOf(rules, unit.code, y).entry !== minimum.entry)
      throw new FinanceError('PERIOD_SPLIT', {
        vi: `Các năm ${input.from}–${input.to} thuộc các giai đoạn có tỷ lệ đối ứng khác nhau: xét từng giai đoạn`,
        en: `Years ${input.from}–${input.to} span periods with different counterpart parameters: check each period`,
      });
  }
  const sums = await finance.sumsBySource(db, { unit, from: input.from, to: input.to, at: input.at });
  const totals = Object.fromEntries(sums.map((s) => [s.source, s.plan])) as Record<SourceCode, bigint>;
  const result = checkCounterpart({
    province: { code: unit.code, name: unit.name },
    years: { from: input.from, to: input.to },
    totals,
    rule: rules.counterpartMinimum,
    minimum,
    parametersFile: COUNTERPART_FILE,
  });
  return { ...result, unit, totals };
}

export type AllocationRequestChild =
  | { unit: string; coefficient: number }
  | { unit: string; categories: string[]; extremelyDifficultVillages?: number };

/** Shares an amount among the units directly under a unit (on `at`), by given or derived coefficients. */
export async function allocationPreview(
  db: Queryable,
  input: {
    unit: string;
    year: number;
    at: string;
    amount: bigint;
    step?: bigint;
    children: AllocationRequestChild[];
    rules?: FinanceRules;
  },
): Promise<Allocation & { unit: AdminUnit }> {
  const rules = input.rules ?? defaultFinanceRules();
  const unit = await requireReportUnit(db, input.unit, input.at);
  const kids = await units.children(db, unit.code, input.at);
  const set = coefficientSetOf(rules, input.year);
  const children: AllocationChild[] = input.children.map((c) => {
    const kid = kids.find((k) => k.code === c.unit);
    if (!kid)
      throw new FinanceError('NOT_A_CHILD', {
        vi: `${c.unit} không trực thuộc ${unit.name} (${unit.code}) ngày ${input.at}`,
        en: `${c.unit} is not directly under ${unit.name} (${unit.code}) on ${input.at}`,
      });
    if ('coefficient' in c) return { unit: kid.code, name: kid.name, coefficient: BigInt(c.coefficient) };
    if (!set)
      throw new FinanceError('ALLOCATION', {
        vi: `Chưa có bộ hệ số phân bổ cho năm ${input.year} (rules/finance/allocation-coefficients.yaml): hãy nhập hệ số cho từng đơn vị`,
        en: `No coefficient set for ${input.year} (rules/finance/allocation-coefficients.yaml): give each unit's coefficient`,
      });
    try {
      const { coefficient, basis } = communeCoefficient(set, {
        categories: c.categories,
        extremelyDifficultVillages: c.extremelyDifficultVillages ?? 0,
      });
      return { unit: kid.code, name: kid.name, coefficient, basis };
    } catch (e) {
      if (e instanceof AllocationError) throw new FinanceError('ALLOCATION', e.messages);
      throw e;
    }
  });
  try {
    return {
      ...allocate({ total: input.amount, ...(input.step ? { step: input.step } : {}), children }),
      unit,
    };
  } catch (e) {
    if (e instanceof AllocationError) throw new FinanceError('ALLOCATION', e.messages);
    throw e;
  }
}
