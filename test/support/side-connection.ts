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
