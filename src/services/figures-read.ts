// Reading figures (issue #11): a unit's series with breaks and comparisons, progress against targets, its
// children ranked (small cells suppressed for public tables), the measures of a year's recognised rounds
// and the DHIS2 payload. Each use case checks the actor may read figures (registry.read) of the unit —
// itself or, for a unit of before the 2025 reform, through a successor; 404 otherwise.
import { figures, type Queryable } from '../db/index.ts';
import type { FigureGroup } from '../domain/measures/figures-csv.ts';
import { cutoffFor } from '../domain/measures/alkire-foster-rule.ts';
import { toDataValueSet } from '../domain/measures/dhis2.ts';
import { measuresView } from '../domain/measures/measures-view.ts';
import { rate, round2 } from '../domain/measures/rates.ts';
import { changesOf } from '../domain/measures/series.ts';
import { suppressSmallCells } from '../domain/measures/suppression.ts';
import { standardForYear } from '../domain/standards/build-rule-book.ts';
import type { RuleBook } from '../domain/standards/types.ts';
import { defaultAlkireFosterRule, defaultDhis2Config } from '../rules-loader/load-measures.ts';
import { requireReadableFigures } from './access.ts';
import { requirePermission, type Actor } from './actor.ts';
import { AppError } from './errors.ts';
import { figureSeries, type Basis } from './figures-series.ts';
import { progressReport } from './progress-report.ts';

const shown = <T extends { poorRate: number | null }>(r: T) => ({
  ...r,
  poorRate: r.poorRate === null ? null : round2(r.poorRate),
});
const dateOfYear = (year: number, today: string) => (`${year}-12-31` > today ? today : `${year}-12-31`);

/** registry.read (403), then the unit's figures within the read scope (404). */
async function mayRead(db: Queryable, actor: Actor, code: string, today: string) {
  requirePermission(actor, 'registry.read');
  await requireReadableFigures(db, actor, code, today);
}

export interface SeriesQuery {
  unitCode: string;
  group: FigureGroup;
  basis: Basis;
}

/** The series with derived and entered figures, breaks, comparisons and footnotes, rates rounded. */
export async function readFigureSeries(db: Queryable, actor: Actor, q: SeriesQuery, today: string) {
  await mayRead(db, actor, q.unitCode, today);
  const series = await figureSeries(db, { unitCode: q.unitCode, group: q.group, basis: q.basis, today });
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

/** Progress against targets over a span of years, with the report sentences. */
export async function readFigureProgress(
  db: Queryable,
  actor: Actor,
  q: { unitCode: string; group: FigureGroup; from: number; to: number; basis: Basis },
  today: string,
) {
  await mayRead(db, actor, q.unitCode, today);
  return progressReport(db, {
    unit: q.unitCode,
    group: q.group,
    from: q.from,
    to: q.to,
    basis: q.basis,
    today,
  });
}

export interface ChildrenQuery {
  unitCode: string;
  group: FigureGroup;
  year: number;
  standard?: string | undefined;
  public: 'true' | 'false';
  threshold: number;
}

/** The unit's children ranked by poverty rate; a public table suppresses small cells. */
export async function readChildrenTable(
  db: Queryable,
  actor: Actor,
  q: ChildrenQuery,
  ctx: { book: RuleBook; today: string },
) {
  await mayRead(db, actor, q.unitCode, ctx.today);
  const standard =
    q.standard ?? ctx.book.reviewYears.find((r) => q.year >= r.from && q.year <= r.to)?.standard ?? '';
  const rows = await figures.childRollups(db, {
    unitCode: q.unitCode,
    year: q.year,
    standard,
    group: q.group,
    date: dateOfYear(q.year, ctx.today),
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

/** The measures of a year's recognised rounds (rates, deficits, Alkire–Foster with cut-off k, flows). */
export async function readMeasures(
  db: Queryable,
  actor: Actor,
  q: {
    unitCode: string;
    group: FigureGroup;
    year: number;
    standard?: string | undefined;
    k?: number | undefined;
  },
  ctx: { book: RuleBook; today: string },
) {
  await mayRead(db, actor, q.unitCode, ctx.today);
  const standardId = q.standard ?? standardForYear(ctx.book, q.year) ?? '';
  const standard = ctx.book.standards.get(standardId);
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
    date: dateOfYear(q.year, ctx.today),
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
}

/** Roll-ups of the unit and its children as a DHIS2 dataValueSets payload, with the id scheme to import with. */
export async function readDhis2Payload(
  db: Queryable,
  actor: Actor,
  q: { unitCode: string; year: number; standard?: string | undefined },
  ctx: { book: RuleBook; today: string },
) {
  await mayRead(db, actor, q.unitCode, ctx.today);
  const standard = q.standard ?? standardForYear(ctx.book, q.year) ?? '';
  const config = defaultDhis2Config();
  const rows = await figures.rollupsOfUnitAndChildren(db, {
    unitCode: q.unitCode,
    year: q.year,
    standard,
    date: dateOfYear(q.year, ctx.today),
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
  return { payload, unmapped, idScheme: config.idScheme };
}
