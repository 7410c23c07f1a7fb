// The Database interface the rest of the code base uses, built once over whichever engine is configured.
import { AsyncLocalStorage } from 'node:async_hooks';
import { drizzle as drizzleProxy } from 'drizzle-orm/pg-proxy';
import type { PgRemoteDatabase } from 'drizzle-orm/pg-proxy';
import type { Engine, QueryBudget, RowMode, Session } from './engines/engine.ts';
import { prepareParams } from './values.ts';
import { DatabaseError, QueryCancelledError, SqlState, toDatabaseError } from './errors.ts';

export type { QueryBudget } from './engines/engine.ts';
export { PLAN_EACH_CALL } from './engines/engine.ts';

/** A request's budget (engines/engine.ts) and how its slow statements are reported. */
export interface RequestBudget extends QueryBudget {
  /** Statements taking at least this many milliseconds are reported to onSlowQuery. */
  slowQueryMs?: number | undefined;
  /** Called with a slow statement's text and duration — never its parameters (they hold personal data). */
  onSlowQuery?: ((query: SlowQuery) => void) | undefined;
}

export interface SlowQuery {
  sql: string;
  durationMs: number;
  /** The SQLSTATE when the statement failed (57014: timed out or cancelled). */
  failed?: string | undefined;
}

/**
 * Typed query builder over the same connection rules as `query` (joins the current transaction).
 * Start transactions with Database.transaction, not drizzle's own (the proxy driver refuses those).
 * Built without the schema's relations (`db.drizzle.query.*` is not used): given them, drizzle works the
 * whole schema's relations out at each construction, one per transaction, which was a tenth of the server's
 * time on household pages under load (bench/RESULTS.md, 7 December, late).
 */
export type Drizzle = PgRemoteDatabase;
export type Row = Record<string, unknown>;

export interface Queryable {
  /** Runs one statement with $1… parameters and returns its rows as objects (see values.ts for types). */
  query<T extends object = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Same as query, each row an array of column values in select order. */
  queryArrays(sql: string, params?: readonly unknown[]): Promise<unknown[][]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs fn in a transaction: committed if fn resolves, rolled back if it throws. Nested calls
   * (on a Transaction, or on the Database from inside fn) become savepoints.
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  readonly drizzle: Drizzle;
}

export type Transaction = Queryable;

export interface TransactionOptions {
  /**
   * A read-only snapshot: every statement sees the database as it was at the first, whatever commits
   * meanwhile (REPEATABLE READ, READ ONLY) — reads that must agree with each other, such as a list's total
   * and its page, or a backup's tables. Said in the BEGIN itself (no statement of its own); never a
   * savepoint, as a transaction's isolation is set before its first statement.
   */
  snapshot?: boolean;
}

const SNAPSHOT_NESTED =
  'a snapshot transaction cannot be nested in another transaction (its isolation is set at BEGIN)';

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs fn (and everything it starts, through AsyncLocalStorage) under a request's budget: its
   * statements carry the statement timeout, wait for a connection within the pool's limits, stop when
   * the signal fires, and are reported when slow.
   */
  withBudget<T>(budget: RequestBudget, fn: () => T): T;
  /** Whether the caller runs inside a transaction (its statements through the Database join it). */
  inTransaction(): boolean;
  close(): Promise<void>;
}

interface TxContext {
  session: Session;
  finished: boolean;
  savepoints: number;
}

/**
 * Builds a Database over an engine. Queries issued through the Database while a transaction's
 * callback is running (tracked by AsyncLocalStorage) run inside that transaction, so code behaves
 * the same whether it is handed the Database or the Transaction. Everything else runs outside it:
 * on PostgreSQL on another pooled connection, on PGlite after the transaction ends.
 */
export function createDatabase(engine: Engine): Database {
  const context = new AsyncLocalStorage<TxContext>();
  const budgets = new AsyncLocalStorage<RequestBudget>();
  let closed = false;

  /** The driver's error as ours; a statement cancelled because its request was abandoned says so. */
  function failure(error: unknown, sql: string, budget: RequestBudget | undefined): unknown {
    const e = toDatabaseError(error, sql);
    if (budget?.signal?.aborted && e instanceof DatabaseError && e.code === SqlState.queryCanceled) {
      return new QueryCancelledError();
    }
    return e;
  }

  async function watched<T>(
    sql: string,
    budget: RequestBudget | undefined,
    fn: () => Promise<T>,
  ): Promise<T> {
    if (budget?.signal?.aborted) throw new QueryCancelledError();
    if (!budget?.onSlowQuery || budget.slowQueryMs === undefined) {
      try {
        return await fn();
      } catch (error) {
        throw failure(error, sql, budget);
      }
    }
    const started = performance.now();
    let failed: string | undefined;
    try {
      return await fn();
    } catch (error) {
      const e = failure(error, sql, budget);
      failed = e instanceof DatabaseError ? (e.code ?? 'error') : e instanceof Error ? e.name : 'error';
      throw e;
    } finally {
      const durationMs = Math.round(performance.now() - started);
      if (durationMs >= budget.slowQueryMs)
        budget.onSlowQuery({ sql, durationMs, ...(failed ? { failed } : {}) });
    }
  }

  function current(): TxContext | undefined {
    const ctx = context.getStore();
    if (ctx?.finished) {
      throw new Error('query issued from a transaction that has already ended');
    }
    return ctx;
  }

  function checkOpen(): void {
    if (closed) throw new Error('database is closed');
  }

  async function run(
    ctx: TxContext | undefined,
    sql: string,
    params: readonly unknown[] | undefined,
    rowMode: RowMode,
  ): Promise<unknown[]> {
    checkOpen();
    const prepared = prepareParams(params);
    const budget = budgets.getStore();
    return watched(sql, budget, () =>
      ctx ? ctx.session.run(sql, prepared, rowMode, budget) : engine.run(sql, prepared, rowMode, budget),
    );
  }

  /** `control`: COMMIT or ROLLBACK, which end the transaction even for an abandoned request. */
  async function exec(ctx: TxContext | undefined, sql: string, control = false): Promise<void> {
    checkOpen();
    const budget = control ? undefined : budgets.getStore();
    try {
      await watched(sql, budget, () =>
        ctx ? ctx.session.exec(sql, budget ?? {}) : engine.exec(sql, budget),
      );
    } catch (error) {
      throw toDatabaseError(error, sql);
    }
  }

  async function savepoint<T>(ctx: TxContext, fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const name = `sp_${++ctx.savepoints}`;
    await exec(ctx, `SAVEPOINT ${name}`);
    try {
      const result = await fn(bound(ctx));
      await exec(ctx, `RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      // If even this fails, the outer transaction is lost anyway; report the original error.
      await exec(ctx, `ROLLBACK TO SAVEPOINT ${name}`, true).catch(() => undefined);
      throw error;
    }
  }

  async function transaction<T>(
    fn: (tx: Transaction) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T> {
    const outer = current();
    if (outer) {
      if (options?.snapshot) throw new Error(SNAPSHOT_NESTED);
      return savepoint(outer, fn);
    }
    checkOpen();
    const budget = budgets.getStore();
    if (budget?.signal?.aborted) throw new QueryCancelledError();
    const { session, release } = await engine.acquire(budget);
    const ctx: TxContext = { session, finished: false, savepoints: 0 };
    // Set when the connection may be in an unknown state: the pool then discards it.
    let broken = false;
    try {
      const begin = options?.snapshot ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN';
      await exec(ctx, begin).catch((error: unknown) => {
        broken = true;
        throw error;
      });
      let result: T;
      try {
        result = await context.run(ctx, () => fn(bound(ctx)));
      } catch (error) {
        await exec(ctx, 'ROLLBACK', true).catch(() => {
          broken = true;
        });
        throw error;
      }
      await exec(ctx, 'COMMIT', true).catch((error: unknown) => {
        broken = true;
        throw error;
      });
      return result;
    } finally {
      ctx.finished = true;
      release(broken);
    }
  }

  function makeDrizzle(queryable: () => TxContext | undefined): Drizzle {
    return drizzleProxy(async (sql, params, method) => {
      const rows = await run(queryable(), sql, params, method === 'all' ? 'array' : 'object');
      return { rows };
    });
  }

  function bound(ctx: TxContext): Transaction {
    let lazyDrizzle: Drizzle | undefined;
    const tx: Transaction = {
      query: async <T extends object = Row>(sql: string, params?: readonly unknown[]) =>
        (await run(live(ctx), sql, params, 'object')) as T[],
      queryArrays: async (sql, params) => (await run(live(ctx), sql, params, 'array')) as unknown[][],
      exec: async (sql) => exec(live(ctx), sql),
      transaction: async (fn, options) => {
        if (options?.snapshot) throw new Error(SNAPSHOT_NESTED);
        return savepoint(live(ctx), fn);
      },
      get drizzle() {
        lazyDrizzle ??= makeDrizzle(() => live(ctx));
        return lazyDrizzle;
      },
    };
    return tx;
  }

  function live(ctx: TxContext): TxContext {
    if (ctx.finished) throw new Error('query issued on a transaction that has already ended');
    return ctx;
  }

  const db: Database = {
    kind: engine.kind,
    query: async <T extends object = Row>(sql: string, params?: readonly unknown[]) =>
      (await run(current(), sql, params, 'object')) as T[],
    queryArrays: async (sql, params) => (await run(current(), sql, params, 'array')) as unknown[][],
    exec: async (sql) => exec(current(), sql),
    transaction,
    drizzle: makeDrizzle(current),
    withBudget: (budget, fn) => budgets.run(budget, fn),
    inTransaction: () => {
      const ctx = context.getStore();
      return ctx !== undefined && !ctx.finished;
    },
    async close() {
      if (closed) return;
      closed = true;
      await engine.close();
    },
  };
  return db;
}
