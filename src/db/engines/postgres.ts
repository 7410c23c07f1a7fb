// PostgreSQL through a node-postgres pool, with the value rules of values.ts.
import pg from 'pg';
import type { Engine, RowMode, Session } from './engine.ts';
import { pgTextParsers } from '../values.ts';
import { Mutex } from './mutex.ts';

export interface PostgresConfig {
  kind: 'postgres';
  /** postgres://user@host:port/database */
  url: string;
  /** Pool size; default 10. */
  max?: number;
}

const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    const ours = format === 'binary' ? undefined : pgTextParsers[oid];
    return ours ?? pg.types.getTypeParser(oid, format ?? 'text');
  },
} as unknown as pg.CustomTypesConfig;

async function runOn(
  client: pg.Pool | pg.PoolClient,
  sql: string,
  params: unknown[],
  rowMode: RowMode,
): Promise<unknown[]> {
  const result = await client.query({
    text: sql,
    values: params,
    ...(rowMode === 'array' ? { rowMode: 'array' as const } : {}),
  });
  // A multi-statement text yields an array of results; `run` is for one statement.
  return (result as pg.QueryResult).rows ?? [];
}

export function postgresEngine(config: PostgresConfig, timeZone: string): Engine {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.max ?? 10,
    types: typeParsers,
    // Every connection works in the configured zone, so now()::date is the same day on both engines.
    options: `-c TimeZone=${timeZone.replace(/([\\ ])/g, '\\$1')}`,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);

  return {
    kind: 'postgres',
    run: (sql, params, rowMode) => runOn(pool, sql, params, rowMode),
    async exec(sql) {
      await pool.query(sql);
    },
    async acquire() {
      const client = await pool.connect();
      // Statements issued concurrently inside one transaction run one after another, as on PGlite.
      const turn = new Mutex();
      const session: Session = {
        run: (sql, params, rowMode) => turn.runExclusive(() => runOn(client, sql, params, rowMode)),
        exec: (sql) =>
          turn.runExclusive(async () => {
            await client.query(sql);
          }),
      };
      return { session, release: (broken) => client.release(broken === true) };
    },
    close: () => pool.end(),
  };
}
