// Other outputs of Thông tư 10/2022/TT-BLĐTBXH over HTTP: the indicators (data, with citations), achieved against
// planned for a unit with everything below it, and entering one record (planned and/or achieved) — audited. The
// use cases are in src/services/outputs.ts; here the schemas and the JSON.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OutputRecord } from '../../db/queries/outputs.ts';
import { defaultOutputsRules } from '../../rules-loader/load-outputs.ts';
import { enterOutput, outputsReport, type OutputsReport } from '../../services/outputs.ts';
import { outputLineSchema, presentOutputLine } from '../contract/output-line.ts';
import { errors, isoDate, signedIn, unitCodeSchema } from './common.ts';

const quantity = z
  .union([z.number().min(0), z.string().max(20)])
  .nullable()
  .optional()
  .describe('a non-negative number with at most 2 decimals; null clears it');

const presentReport = (r: OutputsReport) => ({
  unit: { code: r.unit.code, validFrom: r.unit.validFrom, name: r.unit.name },
  from: r.from,
  to: r.to,
  rows: r.lines.map(presentOutputLine),
  byUnit: r.byUnit.map((b) => ({
    unit: b.code,
    validFrom: b.validFrom,
    name: b.name,
    rows: b.lines.map(presentOutputLine),
  })),
});

const num = (v: string | null) => (v === null ? null : Number(v));
const presentRecord = (saved: OutputRecord) => ({
  unit: saved.unitCode,
  unitValidFrom: saved.unitValidFrom,
  year: saved.year,
  indicator: saved.indicator,
  planned: num(saved.planned),
  achieved: num(saved.achieved),
  source: saved.source,
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
            rows: z.array(outputLineSchema),
            byUnit: z.array(
              z.object({
                unit: z.string(),
                validFrom: z.string(),
                name: z.string(),
                rows: z.array(outputLineSchema),
              }),
            ),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req) => presentReport(await outputsReport(db, signedIn(req), req.query, today())),
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
    async (req) => presentRecord(await enterOutput(db, signedIn(req), req.body, today())),
  );
};
