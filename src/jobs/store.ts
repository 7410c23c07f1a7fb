// The job registry's store in the database (the jobs table, through src/db/queries/jobs.ts).
import type { Database } from '../db/index.ts';
import * as jobRows from '../db/queries/jobs.ts';
import type { Job, JobStore } from './registry.ts';

export function databaseJobStore(db: Database): JobStore {
  return {
    async save(job, tempFiles) {
      await jobRows.saveJob(db, {
        jobId: job.id,
        kind: job.kind,
        ownerId: job.ownerId,
        status: job.status,
        phase: job.progress.phase,
        done: job.progress.done,
        total: job.progress.total,
        bytesRead: job.progress.bytesRead ?? null,
        bytesTotal: job.progress.bytesTotal ?? null,
        meta: job.meta,
        result: job.result,
        errors: job.errors,
        errorCount: job.errorCount,
        failure: job.failure,
        tempFiles: [...tempFiles],
        createdAt: job.createdAt,
        startedAt: job.startedAt,
        finishedAt: job.finishedAt,
      });
    },
    async load(id) {
      const row = await jobRows.jobById(db, id);
      if (!row) return undefined;
      const job: Job = {
        id: row.jobId,
        kind: row.kind,
        ownerId: row.ownerId,
        status: row.status,
        progress: {
          phase: row.phase,
          done: row.done,
          total: row.total,
          ...(row.bytesRead === null ? {} : { bytesRead: Number(row.bytesRead) }),
          ...(row.bytesTotal === null ? {} : { bytesTotal: Number(row.bytesTotal) }),
        },
        meta: row.meta,
        result: row.result ?? null,
        errors: row.errors,
        errorCount: row.errorCount,
        failure: row.failure,
        createdAt: row.createdAt,
        startedAt: row.startedAt,
        finishedAt: row.finishedAt,
      };
      return job;
    },
    async failUnfinished(failure, createdBefore) {
      const rows = await db.transaction((tx) => jobRows.failUnfinishedJobs(tx, failure, createdBefore));
      return rows.map((r) => ({ id: r.jobId, tempFiles: r.tempFiles }));
    },
  };
}
