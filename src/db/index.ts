// Public entry of the database layer: open a database, migrate it, and the typed query modules.
import { createDatabase } from './database.ts';
import type { Database } from './database.ts';
import { pgliteEngine } from './engines/pglite.ts';
import type { PgliteConfig } from './engines/pglite.ts';
import { postgresEngine } from './engines/postgres.ts';
import type { PostgresConfig } from './engines/postgres.ts';

export type DatabaseConfig = (PgliteConfig | PostgresConfig) & {
  /** Session time zone on every connection; default Asia/Ho_Chi_Minh (so now()::date is Vietnam's day). */
  timeZone?: string;
};

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Opens the configured engine: embedded PGlite (in a worker thread) or a PostgreSQL pool. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  const timeZone = config.timeZone ?? DEFAULT_TIME_ZONE;
  const engine =
    config.kind === 'pglite' ? await pgliteEngine(config, timeZone) : postgresEngine(config, timeZone);
  return createDatabase(engine);
}

export type {
  Database,
  Transaction,
  TransactionOptions,
  Queryable,
  Drizzle,
  Row,
  QueryBudget,
  RequestBudget,
  SlowQuery,
} from './database.ts';
export type { PgliteConfig } from './engines/pglite.ts';
export type { PostgresConfig } from './engines/postgres.ts';
export { DatabaseBusyError, DatabaseError, QueryCancelledError, SqlState } from './errors.ts';
export { migrate, hasCitus, pendingMigrations } from './migrate.ts';
export type { MigrateOptions, MigrateResult } from './migrate.ts';

// Queries, one module per aggregate: `units.unitAt(db, code, date)`, `villages.assignVillage(db, …)`…
export * as units from './queries/units.ts';
export * as villages from './queries/villages.ts';
export * as households from './queries/households.ts';
export * as reviewRounds from './queries/rounds.ts';
export * as legalLists from './queries/legal-lists.ts';
export * as referenceData from './queries/reference-data.ts';
export * as users from './queries/users.ts';
export * as registry from './queries/registry.ts';
export * as sessions from './queries/sessions.ts';
export * as audit from './queries/audit.ts';
export * as review from './queries/review.ts';
export * as figures from './queries/figures.ts';
export * as finance from './queries/finance.ts';
export * as roundDocuments from './queries/round-documents.ts';
export * as fieldSync from './queries/field-sync.ts';
