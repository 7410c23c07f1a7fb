// Figures over HTTP: a unit's series (derived and entered, breaks marked), progress against targets, its
// children ranked, public tables with small cells suppressed, and entering figures and targets.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProgressEntry } from '../contract/progress.ts';
import { FIGURE_GROUPS } from '../../domain/measures/figures-csv.ts';
import { childrenCsv, seriesCsv } from '../../domain/measures/figure-tables-csv.ts';
import { enterFigure } from '../../services/entered-figures.ts';
import {
  readChildrenTable,
  readDhis2Payload,
  readFigureProgress,
  readFigureSeries,
  readMeasures,
} from '../../services/figures-read.ts';
import { errors, signedIn } from './common.ts';

const unitCode = z.string().regex(/^\d{2,5}$/);
const group = z.enum(FIGURE_GROUPS).default('all');

const childrenQuery = z.object({
  unitCode,
  group,
  year: z.coerce.number().int().min(2000).max(2100),
  standard: z.string().max(40).optional(),
  public: z.enum(['true', 'false']).default('false'),
  threshold: z.coerce.number().int().min(1).max(100).default(5),
});
const seriesQuery = z.object({ unitCode, group, basis: z.enum(['as_was', 'today']).default('as_was') });

/** The body's optional counts and rates as the figure's values (null when not given). */
const enteredValues = (b: {
  year: number;
  standard: string;
  group: (typeof FIGURE_GROUPS)[number];
  totalHouseholds?: number | null | undefined;
  poorHouseholds?: number | null | undefined;
  nearPoorHouseholds?: number | null | undefined;
  poorRate?: number | null | undefined;
  nearPoorRate?: number | null | undefined;
  source: string;
}) => ({
  year: b.year,
  standard: b.standard,
  group: b.group,
  totalHouseholds: b.totalHouseholds ?? null,
  poorHouseholds: b.poorHouseholds ?? null,
  nearPoorHouseholds: b.nearPoorHouseholds ?? null,
  poorRate: b.poorRate ?? null,
  nearPoorRate: b.nearPoorRate ?? null,
  source: b.source,
});

export const figureRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, book, today } = app.deps;
  const ctx = () => ({ book, today: today() });

  const figureRow = z.object({
    year: z.number(),
    standard: z.string(),
    households: z.number().nullable(),
    poor: z.number().nullable(),
    nearPoor: z.number().nullable(),
    poorRate: z.number().nullable(),
    source: z.string(),
    sourceText: z.object({ vi: z.string(), en: z.string() }),
    derived: z.boolean(),
    differs: z.boolean().nullable(),
    rebased: z.boolean(),
    footnote: z.object({ vi: z.string(), en: z.string() }).nullable(),
  });

  app.get(
    '/figures',
    {
      schema: {
        tags: ['figures'],
        summary:
          'Số liệu của một đơn vị qua các năm (tổng hợp và nhập; basis=today: tính lại theo địa giới hiện nay) / ' +
          'a unit’s figures over the years, derived and entered. Where both exist for a year, standard and group, ' +
          'both are returned and `differs` flags a difference beyond rounding: any count differs, or the derived ' +
          'rate lies outside the rounding interval of the published rate (half a unit of its last decimal, at ' +
          'least 0.005 point). basis=as_was (default) gives each year’s own units; basis=today re-bases years ' +
          'before today’s unit existed from its predecessors through lineage, with a footnote',
        querystring: seriesQuery,
        response: {
          200: z.object({
            basis: z.enum(['as_was', 'today']),
            figures: z.array(figureRow),
            breaks: z.array(z.object({ year: z.number(), from: z.string(), to: z.string() })),
            comparisons: z.array(
              z.object({
                year: z.number(),
                standard: z.string(),
                derivedRate: z.number().nullable(),
                enteredRate: z.number().nullable(),
                enteredSource: z.string(),
                poorRatePoints: z.number().nullable(),
                households: z.number().nullable(),
                poor: z.number().nullable(),
                nearPoor: z.number().nullable(),
                differs: z.boolean(),
              }),
            ),
            footnotes: z.array(z.object({ vi: z.string(), en: z.string() })),
          }),
          ...errors(400, 401, 404),
        },
      },
    },
    async (req) => readFigureSeries(db, signedIn(req), req.query, today()),
  );

  app.get(
    '/figures/csv',
    {
      schema: {
        tags: ['figures'],
        summary: 'Số liệu qua các năm dạng CSV (UTF-8, cho Excel) / the series as CSV',
        querystring: seriesQuery,
      },
    },
    async (req, reply) => {
      const t = await readFigureSeries(db, signedIn(req), req.query, today());
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="so-lieu-${req.query.unitCode}-${req.query.group}.csv"`,
        )
        .send(seriesCsv(t.figures));
    },
  );

  app.get(
    '/figures/progress',
    {
      schema: {
        tags: ['figures'],
        summary: 'Tiến độ so với chỉ tiêu / progress against targets, with the report sentences',
        querystring: z.object({
          unitCode,
          group,
          from: z.coerce.number().int().min(2000).max(2100),
          to: z.coerce.number().int().min(2000).max(2100),
          basis: z.enum(['as_was', 'today']).default('as_was'),
        }),
        response: { 200: z.array(ProgressEntry), ...errors(400, 401, 404) },
      },
    },
    async (req) => readFigureProgress(db, signedIn(req), req.query, today()),
  );

  app.get(
    '/figures/children',
    {
      schema: {
        tags: ['figures'],
        summary:
          'Đơn vị trực thuộc xếp theo tỷ lệ hộ nghèo / children ranked by poverty rate; public=true suppresses small cells',
        querystring: childrenQuery,
        response: {
          200: z.array(
            z.object({
              unit: z.string(),
              name: z.string(),
              households: z.number().nullable(),
              poor: z.number().nullable(),
              nearPoor: z.number().nullable(),
              poorRate: z.number().nullable(),
              suppressed: z.boolean(),
            }),
          ),
          ...errors(400, 401, 404),
        },
      },
    },
    async (req) => readChildrenTable(db, signedIn(req), req.query, ctx()),
  );

  app.get(
    '/figures/children/csv',
    {
      schema: {
        tags: ['figures'],
        summary: 'Bảng đơn vị trực thuộc dạng CSV (UTF-8, cho Excel) / the children table as CSV',
        querystring: childrenQuery,
      },
    },
    async (req, reply) => {
      const rows = await readChildrenTable(db, signedIn(req), req.query, ctx());
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="don-vi-truc-thuoc-${req.query.unitCode}-${req.query.year}.csv"`,
        )
        .send(childrenCsv(rows));
    },
  );

  const bilingual = z.object({ vi: z.string(), en: z.string() });
  const classFigures = z.object({
    households: z.number(),
    people: z.number(),
    rate: z.number().nullable(),
    peopleRate: z.number().nullable(),
  });
  const flowSide = z.record(z.string(), z.number());

  app.get(
    '/figures/measures',
    {
      schema: {
        tags: ['figures'],
        summary:
          'Số đo từ kết quả rà soát: hộ, nhân khẩu, tỷ lệ, thiếu hụt theo chỉ số, Alkire–Foster (H, A, M0, đóng góp), biến động / ' +
          'measures derived from recognised rounds: households, people, rates, deficits by indicator, Alkire–Foster (H, A, M0, contributions) with cut-off k (default from rules/measures/alkire-foster.yaml), flows',
        querystring: z.object({
          unitCode,
          group,
          year: z.coerce.number().int().min(2000).max(2100),
          standard: z.string().max(40).optional(),
          k: z.coerce.number().int().min(1).max(50).optional(),
        }),
        response: {
          200: z.object({
            unit: z.string(),
            unitValidFrom: z.string(),
            year: z.number(),
            standard: z.string(),
            group: z.string(),
            communes: z.number(),
            households: z.number(),
            people: z.number(),
            poor: classFigures,
            nearPoor: classFigures,
            indicators: z.array(
              z.object({
                code: z.string(),
                name: bilingual,
                poor: z.object({ households: z.number(), share: z.number().nullable() }),
                all: z.object({ households: z.number(), share: z.number().nullable() }),
              }),
            ),
            alkireFoster: z.object({
              k: z.number(),
              d: z.number(),
              weighting: z.literal('equal'),
              n: z.number(),
              q: z.number(),
              H: z.number(),
              A: z.number(),
              M0: z.number(),
              indicators: z.array(
                z.object({ code: z.string(), censoredHeadcount: z.number(), contribution: z.number() }),
              ),
              citation: bilingual,
              verified: z.boolean(),
            }),
            flows: z.object({ poor: flowSide, nearPoor: flowSide }),
          }),
          ...errors(400, 401, 404),
        },
      },
    },
    async (req) => readMeasures(db, signedIn(req), req.query, ctx()),
  );

  app.get(
    '/figures/dhis2',
    {
      schema: {
        tags: ['figures'],
        summary:
          'Số liệu tổng hợp dạng DHIS2 dataValueSets / roll-ups of a unit and its children as a DHIS2 dataValueSets payload ' +
          '(identifiers from rules/measures/dhis2.yaml; import with the idScheme given in the X-Id-Scheme header)',
        querystring: z.object({
          unitCode,
          year: z.coerce.number().int().min(2000).max(2100),
          standard: z.string().max(40).optional(),
        }),
        response: {
          200: z.object({
            dataValues: z.array(
              z.object({
                dataElement: z.string(),
                period: z.string(),
                orgUnit: z.string(),
                categoryOptionCombo: z.string(),
                value: z.string(),
              }),
            ),
          }),
          ...errors(400, 401, 404),
        },
      },
    },
    async (req, reply) => {
      const { payload, unmapped, idScheme } = await readDhis2Payload(db, signedIn(req), req.query, ctx());
      void reply.header('x-id-scheme', idScheme);
      if (unmapped.length) void reply.header('x-unmapped', unmapped.join(', '));
      return payload;
    },
  );

  app.post(
    '/figures',
    {
      schema: {
        tags: ['figures'],
        summary: 'Nhập số liệu đã công bố / enter a published figure (with its source)',
        body: z.object({
          unitCode,
          year: z.number().int().min(2000).max(2100),
          standard: z.string(),
          group: z.enum(FIGURE_GROUPS),
          totalHouseholds: z.number().int().min(0).nullable().optional(),
          poorHouseholds: z.number().int().min(0).nullable().optional(),
          nearPoorHouseholds: z.number().int().min(0).nullable().optional(),
          poorRate: z.number().min(0).max(100).nullable().optional(),
          nearPoorRate: z.number().min(0).max(100).nullable().optional(),
          source: z.string().trim().min(3).max(300),
        }),
        response: { 201: z.object({ ok: z.literal(true) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { unitCode, ...b } = req.body;
      await enterFigure(db, signedIn(req), { unit: unitCode, ...enteredValues(b) }, { book, today: today() });
      return reply.code(201).send({ ok: true as const });
    },
  );
};
