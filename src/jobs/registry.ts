// A small in-process registry of long-running jobs (imports…): each job has an owner, a status, progress,
// and at the end a result or errors. Jobs of a kind run a few at a time (queued beyond that); finished
// jobs are kept in memory for a while so their owner can read the outcome, then forgotten.
// Over a store (the database: src/jobs/store.ts), every change of state is recorded, progress at most once
// a second per job (always at a change of phase and at the end), so a job is read back after a restart;
// `recover()` marks the jobs a dead process left queued or running as failed (interrupted) and deletes
// their temporary files. The store is written in the registry's own async context (never inside the
// transaction or the request that happens to be running when a job reports progress), and a failed write
// never stops the job (it is reported to onStoreError; the next write carries the whole state again).
import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Bilingual } from '../domain/standards/types.ts';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobProgress {
  /** What the job is doing now, e.g. 'reading', 'checking', 'writing'. */
  phase: string;
  done: number;
  /** Null while unknown (e.g. rows of an xlsx file before the end). */
  total: number | null;
  bytesRead?: number;
  bytesTotal?: number;
}

export interface Job<R = unknown, E = unknown> {
  id: string;
  kind: string;
  /** The user who started it (null: the system); only they, or an administrator, may read it. */
  ownerId: string | null;
  status: JobStatus;
  progress: JobProgress;
  /** Anything the starter wants to show with it (e.g. the file name). */
  meta: Record<string, unknown>;
  result: R | null;
  errors: E[];
  /** All errors found, also when `errors` keeps only some of them. */
  errorCount: number;
  /** Why a job failed other than with its own errors (a crash), for its owner. */
  failure: Bilingual | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface JobContext {
  jobId: string;
  report(progress: JobProgress): void;
}

/** What a job's work returns: ok with a result, or not ok with its errors (the job then fails). */
export interface JobOutcome<R, E> {
  ok: boolean;
  result: R | null;
  errors: E[];
  errorCount?: number;
}

/** Where jobs are recorded so that they outlive the process (see src/jobs/store.ts). */
export interface JobStore {
  /** Records the job's whole state (insert or update). `tempFiles`: what to delete if it is interrupted. */
  save(job: Job, tempFiles: readonly string[]): Promise<void>;
  load(id: string): Promise<Job | undefined>;
  /** The latest jobs of a kind, newest first: of one owner, or of everyone when ownerId is null. */
  recent(kind: string, ownerId: string | null, limit: number): Promise<Job[]>;
  /**
   * Marks every job created before `createdBefore` and still queued or running as failed with `failure`,
   * each with an audit entry of the system; returns their temporary files.
   */
  failUnfinished(failure: Bilingual, createdBefore: Date): Promise<{ id: string; tempFiles: string[] }[]>;
}

/** Why a job a restart found unfinished failed. */
export const INTERRUPTED: Bilingual = {
  vi: 'Công việc bị gián đoạn do khởi động lại máy chủ — vui lòng chạy lại',
  en: 'Interrupted by a restart of the server — please run it again',
};

/** Errors kept with a job in the store (all of them stay in memory while the process lives). */
export const STORED_ERRORS = 5000;

/** Progress is written at most this often per job (a change of phase and the end are written at once). */
const PROGRESS_EVERY_MS = 1000;

export interface SubmitOptions {
  /** Temporary files or directories the job reads (an upload): deleted when a restart finds it unfinished. */
  tempFiles?: readonly string[];
}

export interface JobRegistryOptions {
  /** Records jobs so that they outlive the process; without it jobs live in memory only. */
  store?: JobStore;
  /** A write to the store failed (the job goes on; the next write carries its whole state). */
  onStoreError?: (job: Job, error: unknown) => void;
  /** Jobs of the same kind running at once (default 1: imports take turns). */
  concurrency?: number;
  /** Finished jobs kept (default 50); the oldest are forgotten first. */
  keepFinished?: number;
  /** Finished jobs are forgotten after this long (default 24 hours). */
  keepForMs?: number;
  /** Called when a job's work throws: log it (the owner sees a generic failure). */
  onCrash?: (job: Job, error: unknown) => void;
}

interface Entry {
  job: Job;
  work: (ctx: JobContext) => Promise<JobOutcome<unknown, unknown>>;
  settled: Promise<Job>;
  resolve: (job: Job) => void;
  tempFiles: readonly string[];
  /** The store's writes of this job, one at a time: the last one started, and whether another is due. */
  writing: Promise<void>;
  pending: boolean;
  lastWrite: number;
  timer: NodeJS.Timeout | null;
}

export class JobRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly queue: Entry[] = [];
  private readonly running = new Map<string, number>();
  private readonly concurrency: number;
  private readonly keepFinished: number;
  private readonly keepForMs: number;
  /** The async context the registry was made in (the server's start, outside any request). */
  private readonly home = new AsyncResource('giamngheo-jobs');
  /** When this registry began: unfinished jobs created before are another (dead) process's. */
  private readonly since = new Date();
  /** The recovery under way, if any (reads wait for it, so they never show an interrupted job as running). */
  private recovery: Promise<number> | null = null;

  constructor(private readonly options: JobRegistryOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.keepFinished = Math.max(1, options.keepFinished ?? 50);
    this.keepForMs = options.keepForMs ?? 24 * 3600 * 1000;
  }

  /**
   * Marks the jobs a previous process left queued or running (created before this registry) as failed
   * (INTERRUPTED) and deletes their temporary files; returns how many. Call once at start (the server
   * does when it starts listening; JobRegistry.open does at once); jobs submitted meanwhile are left alone.
   */
  recover(): Promise<number> {
    const store = this.options.store;
    if (!store) return Promise.resolve(0);
    const run = async () => {
      const interrupted = await this.home.runInAsyncScope(() =>
        store.failUnfinished(INTERRUPTED, this.since),
      );
      for (const { tempFiles } of interrupted)
        for (const path of tempFiles)
          // Only what this application made (giamngheo-… under the temporary directory), never anything else.
          if (basename(path).startsWith('giamngheo-')) await rm(path, { recursive: true, force: true });
      return interrupted.length;
    };
    this.recovery = run();
    return this.recovery;
  }

  /** A registry over a store, the jobs a previous process left unfinished marked interrupted. */
  static async open(options: JobRegistryOptions & { store: JobStore }): Promise<JobRegistry> {
    const registry = new JobRegistry(options);
    await registry.recover();
    return registry;
  }

  /** Queues a job and returns it at once; `work` runs when a slot of its kind is free. */
  submit<R, E>(
    kind: string,
    ownerId: string | null,
    work: (ctx: JobContext) => Promise<JobOutcome<R, E>>,
    meta: Record<string, unknown> = {},
    options: SubmitOptions = {},
  ): Job<R, E> {
    const job: Job = {
      id: randomUUID(),
      kind,
      ownerId,
      status: 'queued',
      progress: { phase: 'queued', done: 0, total: null },
      meta,
      result: null,
      errors: [],
      errorCount: 0,
      failure: null,
      createdAt: new Date(),
      startedAt: null,
      finishedAt: null,
    };
    let resolve!: (job: Job) => void;
    const settled = new Promise<Job>((r) => (resolve = r));
    const entry: Entry = {
      job,
      work: work as Entry['work'],
      settled,
      resolve,
      tempFiles: options.tempFiles ?? [],
      writing: Promise.resolve(),
      pending: false,
      lastWrite: 0,
      timer: null,
    };
    this.entries.set(job.id, entry);
    this.write(entry);
    this.queue.push(entry);
    this.pump();
    return job as Job<R, E>;
  }

  get(id: string): Job | undefined {
    return this.entries.get(id)?.job;
  }

  /** The job if `who` may read it (its owner, or an administrator); undefined otherwise. In memory only. */
  readableBy(id: string, who: { userId: string | null; admin: boolean }): Job | undefined {
    this.forgetOld();
    const job = this.get(id);
    if (!job) return undefined;
    return mayRead(job, who) ? job : undefined;
  }

  /**
   * The job if `who` may read it: from memory while this process knows it, else as the store recorded it
   * (a job of a previous process, or one forgotten from memory); undefined otherwise.
   */
  async find(id: string, who: { userId: string | null; admin: boolean }): Promise<Job | undefined> {
    const known = this.readableBy(id, who);
    if (known || this.entries.has(id) || !this.options.store) return known;
    await this.recovery?.catch(() => undefined);
    const store = this.options.store;
    const job = await this.home.runInAsyncScope(() => store.load(id));
    return job && mayRead(job, who) ? job : undefined;
  }

  /**
   * The latest jobs of a kind `who` may read (its own; every user's for an administrator), newest first:
   * those this process runs as they stand now, the others (a previous process's, or forgotten from
   * memory) as the store recorded them.
   */
  async list(kind: string, who: { userId: string | null; admin: boolean }, limit = 20): Promise<Job[]> {
    this.forgetOld();
    const live = [...this.entries.values()]
      .map((e) => e.job)
      .filter((j) => j.kind === kind && mayRead(j, who));
    const byId = new Map(live.map((j) => [j.id, j]));
    const store = this.options.store;
    if (store && (who.admin || who.userId !== null)) {
      await this.recovery?.catch(() => undefined);
      const stored = await this.home.runInAsyncScope(() =>
        store.recent(kind, who.admin ? null : who.userId, limit),
      );
      for (const j of stored) if (!byId.has(j.id) && mayRead(j, who)) byId.set(j.id, j);
    }
    return [...byId.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, limit);
  }

  /** Resolves once the job's state so far is recorded in the store (at once without a store). */
  async saved(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    while (entry.pending || entry.timer) {
      this.flush(entry);
      await entry.writing;
    }
    await entry.writing;
  }

  /** Resolves when the job has finished (succeeded or failed). */
  async settled(id: string): Promise<Job> {
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`no job ${id}`);
    return entry.settled;
  }

  /** Resolves when no job is queued or running and every write is done (e.g. before closing the database). */
  async idle(): Promise<void> {
    const pending = [...this.entries.values()].filter((e) => e.job.finishedAt === null).map((e) => e.settled);
    await Promise.all(pending);
    await Promise.all([...this.entries.keys()].map((id) => this.saved(id)));
  }

  /**
   * Records the entry's state: now if no write is under way and the last was long enough ago (or `now`),
   * else once the current write ends or the throttle allows. Writes never overlap and never throw.
   */
  private write(entry: Entry, now = true): void {
    if (!this.options.store) return;
    entry.pending = true;
    if (!now) {
      const wait = entry.lastWrite + PROGRESS_EVERY_MS - Date.now();
      if (wait > 0) {
        entry.timer ??= setTimeout(() => this.flush(entry), wait);
        entry.timer.unref();
        return;
      }
    }
    this.flush(entry);
  }

  private flush(entry: Entry): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    const store = this.options.store;
    if (!store || !entry.pending) return;
    entry.writing = entry.writing.then(() => {
      if (!entry.pending) return;
      entry.pending = false;
      entry.lastWrite = Date.now();
      const job = entry.job;
      // A snapshot of the state (the job goes on changing while the write is under way).
      const snapshot: Job = {
        ...job,
        progress: { ...job.progress },
        errors: job.errors.slice(0, STORED_ERRORS),
      };
      return this.home
        .runInAsyncScope(() => store.save(snapshot, job.finishedAt === null ? entry.tempFiles : []))
        .catch((error: unknown) => this.options.onStoreError?.(job, error));
    });
  }

  private pump(): void {
    for (let i = 0; i < this.queue.length;) {
      const entry = this.queue[i]!;
      const busy = this.running.get(entry.job.kind) ?? 0;
      if (busy >= this.concurrency) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.running.set(entry.job.kind, busy + 1);
      // In the registry's own async context, not the request's that queued the job: a job outlives that
      // request, so it must not inherit its database budget (a statement timeout, the cancellation of every
      // statement once the client has its answer and goes) nor anything else the request carried.
      void this.home.runInAsyncScope(() => this.run(entry));
    }
  }

  private async run(entry: Entry): Promise<void> {
    const { job } = entry;
    job.status = 'running';
    job.startedAt = new Date();
    job.progress = { phase: 'starting', done: 0, total: null };
    this.write(entry);
    try {
      const outcome = await entry.work({
        jobId: job.id,
        report: (progress) => {
          const phaseChanged = progress.phase !== job.progress.phase;
          job.progress = progress;
          this.write(entry, phaseChanged);
        },
      });
      job.result = outcome.result;
      job.errors = outcome.errors;
      job.errorCount = outcome.errorCount ?? outcome.errors.length;
      job.status = outcome.ok ? 'succeeded' : 'failed';
    } catch (error) {
      job.status = 'failed';
      job.failure = {
        vi: 'Công việc dừng do lỗi hệ thống; lỗi đã được ghi nhận',
        en: 'The job stopped on an internal error; it has been logged',
      };
      this.options.onCrash?.(job, error);
    } finally {
      job.finishedAt = new Date();
      this.write(entry);
      this.running.set(job.kind, (this.running.get(job.kind) ?? 1) - 1);
      this.forgetOld();
      entry.resolve(job);
      this.pump();
    }
  }

  private forgetOld(): void {
    // A job is forgotten from memory only once its writes are done (then it is read from the store).
    const finished = [...this.entries.values()].filter(
      (e) => e.job.finishedAt !== null && !e.pending && e.timer === null,
    );
    finished.sort((a, b) => a.job.finishedAt!.getTime() - b.job.finishedAt!.getTime());
    for (const e of finished.slice(0, Math.max(0, finished.length - this.keepFinished)))
      this.entries.delete(e.job.id);
  }
}

function mayRead(job: Job, who: { userId: string | null; admin: boolean }): boolean {
  return who.admin || (job.ownerId !== null && job.ownerId === who.userId);
}
