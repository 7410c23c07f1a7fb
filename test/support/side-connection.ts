// A PostgreSQL connection of its own, outside any server's pool: tests use it to hold locks and to watch
// pg_stat_activity while the server works.
import pg from 'pg';

export interface SideConnection {
  query<T extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The backend's process id (pg_stat_activity.pid). */
  readonly pid: number;
  end(): Promise<void>;
}

export async function openSideConnection(url: string): Promise<SideConnection> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const pid = (client as unknown as { processID: number }).processID;
  return {
    pid,
    query: async <T extends object>(sql: string, params: unknown[] = []) =>
      (await client.query(sql, params)).rows as T[],
    end: () => client.end(),
  };
}

/** Statements running in the connection's database, other than its own and those of `besides`. */
export async function runningStatements(watcher: SideConnection, besides: number[] = []): Promise<number> {
  const [row] = await watcher.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity
     where datname = current_database() and pid <> pg_backend_pid() and pid <> all($1::int[]) and state = 'active'`,
    [besides],
  );
  return row!.n;
}

/** Opens a transaction on `side` that holds households and members locked until `release` is called. */
export async function lockHouseholdTables(side: SideConnection): Promise<{ release(): Promise<void> }> {
  await side.query('begin');
  await side.query('lock table households, members in access exclusive mode');
  return { release: async () => void (await side.query('rollback')) };
}

/** Creates an empty database on the server of `admin` (named by the caller) and says how to drop it. */
export async function scratchDatabase(
  admin: SideConnection,
  adminUrl: string,
  name: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  await admin.query(`create database ${name}`);
  return {
    url: Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString(),
    drop: async () => void (await admin.query(`drop database if exists ${name} with (force)`)),
  };
}
