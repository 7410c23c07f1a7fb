// Imports as use cases over a job registry (issue #11): starting an import of an uploaded file as a
// background job (registry.write, checked before the file is received), reading a job (only its starter
// and administrators see it; 404 otherwise), listing the latest ones (the same rule) and choosing the
// standard of the template.
import { rm } from 'node:fs/promises';
import type { Database } from '../../db/index.ts';
import { seesEverything } from '../../domain/access/roles.ts';
import { standardForYear } from '../../domain/standards/build-rule-book.ts';
import type { RuleBook } from '../../domain/standards/types.ts';
import { JobRegistry, type Job, type JobRegistryOptions } from '../../jobs/registry.ts';
import { databaseJobStore } from '../../jobs/store.ts';
import { requirePermission, type Actor } from '../actor.ts';
import { AppError } from '../errors.ts';
import { importActor, runImport, type ImportError, type ImportReport } from './run-import.ts';
import type { QuotaSlot, UploadQuota } from './upload-quota.ts';

export type ImportResult = Omit<ImportReport, 'errors' | 'errorCount' | 'ok'>;
export type ImportJob = Job<ImportResult, ImportError>;

/** An uploaded file saved to a temporary directory (removed once the import has run). */
export interface Upload {
  dir: string;
  path: string;
  size: number;
}

const safeFilename = (name: string) => name.replace(/[^\p{L}\p{N}._ -]+/gu, '_').slice(0, 120) || 'import';

/**
 * The registry of import jobs over the database: each job recorded with its progress, so that it is read
 * back after a restart. Making it queries nothing; `recover()` (when the server starts listening) marks
 * those a previous process left unfinished failed (interrupted by a restart) and deletes their uploads.
 */
export function importJobs(db: Database, options: Omit<JobRegistryOptions, 'store'> = {}): JobRegistry {
  return new JobRegistry({ ...options, store: databaseJobStore(db) });
}

/**
 * Starts importing a file: registry.write (403), then a place in the user's upload quota (429 when they
 * already have as many files or bytes waiting as allowed) before `receive` saves the upload within the
 * room left (413), an empty file refused (400), then the job queued; the rows are checked against the
 * actor's write scope when it runs. The file is deleted and its place given back when the job ends, on
 * failure too, or at once when it never becomes a job.
 */
export async function startImport(
  jobs: JobRegistry,
  db: Database,
  actor: Actor,
  input: { filename: string; receive: (slot: QuotaSlot) => Promise<Upload> },
  ctx: { book: RuleBook; today: () => string; quota: UploadQuota },
): Promise<{ jobId: string }> {
  requirePermission(actor, 'registry.write');
  const slot = ctx.quota.take(actor.userId);
  let upload: Upload;
  try {
    upload = await input.receive(slot);
  } catch (e) {
    slot.release();
    throw e;
  }
  const discard = async () => {
    try {
      await rm(upload.dir, { recursive: true, force: true });
    } finally {
      slot.release();
    }
  };
  if (upload.size === 0) {
    await discard();
    throw new AppError('VALIDATION_FAILED', [
      { path: 'body', message: { vi: 'Tệp rỗng', en: 'The file is empty' } },
    ]);
  }
  const filename = safeFilename(input.filename);
  const writer = importActor(actor);
  let job: ImportJob;
  try {
    job = jobs.submit<ImportResult, ImportError>(
      'import',
      actor.userId,
      async (run) => {
        try {
          const report = await runImport({
            db,
            book: ctx.book,
            today: ctx.today(),
            actor: writer,
            path: upload.path,
            filename,
            importId: run.jobId,
            onProgress: run.report,
          });
          const { ok, errors: found, errorCount, ...result } = report;
          return { ok, result, errors: found, errorCount };
        } finally {
          await discard();
        }
      },
      { filename, size: upload.size },
      { tempFiles: [upload.dir] },
    );
  } catch (e) {
    await discard();
    throw e;
  }
  // Answered only once recorded: a job acknowledged is never lost, even if the process dies right after.
  await jobs.saved(job.id);
  return { jobId: job.id };
}

/** An import job the actor may see: its own, or any for an administrator; 404 otherwise. */
export async function readImportJob(jobs: JobRegistry, actor: Actor, jobId: string): Promise<ImportJob> {
  const job = await jobs.find(jobId, { userId: actor.userId, admin: seesEverything(actor.role) });
  if (!job || job.kind !== 'import') throw new AppError('NOT_FOUND');
  return job as ImportJob;
}

/** Import jobs a list shows at most. */
export const IMPORT_LIST_LIMIT = 20;

/**
 * The latest imports the actor may see, newest first, at most IMPORT_LIST_LIMIT: its own, or everyone's
 * for an administrator — the rule of one job's page, since a job's filename and errors may name households
 * (a job records no area that would let an officer see those of theirs). Those a restart interrupted are
 * there, failed with the reason. Jobs read back from the database come without their errors (the count
 * is there; the job's own page reads them).
 */
export async function listImportJobs(jobs: JobRegistry, actor: Actor): Promise<ImportJob[]> {
  requirePermission(actor, 'registry.read');
  const list = await jobs.list(
    'import',
    { userId: actor.userId, admin: seesEverything(actor.role) },
    IMPORT_LIST_LIMIT,
  );
  return list as ImportJob[];
}

/** The standard the template is made for: the one asked for, else the current review year's (400 if unknown). */
export function templateStandard(book: RuleBook, standard: string | undefined, today: string): string {
  const standardId = standard ?? standardForYear(book, Number(today.slice(0, 4))) ?? 'ND07_2021';
  if (!book.standards.has(standardId))
    throw new AppError('VALIDATION_FAILED', [
      {
        path: 'querystring.standard',
        message: { vi: 'Chuẩn nghèo không tồn tại', en: 'Unknown standard' },
      },
    ]);
  return standardId;
}
