// Runs a block of database tests on every engine: in-memory PGlite always, and PostgreSQL too when
// TEST_DATABASE_URL is set (a fresh database per test file on that server, dropped afterwards).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { migrate, openDatabase } from '../../src/db/index.ts';
import type { Database } from '../../src/db/index.ts';

export type EngineKind = Database['kind'];

export interface DatabaseSuiteOptions {
  /** Apply the migrations before the tests (default true). */
  migrate?: boolean;
  /** Empty every table after each test (default true). */
  cleanup?: boolean;
}

interface TestEngine {
  kind: EngineKind;
  open(): Promise<{ db: Database; dispose(): Promise<void> }>;
}

function adminUrlWithDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates a fresh PostgreSQL database on the TEST_DATABASE_URL server (the caller drops it). */
export async function createScratchPostgres(
  adminUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `giamngheo_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: adminUrlWithDatabase(adminUrl, name),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

export function testEngines(): TestEngine[] {
  const engines: TestEngine[] = [
    {
      kind: 'pglite',
      async open() {
        const db = await openDatabase({ kind: 'pglite' });
        return { db, dispose: () => db.close() };
      },
    },
  ];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    engines.push({
      kind: 'postgres',
      async open() {
        const scratch = await createScratchPostgres(url);
        const db = await openDatabase({ kind: 'postgres', url: scratch.url });
        return {
          db,
          async dispose() {
            await db.close();
            await scratch.drop();
          },
        };
      },
    });
  }
  return engines;
}

/**
 * Empties every table the migrations made (schema_migrations excepted). Append-only tables (audit_log)
 * refuse TRUNCATE by trigger; replica mode, for this transaction only, keeps their triggers from firing.
 */
export async function truncateAll(db: Database): Promise<void> {
  const tables = await db.query<{ name: string }>(
    `select tablename as name from pg_tables
     where schemaname = 'public' and tablename <> 'schema_migrations' order by tablename`,
  );
  if (tables.length === 0) return;
  await db.transaction(async (tx) => {
    await tx.exec('set local session_replication_role = replica');
    await tx.exec(`truncate ${tables.map((t) => `"${t.name}"`).join(', ')} restart identity cascade`);
  });
}

/**
 * Declares `body` once per engine inside describe('<engine>'). One database per engine and test
 * file (opening one is slow); tests are isolated by emptying the tables after each test.
 */
export function forEachDatabase(
  body: (getDb: () => Database, kind: EngineKind) => void,
  options: DatabaseSuiteOptions = {},
): void {
  for (const engine of testEngines()) {
    describe(engine.kind, () => {
      let handle: { db: Database; dispose(): Promise<void> } | undefined;
      beforeAll(async () => {
        handle = await engine.open();
        if (options.migrate ?? true) await migrate(handle.db);
      });
      afterEach(async () => {
        if (handle && (options.cleanup ?? true)) await truncateAll(handle.db);
      });
      afterAll(async () => {
        await handle?.dispose();
      });
      body(() => {
        if (!handle) throw new Error('database not open yet: use getDb() inside a test or hook');
        return handle.db;
      }, engine.kind);
    });
  }
}
