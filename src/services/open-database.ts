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
    mkdirSync(dataDir, { recursive: true });
    db = await openDatabase({ kind: 'pglite', dataDir });
  } else {
    db = await openDatabase({ kind: 'postgres', url: choice.databaseUrl });
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
