// Applies the SQL migrations in src/db/migrations (made by drizzle-kit) in name order, each in its
// own transaction, recorded in schema_migrations; then the Citus-only ones when Citus is installed.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database, Queryable } from './database.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const CITUS_DIR = fileURLToPath(new URL('./citus/', import.meta.url));
/** Key of the advisory lock that makes concurrent migrators (several server processes) take turns. */
const LOCK_KEY = 7_402_116_210;

export interface MigrateOptions {
  /** 'auto' (default): run src/db/citus/*.sql iff the citus extension is installed; 'skip': never. */
  citus?: 'auto' | 'skip';
  /** Overrides the folder of ordinary migrations (tests). */
  migrationsDir?: string;
}

export interface MigrateResult {
  /** Names applied by this call, in order (Citus ones prefixed 'citus/'). */
  applied: string[];
  citus: 'applied' | 'up-to-date' | 'absent' | 'skipped';
}

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

async function readMigrations(dir: string, prefix: string): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(`${dir}/${name}`, 'utf8');
      return { name: prefix + name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

async function applyAll(db: Database, migrations: Migration[]): Promise<string[]> {
  const applied: string[] = [];
  for (const migration of migrations) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1::bigint)', [LOCK_KEY]);
      const [done] = await tx.query<{ checksum: string }>(
        'select checksum from schema_migrations where name = $1',
        [migration.name],
      );
      if (done) {
        if (done.checksum !== migration.checksum) {
          throw new Error(
            `migration ${migration.name} was changed after it was applied; add a new migration instead`,
          );
        }
        return false;
      }
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (name, checksum) values ($1, $2)', [
        migration.name,
        migration.checksum,
      ]);
      return true;
    });
    if (ran) applied.push(migration.name);
  }
  return applied;
}

/** Brings the schema up to date; safe to call on every start and from several processes at once. */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<MigrateResult> {
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1::bigint)', [LOCK_KEY]);
    await tx.exec(`create table if not exists schema_migrations (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
  });
  const applied = await applyAll(db, await readMigrations(options.migrationsDir ?? MIGRATIONS_DIR, ''));

  if (options.citus === 'skip') return { applied, citus: 'skipped' };
  if (!(await hasCitus(db))) return { applied, citus: 'absent' };
  const citusApplied = await applyAll(db, await readMigrations(CITUS_DIR, 'citus/'));
  return {
    applied: [...applied, ...citusApplied],
    citus: citusApplied.length > 0 ? 'applied' : 'up-to-date',
  };
}

/** Whether the citus extension is installed in this database (checked at run time, never assumed). */
export async function hasCitus(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ present: boolean }>(
    "select exists (select 1 from pg_extension where extname = 'citus') as present",
  );
  return row?.present === true;
}

/**
 * The migrations of this release that the database has not recorded, or recorded with other contents: empty
 * when the schema is the one this code expects (what /readyz asks before a load balancer sends traffic).
 */
export async function pendingMigrations(db: Database): Promise<string[]> {
  const [table] = await db.query<{ present: boolean }>(
    "select to_regclass('schema_migrations') is not null as present",
  );
  const wanted = await readMigrations(MIGRATIONS_DIR, '');
  if (!table?.present) return wanted.map((m) => m.name);
  const done = new Map(
    (await db.query<{ name: string; checksum: string }>('select name, checksum from schema_migrations')).map(
      (r) => [r.name, r.checksum],
    ),
  );
  return wanted.filter((m) => done.get(m.name) !== m.checksum).map((m) => m.name);
}
