// Long-running jobs (imports, recomputes, long exports) as the registry (src/jobs/registry.ts) records them:
// who started it, where it stands, its outcome. A job left queued or running by a process that died is
// found at the next start and marked failed (interrupted), its uploaded temporary files deleted. A small
// table, read by id (a reference table on Citus).
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const jobs = pgTable(
  'jobs',
  {
    jobId: uuid('job_id').primaryKey(),
    /** e.g. 'households-import', 'recompute', 'export'. */
    kind: text('kind').notNull(),
    /** The user who started it (null: the system); only they, or an administrator, may read it. */
    ownerId: uuid('owner_id'),
    status: text('status', { enum: ['queued', 'running', 'succeeded', 'failed'] }).notNull(),
    /** Progress: what the job is doing now, how far it is (rows, bytes). */
    phase: text('phase').notNull(),
    done: integer('done').notNull().default(0),
    total: integer('total'),
    bytesRead: bigint('bytes_read', { mode: 'number' }),
    bytesTotal: bigint('bytes_total', { mode: 'number' }),
    /** What the starter shows with it (e.g. the file name). */
    meta: jsonb('meta').notNull().default({}),
    /** The outcome's summary when it ended. */
    result: jsonb('result'),
    /** Some of the errors found (bounded); error_count counts them all. */
    errors: jsonb('errors').notNull().default([]),
    errorCount: integer('error_count').notNull().default(0),
    /** Bilingual {vi, en}: why it failed other than with its own errors (a crash, a restart). */
    failure: jsonb('failure'),
    /** Temporary files (uploads) the job reads: deleted when a restart finds the job interrupted. */
    tempFiles: jsonb('temp_files').notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** Last time the running process wrote to the job. */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('jobs_status_idx').on(t.status),
    index('jobs_owner_idx').on(t.ownerId, t.createdAt),
    check('jobs_status_check', sql`${t.status} IN ('queued', 'running', 'succeeded', 'failed')`),
    check('jobs_error_count_check', sql`${t.errorCount} >= 0`),
  ],
);
