// Runs a block of database tests on every engine: in-memory PGlite always, PostgreSQL too when
// TEST_DATABASE_URL is set (a fresh database per test file on that server, dropped afterwards), and a
// Citus cluster when TEST_CITUS_URL is set (a fresh database per test file on the coordinator and on
// every worker, with the citus extension and the workers added; the migrations then distribute the tables).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { hasCitus, migrate, openDatabase } from '../../src/db/index.ts';
import type { Database, Queryable } from '../../src/db/index.ts';
import { pgliteImage } from './pglite-image.ts';

/** 'citus' is PostgreSQL (the application sees kind 'postgres') on a Citus cluster. */
export type EngineKind = Database['kind'] | 'citus';

export interface DatabaseSuiteOptions {
  /** Apply the migrations before the tests (default true). */
  migrate?: boolean;
  /** Empty every table after each test (default true). */
  cleanup?: boolean;
}

interface TestEngine {
  kind: EngineKind;
  /**
   * A new database of this engine. `migrated`: the caller will migrate it, so PGlite may start from the
   * migrated image (test/support/pglite-image.ts) — migrate() then only checks it.
   */
  open(options?: { migrated?: boolean }): Promise<{ db: Database; dispose(): Promise<void> }>;
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

async function onServer(url: string, sql: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of sql) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The advisory lock under which a test database's workers are added (any number no other lock uses). */
const ADD_NODES_LOCK = 740211999;

/**
 * Creates a fresh database on the Citus cluster of TEST_CITUS_URL: on the coordinator and on each of its
 * workers, each with the citus extension, the workers added to the new database's coordinator. Four shards
 * per distributed table (rather than 32) keep the test databases quick to make while still spreading
 * households over both workers. The caller drops it.
 */
export async function createScratchCitus(
  clusterUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `giamngheo_citus_${process.pid}_${randomBytes(4).toString('hex')}`;
  const cluster = new pg.Client({ connectionString: clusterUrl });
  await cluster.connect();
  let coordinator: { host: string; port: number };
  let workers: { host: string; port: number }[];
  try {
    const nodes = await cluster.query<{ host: string; port: number; group: number }>(
      `select nodename as host, nodeport as port, groupid as "group" from pg_dist_node
       where noderole = 'primary' and isactive order by groupid`,
    );
    const parsed = new URL(clusterUrl);
    coordinator = { host: parsed.hostname, port: Number(parsed.port || 5432) };
    workers = nodes.rows.filter((n) => n.group !== 0).map((n) => ({ host: n.host, port: n.port }));
  } finally {
    await cluster.end();
  }
  if (workers.length === 0) throw new Error(`TEST_CITUS_URL ${clusterUrl} has no active worker nodes`);
  const nodeUrl = (node: { host: string; port: number }, database: string): string => {
    const u = new URL(clusterUrl);
    u.hostname = node.host;
    u.port = String(node.port);
    u.pathname = `/${database}`;
    return u.toString();
  };
  const all = [coordinator, ...workers];
  for (const node of all) {
    await onServer(nodeUrl(node, 'postgres'), [`create database ${name}`]);
    await onServer(nodeUrl(node, name), ['create extension citus']);
  }
  await onServer(nodeUrl(coordinator, 'postgres'), [
    `alter database ${name} set citus.shard_count = 4`,
    // What src/db/citus/0001_distribute.sql sets for the application's database, in force from the first
    // connection here (the script's setting reaches only connections opened after it).
    `alter database ${name} set citus.multi_shard_modify_mode = 'sequential'`,
  ]);
  // Adding a worker copies the roles to it (worker_create_or_alter_role): two test files doing it at once
  // alter the same role in the worker's shared catalog and one fails ("tuple concurrently updated", seen in
  // a CI rehearsal with two files at a time). So one file at a time adds its workers, under a lock every
  // test process takes in the coordinator's postgres database.
  const lock = new pg.Client({ connectionString: nodeUrl(coordinator, 'postgres') });
  await lock.connect();
  try {
    await lock.query(`select pg_advisory_lock(${ADD_NODES_LOCK})`);
    await onServer(nodeUrl(coordinator, name), [
      `select citus_set_coordinator_host('${coordinator.host}', ${coordinator.port})`,
      ...workers.map((w) => `select citus_add_node('${w.host}', ${w.port})`),
    ]);
  } finally {
    await lock.end(); // the session's lock goes with it
  }
  return {
    url: nodeUrl(coordinator, name),
    async drop() {
      for (const node of all) {
        // WITH (FORCE) ends the sessions there, but Citus's maintenance daemon can connect again in between
        // ("is being accessed by other users", seen once in a CI rehearsal): try again a few times.
        for (let attempt = 1; ; attempt++) {
          try {
            await onServer(nodeUrl(node, 'postgres'), [`drop database if exists ${name} with (force)`]);
            break;
          } catch (e) {
            if ((e as { code?: string }).code !== '55006' || attempt === 5) throw e;
            await new Promise((r) => setTimeout(r, 200 * attempt));
          }
        }
      }
    },
  };
}

export function testEngines(): TestEngine[] {
  const engines: TestEngine[] = [
    {
      kind: 'pglite',
      async open(options = {}) {
        const image = await pgliteImage(options.migrated ? 'migrated' : 'empty');
        const db = await openDatabase({ kind: 'pglite', image });
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
  const citusUrl = process.env.TEST_CITUS_URL;
  if (citusUrl) {
    engines.push({
      kind: 'citus',
      async open() {
        const scratch = await createScratchCitus(citusUrl);
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
  // TEST_ENGINES=citus (or a comma-separated list of kinds) narrows the run, e.g. to iterate on one engine.
  const only = process.env.TEST_ENGINES?.split(',').map((k) => k.trim());
  return only ? engines.filter((e) => only.includes(e.kind)) : engines;
}

/**
 * Empties every table the migrations made (schema_migrations excepted). Append-only tables (audit_log)
 * refuse TRUNCATE by trigger; replica mode, for this transaction only, keeps their triggers from firing.
 * On Citus, TRUNCATE reaches the shards through a trigger that replica mode would silence, so the rows
 * are deleted instead, with replica mode sent to the workers too (see withAppendOnlyOff).
 */
export async function truncateAll(db: Database): Promise<void> {
  const tables = await db.query<{ name: string }>(
    `select tablename as name from pg_tables
     where schemaname = 'public' and tablename <> 'schema_migrations' order by tablename`,
  );
  if (tables.length === 0) return;
  if (await hasCitus(db)) {
    await withAppendOnlyOff(db, async (tx) => {
      for (const t of tables) await tx.exec(`delete from "${t.name}"`);
    });
    return;
  }
  await db.transaction(async (tx) => {
    await tx.exec('set local session_replication_role = replica');
    await tx.exec(`truncate ${tables.map((t) => `"${t.name}"`).join(', ')} restart identity cascade`);
  });
}

/**
 * Runs `fn` in a transaction where triggers do not fire — the append-only trigger of audit_log and the
 * foreign-key checks — as someone with the owner's rights could arrange (tests of tampering and of
 * cleaning up). Replica mode for this transaction only; on Citus it is also sent to the workers, where
 * the shards and their triggers are (ALTER TABLE … DISABLE TRIGGER is refused on Citus tables).
 */
export async function withAppendOnlyOff<T>(db: Database, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const citus = await hasCitus(db);
  return db.transaction(async (tx) => {
    if (citus) {
      await tx.exec(`set local citus.propagate_set_commands = 'local'`);
      await tx.exec(`set local citus.multi_shard_modify_mode = 'sequential'`);
    }
    await tx.exec('set local session_replication_role = replica');
    return fn(tx);
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
        handle = await engine.open({ migrated: options.migrate ?? true });
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
