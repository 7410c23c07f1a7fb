// Plan lines one at a time, as use cases: recording a line, adjusting it, carrying its unspent funds into
// the next year and recording a payment — each checked against the actor's scopes (404 for a line or
// unit out of sight, 403 for one only readable or without finance.write), checked against the rules of
// plans, written and audited in one transaction whichever door it came through. And the reads of
// programme money behind the same access policy: the lines under a unit, one line with its history, its
// payments, the disbursement report, the allocation preview and the counterpart check.
import { finance, units, type Queryable } from '../db/index.ts';
import type { LineView, PaymentView } from '../db/queries/finance.ts';
import { planUnit, type LineRecord } from '../domain/finance/csv.ts';
import {
  checkAdjustment,
  checkCarryOver,
  checkNewPayments,
  lineState,
  type Problem,
} from '../domain/finance/plans.ts';
import { extendedUntilOf, isSourceCode, lookupProject } from '../domain/finance/programmes.ts';
import { defaultFinanceRules } from '../rules-loader/load-finance.ts';
import type { FinanceRules } from '../domain/finance/programmes.ts';
import { readableReportUnit, requireWritableUnitVersion, unitVersionInScope } from './access.ts';
import { authorId, requirePermission, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { AppError } from './errors.ts';
import {
  allocationPreview,
  counterpartReport,
  disbursementReport,
  FinanceError,
  type AllocationRequestChild,
} from './finance.ts';

/** A plan line with the name of its unit version, as the doors present it. */
export interface PlanLineView extends LineRecord {
  unitName: string;
}

/** A request the data cannot answer: 404 for an unknown unit, 422 naming the rule otherwise. */
const asAppError = (e: unknown): unknown => {
  if (!(e instanceof FinanceError)) return e;
  if (e.code === 'UNIT_NOT_FOUND') return new AppError('NOT_FOUND', [], undefined, e.messages);
  return new AppError('RULE_VIOLATION', [], { rule: e.code }, e.messages);
};

const broken = (problems: Problem[]) =>
  new AppError(
    'RULE_VIOLATION',
    problems.map((p) => ({ path: 'body', message: p.message })),
    { rule: problems[0]!.code },
    problems[0]!.message,
  );

async function withUnitName(db: Queryable, r: LineRecord): Promise<PlanLineView> {
  const unit = await units.unitVersion(db, { code: r.line.unitCode, validFrom: r.line.unitValidFrom });
  return { ...r, unitName: unit?.name ?? '' };
}

// ---- Access to one line ------------------------------------------------------------------------------

/** A line the actor may read (404 otherwise: lines out of scope are not revealed). */
export async function readableLine(
  db: Queryable,
  actor: Actor,
  id: string,
  today: string,
): Promise<LineRecord> {
  const record = await finance.lineRecord(db, id);
  const unit =
    record &&
    (await units.unitVersion(db, { code: record.line.unitCode, validFrom: record.line.unitValidFrom }));
  if (!record || !unit || !(await unitVersionInScope(db, actor.read, unit, today)))
    throw new AppError('NOT_FOUND');
  return record;
}

/**
 * A line the actor may change, locked until the transaction ends and read again under the lock:
 * finance.write and the line's unit within the write scope (403), readable at all (404).
 */
export async function writableLine(
  tx: Queryable,
  actor: Actor,
  id: string,
  today: string,
): Promise<LineRecord> {
  await readableLine(tx, actor, id, today);
  requirePermission(actor, 'finance.write');
  await finance.lockLines(tx, [id]);
  const record = (await finance.lineRecord(tx, id))!;
  const unit = (await units.unitVersion(tx, {
    code: record.line.unitCode,
    validFrom: record.line.unitValidFrom,
  }))!;
  if (!(await unitVersionInScope(tx, actor.write, unit, today))) throw new AppError('FORBIDDEN');
  return record;
}

// ---- Changes -----------------------------------------------------------------------------------------

export interface CreatePlanLineInput {
  /** The unit code, read as the unit holding it on 1 January of the year. */
  unit: string;
  year: number;
  project: string;
  source: string;
  amountVnd: bigint;
  decision: string;
  decisionDate?: string | null | undefined;
}

/** A new plan line (POST /finance/plans; the CSV import is importPlans): audited finance.plan.create. */
export async function createPlanLine(
  db: Queryable,
  actor: Actor,
  input: CreatePlanLineInput,
  today: string,
): Promise<PlanLineView> {
  requirePermission(actor, 'finance.write');
  const rules = defaultFinanceRules();
  return db.transaction(async (tx) => {
    const resolved = planUnit(await finance.versionsOf(tx, input.unit), input.unit, input.year);
    if (!resolved.ok) throw new AppError('NOT_FOUND', [], undefined, resolved.message);
    const unit = (await units.unitVersion(tx, resolved))!;
    await requireWritableUnitVersion(tx, actor, unit, today, 'finance.write');
    const project = lookupProject(rules, input.year, input.project);
    if (!project.ok)
      throw new AppError('VALIDATION_FAILED', [{ path: 'body.project', message: project.message }]);
    if (input.amountVnd < 0n)
      throw new AppError('VALIDATION_FAILED', [
        { path: 'body.amountVnd', message: { vi: 'Số tiền âm', en: 'Negative amount' } },
      ]);
    if (!isSourceCode(input.source)) throw new AppError('VALIDATION_FAILED');
    const key = {
      unitCode: unit.code,
      unitValidFrom: unit.validFrom,
      year: input.year,
      project: project.code,
      source: input.source,
    };
    if ((await finance.linesByKeys(tx, [key])).length)
      throw new AppError(
        'RULE_VIOLATION',
        [],
        { rule: 'line_exists' },
        {
          vi: 'Dòng kế hoạch đã có (cùng đơn vị, năm, dự án, nguồn vốn): thay đổi là một điều chỉnh',
          en: 'The plan line already exists (unit, year, project, source): a change is an adjustment',
        },
      );
    const [written] = await finance.insertPlanLines(
      tx,
      [
        {
          ...key,
          programme: project.programme.id,
          amount: input.amountVnd,
          decision: input.decision,
          decisionDate: input.decisionDate ?? null,
        },
      ],
      authorId(actor),
    );
    await recordAudit(tx, actor, {
      action: 'finance.plan.create',
      entityType: 'finance_plan_line',
      entityId: written!.id,
      unitCode: unit.code,
      after: written,
    });
    return withUnitName(tx, { line: written!, adjustments: [], payments: [], carry: null });
  });
}

export interface AdjustPlanLineInput {
  lineId: string;
  decision: string;
  decisionDate: string;
  /** Signed: a cut is negative. */
  amountVnd: bigint;
  reason?: string | null | undefined;
}

/** An adjustment of a line's plan by a decision: audited finance.plan.adjust with the plan before and after. */
export async function adjustPlanLine(
  db: Queryable,
  actor: Actor,
  input: AdjustPlanLineInput,
  today: string,
): Promise<PlanLineView> {
  requirePermission(actor, 'finance.write');
  return db.transaction(async (tx) => {
    const r = await writableLine(tx, actor, input.lineId, today);
    const adj = {
      planLineId: r.line.id,
      decision: input.decision,
      decisionDate: input.decisionDate,
      amount: input.amountVnd,
      reason: input.reason ?? null,
    };
    const problems = checkAdjustment(r.line, r.adjustments, r.payments, r.carry, adj);
    if (problems.length) throw broken(problems);
    const before = lineState(r.line, r.adjustments, r.payments, '9999-12-31').plan;
    await finance.insertAdjustments(tx, [adj], authorId(actor));
    await recordAudit(tx, actor, {
      action: 'finance.plan.adjust',
      entityType: 'finance_plan_line',
      entityId: r.line.id,
      unitCode: r.line.unitCode,
      before: { plan: before },
      after: { ...adj, plan: before + adj.amount },
    });
    return withUnitName(tx, { ...r, adjustments: [...r.adjustments, adj] });
  });
}

export interface CarryOverInput {
  lineId: string;
  decision: string;
  decisionDate: string;
  /** Default: all that is unspent. */
  amountVnd?: bigint | undefined;
}

/** Unspent funds of a line carried into the next year: audited finance.plan.carry_over. */
export async function carryOver(
  db: Queryable,
  actor: Actor,
  input: CarryOverInput,
  today: string,
): Promise<PlanLineView> {
  requirePermission(actor, 'finance.write');
  return db.transaction(async (tx) => {
    const r = await writableLine(tx, actor, input.lineId, today);
    const checked = checkCarryOver(r.line, r.adjustments, r.payments, r.carry, input.amountVnd ?? null);
    if (!checked.ok) throw broken(checked.problems);
    const carry = {
      planLineId: r.line.id,
      toYear: r.line.year + 1,
      amount: checked.amount,
      decision: input.decision,
      decisionDate: input.decisionDate,
    };
    await finance.insertCarryOver(tx, carry, authorId(actor));
    await recordAudit(tx, actor, {
      action: 'finance.plan.carry_over',
      entityType: 'finance_plan_line',
      entityId: r.line.id,
      unitCode: r.line.unitCode,
      after: carry,
    });
    return withUnitName(tx, { ...r, carry });
  });
}

export interface RecordPaymentInput {
  planLineId: string;
  /** The day paid. */
  date: string;
  amountVnd: bigint;
  decision: string;
}

/** A payment on a line (POST /finance/payments; the CSV import is importPayments): audited finance.payment.create. */
export async function recordPayment(
  db: Queryable,
  actor: Actor,
  input: RecordPaymentInput,
  today: string,
): Promise<PlanLineView> {
  requirePermission(actor, 'finance.write');
  return db.transaction(async (tx) => {
    const r = await writableLine(tx, actor, input.planLineId, today);
    const payment = {
      planLineId: r.line.id,
      paidOn: input.date,
      amount: input.amountVnd,
      decision: input.decision,
    };
    const [problems] = checkNewPayments(
      r.line,
      r.adjustments,
      r.payments,
      r.carry,
      [payment],
      extendedUntilOf(defaultFinanceRules(), r.line.programme),
    );
    if (problems!.length) throw broken(problems!);
    await finance.insertPayments(tx, [payment], authorId(actor));
    await recordAudit(tx, actor, {
      action: 'finance.payment.create',
      entityType: 'finance_plan_line',
      entityId: r.line.id,
      unitCode: r.line.unitCode,
      after: payment,
    });
    return withUnitName(tx, { ...r, payments: [...r.payments, payment] });
  });
}

// ---- Reads -------------------------------------------------------------------------------------------

/** The years and day a report covers: from (default this year) to (default from), at (default today). */
export interface PeriodQuery {
  from?: number | undefined;
  to?: number | undefined;
  at?: string | undefined;
}

export interface Period {
  at: string;
  from: number;
  to: number;
}

/** The period asked for, with its defaults; 400 when it ends before it starts. */
export function reportPeriod(q: PeriodQuery, today: string): Period {
  const at = q.at ?? today;
  const from = q.from ?? Number(at.slice(0, 4));
  const to = q.to ?? q.from ?? from;
  if (to < from)
    throw new AppError('VALIDATION_FAILED', [
      {
        path: 'querystring.to',
        message: { vi: 'Năm kết thúc trước năm bắt đầu', en: 'to is before from' },
      },
    ]);
  return { at, from, to };
}

/** The plan lines of a unit the actor may read and of every unit below it, over a period. */
export async function planLinesUnder(
  db: Queryable,
  actor: Actor,
  q: PeriodQuery & { unit: string },
  today: string,
): Promise<Period & { lines: LineView[] }> {
  const { at, from, to } = reportPeriod(q, today);
  const unit = await readableReportUnit(db, actor, q.unit, at);
  return { at, from, to, lines: await finance.linesUnder(db, { unit, from, to, at }) };
}

/** One line the actor may read, with its payments as recorded (ids and all). */
export async function planLine(
  db: Queryable,
  actor: Actor,
  id: string,
  today: string,
): Promise<PlanLineView & { paymentRows: PaymentView[] }> {
  const r = await readableLine(db, actor, id, today);
  const paymentRows = await finance.paymentsOf(db, r.line.id);
  return { ...(await withUnitName(db, r)), paymentRows };
}

/** The payments of a line the actor may read. */
export async function paymentsOfLine(
  db: Queryable,
  actor: Actor,
  planLineId: string,
  today: string,
): Promise<PaymentView[]> {
  await readableLine(db, actor, planLineId, today);
  return finance.paymentsOf(db, planLineId);
}

/** A finance report over a period for a unit the actor may read (404 otherwise). */
async function unitReport<T>(
  db: Queryable,
  actor: Actor,
  q: PeriodQuery & { unit: string },
  today: string,
  build: (
    db: Queryable,
    args: { unit: string; from: number; to: number; at: string; rules: FinanceRules },
  ) => Promise<T>,
) {
  const { at, from, to } = reportPeriod(q, today);
  await readableReportUnit(db, actor, q.unit, at);
  const report = await build(db, { unit: q.unit, from, to, at, rules: defaultFinanceRules() }).catch((e) => {
    throw asAppError(e);
  });
  return { at, from, to, report };
}

/** The disbursement report of a unit the actor may read, over a period. */
export const disbursementOf = (
  db: Queryable,
  actor: Actor,
  q: PeriodQuery & { unit: string },
  today: string,
) => unitReport(db, actor, q, today, disbursementReport);

/** The counterpart check of a province the actor may read, over a period. */
export const counterpartOf = (
  db: Queryable,
  actor: Actor,
  q: PeriodQuery & { unit: string },
  today: string,
) => unitReport(db, actor, q, today, counterpartReport);

export interface AllocationInput {
  unit: string;
  year: number;
  amountVnd: bigint;
  stepVnd?: bigint | undefined;
  /** The day the units below are read (default 1 January of the year). */
  at?: string | undefined;
  children: AllocationRequestChild[];
}

/** The allocation calculator (nothing written), for a unit the actor may read. */
export async function previewAllocation(db: Queryable, actor: Actor, input: AllocationInput) {
  const at = input.at ?? `${input.year}-01-01`;
  const unit = await readableReportUnit(db, actor, input.unit, at);
  return allocationPreview(db, {
    unit: unit.code,
    year: input.year,
    at,
    amount: input.amountVnd,
    ...(input.stepVnd !== undefined ? { step: input.stepVnd } : {}),
    children: input.children,
    rules: defaultFinanceRules(),
  }).catch((e) => {
    throw asAppError(e);
  });
}
