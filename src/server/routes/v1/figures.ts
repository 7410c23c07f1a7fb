// GET /api/v1/units/{code}/figures?year= (docs/api-v1.md): a unit's poverty figures for one year, derived from
// recognised rounds and entered from publications, with its units' figures below it — read through the same
// use cases as the web's figures (src/services/figures-read.ts: registry.read, the unit or a successor in the
// read scope, else 404).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FIGURE_GROUPS } from '../../../domain/measures/figures-csv.ts';
import { readChildrenTable, readFigureSeries } from '../../../services/figures-read.ts';
import { bilingualSchema, errors, signedIn, unitCodeSchema } from '../common.ts';
import { V1_TAG, v1RateLimit } from './common.ts';

const count = z.number().int().nullable();

const V1Figures = z
  .object({
    unitCode: z.string(),
    year: z.number().int(),
    group: z.enum(FIGURE_GROUPS),
    figures: z.array(
      z.object({
        standard: z.string().describe('chuẩn nghèo / poverty standard (e.g. ND07_2021)'),
        households: count,
        poor: count,
        nearPoor: count,
        poorRate: z.number().nullable().describe('% of households, 2 decimals'),
        derived: z
          .boolean()
          .describe('true: rolled up from recognised rounds; false: entered from a publication (source)'),
        source: z.string(),
        sourceText: bilingualSchema,
        differs: z
          .boolean()
          .nullable()
          .describe('derived and entered differ beyond rounding for this year and standard'),
      }),
    ),
    children: z
      .array(
        z.object({
          unitCode: z.string(),
          name: z.string(),
          households: count,
          poor: count,
          nearPoor: count,
          poorRate: z.number().nullable(),
        }),
      )
      .describe('the units directly under it (a province’s communes), highest poverty rate first'),
  })
  .meta({ id: 'V1Figures' });

export const v1FigureRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, book, today } = app.deps;

  app.get(
    '/units/:code/figures',
    {
      config: { rateLimit: v1RateLimit },
      schema: {
        tags: [V1_TAG],
        summary: 'Số liệu nghèo của một đơn vị trong một năm / a unit’s poverty figures for a year',
        description:
          'Derived (recognised rounds) and entered (published, with their source) figures of the unit for the ' +
          'year, by standard, and the same year’s figures of the units directly under it. 404 for a unit ' +
          'outside the token user’s read scope.',
        params: z.object({ code: unitCodeSchema }),
        querystring: z.object({
          year: z.coerce.number().int().min(2000).max(2100),
          group: z.enum(FIGURE_GROUPS).default('all'),
        }),
        response: { 200: V1Figures, ...errors(400, 401, 404, 429) },
      },
    },
    async (req) => {
      const actor = signedIn(req);
      const { code } = req.params;
      const { year, group } = req.query;
      const series = await readFigureSeries(db, actor, { unitCode: code, group, basis: 'as_was' }, today());
      const children = await readChildrenTable(
        db,
        actor,
        { unitCode: code, group, year, public: 'false', threshold: 5 },
        { book, today: today() },
      );
      return {
        unitCode: code,
        year,
        group,
        figures: series.figures
          .filter((f) => f.year === year)
          .map((f) => ({
            standard: f.standard,
            households: f.households,
            poor: f.poor,
            nearPoor: f.nearPoor,
            poorRate: f.poorRate,
            derived: f.derived,
            source: f.source,
            sourceText: f.sourceText,
            differs: f.differs,
          })),
        children: children.map((c) => ({
          unitCode: c.unit,
          name: c.name,
          households: c.households,
          poor: c.poor,
          nearPoor: c.nearPoor,
          poorRate: c.poorRate ?? null,
        })),
      };
    },
  );
};
