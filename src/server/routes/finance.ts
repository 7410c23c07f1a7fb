// Programme money over HTTP: plan lines (list, create, adjust, carry over), payments (list, create), the
// disbursement summary with its sentence, the allocation calculator (preview) and the counterpart check —
// within the caller's scopes, every change audited in its own transaction. The use cases and their access
// checks are in src/services/finance-plans.ts; here the schemas and the JSON. Amounts are integer đồng as
// exact JSON numbers (refused above 10^15 on input).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Programme, Sources } from '../contract/programme.ts';
import type { LineView, PaymentView } from '../../db/queries/finance.ts';
import type { AdminUnit } from '../../db/queries/units.ts';
import { amountToJson, rateHundredths, rateNumber } from '../../domain/finance/money.ts';
import { lineState, planHistory } from '../../domain/finance/plans.ts';
import { coefficientSetOf, SOURCE_CODES } from '../../domain/finance/programmes.ts';
import { defaultFinanceRules } from '../../rules-loader/load-finance.ts';
import {
  adjustPlanLine,
  carryOver,
  counterpartOf,
  createPlanLine,
  disbursementOf,
  paymentsOfLine,
  planLine,
  planLinesUnder,
  previewAllocation,
  recordPayment,
  type PlanLineView,
} from '../../services/finance-plans.ts';
import type { DisbursementReport } from '../../services/finance.ts';
import {
  amountSchema,
  bilingualSchema,
  errors,
  isoDate,
  moneySchema,
  signedIn,
  unitCodeSchema,
  uuid,
} from './common.ts';

const unitCode = unitCodeSchema;
const yearSchema = z.coerce.number().int().min(2000).max(2100);
const amount = amountSchema;
const money = moneySchema;
const rate = z.number().nullable().describe('% with two decimals; null without a plan');
const bilingual = bilingualSchema;
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

/** A plan line as JSON: its plan, disbursed and rate in force at the date. */
const presentLine = (r: PlanLineView, at: string) => {
  const state = lineState(r.line, r.adjustments, r.payments, at);
  return {
    id: r.line.id,
    unitCode: r.line.unitCode,
    unitValidFrom: r.line.unitValidFrom,
    unitName: r.unitName,
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

const presentPayment = (p: PaymentView) => ({
  id: p.id,
  planLineId: p.planLineId,
  date: p.paidOn,
  amountVnd: amountToJson(p.amount),
  decision: p.decision,
});

/** A line of a unit's list, with its sums as the database computed them at the date. */
const presentListedLine = (l: LineView) => ({
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
});

/** One line with its history of adjustments, its payments and its carry-over. */
const presentLineDetail = (r: Awaited<ReturnType<typeof planLine>>, at: string) => ({
  ...presentLine(r, at),
  history: planHistory(r.line, r.adjustments).map((h) => ({
    date: h.date,
    decision: h.decision,
    changeVnd: amountToJson(h.change),
    planVnd: amountToJson(h.plan),
    reason: h.reason,
  })),
  payments: r.paymentRows.map(presentPayment),
  carryOver: r.carry
    ? {
        toYear: r.carry.toYear,
        amountVnd: amountToJson(r.carry.amount),
        decision: r.carry.decision,
        decisionDate: r.carry.decisionDate,
      }
    : null,
});

const presentDisbursement = (r: DisbursementReport, p: { at: string; from: number; to: number }) => ({
  unit: plainUnit(r.unit),
  from: p.from,
  to: p.to,
  at: p.at,
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
});

const presentAllocation = (
  result: Awaited<ReturnType<typeof previewAllocation>>,
  b: { year: number; source: string },
) => ({
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
});

const presentCounterpart = (
  r: Awaited<ReturnType<typeof counterpartOf>>['report'],
  p: { from: number; to: number },
) => ({
  unit: plainUnit(r.unit),
  from: p.from,
  to: p.to,
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
});

const presentCoefficientSet = (set: ReturnType<typeof coefficientSetOf>) =>
  set
    ? {
        id: set.id,
        years: set.years,
        citation: set.citation,
        verified: set.verified,
        villageCoefficient: set.villageCoefficient,
        categories: set.communeCategories,
      }
    : null;

export const financeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, today } = app.deps;
  const rules = defaultFinanceRules();

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
      const { lines } = await planLinesUnder(db, signedIn(req), req.query, today());
      return lines.map(presentListedLine);
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
      const day = today();
      const line = await createPlanLine(db, signedIn(req), req.body, day);
      return reply.code(201).send(presentLine(line, day));
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
      const r = await planLine(db, signedIn(req), req.params.id, today());
      return presentLineDetail(r, req.query.at ?? today());
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
      const day = today();
      const line = await adjustPlanLine(db, signedIn(req), { lineId: req.params.id, ...req.body }, day);
      return reply.code(201).send(presentLine(line, day));
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
      const day = today();
      const line = await carryOver(db, signedIn(req), { lineId: req.params.id, ...req.body }, day);
      return reply.code(201).send(presentLine(line, day));
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
    async (req) =>
      (await paymentsOfLine(db, signedIn(req), req.query.planLineId, today())).map(presentPayment),
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
      const day = today();
      const line = await recordPayment(db, signedIn(req), req.body, day);
      return reply.code(201).send(presentLine(line, day));
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
      const { at, from, to, report } = await disbursementOf(db, signedIn(req), req.query, today());
      return presentDisbursement(report, { at, from, to });
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
      return { year: req.query.year, set: presentCoefficientSet(coefficientSetOf(rules, req.query.year)) };
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
      const result = await previewAllocation(db, signedIn(req), req.body);
      return presentAllocation(result, req.body);
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
      const { from, to, report } = await counterpartOf(db, signedIn(req), req.query, today());
      return presentCounterpart(report, { from, to });
    },
  );
};
