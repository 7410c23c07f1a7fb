// Long-running jobs as the job registry records them (src/jobs/registry.ts): written at each change of
// state and, throttled, of progress; read back by id after a restart; jobs a dead process left queued or
// running marked failed (interrupted) at the next start.
import type { Queryable } from '../database.ts';

export type JobRowStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobRow {
  jobId: string;
  kind: string;
  ownerId: string | null;
  status: JobRowStatus;
  phase: string;
  done: number;
  total: number | null;
  bytesRead: bigint | number | null;
  bytesTotal: bigint | number | null;
  meta: Record<string, unknown>;
  result: unknown;
  errors: unknown[];
  errorCount: number;
  failure: { vi: string; en: string } | null;
  tempFiles: string[];
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  heartbeatAt: Date;
}

/** A job's columns; `errors`: the column, or what a list reads instead. */
const columns = (errors: string) => `job_id as "jobId", kind, owner_id as "ownerId", status, phase, done,
  total, bytes_read as "bytesRead", bytes_total as "bytesTotal", meta, result, ${errors} as errors,
  error_count as "errorCount", failure, temp_files as "tempFiles", created_at as "createdAt",
  started_at as "startedAt", finished_at as "finishedAt", heartbeat_at as "heartbeatAt"`;
const COLUMNS = columns('errors');
/** A list's columns: a job's errors (up to 5,000 kept, about 1 MB each job) are not read, their count is. */
const LIST_COLUMNS = columns(`'[]'::jsonb`);

/** The job's whole state, as the registry holds it (heartbeat: the time of the save). */
export type JobWrite = Omit<JobRow, 'heartbeatAt'>;

/** JSON text for a jsonb parameter; null stays SQL NULL. */
const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** Records a job, or its new state when already recorded (one statement, so a write is never half done). */
export async function saveJob(db: Queryable, job: JobWrite): Promise<void> {
  await db.query(
    `insert into jobs (job_id, kind, owner_id, status, phase, done, total, bytes_read, bytes_total, meta,
       result, errors, error_count, failure, temp_files, created_at, started_at, finished_at, heartbeat_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12::jsonb, $13, $14::jsonb,
       $15::jsonb, $16, $17, $18, $19)
     on conflict (job_id) do update set status = excluded.status, phase = excluded.phase,
       done = excluded.done, total = excluded.total, bytes_read = excluded.bytes_read,
       bytes_total = excluded.bytes_total, meta = excluded.meta, result = excluded.result,
       errors = excluded.errors, error_count = excluded.error_count, failure = excluded.failure,
       temp_files = excluded.temp_files, started_at = excluded.started_at,
       finished_at = excluded.finished_at, heartbeat_at = excluded.heartbeat_at`,
    [
      job.jobId,
      job.kind,
      job.ownerId,
      job.status,
      job.phase,
      job.done,
      job.total,
      job.bytesRead,
      job.bytesTotal,
      json(job.meta),
      json(job.result),
      json(job.errors),
      job.errorCount,
      json(job.failure),
      json(job.tempFiles),
      job.createdAt,
      job.startedAt,
      job.finishedAt,
      // The application's clock, not now(): Citus refuses a function that is not IMMUTABLE in the
      // DO UPDATE SET of an insert (every save of a job failed there).
      new Date(),
    ],
  );
}

/** A recorded job by id; undefined if there is none. */
export async function jobById(db: Queryable, jobId: string): Promise<JobRow | undefined> {
  const [row] = await db.query<JobRow>(`select ${COLUMNS} from jobs where job_id = $1`, [jobId]);
  return row;
}

/** A job left queued or running, as it was before it is marked failed. */
export type UnfinishedJob = Pick<
  JobRow,
  'jobId' | 'kind' | 'ownerId' | 'status' | 'done' | 'total' | 'meta' | 'tempFiles'
>;

/**
 * Marks failed, with the reason given, every job created before `createdBefore` (the start of this
 * process's registry) and left queued or running (by a process that is gone), and
 * returns them as they were (their temporary files are the caller's to delete).
 */
export async function failUnfinishedJobs(
  db: Queryable,
  failure: { vi: string; en: string },
  createdBefore: Date,
): Promise<UnfinishedJob[]> {
  // Two plain statements (run in the caller's transaction), which Citus runs on a reference table as is.
  const unfinished = await db.query<UnfinishedJob>(
    `select job_id as "jobId", kind, owner_id as "ownerId", status, done, total, meta, temp_files as "tempFiles"
     from jobs
     where status in ('queued', 'running') and created_at < $1 for update`,
    [createdBefore],
  );
  if (unfinished.length === 0) return [];
  await db.query(
    `update jobs set status = 'failed', failure = $1::jsonb, phase = 'interrupted', temp_files = '[]'::jsonb,
       finished_at = now(), heartbeat_at = now()
     where job_id = any($2::uuid[])`,
    [json(failure), unfinished.map((j) => j.jobId)],
  );
  return unfinished;
}

/**
 * The latest jobs of a kind, newest first: of one owner, or of everyone when `ownerId` is undefined
 * (an administrator's view). Their `errors` come empty (the list shows `errorCount`; jobById reads them).
 */
export async function recentJobs(
  db: Queryable,
  input: { kind: string; ownerId?: string; limit: number },
): Promise<JobRow[]> {
  return db.query<JobRow>(
    `select ${LIST_COLUMNS} from jobs
     where kind = $1 and ($2::uuid is null or owner_id = $2::uuid)
     order by created_at desc limit $3`,
    [input.kind, input.ownerId ?? null, input.limit],
  );
}
