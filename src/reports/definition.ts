// What a report in the catalogue is: its titles, its parameters (a described zod object) and a builder
// from the database to the document model. Builders never render and never check scope themselves for
// the unit parameter (the route and the CLI do); they read only through src/db/queries.
import type { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import type { ScopeSet } from '../db/queries/scope.ts';
import type { Permission } from '../domain/access/roles.ts';
import type { RuleBook } from '../domain/standards/types.ts';
import type { LocalText, ReportDocument } from './model.ts';

export interface ReportContext<P = Record<string, unknown>> {
  db: Queryable;
  book: RuleBook;
  /** Today in Vietnam, 'YYYY-MM-DD' (builders have no clock). */
  today: string;
  /** ISO timestamp written into the document (given by the caller, like today). */
  now: string;
  /** The caller's read scope (the unit parameter has already been checked against it). */
  scope: ScopeSet;
  /** The parameters, parsed by the entry's schema. */
  params: P;
}

export interface ReportEntry<S extends z.ZodObject = z.ZodObject> {
  /** Stable id in URLs and the CLI, e.g. 'review-results'. */
  id: string;
  title: LocalText;
  description: LocalText;
  /** Parameters as a zod object; each field `.describe()`d (shown by GET /api/reports). */
  parameters: S;
  /** The permission needed to read it (default registry.read); the `unit` parameter is scope-checked. */
  permission?: Permission;
  build(ctx: ReportContext<z.infer<S>>): Promise<ReportDocument>;
}

/** Keeps the parameters' type flowing into build (use it for every catalogue entry). */
export function defineReport<S extends z.ZodObject>(entry: ReportEntry<S>): ReportEntry<S> {
  return entry;
}

/** A parameter the builder found wrong against the data (a unit that did not exist that year…): a 400. */
export class ReportParameterError extends Error {
  constructor(
    readonly path: string,
    readonly text: LocalText,
  ) {
    super(text.en);
  }
}
