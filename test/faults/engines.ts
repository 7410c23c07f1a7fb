// The databases the kill tests run the real server on: the embedded engine in a directory of its own, and
// a scratch PostgreSQL database when TEST_DATABASE_URL is set (kill, kill-recognition, kill-recompute).
import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { createScratchPostgres } from '../support/databases.ts';
import { tempDir } from '../support/import-files.ts';

export interface Engine {
  name: 'pglite' | 'postgres';
  /** The server's arguments and environment for this database. */
  args: string[];
  env: Record<string, string | undefined>;
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

export async function embedded(): Promise<Engine> {
  const dataDir = join(tempDir(), 'db');
  return {
    name: 'pglite',
    args: ['--db', dataDir],
    env: {},
    open: () => openDatabase({ kind: 'pglite', dataDir }),
    dispose: async () => undefined,
  };
}

export async function postgres(adminUrl: string): Promise<Engine> {
  const scratch = await createScratchPostgres(adminUrl);
  return {
    name: 'postgres',
    args: [],
    env: { DATABASE_URL: scratch.url },
    open: () => openDatabase({ kind: 'postgres', url: scratch.url }),
    dispose: () => scratch.drop(),
  };
}

/** Opens the engine's database for `fn` (after a kill: the embedded directory must reopen) and closes it. */
export async function withDb<T>(engine: Engine, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await engine.open();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
