// Figures entered by hand or from CSV (published rates and counts, with their source) and targets: the
// use cases behind `POST /figures`, `POST /figures/import`, `POST /targets/import` and the CLI's
// `figures import` and `targets import`. Every row is checked (format, unit, standard, the actor's write
// scope), then all rows are written or none, with one audit entry, in one transaction.
import { figures, type Queryable } from '../db/index.ts';
import {
  parseFiguresCsv,
  parseTargetsCsv,
  type EnteredFigure,
  type FigureGroup,
  type RowError,
} from '../domain/measures/figures-csv.ts';
import type { RuleBook } from '../domain/standards/types.ts';
import {
  figureRowsOutsideWriteScope,
  figuresDay,
  requireSomeVersionReadable,
  unitOrSuccessorInScope,
} from './access.ts';
import { authorId, requirePermission, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { AppError } from './errors.ts';

export type FiguresImportResult = { ok: true; count: number } | { ok: false; errors: RowError[] };

/** unitExists(code, year): some version of the unit was valid during that year. */
async function unitChecker(db: Queryable) {
  const spans = await figures.unitSpans(db);
  const byCode = new Map<string, typeof spans>();
  for (const s of spans) byCode.set(s.code, [...(byCode.get(s.code) ?? []), s]);
  return (code: string, year: number) =>
    (byCode.get(code) ?? []).some(
      (s) => s.validFrom <= `${year}-12-31` && (s.validTo === null || s.validTo >= `${year}-01-01`),
    );
}

const unitsOf = (rows: readonly { unit: string }[]) =>
  [...new Set(rows.map((r) => r.unit))].join(',').slice(0, 200);

export async function importFigures(
  db: Queryable,
  actor: Actor,
  csv: string,
  context: { book: RuleBook; today: string },
): Promise<FiguresImportResult> {
  requirePermission(actor, 'registry.write');
  const parsed = parseFiguresCsv(csv.replace(/^\uFEFF/, ''), {
    standards: new Set(context.book.standards.keys()),
    unitExists: await unitChecker(db),
  });
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  return db.transaction(async (tx) => {
    const refused = await figureRowsOutsideWriteScope(tx, actor, parsed.rows, context.today);
    if (refused.length) return { ok: false, errors: refused };
    const count = await figures.upsertEnteredFigures(tx, parsed.rows, authorId(actor));
    await recordAudit(tx, actor, {
      action: 'figure.import',
      entityType: 'figure',
      entityId: unitsOf(parsed.rows),
      unitCode: parsed.rows[0]?.unit ?? null,
      after: { rows: parsed.rows },
    });
    return { ok: true, count };
  });
}

export async function importTargets(
  db: Queryable,
  actor: Actor,
  csv: string,
  context: { today: string },
): Promise<FiguresImportResult> {
  requirePermission(actor, 'registry.write');
  const parsed = parseTargetsCsv(csv.replace(/^\uFEFF/, ''), { unitExists: await unitChecker(db) });
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  return db.transaction(async (tx) => {
    const refused = await figureRowsOutsideWriteScope(
      tx,
      actor,
      parsed.rows.map((r) => ({ unit: r.unit, year: r.yearFrom })),
      context.today,
    );
    if (refused.length) return { ok: false, errors: refused };
    const count = await figures.upsertTargets(tx, parsed.rows);
    await recordAudit(tx, actor, {
      action: 'target.import',
      entityType: 'target',
      entityId: unitsOf(parsed.rows),
      unitCode: parsed.rows[0]?.unit ?? null,
      after: { rows: parsed.rows },
    });
    return { ok: true, count };
  });
}

/** One published figure entered by hand: 404 for a unit out of sight, 403 for one only readable. */
export async function enterFigure(
  db: Queryable,
  actor: Actor,
  figure: EnteredFigure,
  context: { book: RuleBook; today: string },
): Promise<void> {
  requirePermission(actor, 'registry.write');
  if (!context.book.standards.has(figure.standard))
    throw new AppError('VALIDATION_FAILED', [
      { path: 'body.standard', message: { vi: 'Chuẩn nghèo không tồn tại', en: 'Unknown standard' } },
    ]);
  if (figure.poorRate == null && (figure.poorHouseholds == null || figure.totalHouseholds == null))
    throw new AppError('VALIDATION_FAILED', [
      {
        path: 'body.poorRate',
        message: {
          vi: 'Cần tỷ lệ hoặc số hộ nghèo và tổng số hộ',
          en: 'Give the rate, or poor and total households',
        },
      },
    ]);
  const on = figuresDay(figure.year, context.today);
  await db.transaction(async (tx) => {
    if (!(await unitOrSuccessorInScope(tx, actor.read, figure.unit, on, context.today)))
      throw new AppError('NOT_FOUND');
    if (!(await unitOrSuccessorInScope(tx, actor.write, figure.unit, on, context.today)))
      throw new AppError('FORBIDDEN');
    await figures.upsertEnteredFigures(tx, [figure], authorId(actor));
    await recordAudit(tx, actor, {
      action: 'figure.enter',
      entityType: 'figure',
      entityId: `${figure.unit}/${figure.year}/${figure.standard}/${figure.group}`,
      unitCode: figure.unit,
      after: figure,
    });
  });
}

/** A unit's targets for a group; a unit of before the reform is readable through any successor in scope. */
export async function targetsOfUnit(
  db: Queryable,
  actor: Actor,
  q: { unitCode: string; group: FigureGroup },
  today: string,
) {
  requirePermission(actor, 'registry.read');
  await requireSomeVersionReadable(db, actor, q.unitCode, today);
  return figures.targetsOf(db, q.unitCode, q.group);
}
