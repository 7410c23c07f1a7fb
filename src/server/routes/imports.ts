// Imports over HTTP: the template, an upload (the raw file as the body) that starts a background job, the
// job's status with progress and result or errors, the errors as .xlsx, and the latest jobs (including
// those a restart interrupted). A job is visible only to the user who started it and to administrators.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { makeUploadDir, sweepOrphanUploads } from '../../jobs/upload-dirs.ts';
import { writeErrorReport } from '../../services/imports/error-report.ts';
import {
  importJobs,
  IMPORT_LIST_LIMIT,
  listImportJobs,
  readImportJob,
  startImport,
  templateStandard,
  type ImportJob,
  type Upload,
} from '../../services/imports/import-jobs.ts';
import { uploadLimits } from '../../services/imports/limits.ts';
import { writeTemplate } from '../../services/imports/template.ts';
import { sharedUploadQuota, type QuotaSlot } from '../../services/imports/upload-quota.ts';
import { AppError, errorLogEntry } from '../errors.ts';
import { errors, signedIn, uuid } from './common.ts';

/** Largest file accepted (this route only; the rest of the API keeps its small limit): data/limits/uploads.json. */
export const IMPORT_BODY_LIMIT = uploadLimits().maxFileBytes;
/** Errors shown in the status response; the .xlsx report has all that were kept. */
const INLINE_ERRORS = 1000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UPLOAD_TYPES = ['application/octet-stream', XLSX, 'text/csv', 'application/vnd.ms-excel'];

const bilingual = z.object({ vi: z.string(), en: z.string() });
const importErrorSchema = z.object({
  sheet: z.string().nullable(),
  row: z.number().nullable(),
  column: z.string(),
  message: bilingual,
});
const countsSchema = z.object({
  households: z.object({ created: z.number(), updated: z.number(), unchanged: z.number() }),
  members: z.object({ created: z.number(), updated: z.number(), unchanged: z.number() }),
  assessments: z.object({ recorded: z.number(), unchanged: z.number() }),
});
const jobSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  filename: z.string(),
  progress: z.object({
    phase: z.string(),
    done: z.number(),
    total: z.number().nullable(),
    bytesRead: z.number().optional(),
    bytesTotal: z.number().optional(),
  }),
  result: z
    .object({
      format: z.string().nullable(),
      rows: z.object({ members: z.number(), formB: z.number() }),
      counts: countsSchema.nullable(),
      timings: z.object({ read: z.number(), check: z.number(), write: z.number() }),
    })
    .nullable(),
  errors: z.array(importErrorSchema).describe(`the first ${INLINE_ERRORS} errors`),
  errorCount: z.number(),
  failure: bilingual.nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

/** A job as a list shows it: no errors (their count; the job's own page has them). */
const listedJobSchema = jobSchema.omit({ errors: true });

function presentListed(job: ImportJob): z.infer<typeof listedJobSchema> {
  const { errors: _errors, ...listed } = present(job, 0);
  return listed;
}

function present(job: ImportJob, inlineErrors = INLINE_ERRORS): z.infer<typeof jobSchema> {
  return {
    jobId: job.id,
    kind: job.kind,
    status: job.status,
    filename: String(job.meta.filename ?? ''),
    progress: job.progress,
    result: job.result
      ? {
          format: job.result.format,
          rows: job.result.rows,
          counts: job.result.counts,
          timings: job.result.timings,
        }
      : null,
    errors: job.errors.slice(0, inlineErrors),
    errorCount: job.errorCount,
    failure: job.failure,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/** Copies the request body to a temporary file, refusing more than the room of the user's quota slot. */
async function saveUpload(body: Readable, slot: QuotaSlot): Promise<Upload> {
  // Named after this process (giamngheo-import-pid<PID>-…), so a start after a kill sweeps it.
  const dir = await makeUploadDir('giamngheo-import-');
  const path = join(dir, 'upload');
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      try {
        slot.add(chunk.length);
        done(null, chunk);
      } catch (e) {
        done(e as Error);
      }
    },
  });
  try {
    await pipeline(body, limit, createWriteStream(path));
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e instanceof AppError ? e : new AppError('VALIDATION_FAILED');
  }
  return { dir, path, size };
}

/** The upload of a request: its declared size within the limit, a stream (an upload type), saved to a file. */
async function receiveUpload(req: FastifyRequest, slot: QuotaSlot): Promise<Upload> {
  const declared = Number(req.headers['content-length'] ?? 0);
  slot.check(declared);
  const body = req.body as Readable | undefined;
  // Only the upload types reach this route as a stream; JSON and forms are parsed by the server.
  if (typeof body?.pipe !== 'function') throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  return saveUpload(body, slot);
}

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, book, today } = app.deps;
  // Jobs recorded in the database; those a previous process left unfinished are marked interrupted once
  // the server listens (registering routes never queries).
  const jobs = importJobs(db, {
    concurrency: 1,
    // Logged by errorLogEntry: a failed statement's message or parameters would carry the file's personal data.
    onCrash: (job, error) =>
      app.log.error({ err: errorLogEntry(error), jobId: job.id }, 'import job crashed'),
    onStoreError: (job, error) =>
      app.log.warn({ err: errorLogEntry(error), jobId: job.id }, 'import job not recorded'),
  });
  // Uploads kept on disk per user, given back when their job ends; counted with the user's uploads on the
  // other routes of this server (opening lists, ODK exports).
  const quota = sharedUploadQuota(app.deps, uploadLimits());
  app.addHook('onListen', async () => {
    const interrupted = await jobs.recover();
    if (interrupted > 0)
      app.log.warn({ interrupted }, 'import jobs interrupted by the restart marked failed');
    // The uploads (of every upload route) a killed process left while the file was still arriving, before
    // any job recorded them: their process is gone.
    const orphans = await sweepOrphanUploads();
    if (orphans.length > 0)
      app.log.warn({ removed: orphans.length }, 'uploads left by a stopped process removed');
  });
  // The database must outlive the jobs using it.
  app.addHook('onClose', async () => jobs.idle());
  // Uploads arrive as a stream; the handler copies it to a file (this plugin's routes only).
  app.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));

  app.get(
    '/imports/template.xlsx',
    {
      schema: {
        tags: ['imports'],
        summary: 'Tải mẫu nhập (.xlsx) / download the import template',
        description:
          'Sheets "Hộ và thành viên", "Phiếu B" (indicator columns of the standard) and "Hướng dẫn".',
        querystring: z.object({
          standard: z
            .string()
            .max(40)
            .optional()
            .describe('default: the standard of the current review year'),
        }),
      },
    },
    async (req, reply) => {
      signedIn(req);
      const standardId = templateStandard(book, req.query.standard, today());
      const out = new PassThrough();
      void writeTemplate(out, book, standardId).catch((e: unknown) => out.destroy(e as Error));
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="mau-nhap-ho-${standardId}.xlsx"`)
        .send(out);
    },
  );

  app.post(
    '/imports',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['imports'],
        summary: 'Nhập tệp hộ, thành viên, Phiếu B / import households, members and Form B',
        description:
          'Body: the raw .xlsx or .csv file (application/octet-stream). Runs as a background job: poll GET /api/imports/{jobId}.',
        querystring: z.object({ filename: z.string().min(1).max(255) }),
        response: { 202: z.object({ jobId: z.string() }), ...errors(400, 401, 403, 413, 415, 429) },
      },
    },
    async (req, reply) => {
      const receive = (slot: QuotaSlot) => receiveUpload(req, slot);
      const started = await startImport(
        jobs,
        db,
        signedIn(req),
        { filename: req.query.filename, receive },
        { book, today, quota },
      );
      return reply.code(202).send(started);
    },
  );

  app.get(
    '/imports',
    {
      schema: {
        tags: ['imports'],
        summary: 'Các lần nhập gần đây / the latest imports (own; all for an administrator)',
        description: `Newest first, at most ${IMPORT_LIST_LIMIT}; an import a restart interrupted is failed with the reason. Without the errors: GET /api/imports/{jobId} has them.`,
        response: { 200: z.object({ rows: z.array(listedJobSchema) }), ...errors(401) },
      },
    },
    async (req) => ({ rows: (await listImportJobs(jobs, signedIn(req))).map(presentListed) }),
  );

  app.get(
    '/imports/:jobId',
    {
      schema: {
        tags: ['imports'],
        summary: 'Trạng thái một lần nhập / status, progress and outcome of an import',
        params: z.object({ jobId: uuid }),
        response: { 200: jobSchema, ...errors(401, 404) },
      },
    },
    async (req) => present(await readImportJob(jobs, signedIn(req), req.params.jobId)),
  );

  app.get(
    '/imports/:jobId/errors.xlsx',
    {
      schema: {
        tags: ['imports'],
        summary: 'Tải báo cáo lỗi (.xlsx) / download the errors of an import',
        params: z.object({ jobId: uuid }),
      },
    },
    async (req, reply) => {
      const job = await readImportJob(jobs, signedIn(req), req.params.jobId);
      const out = new PassThrough();
      void writeErrorReport(out, job.errors, { total: job.errorCount }).catch((e: unknown) =>
        out.destroy(e as Error),
      );
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="loi-nhap-${job.id}.xlsx"`)
        .send(out);
    },
  );
};
