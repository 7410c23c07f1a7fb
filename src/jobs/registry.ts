// A small in-process registry of long-running jobs (imports…): each job has an owner, a status, progress,
// and at the end a result or errors. Jobs of a kind run a few at a time (queued beyond that); finished
// jobs are kept for a while so their owner can read the outcome, then forgotten.
import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
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

export interface JobRegistryOptions {
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

  constructor(private readonly options: JobRegistryOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.keepFinished = Math.max(1, options.keepFinished ?? 50);
    this.keepForMs = options.keepForMs ?? 24 * 3600 * 1000;
  }

  /** Queues a job and returns it at once; `work` runs when a slot of its kind is free. */
  submit<R, E>(
    kind: string,
    ownerId: string | null,
    work: (ctx: JobContext) => Promise<JobOutcome<R, E>>,
    meta: Record<string, unknown> = {},
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
    const entry: Entry = { job, work: work as Entry['work'], settled, resolve };
    this.entries.set(job.id, entry);
    this.queue.push(entry);
    this.pump();
    return job as Job<R, E>;
  }

  get(id: string): Job | undefined {
    return this.entries.get(id)?.job;
  }

  /** The job if `who` may read it (its owner, or an administrator); undefined otherwise. */
  readableBy(id: string, who: { userId: string | null; admin: boolean }): Job | undefined {
    this.forgetOld();
    const job = this.get(id);
    if (!job) return undefined;
    return who.admin || (job.ownerId !== null && job.ownerId === who.userId) ? job : undefined;
  }

  /** Resolves when the job has finished (succeeded or failed). */
  async settled(id: string): Promise<Job> {
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`no job ${id}`);
    return entry.settled;
  }

  /** Resolves when no job is queued or running (e.g. before closing the database). */
  async idle(): Promise<void> {
    const pending = [...this.entries.values()].filter((e) => e.job.finishedAt === null).map((e) => e.settled);
    await Promise.all(pending);
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
    try {
      const outcome = await entry.work({
        jobId: job.id,
        report: (progress) => {
          job.progress = progress;
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
      this.running.set(job.kind, (this.running.get(job.kind) ?? 1) - 1);
      this.forgetOld();
      entry.resolve(job);
      this.pump();
    }
  }

  private forgetOld(): void {
    const finished = [...this.entries.values()].filter((e) => e.job.finishedAt !== null);
    finished.sort((a, b) => a.job.finishedAt!.getTime() - b.job.finishedAt!.getTime());
    for (const e of finished.slice(0, Math.max(0, finished.length - this.keepFinished)))
      this.entries.delete(e.job.id);
  }
}
