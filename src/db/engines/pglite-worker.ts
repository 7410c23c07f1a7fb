// Worker thread that owns the embedded PGlite database, so its queries never block the main thread.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { serverErrorFields } from '../errors.ts';
import { pgliteParsers } from '../values.ts';
import type { WorkerError, WorkerInit, WorkerRequest, WorkerResponse } from './pglite-protocol.ts';

const port = parentPort;
if (!port) throw new Error('pglite-worker.ts must run in a worker thread');

function describe(error: unknown): WorkerError {
  const fields = serverErrorFields(error);
  if (fields) return { kind: 'server', fields };
  const e = error instanceof Error ? error : new Error(String(error));
  return { kind: 'other', message: e.message, stack: e.stack };
}

function reply(message: WorkerResponse): void {
  port!.postMessage(message);
}

const init = workerData as WorkerInit;
let db: PGlite;
try {
  // pg_trgm backs the registry's name search (migration 0012); PGlite loads it from its contrib bundle.
  db = await PGlite.create({
    ...(init.dataDir ? { dataDir: init.dataDir } : {}),
    ...(init.image ? { loadDataDir: new Blob([readFileSync(init.image)]) } : {}),
    parsers: pgliteParsers,
    extensions: { pg_trgm },
  });
  await db.exec(`SET TIME ZONE '${init.timeZone.replace(/'/g, "''")}'`);
  reply({ id: 0, ready: true });
} catch (error) {
  reply({ id: 0, ready: false, error: describe(error) });
  process.exit(1);
}

// Requests are handled one after another: the main thread already serialises them, and PGlite has
// a single connection anyway.
let queue: Promise<void> = Promise.resolve();

port.on('message', (request: WorkerRequest) => {
  queue = queue.then(() => handle(request));
});

async function handle(request: WorkerRequest): Promise<void> {
  try {
    switch (request.op) {
      case 'run': {
        const result = await db.query(request.sql, request.params, { rowMode: request.rowMode });
        reply({ id: request.id, ok: true, rows: result.rows });
        return;
      }
      case 'exec':
        await db.exec(request.sql);
        reply({ id: request.id, ok: true, rows: [] });
        return;
      case 'close':
        await db.close();
        reply({ id: request.id, ok: true, rows: [] });
        port!.close();
        return;
    }
  } catch (error) {
    reply({ id: request.id, ok: false, error: describe(error) });
  }
}
