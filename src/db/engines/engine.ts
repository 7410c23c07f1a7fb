// The small contract each engine (embedded PGlite, PostgreSQL pool) fulfils for the shared Database core.

export type RowMode = 'object' | 'array';

/** One physical connection, held exclusively for the length of a transaction. */
export interface Session {
  run(sql: string, params: unknown[], rowMode: RowMode): Promise<unknown[]>;
  /** Several statements separated by semicolons, no parameters (simple query protocol). */
  exec(sql: string): Promise<void>;
}

export interface Engine {
  readonly kind: 'pglite' | 'postgres';
  /** Runs one statement outside any transaction. */
  run(sql: string, params: unknown[], rowMode: RowMode): Promise<unknown[]>;
  exec(sql: string): Promise<void>;
  /** Waits for a connection of its own; `release` must be called exactly once. */
  acquire(): Promise<{ session: Session; release(broken?: boolean): void }>;
  close(): Promise<void>;
}
