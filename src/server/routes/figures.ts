// Figures over HTTP: a unit's series (derived and entered, breaks marked), progress against targets, its
// children ranked, public tables with small cells suppressed, and entering figures and targets.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProgressEntry } from '../contract/progress.ts';
import { figures, units } from '../../db/index.ts';
import { FIGURE_GROUPS } from '../../domain/measures/figures-csv.ts';
import { rate, round2 } from '../../domain/measures/rates.ts';
import { changesOf } from '../../domain/measures/series.ts';
import { cutoffFor } from '../../domain/measures/alkire-foster-rule.ts';
import { measuresView } from '../../domain/measures/measures-view.ts';
import { standardForYear } from '../../domain/standards/build-rule-book.ts';
import { defaultAlkireFosterRule, defaultDhis2Config } from '../../rules-loader/load-measures.ts';
import { toDataValueSet } from '../../domain/measures/dhis2.ts';
import { toCsv } from '../../domain/measures/table-csv.ts';
import { suppressSmallCells } from '../../domain/measures/suppression.ts';
import { figureSeries } from '../../services/figures-series.ts';
import { progressReport } from '../../services/progress-report.ts';
import { AppError } from '../errors.ts';
import { errors, signedIn } from './common.ts';
import { unitOrSuccessorInScope } from '../../services/access.ts';
import { enterFigure } from '../../services/entered-figures.ts';

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

export const figureRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, book, today } = app.deps;
  const shown = <T extends { poorRate: number | null }>(r: T) => ({
    ...r,
    poorRate: r.poorRate === null ? null : round2(r.poorRate),
  });
  const dateOfYear = (year: number) => (`${year}-12-31` > today() ? today() : `${year}-12-31`);

  async function childrenTable(q: z.infer<typeof childrenQuery>) {
    const standard =
      q.standard ?? book.reviewYears.find((r) => q.year >= r.from && q.year <= r.to)?.standard ?? '';
    const rows = await figures.childRollups(db, {
      unitCode: q.unitCode,
      year: q.year,
      standard,
      group: q.group,
      date: dateOfYear(q.year),
    });
    const table =
      q.public === 'true'
        ? suppressSmallCells(
            rows.map((r) => ({
              unit: r.code,
              name: r.name,
              households: r.households,
              poor: r.poor,
              nearPoor: r.nearPoor,
            })),
            q.threshold,
          )
        : rows.map((r) => ({
            unit: r.code,
            name: r.name,
            households: r.households,
            poor: r.poor,
            nearPoor: r.nearPoor,
            poorRate: rate(r.poor, r.households, 'percent'),
            suppressed: false,
          }));
    return table.sort((a, b) => (b.poorRate ?? -1) - (a.poorRate ?? -1));
  }

  /** The series with derived and entered figures, breaks, comparisons and footnotes, rates rounded. */
  async function seriesTable(q: z.infer<typeof seriesQuery>) {
    const series = await figureSeries(db, {
      unitCode: q.unitCode,
      group: q.group,
      basis: q.basis,
      today: today(),
    });
    const rows = series.figures.map((r) => {
      const { poorRateText: _published, ...rest } = shown(r);
      return rest;
    });
    const { breaks } = changesOf(
      rows
        .filter((r) => r.poorRate !== null)
        .map((r) => ({ year: r.year, standard: r.standard, rate: r.poorRate! })),
    );
    return {
      basis: q.basis,
      figures: rows,
      breaks,
      comparisons: series.comparisons.map((c) => ({
        year: c.year,
        standard: c.standard,
        derivedRate: shown(c.derived).poorRate,
        enteredRate: shown(c.entered).poorRate,
        enteredSource: c.entered.source,
        ...c.difference,
      })),
      footnotes: series.footnotes,
    };
  }

  /** Figures of units that no longer exist are read through their successors. */
  async function mayRead(who: ReturnType<typeof signedIn>, code: string) {
    if (who.read.all) return;
    const versions = await units.unitVersions(db, code);
    for (const v of versions)
      if (await unitOrSuccessorInScope(db, who.read, code, v.validFrom, today())) return;
    throw new AppError('NOT_FOUND');
  }

  const figureRow = z.object({
    year: z.number(),
    standard: z.string(),
    households: z.number().nullable(),
    poor: z.number().nullable(),
    nearPoor: z.number().nullable(),
    poorRate: z.number().nullable(),
    source: z.string(),
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
    async (req) => {
      const who = signedIn(req, 'registry.read');
      await mayRead(who, req.query.unitCode);
      return seriesTable(req.query);
    },
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
      const who = signedIn(req, 'registry.read');
      await mayRead(who, req.query.unitCode);
      const t = await seriesTable(req.query);
      const csv = toCsv(
        [
          'Năm (year)',
          'Chuẩn (standard)',
          'Tổng số hộ (households)',
          'Hộ nghèo (poor)',
          'Hộ cận nghèo (near-poor)',
          'Tỷ lệ hộ nghèo % (poor rate)',
          'Loại (kind)',
          'Khác biệt (differs)',
          'Nguồn (source)',
          'Ghi chú (footnote)',
        ],
        t.figures.map((r) => [
          r.year,
          r.standard,
          r.households,
          r.poor,
          r.nearPoor,
          r.poorRate,
          r.derived ? 'tổng hợp / derived' : 'nhập / entered',
          r.differs,
          r.source,
          r.footnote?.vi ?? '',
        ]),
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="so-lieu-${req.query.unitCode}-${req.query.group}.csv"`,
        )
        .send(csv);
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
    async (req) => {
      const who = signedIn(req, 'registry.read');
      await mayRead(who, req.query.unitCode);
      return progressReport(db, {
        unit: req.query.unitCode,
        group: req.query.group,
        from: req.query.from,
        to: req.query.to,
        basis: req.query.basis,
        today: today(),
      });
    },
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
    async (req) => {
      const who = signedIn(req, 'registry.read');
      await mayRead(who, req.query.unitCode);
      return childrenTable(req.query);
    },
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
      const who = signedIn(req, 'registry.read');
      await mayRead(who, req.query.unitCode);
      const rows = await childrenTable(req.query);
      const csv = toCsv(
        [
          'Mã (code)',
          'Đơn vị (unit)',
          'Tổng số hộ (households)',
          'Hộ nghèo (poor)',
          'Hộ cận nghèo (near-poor)',
          'Tỷ lệ hộ nghèo % (poor rate)',
          'Ẩn ô nhỏ (suppressed)',
        ],
        rows.map((r) => [r.unit, r.name, r.households, r.poor, r.nearPoor, r.poorRate, r.suppressed]),
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="don-vi-truc-thuoc-${req.query.unitCode}-${req.query.year}.csv"`,
        )
        .send(csv);
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
    async (req) => {
      const who = signedIn(req, 'registry.read');
      await mayRead(who, req.query.unitCode);
      const q = req.query;
      const standardId = q.standard ?? standardForYear(book, q.year) ?? '';
      const standard = book.standards.get(standardId);
      if (!standard)
        throw new AppError('VALIDATION_FAILED', [
          {
            path: 'querystring.standard',
            message: { vi: 'Chuẩn nghèo không tồn tại', en: 'Unknown standard' },
          },
        ]);
      const rule = defaultAlkireFosterRule();
      const k = q.k ?? cutoffFor(rule, standardId);
      if (k > standard.indicators.length)
        throw new AppError('VALIDATION_FAILED', [
          {
            path: 'querystring.k',
            message: {
              vi: `k không được lớn hơn số chỉ số của chuẩn (${standard.indicators.length})`,
              en: `k must not exceed the standard's number of indicators (${standard.indicators.length})`,
            },
          },
        ]);
      const rollup = await figures.rollupOf(db, {
        unitCode: q.unitCode,
        year: q.year,
        standard: standardId,
        group: q.group,
        date: dateOfYear(q.year),
      });
      if (!rollup) throw new AppError('NOT_FOUND');
      const view = measuresView(rollup, standard, k);
      return {
        unit: rollup.unitCode,
        unitValidFrom: rollup.unitValidFrom,
        year: rollup.year,
        standard: standardId,
        group: q.group,
        ...view,
        alkireFoster: {
          ...view.alkireFoster,
          citation: { vi: rule.citation, en: rule.citationEn },
          verified: rule.verified,
        },
        flows: view.flows as unknown as { poor: Record<string, number>; nearPoor: Record<string, number> },
      };
    },
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
      const who = signedIn(req, 'registry.read');
      await mayRead(who, req.query.unitCode);
      const q = req.query;
      const standard = q.standard ?? standardForYear(book, q.year) ?? '';
      const config = defaultDhis2Config();
      const rows = await figures.rollupsOfUnitAndChildren(db, {
        unitCode: q.unitCode,
        year: q.year,
        standard,
        date: dateOfYear(q.year),
      });
      const { payload, unmapped } = toDataValueSet(
        rows.map((r) => ({ unit: r.code, year: q.year, group: r.grp, ...r })),
        {
          // With idScheme CODE the official unit codes are the DHIS2 org unit codes.
          orgUnits: Object.fromEntries(rows.map((r) => [r.code, r.code])),
          dataElements: config.dataElements,
          categoryOptionCombos: config.categoryOptionCombos,
        },
      );
      void reply.header('x-id-scheme', config.idScheme);
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
      const b = req.body;
      await enterFigure(
        db,
        signedIn(req),
        {
          unit: b.unitCode,
          year: b.year,
          standard: b.standard,
          group: b.group,
          totalHouseholds: b.totalHouseholds ?? null,
          poorHouseholds: b.poorHouseholds ?? null,
          nearPoorHouseholds: b.nearPoorHouseholds ?? null,
          poorRate: b.poorRate ?? null,
          nearPoorRate: b.nearPoorRate ?? null,
          source: b.source,
        },
        { book, today: today() },
      );
      return reply.code(201).send({ ok: true as const });
    },
  );
};
