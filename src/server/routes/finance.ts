// Programme money over HTTP: plan lines (list, create, adjust, carry over), payments (list, create), the
// disbursement summary with its sentence, the allocation calculator (preview) and the counterpart check —
// within the caller's scopes, every change audited in its own transaction. Amounts are integer đồng as
// exact JSON numbers (refused above 10^15 on input).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Programme, Sources } from '../contract/programme.ts';
import { finance, units, type Queryable } from '../../db/index.ts';
import type { AdminUnit } from '../../db/queries/units.ts';
import { planUnit, type LineRecord } from '../../domain/finance/csv.ts';
import { amountToJson, MAX_ROW_AMOUNT, rateHundredths, rateNumber } from '../../domain/finance/money.ts';
import {
  checkAdjustment,
  checkCarryOver,
  checkNewPayments,
  lineState,
  planHistory,
  type Problem,
} from '../../domain/finance/plans.ts';
import {
  coefficientSetOf,
  isSourceCode,
  lookupProject,
  SOURCE_CODES,
} from '../../domain/finance/programmes.ts';
import { defaultFinanceRules } from '../../rules-loader/load-finance.ts';
import {
  allocationPreview,
  counterpartReport,
  disbursementReport,
  FinanceError,
  requireReportUnit,
} from '../../services/finance.ts';
import type { Principal } from '../auth/principal.ts';
import { requirePermission } from '../auth/principal.ts';
import { recordAudit } from '../../services/audit.ts';
import { AppError } from '../errors.ts';
import { errors, isoDate, signedIn, uuid } from './common.ts';
import { requireWritableUnitVersion, unitVersionInScope } from '../../services/access.ts';

const unitCode = z.string().regex(/^\d{2,5}$/);
const yearSchema = z.coerce.number().int().min(2000).max(2100);
/** An amount in đồng: a whole JSON number or a string of digits, at most 10^15 in size. */
const amount = z
  .union([z.number().int(), z.string().regex(/^-?\d{1,16}$/)])
  .transform((v) => BigInt(v))
  .refine((v) => v <= MAX_ROW_AMOUNT && v >= -MAX_ROW_AMOUNT, 'at most 10^15 đồng')
  .describe('đồng (integer; a JSON number or a string of digits)');
const money = z.number().int().describe('đồng');
const rate = z.number().nullable().describe('% with two decimals; null without a plan');
const bilingual = z.object({ vi: z.string(), en: z.string() });
const decision = z.string().trim().min(1).max(300);

const lineSchema = z.object({
  id: z.string(),
  unitCode: z.string(),
  unitValidFrom: z.string(),
  unitName: z.string(),
  year: z.number(),
  programme: z.string(),
  project: z.string(),
  source: z.string(),
  amountVnd: money.describe('first allocation'),
  decision: z.string(),
  decisionDate: z.string().nullable(),
  planVnd: money.describe('plan in force at the date'),
  disbursedVnd: money,
  rate,
  carriedVnd: money.nullable(),
  carriedTo: z.number().nullable(),
});
const paymentSchema = z.object({
  id: z.string(),
  planLineId: z.string(),
  date: z.string(),
  amountVnd: money,
  decision: z.string(),
});
const unitSchema = z.object({ code: z.string(), validFrom: z.string(), name: z.string(), level: z.string() });
const plainUnit = (u: AdminUnit) => ({ code: u.code, validFrom: u.validFrom, name: u.name, level: u.level });

const financeError = (e: unknown): unknown => {
  if (!(e instanceof FinanceError)) return e;
  if (e.code === 'UNIT_NOT_FOUND') return new AppError('NOT_FOUND', [], undefined, e.messages);
  return new AppError('RULE_VIOLATION', [], { rule: e.code }, e.messages);
};

const rule = (problems: Problem[]) =>
  new AppError(
    'RULE_VIOLATION',
    problems.map((p) => ({ path: 'body', message: p.message })),
    { rule: problems[0]!.code },
    problems[0]!.message,
  );

export const financeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, today } = app.deps;
  const rules = defaultFinanceRules();

  async function readableUnit(tx: Queryable, who: Principal, code: string, at: string) {
    const unit = await requireReportUnit(tx, code, at).catch((e) => {
      throw financeError(e);
    });
    if (!(await unitVersionInScope(tx, who.read, unit, at))) throw new AppError('NOT_FOUND');
    return unit;
  }

  /** A line the caller may read (404 otherwise: lines out of scope are not revealed). */
  async function readableLine(tx: Queryable, who: Principal, id: string): Promise<LineRecord> {
    const record = await finance.lineRecord(tx, id);
    const unit =
      record &&
      (await units.unitVersion(tx, { code: record.line.unitCode, validFrom: record.line.unitValidFrom }));
    if (!record || !unit || !(await unitVersionInScope(tx, who.read, unit, today())))
      throw new AppError('NOT_FOUND');
    return record;
  }

  /** A line the caller may change: finance.write and the line's unit within the write scope. */
  async function writableLine(tx: Queryable, who: Principal, id: string): Promise<LineRecord> {
    await readableLine(tx, who, id);
    requirePermission(who, 'finance.write');
    await finance.lockLines(tx, [id]);
    const record = (await finance.lineRecord(tx, id))!;
    const unit = (await units.unitVersion(tx, {
      code: record.line.unitCode,
      validFrom: record.line.unitValidFrom,
    }))!;
    if (!(await unitVersionInScope(tx, who.write, unit, today()))) throw new AppError('FORBIDDEN');
    return record;
  }

  const presentLine = async (tx: Queryable, r: LineRecord, at: string) => {
    const unit = await units.unitVersion(tx, { code: r.line.unitCode, validFrom: r.line.unitValidFrom });
    const state = lineState(r.line, r.adjustments, r.payments, at);
    return {
      id: r.line.id,
      unitCode: r.line.unitCode,
      unitValidFrom: r.line.unitValidFrom,
      unitName: unit?.name ?? '',
      year: r.line.year,
      programme: r.line.programme,
      project: r.line.project,
      source: r.line.source,
      amountVnd: amountToJson(r.line.amount),
      decision: r.line.decision,
      decisionDate: r.line.decisionDate,
      planVnd: amountToJson(state.plan),
      disbursedVnd: amountToJson(state.disbursed),
      rate: rateNumber(state.rate),
      carriedVnd: r.carry ? amountToJson(r.carry.amount) : null,
      carriedTo: r.carry?.toYear ?? null,
    };
  };

  app.get(
    '/finance/programmes',
    {
      schema: {
        tags: ['finance'],
        summary:
          'Cơ cấu chương trình, dự án và nguồn vốn / programmes, projects and sources (with citations)',
        response: {
          200: z.object({ programmes: z.array(Programme), sources: Sources }),
          ...errors(401),
        },
      },
    },
    async (req) => {
      signedIn(req);
      return { programmes: rules.programmes, sources: rules.sources };
    },
  );

  const period = z.object({
    unit: unitCode,
    from: yearSchema.optional(),
    to: yearSchema.optional(),
    at: isoDate.optional(),
  });
  const periodOf = (q: z.infer<typeof period>) => {
    const at = q.at ?? today();
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
  };

  app.get(
    '/finance/plans',
    {
      schema: {
        tags: ['finance'],
        summary: 'Kế hoạch vốn của đơn vị và các đơn vị trực thuộc / plan lines of a unit and all below it',
        querystring: period,
        response: { 200: z.array(lineSchema), ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const who = signedIn(req);
      const { at, from, to } = periodOf(req.query);
      const unit = await readableUnit(db, who, req.query.unit, at);
      const lines = await finance.linesUnder(db, { unit, from, to, at });
      return lines.map((l) => ({
        id: l.id,
        unitCode: l.unitCode,
        unitValidFrom: l.unitValidFrom,
        unitName: l.unitName,
        year: l.year,
        programme: l.programme,
        project: l.project,
        source: l.source,
        amountVnd: amountToJson(l.amount),
        decision: l.decision,
        decisionDate: l.decisionDate,
        planVnd: amountToJson(l.plan),
        disbursedVnd: amountToJson(l.disbursed),
        rate: rateNumber(rateHundredths(l.disbursed, l.plan)),
        carriedVnd: l.carried === null ? null : amountToJson(l.carried),
        carriedTo: l.carriedTo,
      }));
    },
  );

  app.post(
    '/finance/plans',
    {
      schema: {
        tags: ['finance'],
        summary: 'Giao kế hoạch vốn / record a plan line',
        body: z.object({
          unit: unitCode,
          year: z.number().int().min(2000).max(2100),
          project: z.string().min(1).max(30),
          source: z.enum(SOURCE_CODES),
          amountVnd: amount,
          decision,
          decisionDate: isoDate.nullable().optional(),
        }),
        response: { 201: lineSchema, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      const who = signedIn(req, 'finance.write');
      const b = req.body;
      const line = await db.transaction(async (tx) => {
        const resolved = planUnit(await finance.versionsOf(tx, b.unit), b.unit, b.year);
        if (!resolved.ok) throw new AppError('NOT_FOUND', [], undefined, resolved.message);
        const unit = (await units.unitVersion(tx, resolved))!;
        await requireWritableUnitVersion(tx, who, unit, today(), 'finance.write');
        const project = lookupProject(rules, b.year, b.project);
        if (!project.ok)
          throw new AppError('VALIDATION_FAILED', [{ path: 'body.project', message: project.message }]);
        if (b.amountVnd < 0n)
          throw new AppError('VALIDATION_FAILED', [
            { path: 'body.amountVnd', message: { vi: 'Số tiền âm', en: 'Negative amount' } },
          ]);
        if (!isSourceCode(b.source)) throw new AppError('VALIDATION_FAILED');
        const key = {
          unitCode: unit.code,
          unitValidFrom: unit.validFrom,
          year: b.year,
          project: project.code,
          source: b.source,
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
              amount: b.amountVnd,
              decision: b.decision,
              decisionDate: b.decisionDate ?? null,
            },
          ],
          who.userId,
        );
        await recordAudit(tx, who, {
          action: 'finance.plan.create',
          entityType: 'finance_plan_line',
          entityId: written!.id,
          unitCode: unit.code,
          after: written,
        });
        return presentLine(tx, { line: written!, adjustments: [], payments: [], carry: null }, today());
      });
      return reply.code(201).send(line);
    },
  );

  app.get(
    '/finance/plans/:id',
    {
      schema: {
        tags: ['finance'],
        summary: 'Một dòng kế hoạch với lịch sử điều chỉnh và giải ngân / a plan line with its history',
        params: z.object({ id: uuid }),
        querystring: z.object({ at: isoDate.optional() }),
        response: {
          200: lineSchema.extend({
            history: z.array(
              z.object({
                date: z.string().nullable(),
                decision: z.string(),
                changeVnd: money,
                planVnd: money,
                reason: z.string().nullable(),
              }),
            ),
            payments: z.array(paymentSchema),
            carryOver: z
              .object({
                toYear: z.number(),
                amountVnd: money,
                decision: z.string(),
                decisionDate: z.string(),
              })
              .nullable(),
          }),
          ...errors(400, 401, 404),
        },
      },
    },
    async (req) => {
      const who = signedIn(req);
      const r = await readableLine(db, who, req.params.id);
      const payments = await finance.paymentsOf(db, r.line.id);
      return {
        ...(await presentLine(db, r, req.query.at ?? today())),
        history: planHistory(r.line, r.adjustments).map((h) => ({
          date: h.date,
          decision: h.decision,
          changeVnd: amountToJson(h.change),
          planVnd: amountToJson(h.plan),
          reason: h.reason,
        })),
        payments: payments.map((p) => ({
          id: p.id,
          planLineId: p.planLineId,
          date: p.paidOn,
          amountVnd: amountToJson(p.amount),
          decision: p.decision,
        })),
        carryOver: r.carry
          ? {
              toYear: r.carry.toYear,
              amountVnd: amountToJson(r.carry.amount),
              decision: r.carry.decision,
              decisionDate: r.carry.decisionDate,
            }
          : null,
      };
    },
  );

  app.post(
    '/finance/plans/:id/adjustments',
    {
      schema: {
        tags: ['finance'],
        summary: 'Điều chỉnh kế hoạch vốn (số tiền có dấu) / adjust a plan (signed amount)',
        params: z.object({ id: uuid }),
        body: z.object({
          decision,
          decisionDate: isoDate,
          amountVnd: amount,
          reason: z.string().trim().max(500).nullable().optional(),
        }),
        response: { 201: lineSchema, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      const who = signedIn(req, 'finance.write');
      const out = await db.transaction(async (tx) => {
        const r = await writableLine(tx, who, req.params.id);
        const adj = {
          planLineId: r.line.id,
          decision: req.body.decision,
          decisionDate: req.body.decisionDate,
          amount: req.body.amountVnd,
          reason: req.body.reason ?? null,
        };
        const problems = checkAdjustment(r.line, r.adjustments, r.payments, r.carry, adj);
        if (problems.length) throw rule(problems);
        const before = lineState(r.line, r.adjustments, r.payments, '9999-12-31').plan;
        await finance.insertAdjustments(tx, [adj], who.userId);
        await recordAudit(tx, who, {
          action: 'finance.plan.adjust',
          entityType: 'finance_plan_line',
          entityId: r.line.id,
          unitCode: r.line.unitCode,
          before: { plan: before },
          after: { ...adj, plan: before + adj.amount },
        });
        return presentLine(tx, { ...r, adjustments: [...r.adjustments, adj] }, today());
      });
      return reply.code(201).send(out);
    },
  );

  app.post(
    '/finance/plans/:id/carry-over',
    {
      schema: {
        tags: ['finance'],
        summary: 'Chuyển nguồn vốn chưa giải ngân sang năm sau / carry unspent funds into the next year',
        params: z.object({ id: uuid }),
        body: z.object({ decision, decisionDate: isoDate, amountVnd: amount.optional() }),
        response: { 201: lineSchema, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      const who = signedIn(req, 'finance.write');
      const out = await db.transaction(async (tx) => {
        const r = await writableLine(tx, who, req.params.id);
        const checked = checkCarryOver(
          r.line,
          r.adjustments,
          r.payments,
          r.carry,
          req.body.amountVnd ?? null,
        );
        if (!checked.ok) throw rule(checked.problems);
        const carry = {
          planLineId: r.line.id,
          toYear: r.line.year + 1,
          amount: checked.amount,
          decision: req.body.decision,
          decisionDate: req.body.decisionDate,
        };
        await finance.insertCarryOver(tx, carry, who.userId);
        await recordAudit(tx, who, {
          action: 'finance.plan.carry_over',
          entityType: 'finance_plan_line',
          entityId: r.line.id,
          unitCode: r.line.unitCode,
          after: carry,
        });
        return presentLine(tx, { ...r, carry }, today());
      });
      return reply.code(201).send(out);
    },
  );

  app.get(
    '/finance/payments',
    {
      schema: {
        tags: ['finance'],
        summary: 'Các khoản giải ngân của một dòng kế hoạch / payments of a plan line',
        querystring: z.object({ planLineId: uuid }),
        response: { 200: z.array(paymentSchema), ...errors(400, 401, 404) },
      },
    },
    async (req) => {
      const who = signedIn(req);
      await readableLine(db, who, req.query.planLineId);
      return (await finance.paymentsOf(db, req.query.planLineId)).map((p) => ({
        id: p.id,
        planLineId: p.planLineId,
        date: p.paidOn,
        amountVnd: amountToJson(p.amount),
        decision: p.decision,
      }));
    },
  );

  app.post(
    '/finance/payments',
    {
      schema: {
        tags: ['finance'],
        summary: 'Ghi nhận giải ngân / record a payment',
        body: z.object({ planLineId: uuid, date: isoDate, amountVnd: amount, decision }),
        response: { 201: lineSchema, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      const who = signedIn(req, 'finance.write');
      const out = await db.transaction(async (tx) => {
        const r = await writableLine(tx, who, req.body.planLineId);
        const payment = {
          planLineId: r.line.id,
          paidOn: req.body.date,
          amount: req.body.amountVnd,
          decision: req.body.decision,
        };
        const [problems] = checkNewPayments(r.line, r.adjustments, r.payments, r.carry, [payment]);
        if (problems!.length) throw rule(problems!);
        await finance.insertPayments(tx, [payment], who.userId);
        await recordAudit(tx, who, {
          action: 'finance.payment.create',
          entityType: 'finance_plan_line',
          entityId: r.line.id,
          unitCode: r.line.unitCode,
          after: payment,
        });
        return presentLine(tx, { ...r, payments: [...r.payments, payment] }, today());
      });
      return reply.code(201).send(out);
    },
  );

  const summaryRow = z.object({
    unit: z.string(),
    name: z.string(),
    validFrom: z.string(),
    own: z.boolean(),
    planVnd: money,
    disbursedVnd: money,
    rate,
  });

  app.get(
    '/finance/disbursement',
    {
      schema: {
        tags: ['finance'],
        summary:
          'Giải ngân của đơn vị và các đơn vị trực thuộc đến một ngày, kèm câu báo cáo / disbursement at a date',
        querystring: period,
        response: {
          200: z.object({
            unit: unitSchema,
            from: z.number(),
            to: z.number(),
            at: z.string(),
            planVnd: money,
            disbursedVnd: money,
            rate,
            byUnit: z.array(summaryRow),
            sentence: bilingual,
            notes: z.array(bilingual),
            warnings: z.array(z.object({ planLineId: z.string(), rate: z.number(), message: bilingual })),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const who = signedIn(req);
      const { at, from, to } = periodOf(req.query);
      await readableUnit(db, who, req.query.unit, at);
      const r = await disbursementReport(db, { unit: req.query.unit, from, to, at, rules }).catch((e) => {
        throw financeError(e);
      });
      return {
        unit: plainUnit(r.unit),
        from,
        to,
        at,
        planVnd: amountToJson(r.plan),
        disbursedVnd: amountToJson(r.disbursed),
        rate: rateNumber(r.rate),
        byUnit: r.byUnit.map((b) => ({
          unit: b.label,
          name: b.unit.name,
          validFrom: b.unit.validFrom,
          own: b.own,
          planVnd: amountToJson(b.plan),
          disbursedVnd: amountToJson(b.disbursed),
          rate: rateNumber(b.rate),
        })),
        sentence: r.sentence,
        notes: r.notes,
        warnings: r.warnings.map((w) => ({
          planLineId: w.key,
          rate: rateNumber(w.rateHundredths)!,
          message: w.message,
        })),
      };
    },
  );

  app.get(
    '/finance/allocation/coefficients',
    {
      schema: {
        tags: ['finance'],
        summary:
          'Bộ hệ số phân bổ theo tiêu chí xã của một năm / the commune-criteria coefficient set of a year (rules as data)',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        response: {
          200: z.object({
            year: z.number(),
            set: z
              .object({
                id: z.string(),
                years: z.object({ from: z.number(), to: z.number() }),
                citation: z.string(),
                verified: z.boolean(),
                villageCoefficient: z.number(),
                categories: z.array(z.object({ code: z.string(), name: bilingual, coefficient: z.number() })),
              })
              .nullable()
              .describe('null: no set for the year; coefficients are typed by hand'),
          }),
          ...errors(400, 401),
        },
      },
    },
    async (req) => {
      signedIn(req);
      const set = coefficientSetOf(rules, req.query.year);
      return {
        year: req.query.year,
        set: set
          ? {
              id: set.id,
              years: set.years,
              citation: set.citation,
              verified: set.verified,
              villageCoefficient: set.villageCoefficient,
              categories: set.communeCategories,
            }
          : null,
      };
    },
  );

  app.post(
    '/finance/allocation/preview',
    {
      schema: {
        tags: ['finance'],
        summary:
          'Tính phân bổ vốn theo hệ số (xem trước, không ghi) / allocation by coefficients, with the working',
        body: z.object({
          unit: unitCode,
          year: z.number().int().min(2000).max(2100),
          source: z.enum(SOURCE_CODES),
          amountVnd: amount,
          stepVnd: amount.optional().describe('round parts to multiples of this (default 1 đồng)'),
          at: isoDate.optional().describe('the day the units below are read (default 1 January of the year)'),
          children: z
            .array(
              z.union([
                z.object({ unit: unitCode, coefficient: z.number().int().min(0).max(1_000_000) }).strict(),
                z
                  .object({
                    unit: unitCode,
                    categories: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).max(10),
                    extremelyDifficultVillages: z.number().int().min(0).max(1000).optional(),
                  })
                  .strict(),
              ]),
            )
            .min(1)
            .max(5000),
        }),
        response: {
          200: z.object({
            unit: unitSchema,
            year: z.number(),
            source: z.string(),
            totalVnd: money,
            stepVnd: money,
            totalCoefficient: z.number(),
            method: bilingual,
            lines: z.array(
              z.object({
                unit: z.string(),
                name: z.string().nullable(),
                coefficient: z.number(),
                basis: z.unknown().nullable(),
                sharePercent: z.number(),
                exact: z.object({ dong: money, remainder: z.number(), denominator: z.number() }),
                roundedUp: z.boolean(),
                amountVnd: money,
                working: bilingual,
              }),
            ),
          }),
          ...errors(400, 401, 403, 404, 422),
        },
      },
    },
    async (req) => {
      const who = signedIn(req);
      const b = req.body;
      const at = b.at ?? `${b.year}-01-01`;
      const unit = await readableUnit(db, who, b.unit, at);
      const result = await allocationPreview(db, {
        unit: unit.code,
        year: b.year,
        at,
        amount: b.amountVnd,
        ...(b.stepVnd !== undefined ? { step: b.stepVnd } : {}),
        children: b.children,
        rules,
      }).catch((e) => {
        throw financeError(e);
      });
      return {
        unit: plainUnit(result.unit),
        year: b.year,
        source: b.source,
        totalVnd: amountToJson(result.total),
        stepVnd: amountToJson(result.step),
        totalCoefficient: Number(result.totalCoefficient),
        method: result.method,
        lines: result.lines.map((l) => ({
          unit: l.unit,
          name: l.name ?? null,
          coefficient: Number(l.coefficient),
          basis: l.basis ?? null,
          sharePercent: rateNumber(l.shareHundredths)!,
          exact: {
            dong: amountToJson(l.exact.dong),
            remainder: Number(l.exact.remainder),
            denominator: Number(l.exact.denominator),
          },
          roundedUp: l.roundedUp,
          amountVnd: amountToJson(l.amount),
          working: l.working,
        })),
      };
    },
  );

  app.get(
    '/finance/counterpart',
    {
      schema: {
        tags: ['finance'],
        summary: 'Kiểm tra tỷ lệ vốn đối ứng của tỉnh / the province counterpart check',
        querystring: period,
        response: {
          200: z.object({
            unit: unitSchema,
            from: z.number(),
            to: z.number(),
            status: z.enum(['ok', 'below_minimum', 'parameter_missing', 'no_central_funds']),
            counterpartVnd: money,
            centralVnd: money,
            sharePercent: z.number().nullable(),
            minimum: z
              .object({ share: z.string(), percent: z.number(), citation: z.string(), verified: z.boolean() })
              .nullable(),
            requiredVnd: money.nullable(),
            shortfallVnd: money.nullable(),
            bySource: z.record(z.string(), money),
            message: bilingual,
          }),
          ...errors(400, 401, 403, 404, 422),
        },
      },
    },
    async (req) => {
      const who = signedIn(req);
      const { at, from, to } = periodOf(req.query);
      await readableUnit(db, who, req.query.unit, at);
      const r = await counterpartReport(db, { unit: req.query.unit, from, to, at, rules }).catch((e) => {
        throw financeError(e);
      });
      return {
        unit: plainUnit(r.unit),
        from,
        to,
        status: r.status,
        counterpartVnd: amountToJson(r.counterpart),
        centralVnd: amountToJson(r.central),
        sharePercent: rateNumber(r.shareHundredths),
        minimum: r.minimum
          ? {
              share: r.minimum.share,
              percent: rateNumber(r.minimum.hundredths)!,
              citation: r.minimum.citation,
              verified: r.minimum.verified,
            }
          : null,
        requiredVnd: r.required === null ? null : amountToJson(r.required),
        shortfallVnd: r.shortfall === null ? null : amountToJson(r.shortfall),
        bySource: Object.fromEntries(SOURCE_CODES.map((s) => [s, amountToJson(r.totals[s] ?? 0n)])),
        message: r.message,
      };
    },
  );
};
