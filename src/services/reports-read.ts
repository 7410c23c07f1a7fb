// Reports as use cases (issue #11): the catalogue a role may build, and one report built for a unit. A
// report the role may not build is 403; a unit whose figures lie outside the read scope (itself or, for a
// unit of before the 2025 reform, through a successor) is 404; parameters wrong in form or against the
// data are 400. Rendering (json, xlsx, pdf, csv) is the caller's.
import type { Queryable } from '../db/index.ts';
import { can } from '../domain/access/roles.ts';
import type { RuleBook } from '../domain/standards/types.ts';
import { reportById, REPORTS, ReportParameterError } from '../reports/catalogue.ts';
import { describeParameters, parseParameters } from '../reports/parameters.ts';
import { requireReadableFigures } from './access.ts';
import type { Actor } from './actor.ts';
import { AppError } from './errors.ts';

/** The reports the actor's role may build, with their parameters described. */
export function reportCatalogue(actor: Actor) {
  return REPORTS.filter((r) => can(actor.role, r.permission ?? 'registry.read')).map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    parameters: describeParameters(r.parameters),
  }));
}

/** Builds one report from raw query parameters; returns the document and the parameters it was built with. */
export async function buildReport(
  db: Queryable,
  actor: Actor,
  input: { id: string; raw: Record<string, unknown> },
  ctx: { book: RuleBook; today: string; now: string },
) {
  const entry = reportById(input.id);
  if (!entry) throw new AppError('NOT_FOUND');
  if (!can(actor.role, entry.permission ?? 'registry.read')) throw new AppError('FORBIDDEN');
  const parsed = parseParameters(entry.parameters, input.raw);
  if (!parsed.ok)
    throw new AppError(
      'VALIDATION_FAILED',
      parsed.errors.map((e) => ({ path: `querystring.${e.path}`, message: e.message })),
    );
  const params = parsed.value as Record<string, unknown>;
  if (typeof params.unit === 'string') await requireReadableFigures(db, actor, params.unit, ctx.today);
  try {
    const doc = await entry.build({
      db,
      book: ctx.book,
      today: ctx.today,
      now: ctx.now,
      scope: actor.read,
      params,
    });
    return { doc, params };
  } catch (e) {
    if (e instanceof ReportParameterError)
      throw new AppError('VALIDATION_FAILED', [{ path: `querystring.${e.path}`, message: e.text }]);
    throw e;
  }
}
