// Embedded PostgreSQL (PGlite) run in a worker thread, reached by messages, one query at a time.
import { chmodSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DatabaseError, QueryCancelledError } from '../errors.ts';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';
import type { Engine, QueryBudget, RowMode, Session } from './engine.ts';
import { Gate, limitsFor } from './gate.ts';
import type {
  WorkerCommand,
  WorkerError,
  WorkerInit,
  WorkerRequest,
  WorkerResponse,
} from './pglite-protocol.ts';

export interface PgliteConfig {
  kind: 'pglite';
  /** Directory of the database files, created if missing; absent = in memory. */
  dataDir?: string;
  /**
   * An in-memory database starts as a copy of this file, a data directory PGlite saved (dumpDataDir, a tar),
   * instead of a new cluster (initdb, 3–5 s): the test suite's already-migrated database. Not with dataDir.
   */
  image?: string | undefined;
  /**
   * Requests (with a budget: the server's) allowed to wait for the one connection, and how long each may
   * wait; beyond either they are refused with DatabaseBusyError (503, Retry-After), as on PostgreSQL.
   * Default 100 and 5000 ms. Work without a budget (the CLI, start-up) waits as long as it takes.
   */
  queueLimit?: number | undefined;
  waitTimeoutMs?: number | undefined;
}

type Pending = { resolve: (rows: unknown[]) => void; reject: (error: unknown) => void };

function toError(error: WorkerError): Error {
  if (error.kind === 'server') return new DatabaseError(error.fields);
  const e = new Error(error.message);
  if (error.stack) e.stack = error.stack;
  return e;
}

export async function pgliteEngine(config: PgliteConfig, timeZone: string): Promise<Engine> {
  let dataDir: string | undefined;
  let lock: DataDirLock | undefined;
  if (config.dataDir && config.image) throw new Error('a PGlite image starts an in-memory database only');
  if (config.dataDir) {
    dataDir = resolve(config.dataDir);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // The households' personal data live in these files: readable by the server's own user only, also for a
    // folder made before this rule (issue #15 found it world-readable).
    chmodSync(dataDir, 0o700);
    // One process at a time: PGlite itself would let a second one open the folder without a word and read
    // (or write) behind the first one's back. Throws DataFolderInUseError naming the holder.
    lock = lockDataDir(dataDir);
  }
  try {
    return await startWorker(dataDir, timeZone, lock, config);
  } catch (e) {
    lock?.release();
    throw e;
  }
}

async function startWorker(
  dataDir: string | undefined,
  timeZone: string,
  lock: DataDirLock | undefined,
  config: Pick<PgliteConfig, 'queueLimit' | 'waitTimeoutMs' | 'image'>,
): Promise<Engine> {
  const init: WorkerInit = { dataDir, image: config.image && resolve(config.image), timeZone };
  const worker = new Worker(new URL('./pglite-worker-entry.js', import.meta.url), { workerData: init });

  const pending = new Map<number, Pending>();
  let nextId = 1;
  let failure: Error | undefined;

  // The worker keeps the process alive only while a request is waiting for its answer.
  const hold = (): void => {
    if (pending.size === 1) worker.ref();
  };
  const unhold = (): void => {
    if (pending.size === 0) worker.unref();
  };

  const ready = new Promise<void>((resolveReady, rejectReady) => {
    worker.on('message', (message: WorkerResponse) => {
      if ('ready' in message) {
        if (message.ready) resolveReady();
        else rejectReady(toError(message.error));
        return;
      }
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      unhold();
      if (message.ok) waiter.resolve(message.rows);
      else waiter.reject(toError(message.error));
    });
    const fail = (error: Error): void => {
      failure ??= error;
      rejectReady(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
      unhold();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`PGlite worker exited (code ${code})`)));
  });
  await ready;
  worker.unref();

  function send(request: WorkerCommand): Promise<unknown[]> {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise((resolveRows, reject) => {
      pending.set(id, { resolve: resolveRows, reject });
      hold();
      worker.postMessage({ ...request, id } as WorkerRequest);
    });
  }

  const direct: Session = {
    run: (sql: string, params: unknown[], rowMode: RowMode) => send({ op: 'run', sql, params, rowMode }),
    exec: async (sql: string) => {
      await send({ op: 'exec', sql });
    },
  };

  // PGlite has one connection: a transaction holds it exclusively; other work queues behind, first come
  // first served. A statement running in the worker cannot be interrupted (no statement timeout, no cancel:
  // the worker is busy in WebAssembly); what a budget does here is bound the queue — a request past
  // `queueLimit` waiting, or waiting longer than `waitTimeoutMs`, is refused (503 with Retry-After) instead of
  // piling up — and take an abandoned request out of it at once, its statements never started.
  const queueLimit = config.queueLimit ?? 100;
  const waitTimeoutMs = config.waitTimeoutMs ?? 5000;
  const gate = new Gate(1, Math.max(1, Math.ceil(waitTimeoutMs / 1000)));
  const turn = (budget: QueryBudget | undefined) =>
    gate.acquire(limitsFor(budget, { queueLimit, waitTimeoutMs }));
  const live = (budget: QueryBudget | undefined): void => {
    if (budget?.signal?.aborted) throw new QueryCancelledError();
  };
  const exclusive = async <T>(budget: QueryBudget | undefined, fn: () => Promise<T>): Promise<T> => {
    const leave = await turn(budget);
    try {
      live(budget);
      return await fn();
    } finally {
      leave();
    }
  };

  return {
    kind: 'pglite',
    run: (sql, params, rowMode, budget) => exclusive(budget, () => direct.run(sql, params, rowMode)),
    exec: (sql, budget) => exclusive(budget, () => direct.exec(sql)),
    async acquire(budget) {
      const leave = await turn(budget);
      try {
        live(budget);
      } catch (error) {
        leave();
        throw error;
      }
      return { session: direct, release: leave };
    },
    async close() {
      await exclusive(undefined, async () => {
        try {
          if (!failure) await send({ op: 'close' });
        } finally {
          failure = new Error('database is closed');
          await worker.terminate();
          lock?.release();
        }
      });
    },
  };
}
