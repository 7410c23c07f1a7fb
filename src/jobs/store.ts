// The job registry's store in the database (the jobs table, through src/db/queries/jobs.ts).
import type { Database } from '../db/index.ts';
import * as jobRows from '../db/queries/jobs.ts';
import { recordAudits, type AuditedChange } from '../services/audit.ts';
import type { Job, JobStore } from './registry.ts';

function fromRow(row: jobRows.JobRow): Job {
  return {
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
}

/** The unit a job concerns, when its starter named one (a recompute): its audit entry joins that chain. */
const unitOf = (meta: Record<string, unknown>): string | null =>
  typeof meta.unitCode === 'string' ? meta.unitCode : null;

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
      return row ? fromRow(row) : undefined;
    },
    async recent(kind, ownerId, limit) {
      const rows = await jobRows.recentJobs(db, { kind, limit, ...(ownerId ? { ownerId } : {}) });
      return rows.map(fromRow);
    },
    async failUnfinished(failure, createdBefore) {
      // Marked and audited together (the system acts: no user did this), so a job is never marked
      // interrupted without its entry, nor audited twice by two registries recovering at once.
      const rows = await db.transaction(async (tx) => {
        const interrupted = await jobRows.failUnfinishedJobs(tx, failure, createdBefore);
        const changes = interrupted.map((r): AuditedChange => ({
          action: 'job.interrupted',
          entityType: 'job',
          entityId: r.jobId,
          unitCode: unitOf(r.meta),
          before: {
            kind: r.kind,
            status: r.status,
            ownerId: r.ownerId,
            meta: r.meta,
            progress: { done: r.done, total: r.total },
          },
          after: { status: 'failed', failure },
        }));
        await recordAudits(tx, null, changes);
        return interrupted;
      });
      return rows.map((r) => ({ id: r.jobId, tempFiles: r.tempFiles }));
    },
  };
}
