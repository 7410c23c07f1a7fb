// Other outputs of Thông tư 10/2022/TT-BLĐTBXH over HTTP: the indicators (data, with citations), achieved against
// planned for a unit with everything below it, and entering one record (planned and/or achieved) — audited.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { finance, units } from '../../db/index.ts';
import * as outputs from '../../db/queries/outputs.ts';
import { planUnit } from '../../domain/finance/csv.ts';
import { rateNumber } from '../../domain/finance/money.ts';
import { indicatorOf } from '../../domain/works/catalogue.ts';
import { parseQuantity, quantityText } from '../../domain/works/quantity.ts';
import { defaultOutputsRules } from '../../rules-loader/load-outputs.ts';
import { outputsSummary, type OutputLine } from '../../services/outputs.ts';
import { recordAudit } from '../../services/audit.ts';
import { AppError, type FieldError } from '../errors.ts';
import { bilingualSchema, errors, invalid, isoDate, signedIn, unitCodeSchema } from './common.ts';
import { readableReportUnit, requireWritableUnitVersion } from '../../services/access.ts';

const quantity = z
  .union([z.number().min(0), z.string().max(20)])
  .nullable()
  .optional()
  .describe('a non-negative number with at most 2 decimals; null clears it');

/** A quantity as a JSON number (counts and the like: display values, never money). */
const toNumber = (h: bigint | null) => (h === null ? null : Number(quantityText(h)));

const lineSchema = z.object({
  indicator: z.string(),
  name: bilingualSchema,
  measure: bilingualSchema,
  project: z.string(),
  citation: z.string(),
  verified: z.boolean(),
  planned: z.number().nullable(),
  achieved: z.number().nullable(),
  ratePercent: z.number().nullable().describe('achieved / planned, % with two decimals'),
});

export const presentOutputLine = (l: OutputLine): z.infer<typeof lineSchema> => ({
  indicator: l.indicator.code,
  name: l.indicator.name,
  measure: l.indicator.measure,
  project: l.indicator.project,
  citation: l.indicator.citation,
  verified: l.indicator.verified,
  planned: toNumber(l.planned),
  achieved: toNumber(l.achieved),
  ratePercent: rateNumber(l.rate),
});

export const outputRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, today } = app.deps;

  app.get(
    '/outputs/indicators',
    {
      schema: {
        tags: ['works'],
        summary:
          'Chỉ tiêu kết quả theo Thông tư 10/2022 (dữ liệu) / output indicators (data, with citations)',
        response: { 200: z.unknown(), ...errors(401) },
      },
    },
    async (req) => {
      signedIn(req);
      return defaultOutputsRules().indicators;
    },
  );

  app.get(
    '/outputs',
    {
      schema: {
        tags: ['works'],
        summary: 'Kết quả thực hiện so với kế hoạch / outputs achieved against planned, for a unit and below',
        querystring: z.object({
          unit: unitCodeSchema,
          from: z.coerce.number().int().min(2000).max(2100).optional(),
          to: z.coerce.number().int().min(2000).max(2100).optional(),
          at: isoDate.optional(),
        }),
        response: {
          200: z.object({
            unit: z.object({ code: z.string(), validFrom: z.string(), name: z.string() }),
            from: z.number(),
            to: z.number(),
            rows: z.array(lineSchema),
            byUnit: z.array(
              z.object({
                unit: z.string(),
                validFrom: z.string(),
                name: z.string(),
                rows: z.array(lineSchema),
              }),
            ),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const who = signedIn(req);
      const at = req.query.at ?? today();
      const from = req.query.from ?? Number(at.slice(0, 4));
      const to = req.query.to ?? from;
      if (to < from)
        throw invalid([
          {
            path: 'querystring.to',
            message: { vi: 'Năm kết thúc trước năm bắt đầu', en: 'to is before from' },
          },
        ]);
      const unit = await readableReportUnit(db, who, req.query.unit, at);
      const s = await outputsSummary(db, { unit, from, to });
      const byUnit = [];
      for (const b of s.byBucket) {
        const u = await units.unitVersion(db, { code: b.bucketCode, validFrom: b.bucketValidFrom });
        byUnit.push({
          unit: b.bucketCode,
          validFrom: b.bucketValidFrom,
          name: u?.name ?? '',
          rows: b.lines.map(presentOutputLine),
        });
      }
      return {
        unit: { code: unit.code, validFrom: unit.validFrom, name: unit.name },
        from,
        to,
        rows: s.lines.map(presentOutputLine),
        byUnit,
      };
    },
  );

  app.put(
    '/outputs',
    {
      schema: {
        tags: ['works'],
        summary:
          'Nhập kế hoạch / kết quả một chỉ tiêu / enter planned and achieved for a unit, year, indicator',
        description:
          'The unit code is read as plans are: the unit holding it on 1 January of the year. Values left out are kept; null clears.',
        body: z.object({
          unit: unitCodeSchema,
          year: z.number().int().min(2000).max(2100),
          indicator: z.string().max(60),
          planned: quantity,
          achieved: quantity,
          source: z.string().trim().max(300).nullable().optional(),
        }),
        response: {
          200: z.object({
            unit: z.string(),
            unitValidFrom: z.string(),
            year: z.number(),
            indicator: z.string(),
            planned: z.number().nullable(),
            achieved: z.number().nullable(),
            source: z.string().nullable(),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const who = signedIn(req, 'finance.write');
      const b = req.body;
      const fields: FieldError[] = [];
      if (!indicatorOf(defaultOutputsRules(), b.indicator))
        fields.push({
          path: 'body.indicator',
          message: {
            vi: `Chỉ tiêu "${b.indicator}" không có trong rules/outputs/tt10-outputs.yaml`,
            en: `Indicator "${b.indicator}" is not in rules/outputs/tt10-outputs.yaml`,
          },
        });
      const read = (name: 'planned' | 'achieved') => {
        const v = b[name];
        if (v === undefined || v === null) return v;
        const q = parseQuantity(String(v));
        if (q === null)
          fields.push({
            path: `body.${name}`,
            message: {
              vi: `${name}: "${v}" không phải số không âm (tối đa 2 chữ số thập phân)`,
              en: `${name}: "${v}" is not a non-negative number (at most 2 decimals)`,
            },
          });
        return q === null ? undefined : quantityText(q);
      };
      const planned = read('planned');
      const achieved = read('achieved');
      if (fields.length) throw invalid(fields);
      return db.transaction(async (tx) => {
        const resolved = planUnit(await finance.versionsOf(tx, b.unit), b.unit, b.year);
        if (!resolved.ok) throw new AppError('NOT_FOUND', [], undefined, resolved.message);
        const unit = (await units.unitVersion(tx, resolved))!;
        await requireWritableUnitVersion(tx, who, unit, today(), 'finance.write');
        const key = {
          unitCode: unit.code,
          unitValidFrom: unit.validFrom,
          year: b.year,
          indicator: b.indicator,
        };
        const old = await outputs.getOutput(tx, key);
        const record = {
          ...key,
          planned: planned === undefined ? (old?.planned ?? null) : planned,
          achieved: achieved === undefined ? (old?.achieved ?? null) : achieved,
          source: b.source === undefined ? (old?.source ?? null) : b.source,
        };
        await outputs.upsertOutputs(tx, [record], who.userId);
        await recordAudit(tx, who, {
          action: 'output.upsert',
          entityType: 'output_record',
          entityId: outputs.outputKey(key),
          unitCode: unit.code,
          before: old ?? null,
          after: record,
        });
        const saved = (await outputs.getOutput(tx, key))!;
        const num = (v: string | null) => (v === null ? null : Number(v));
        return {
          unit: saved.unitCode,
          unitValidFrom: saved.unitValidFrom,
          year: saved.year,
          indicator: saved.indicator,
          planned: num(saved.planned),
          achieved: num(saved.achieved),
          source: saved.source,
        };
      });
    },
  );
};
