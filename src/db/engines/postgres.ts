// PostgreSQL through a node-postgres pool, with the value rules of values.ts. The pool is bounded: a
// request (a caller with a QueryBudget) waits in a queue of limited length for a limited time and is
// refused with DatabaseBusyError otherwise; its statements carry its statement timeout, and are cancelled
// on the server (a protocol CancelRequest) when its AbortSignal fires.
import { connect as netConnect } from 'node:net';
import pg from 'pg';
import { PLAN_EACH_CALL, type Engine, type QueryBudget, type RowMode, type Session } from './engine.ts';
import { pgTextParsers } from '../values.ts';
import { QueryCancelledError } from '../errors.ts';
import { Gate, limitsFor } from './gate.ts';
import { Mutex } from './mutex.ts';

export interface PostgresConfig {
  kind: 'postgres';
  /** postgres://user@host:port/database */
  url: string;
  /** Pool size; default 10 (DATABASE_POOL_SIZE for the server). */
  max?: number | undefined;
  /** Requests waiting for a connection beyond this many are refused at once; default 4 × max. */
  queueLimit?: number | undefined;
  /** A request waits at most this long for a connection, in milliseconds; default 5000. */
  waitTimeoutMs?: number | undefined;
  /**
   * Prepare statements by name on each connection (parsed and planned once there); default true. Off for a
   * connection pooler that does not keep them (PgBouncer in transaction mode before 1.21).
   */
  preparedStatements?: boolean | undefined;
}

/**
 * At most this many distinct statement texts get a name (per engine; each connection prepares those it
 * runs): a text built with values inside would otherwise prepare without end. Past it, texts run unnamed.
 */
const MAX_NAMED_STATEMENTS = 1000;

interface StatementNames {
  /** The name a statement is prepared under, or undefined to run it unnamed. */
  nameOf(sql: string): string | undefined;
  /** Gives a named text a new name (prepared afresh on every connection); false when it had none. */
  renew(sql: string): boolean;
}

/**
 * Names statements for preparing. Named, a statement is parsed once per connection, and PostgreSQL plans it
 * generically once its first calls show a generic plan costs no more than theirs: at 1 M households that
 * halved a household page's and tripled the figures' throughput on two processors (bench/RESULTS.md). A text
 * with PLAN_EACH_CALL, or past the cap, runs unnamed.
 */
function statementNames(enabled: boolean): StatementNames {
  // Each text's answer is kept (null: unnamed), so a text is searched for the marker once, not at each call.
  const names = new Map<string, string | null>();
  let named = 0;
  return {
    nameOf(sql) {
      if (!enabled) return undefined;
      let name = names.get(sql);
      if (name === undefined && names.size < MAX_NAMED_STATEMENTS) {
        name = sql.includes(PLAN_EACH_CALL) ? null : `gn_${++named}`;
        names.set(sql, name);
      }
      return name ?? undefined;
    },
    renew(sql) {
      if (!names.get(sql)) return false;
      names.set(sql, `gn_${++named}`);
      return true;
    },
  };
}

/**
 * PostgreSQL refusing a prepared statement whose result columns changed since it was prepared (a column added
 * or retyped by a migration another server of the same database ran): it refuses it on that connection until
 * the statement is prepared again. Told by the routine, as the message follows the server's language.
 */
function changedUnderStatement(error: unknown): boolean {
  const e = error as { code?: unknown; routine?: unknown };
  return e?.code === '0A000' && e.routine === 'RevalidateCachedQuery';
}

const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    const ours = format === 'binary' ? undefined : pgTextParsers[oid];
    return ours ?? pg.types.getTypeParser(oid, format ?? 'text');
  },
} as unknown as pg.CustomTypesConfig;

/** What node-postgres keeps about a client's backend (public fields of pg.Client, not in its types). */
interface BackendKey {
  host?: string;
  port?: number;
  processID?: number | null;
  secretKey?: number | null;
}

/**
 * Sends a CancelRequest for the statement running on `client`'s backend, over a connection of its own
 * (no pool slot, no authentication: the backend's secret key is the proof). Resolves when the server has
 * closed that connection.
 */
export function cancelBackend(client: pg.PoolClient): Promise<void> {
  const key = client as unknown as BackendKey;
  if (key.processID == null || key.secretKey == null) return Promise.resolve();
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt16BE(1234, 4);
  packet.writeInt16BE(5678, 6);
  packet.writeInt32BE(key.processID, 8);
  packet.writeInt32BE(key.secretKey, 12);
  const host = key.host ?? 'localhost';
  return new Promise((resolve) => {
    const socket = host.startsWith('/')
      ? netConnect(`${host}/.s.PGSQL.${key.port ?? 5432}`)
      : netConnect(key.port ?? 5432, host);
    socket.setTimeout(5000, () => socket.destroy());
    socket.on('connect', () => socket.end(packet));
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
  });
}

/** A pooled client with what this engine tracks about it. */
interface Held {
  client: pg.PoolClient;
  /** A cancel request was sent on its backend: it is discarded, not reused (a late cancel must hit nobody). */
  cancelled: boolean;
}

// The statement_timeout each client's session is set to (connections start at 0, see `options`).
const sessionTimeouts = new WeakMap<pg.PoolClient, number>();

async function applyTimeout(client: pg.PoolClient, budget: QueryBudget | undefined): Promise<void> {
  const wanted = Math.max(0, Math.floor(budget?.statementTimeoutMs ?? 0));
  if ((sessionTimeouts.get(client) ?? 0) === wanted) return;
  await client.query(`set statement_timeout = ${wanted}`);
  sessionTimeouts.set(client, wanted);
}

async function runOn(
  held: Held,
  sql: string,
  params: unknown[] | null,
  rowMode: RowMode,
  signal: AbortSignal | undefined,
  name?: string,
): Promise<unknown[]> {
  if (signal?.aborted) throw new QueryCancelledError();
  const onAbort = (): void => {
    held.cancelled = true;
    void cancelBackend(held.client);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await held.client.query(
      params === null
        ? sql
        : {
            text: sql,
            values: params,
            ...(name ? { name } : {}),
            ...(rowMode === 'array' ? { rowMode: 'array' as const } : {}),
          },
    );
    // A multi-statement text yields an array of results; `run` is for one statement.
    return (result as pg.QueryResult).rows ?? [];
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

export function postgresEngine(config: PostgresConfig, timeZone: string): Engine {
  const max = config.max ?? 10;
  // Room for the 50 officers at once that the registry is sized for (issue 14) with the default pool: a request
  // may ask for a connection several times (its transactions, its audit), and 4 × the pool refused a third of
  // the household pages at 50 concurrent clients; a burst of hundreds is still refused at once.
  const queueLimit = config.queueLimit ?? 10 * max;
  const waitTimeoutMs = config.waitTimeoutMs ?? 5000;
  const statements = statementNames(config.preparedStatements ?? true);
  const pool = new pg.Pool({
    connectionString: config.url,
    max,
    types: typeParsers,
    // Every connection works in the configured zone, so now()::date is the same day on both engines; and
    // starts without a statement timeout (requests set theirs, applyTimeout).
    options: `-c TimeZone=${timeZone.replace(/([\\ ])/g, '\\$1')} -c statement_timeout=0`,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // The pool never queues by itself: the gate lets at most `max` callers ask it for a client.
  const gate = new Gate(max, Math.max(1, Math.ceil(waitTimeoutMs / 1000)));

  async function checkout(
    budget: QueryBudget | undefined,
  ): Promise<{ held: Held; done(broken?: boolean): void }> {
    const leave = await gate.acquire(limitsFor(budget, { queueLimit, waitTimeoutMs }));
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      leave();
      throw error;
    }
    const held: Held = { client, cancelled: false };
    // The connection lost while the client is checked out but between statements (a transaction's): pg
    // emits 'error' on the client, which the pool no longer listens to, and an unheard 'error' ends the
    // process. Heard here; the client's next statement fails (a connection error) and it is discarded.
    let lost = false;
    const onLost = () => (lost = true);
    client.on('error', onLost);
    let released = false;
    const done = (broken?: boolean): void => {
      if (released) return;
      released = true;
      const discard = broken === true || held.cancelled || lost;
      // Back in the pool, the pool listens again; a client discarded keeps this listener for a late error.
      if (!discard) client.off('error', onLost);
      client.release(discard);
      leave();
    };
    try {
      await applyTimeout(client, budget);
    } catch (error) {
      done(true);
      throw error;
    }
    return { held, done };
  }

  async function once<T>(budget: QueryBudget | undefined, fn: (held: Held) => Promise<T>): Promise<T> {
    const { held, done } = await checkout(budget);
    let broken = false;
    try {
      return await fn(held);
    } catch (error) {
      // A connection error leaves the client unusable; a server error (with a SQLSTATE) does not.
      broken =
        !(error instanceof QueryCancelledError) &&
        !(error instanceof Error && typeof (error as { code?: unknown }).code === 'string');
      throw error;
    } finally {
      done(broken);
    }
  }

  return {
    kind: 'postgres',
    async run(sql, params, rowMode, budget) {
      const attempt = () =>
        once(budget, (held) => runOn(held, sql, params, rowMode, budget?.signal, statements.nameOf(sql)));
      try {
        return await attempt();
      } catch (error) {
        // Prepared again under a new name (on every connection, as each meets it) and run once more: alone,
        // the failed statement changed nothing.
        if (changedUnderStatement(error) && statements.renew(sql)) return attempt();
        throw error;
      }
    },
    async exec(sql, budget) {
      await once(budget, (held) => runOn(held, sql, null, 'object', budget?.signal));
    },
    async acquire(budget) {
      const { held, done } = await checkout(budget);
      // Statements issued concurrently inside one transaction run one after another, as on PGlite.
      const turn = new Mutex();
      const session: Session = {
        run: (sql, params, rowMode, b) =>
          turn.runExclusive(async () => {
            try {
              return await runOn(held, sql, params, rowMode, (b ?? budget)?.signal, statements.nameOf(sql));
            } catch (error) {
              // The transaction is lost with it (PostgreSQL refuses the rest); its next run prepares afresh.
              if (changedUnderStatement(error)) statements.renew(sql);
              throw error;
            }
          }),
        exec: (sql, b) =>
          turn.runExclusive(async () => {
            await runOn(held, sql, null, 'object', (b ?? budget)?.signal);
          }),
      };
      return { session, release: done };
    },
    close: () => pool.end(),
  };
}
