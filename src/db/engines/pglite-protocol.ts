// Messages between the main thread and the PGlite worker thread.
import type { ServerErrorFields } from '../errors.ts';
import type { RowMode } from './engine.ts';

export interface WorkerInit {
  /** Directory of the database files; absent = in memory. */
  dataDir: string | undefined;
  /** A saved data directory (tar) the in-memory database starts from (PgliteConfig.image). */
  image?: string | undefined;
  timeZone: string;
}

export type WorkerRequest =
  | { id: number; op: 'run'; sql: string; params: unknown[]; rowMode: RowMode }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'close' };

/** A request before the client numbers it. */
export type WorkerCommand = WorkerRequest extends infer R
  ? R extends WorkerRequest
    ? Omit<R, 'id'>
    : never
  : never;

export type WorkerError =
  | { kind: 'server'; fields: ServerErrorFields }
  | { kind: 'other'; message: string; stack: string | undefined };

export type WorkerResponse =
  | { id: number; ok: true; rows: unknown[] }
  | { id: number; ok: false; error: WorkerError }
  | { id: 0; ready: true }
  | { id: 0; ready: false; error: WorkerError };
