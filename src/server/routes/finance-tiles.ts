// GET /api/finance/tiles: the dashboard tiles of programme money and what it built, for a unit and for each unit
// directly below it (plan, disbursed, rate, lines behind schedule, works by status, production projects and
// households, outputs achieved against planned). Within the caller's read scope.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { amountToJson, rateNumber } from '../../domain/finance/money.ts';
import { WORK_STATUSES } from '../../domain/works/status.ts';
import { readFinanceTiles, type Tile } from '../../services/finance-tiles.ts';
import { errors, isoDate, moneySchema, signedIn, unitCodeSchema } from './common.ts';
import { presentOutputLine } from '../contract/output-line.ts';

const tileSchema = z.object({
  planVnd: moneySchema,
  disbursedVnd: moneySchema,
  rate: z.number().nullable().describe('% with two decimals; null without a plan'),
  behindSchedule: z.number().describe('plan lines of the year below the disbursement milestone passed'),
  works: z.object({ total: z.number(), ...Object.fromEntries(WORK_STATUSES.map((s) => [s, z.number()])) }),
  productionProjects: z.number(),
  participatingHouseholds: z.number().describe('distinct households'),
  outputs: z.array(
    z.object({
      indicator: z.string(),
      name: z.object({ vi: z.string(), en: z.string() }),
      measure: z.object({ vi: z.string(), en: z.string() }),
      planned: z.number().nullable(),
      achieved: z.number().nullable(),
      ratePercent: z.number().nullable(),
    }),
  ),
});

const unitOf = (x: { code: string; validFrom: string; name: string; level: string }) => ({
  code: x.code,
  validFrom: x.validFrom,
  name: x.name,
  level: x.level,
});

const present = (t: Tile) => ({
  planVnd: amountToJson(t.plan),
  disbursedVnd: amountToJson(t.disbursed),
  rate: rateNumber(t.rate),
  behindSchedule: t.behindSchedule,
  works: t.works,
  productionProjects: t.projects,
  participatingHouseholds: t.households,
  outputs: t.outputs.map((l) => {
    const o = presentOutputLine(l);
    return {
      indicator: o.indicator,
      name: o.name,
      measure: o.measure,
      planned: o.planned,
      achieved: o.achieved,
      ratePercent: o.ratePercent,
    };
  }),
});

export const financeTileRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, today } = app.deps;
  app.get(
    '/finance/tiles',
    {
      schema: {
        tags: ['finance'],
        summary:
          'Ô tổng hợp vốn, công trình, dự án, kết quả / dashboard tiles for a unit and each unit below it',
        querystring: z.object({
          unitCode: unitCodeSchema,
          year: z.coerce
            .number()
            .int()
            .min(2000)
            .max(2100)
            .optional()
            .describe('plan year (default: year of at)'),
          at: isoDate.optional().describe('default today'),
        }),
        response: {
          200: z.object({
            unit: z.object({ code: z.string(), validFrom: z.string(), name: z.string(), level: z.string() }),
            year: z.number(),
            at: z.string(),
            tile: tileSchema,
            byUnit: z.array(
              tileSchema.extend({
                unit: z.object({
                  code: z.string(),
                  validFrom: z.string(),
                  name: z.string(),
                  level: z.string(),
                }),
                label: z.string(),
                own: z.boolean(),
              }),
            ),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const r = await readFinanceTiles(db, signedIn(req), req.query, today());
      return {
        unit: unitOf(r.unit),
        year: r.year,
        at: r.at,
        tile: present(r.tile),
        byUnit: r.byUnit.map((b) => ({ unit: unitOf(b.unit), label: b.label, own: b.own, ...present(b) })),
      };
    },
  );
};
