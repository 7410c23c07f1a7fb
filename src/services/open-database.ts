// Opens the database the user configured (--db DIR, DATABASE_URL, or the default embedded directory),
// migrates it and makes sure the reference data is loaded.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { migrate, openDatabase, type Database } from '../db/index.ts';
import { ensureReferenceData, type ReferenceDataOptions } from './reference-data.ts';

/** The default embedded data directory (git-ignored), beside the vendored reference data in data/. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../data/db/', import.meta.url));

export interface DatabaseChoice {
  /** An embedded (PGlite) data directory; wins over DATABASE_URL. */
  dbDir?: string;
  databaseUrl?: string;
  /** The PostgreSQL pool's bounds (poolFromEnv); the engine's defaults otherwise. */
  pool?: PoolBounds;
}

export interface PoolBounds {
  max?: number | undefined;
  queueLimit?: number | undefined;
  waitTimeoutMs?: number | undefined;
  preparedStatements?: boolean | undefined;
}

/**
 * The pool's bounds from DATABASE_POOL_SIZE (connections, default 10), DATABASE_QUEUE_LIMIT (requests
 * waiting for one, default 10 × the size) and DATABASE_QUEUE_WAIT_MS (how long one waits, default 5000);
 * DATABASE_PREPARED_STATEMENTS=off runs every statement unnamed (a pooler that does not keep prepared
 * statements).
 */
export function poolFromEnv(env: NodeJS.ProcessEnv): PoolBounds {
  const read = (name: string, min: number): number | undefined => {
    const value = env[name];
    if (value === undefined || value === '') return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name}: ${value} is not a whole number ≥ ${min}`);
    return n;
  };
  const onOff = (name: string): boolean | undefined => {
    const value = env[name];
    if (value === undefined || value === '') return undefined;
    if (value === 'on' || value === 'off') return value === 'on';
    throw new Error(`${name}: ${value} is neither on nor off`);
  };
  return {
    max: read('DATABASE_POOL_SIZE', 1),
    queueLimit: read('DATABASE_QUEUE_LIMIT', 0),
    waitTimeoutMs: read('DATABASE_QUEUE_WAIT_MS', 0),
    preparedStatements: onOff('DATABASE_PREPARED_STATEMENTS'),
  };
}

export function describeChoice(choice: DatabaseChoice): string {
  if (choice.dbDir) return `PGlite ${choice.dbDir}`;
  if (choice.databaseUrl) return `PostgreSQL ${choice.databaseUrl.replace(/:[^:@/]*@/, ':***@')}`;
  return `PGlite ${DEFAULT_DATA_DIR}`;
}

export async function openReadyDatabase(
  choice: DatabaseChoice,
  options: ReferenceDataOptions = {},
): Promise<Database> {
  let db: Database;
  if (choice.dbDir || !choice.databaseUrl) {
    const dataDir = choice.dbDir ?? DEFAULT_DATA_DIR;
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    db = await openDatabase({
      kind: 'pglite',
      dataDir,
      queueLimit: choice.pool?.queueLimit,
      waitTimeoutMs: choice.pool?.waitTimeoutMs,
    });
  } else {
    db = await openDatabase({ kind: 'postgres', url: choice.databaseUrl, ...choice.pool });
  }
  try {
    await migrate(db);
    await ensureReferenceData(db, options);
    return db;
  } catch (e) {
    await db.close();
    throw e;
  }
}
