// Long exports as background jobs (issue #15, durable jobs): a round document — the certificates (one page
// per recognised household, thousands in a large commune), the posting and recognised lists, an agency list
// (personal data) — rendered to a file by a job of kind 'export' recorded with its progress, then downloaded
// by the user who started it, and no one else (404, as another user's job answers). Starting one makes the
// same checks as the direct download (checkRoundDocument: 400, 403, 404, 409) before anything is queued;
// the job then runs the document's own use case (the checks again; an agency list audited as round.export
// with the user, the purpose and the job) and has the file rendered on a thread of its own (pdfmake's
// synchronous layout would otherwise stall the server for the whole render: tens of seconds for a large
// commune), the households rendered reported as progress, into a private directory of its own (0700)
// beside the import uploads. The file is kept EXPORT_KEEP_MS (24 hours) after the job ends, then removed
// (removeExpiredExports, run by the server every hour); a failed job's directory is removed at once, and
// a job a restart finds unfinished is failed (interrupted by a restart) with its directory deleted by the
// registry's recovery (it is the job's temporary file while the job runs).
import { mkdtemp, open, readdir, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Database, Queryable } from '../db/index.ts';
import type { Procedure } from '../domain/review/procedure.ts';
import type { Bilingual } from '../domain/standards/types.ts';
import {
  JobRegistry,
  type Job,
  type JobContext,
  type JobOutcome,
  type JobRegistryOptions,
} from '../jobs/registry.ts';
import { databaseJobStore } from '../jobs/store.ts';
import type { AgencyList } from '../reports/documents/round-handouts.ts';
import { CONTENT_TYPES } from '../reports/render/index.ts';
import { requirePermission, type Actor } from './actor.ts';
import { AppError } from './errors.ts';
import type { RenderMessage, RenderRequest } from './export-render-worker.ts';
import {
  checkRoundDocument,
  roundDocument,
  type RoundDocumentKind,
  type RoundDocumentRequest,
} from './round-documents.ts';

export const EXPORT_KIND = 'export';
/** How long a finished export's file is kept for its owner to download. */
export const EXPORT_KEEP_MS = 24 * 3600 * 1000;
/** The directory of each export's file: giamngheo-… so that the registry's recovery may delete it. */
const DIR_PREFIX = 'giamngheo-export-';

export interface ExportResult {
  /** The file's name as downloaded (the document's title and extension). */
  filename: string;
  format: 'pdf' | 'xlsx';
  bytes: number;
  /** Households in the document (certificates, list rows). */
  households: number;
  /** When the file is removed (ISO). */
  expiresAt: string;
}

/** A job's errors: why it did not produce its file (a refusal at run time, a full disk). */
export type ExportJob = Job<ExportResult, Bilingual>;

/** What the job's record keeps of the request (meta): never the households, only what names the export. */
export interface ExportMeta {
  document: RoundDocumentKind;
  roundId: string;
  villageId: string | null;
  list: AgencyList | null;
  /** An agency list's stated purpose (also in its audit entry). */
  purpose: string | null;
  /** The job's private directory (server-side only; never shown). */
  dir: string;
}

/**
 * The registry of export jobs over the database, one render at a time (rendering a large pdf takes the
 * processor for a while; others queue). Making it queries nothing; `recover()` marks the jobs a previous
 * process left unfinished failed (interrupted by a restart) and deletes their directories.
 */
export function exportJobs(db: Database, options: Omit<JobRegistryOptions, 'store'> = {}): JobRegistry {
  return new JobRegistry({
    concurrency: 1,
    keepForMs: EXPORT_KEEP_MS,
    ...options,
    store: databaseJobStore(db),
  });
}

export interface ExportContext {
  procedure: Procedure;
  today: () => string;
  /** The time (default the clock): the file's mark for an agency list, and its expiry. */
  now?: () => Date;
}

/** Exports a user may have queued or rendering at once. */
export const EXPORTS_PENDING_PER_USER = 2;

/**
 * Starts rendering a round document in the background: refused at once as its download would be
 * (checkRoundDocument), then queued with a private directory for its file; answered once recorded, so an
 * acknowledged export is never lost (it runs, or a restart shows it interrupted).
 */
export async function startExport(
  jobs: JobRegistry,
  db: Database,
  actor: Actor,
  input: RoundDocumentRequest,
  ctx: ExportContext,
): Promise<{ jobId: string }> {
  const now = ctx.now ?? (() => new Date());
  await checkRoundDocument(db, actor, input, {
    procedure: ctx.procedure,
    today: ctx.today(),
    now: now().toISOString(),
  });
  // Exports render one at a time for everyone: one user's twenty large exports would hold all the others'
  // back for as long. A user waits for theirs to end before asking for more.
  const mine = await jobs.list(
    EXPORT_KIND,
    { userId: actor.userId, admin: false },
    EXPORTS_PENDING_PER_USER + 1,
  );
  if (mine.filter((j) => j.status === 'queued' || j.status === 'running').length >= EXPORTS_PENDING_PER_USER)
    throw new AppError('TOO_MANY_REQUESTS', [], undefined, {
      vi: `Bạn đang có ${EXPORTS_PENDING_PER_USER} tài liệu đang xuất; chờ xong rồi xuất tiếp`,
      en: `You already have ${EXPORTS_PENDING_PER_USER} documents being exported; wait for them to end, then export more`,
    });
  // mkdtemp makes the directory readable by this user only (0700).
  const dir = await mkdtemp(join(tmpdir(), DIR_PREFIX));
  const meta: ExportMeta = {
    document: input.document,
    roundId: input.roundId,
    villageId: input.villageId ?? null,
    list: input.document === 'agency-list' ? (input.list ?? null) : null,
    purpose: input.document === 'agency-list' ? (input.purpose?.trim() ?? null) : null,
    dir,
  };
  let job: ExportJob;
  try {
    job = jobs.submit<ExportResult, Bilingual>(
      EXPORT_KIND,
      actor.userId,
      (run) => runExport(db, actor, input, dir, { ...ctx, now }, run),
      { ...meta },
      { tempFiles: [dir] },
    );
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  await jobs.saved(job.id);
  return { jobId: job.id };
}

/** Households a document holds: one certificate a page, or the rows of its lists. */
function householdsIn(
  document: RoundDocumentKind,
  rendered: Awaited<ReturnType<typeof roundDocument>>,
): number {
  if (document === 'certificates' && rendered.format === 'pdf') return rendered.doc.pages.length;
  if (rendered.format === 'xlsx')
    return rendered.doc.sections.reduce((n, s) => n + (s.table?.rows.length ?? 0), 0);
  return rendered.doc.pages.reduce((n, p) => n + (p.table ? p.table.rows.length : 0), 0);
}

/** The work of the job: the document read and built, rendered to a file in the job's directory. */
async function runExport(
  db: Database,
  actor: Actor,
  input: RoundDocumentRequest,
  dir: string,
  ctx: ExportContext & { now: () => Date },
  run: JobContext,
): Promise<JobOutcome<ExportResult, Bilingual>> {
  try {
    run.report({ phase: 'reading', done: 0, total: null });
    const rendered = await roundDocument(db, actor, input, {
      procedure: ctx.procedure,
      today: ctx.today(),
      now: ctx.now().toISOString(),
      jobId: run.jobId,
    });
    const total = householdsIn(input.document, rendered);
    run.report({ phase: 'rendering', done: 0, total });
    const title = rendered.format === 'pdf' ? rendered.doc.title : rendered.doc.title.vi;
    const file = join(dir, `export.${rendered.format}`);
    await renderOnThread({ ...rendered, out: file, households: total }, (done) =>
      run.report({ phase: 'rendering', done, total }),
    );
    const { size } = await stat(file);
    run.report({ phase: 'done', done: total, total });
    return {
      ok: true,
      result: {
        filename: `${title}.${rendered.format}`,
        format: rendered.format,
        bytes: size,
        households: total,
        expiresAt: new Date(ctx.now().getTime() + EXPORT_KEEP_MS).toISOString(),
      },
      errors: [],
    };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    // A refusal at run time (the round reopened, the scope changed since the start) or a full disk is the
    // job's own error, for its owner to read; anything else is a crash (logged, a generic failure shown).
    if (e instanceof AppError) return { ok: false, result: null, errors: [refusalOf(e)] };
    throw e;
  }
}

/**
 * Renders the document into `out` on a thread of its own (src/services/export-render-worker.ts), whole or
 * not at all, reporting the households rendered; a full disk rejects with DISK_FULL.
 */
export function renderOnThread(request: RenderRequest, onProgress: (done: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./export-render-worker-entry.js', import.meta.url), {
      workerData: request,
    });
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve();
      void worker.terminate();
    };
    worker.on('message', (m: RenderMessage) => {
      if (m.type === 'progress') onProgress(m.done);
      else if (m.type === 'done') settle();
      else settle(m.diskFull ? new AppError('DISK_FULL') : new Error(`export render failed: ${m.message}`));
    });
    worker.on('error', (e) => settle(e));
    worker.on('exit', (code) => settle(new Error(`export render thread exited (${code})`)));
  });
}

function refusalOf(e: AppError): Bilingual {
  if (e.code === 'DISK_FULL')
    return {
      vi: 'Không đủ chỗ trên đĩa của máy chủ để ghi tệp; chưa có tệp nào được tạo',
      en: 'Not enough disk space on the server to write the file; no file was created',
    };
  return e.fields[0]?.message ?? e.customMessage ?? { vi: e.message, en: e.message };
}

/** An export job of the actor's own (404 for anyone else's, an administrator's too: it may hold personal data). */
export async function readExportJob(jobs: JobRegistry, actor: Actor, jobId: string): Promise<ExportJob> {
  requirePermission(actor, 'registry.read');
  const job = await jobs.find(jobId, { userId: actor.userId, admin: false });
  if (!job || job.kind !== EXPORT_KIND) throw new AppError('NOT_FOUND');
  return job as ExportJob;
}

const unavailable = (vi: string, en: string) =>
  new AppError('NOT_FOUND', [{ path: 'params.jobId', message: { vi, en } }]);

/**
 * The file of an export job of the actor's own, once it has succeeded and until it expires (404 otherwise,
 * saying why): the file opened (the caller reads and closes it), its name as downloaded and content type.
 */
export async function exportFile(
  jobs: JobRegistry,
  actor: Actor,
  jobId: string,
  /** The database and context to check the actor may still have the document (as the direct download does). */
  access: { db: Queryable; ctx: ExportContext },
  now: Date = new Date(),
): Promise<{ file: FileHandle; filename: string; contentType: string; format: 'pdf' | 'xlsx' }> {
  const job = await readExportJob(jobs, actor, jobId);
  const meta = job.meta as Partial<ExportMeta>;
  if (
    job.status !== 'succeeded' ||
    !job.result ||
    typeof meta.dir !== 'string' ||
    !meta.document ||
    !meta.roundId
  )
    throw unavailable('Tệp chưa sẵn sàng', 'The file is not ready');
  // Checked again as the direct download would be now: a user whose scope or permission to personal data was
  // taken away since the export, or whose round was reopened, gets what the download would answer.
  await checkRoundDocument(
    access.db,
    actor,
    {
      document: meta.document,
      roundId: meta.roundId,
      villageId: meta.villageId ?? undefined,
      list: meta.list ?? undefined,
      purpose: meta.purpose ?? undefined,
    },
    { procedure: access.ctx.procedure, today: access.ctx.today(), now: new Date().toISOString() },
  );
  const { format, filename, expiresAt } = job.result;
  const expired = () =>
    unavailable(
      'Tệp đã hết hạn tải xuống và đã được xoá — vui lòng xuất lại',
      'The file has expired and was removed — please export it again',
    );
  if (now.getTime() >= Date.parse(expiresAt)) throw expired();
  // Opened here: a file removed meanwhile (expired, or the temporary directory emptied) is a 404, not a
  // broken download.
  const file = await open(join(meta.dir, `export.${format}`)).catch(() => {
    throw expired();
  });
  return { file, filename, format, contentType: CONTENT_TYPES[format] };
}

/**
 * Removes the export directories older than EXPORT_KEEP_MS (their files expired; any left by a job that
 * never finished too); returns how many. Only directories this application made (giamngheo-export-…).
 */
export async function removeExpiredExports(now: Date = new Date(), root: string = tmpdir()): Promise<number> {
  let removed = 0;
  for (const name of await readdir(root).catch(() => [] as string[])) {
    if (!name.startsWith(DIR_PREFIX)) continue;
    const path = join(root, name);
    const s = await stat(path).catch(() => null);
    if (!s?.isDirectory() || now.getTime() - s.mtimeMs < EXPORT_KEEP_MS) continue;
    await rm(path, { recursive: true, force: true });
    removed++;
  }
  return removed;
}
