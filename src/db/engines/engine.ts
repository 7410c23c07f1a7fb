// The small contract each engine (embedded PGlite, PostgreSQL pool) fulfils for the shared Database core.

export type RowMode = 'object' | 'array';

/**
 * Put in a statement's text (a comment) when its best plan depends on its parameters' values, so that the
 * server plans it at each call: PostgreSQL otherwise prepares each statement once per connection and may
 * settle on one generic plan for all values (postgres.ts). The name search is such a statement: a common
 * name and a rare one want different plans (one generic plan tripled its single request's time).
 */
export const PLAN_EACH_CALL = '/* plan each call */';

/**
 * What one request may spend on the database (src/server/budget.ts sets it per kind of request). Work
 * without a budget (the CLI, start-up) has no statement timeout and waits for a connection as long as
 * it takes.
 */
export interface QueryBudget {
  /** Fires when the request is abandoned: the running statement is cancelled, no further one starts. */
  signal?: AbortSignal | undefined;
  /** statement_timeout for the request's statements, in milliseconds (0 = none). */
  statementTimeoutMs?: number | undefined;
  /**
   * Work that completes requests already served (gate.ts, `priority`): first in the connection queue, never
   * refused for a full one.
   */
  priority?: boolean | undefined;
}

/** One physical connection, held exclusively for the length of a transaction. */
export interface Session {
  run(sql: string, params: unknown[], rowMode: RowMode, budget?: QueryBudget): Promise<unknown[]>;
  /** Several statements separated by semicolons, no parameters (simple query protocol). */
  exec(sql: string, budget?: QueryBudget): Promise<void>;
}

export interface Engine {
  readonly kind: 'pglite' | 'postgres';
  /** Runs one statement outside any transaction. */
  run(sql: string, params: unknown[], rowMode: RowMode, budget?: QueryBudget): Promise<unknown[]>;
  exec(sql: string, budget?: QueryBudget): Promise<void>;
  /**
   * Waits for a connection of its own; `release` must be called exactly once. With a budget the
   * connection carries its statement timeout for the whole transaction.
   */
  acquire(budget?: QueryBudget): Promise<{ session: Session; release(broken?: boolean): void }>;
  close(): Promise<void>;
}
