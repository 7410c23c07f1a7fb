// Round documents exported in the background over HTTP (src/services/export-jobs.ts): start one (202 with
// the job's id; refused at once as the direct download would be), read its status with progress and outcome,
// and download its file once it has succeeded — all three for the user who started it only (404 for anyone
// else). Files are removed 24 hours after their job ended (checked every hour and when the server starts).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contentDisposition } from '../../reports/render/index.ts';
import { loadProcedure } from '../../rules-loader/load-procedure.ts';
import {
  exportFile,
  exportJobs,
  readExportJob,
  removeExpiredExports,
  startExport,
  type ExportJob,
  type ExportMeta,
} from '../../services/export-jobs.ts';
import { ROUND_DOCUMENTS } from '../../services/round-documents.ts';
import { AgencyListKind, RoundDocumentParams } from '../contract/round-documents.ts';
import { errorLogEntry } from '../errors.ts';
import { errors, signedIn, uuid } from './common.ts';

const SWEEP_EVERY_MS = 3600 * 1000;

const RoundDocumentKind = z.enum(ROUND_DOCUMENTS).meta({ id: 'RoundDocumentKind' });
const bilingual = z.object({ vi: z.string(), en: z.string() });
const jobSchema = z.object({
  jobId: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  document: RoundDocumentKind,
  roundId: z.string(),
  villageId: z.string().nullable(),
  list: AgencyListKind.nullable(),
  purpose: z.string().nullable(),
  progress: z.object({
    phase: z.string().describe('queued, starting, reading, rendering, done (interrupted after a restart)'),
    done: z.number(),
    total: z.number().nullable().describe('households in the document, once read'),
  }),
  result: z
    .object({
      filename: z.string(),
      format: z.enum(['pdf', 'xlsx']),
      bytes: z.number(),
      households: z.number(),
      expiresAt: z.string().describe('when the file is removed'),
    })
    .nullable(),
  errors: z.array(bilingual).describe('why the job made no file (a refusal when it ran, a full disk)'),
  failure: bilingual.nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

function present(job: ExportJob): z.infer<typeof jobSchema> {
  const meta = job.meta as Partial<ExportMeta>;
  const r = job.result;
  return {
    jobId: job.id,
    status: job.status,
    document: meta.document ?? 'certificates',
    roundId: String(meta.roundId ?? ''),
    villageId: meta.villageId ?? null,
    list: meta.list ?? null,
    purpose: meta.purpose ?? null,
    progress: { phase: job.progress.phase, done: job.progress.done, total: job.progress.total },
    result: r
      ? {
          filename: r.filename,
          format: r.format,
          bytes: r.bytes,
          households: r.households,
          expiresAt: r.expiresAt,
        }
      : null,
    errors: job.errors,
    failure: job.failure,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, today } = app.deps;
  const procedure = loadProcedure();
  const jobs = exportJobs(db, {
    onCrash: (job, error) =>
      app.log.error({ err: errorLogEntry(error), jobId: job.id }, 'export job crashed'),
    onStoreError: (job, error) =>
      app.log.warn({ err: errorLogEntry(error), jobId: job.id }, 'export job not recorded'),
  });
  const sweep = async () => {
    const removed = await removeExpiredExports().catch((error: unknown) => {
      app.log.warn({ err: { message: (error as Error)?.message } }, 'expired exports not removed');
      return 0;
    });
    if (removed > 0) app.log.info({ removed }, 'expired export files removed');
  };
  let sweeper: NodeJS.Timeout | null = null;
  // As the import and recompute routes do: jobs a previous process left unfinished are marked interrupted
  // once the server listens (whichever registry comes first marks each, deleting an export's directory).
  app.addHook('onListen', async () => {
    const interrupted = await jobs.recover();
    if (interrupted > 0) app.log.warn({ interrupted }, 'jobs interrupted by the restart marked failed');
    await sweep();
    sweeper = setInterval(() => void sweep(), SWEEP_EVERY_MS);
    sweeper.unref();
  });
  app.addHook('onClose', async () => {
    if (sweeper) clearInterval(sweeper);
    await jobs.idle();
  });

  app.post(
    '/rounds/:roundId/exports',
    {
      schema: {
        tags: ['review'],
        summary:
          'Xuất tài liệu của đợt rà soát trong nền / export a round document in the background (certificates, lists, agency lists)',
        description:
          'Checked as the direct download is (an agency list needs personal.read and a purpose, and is audited with it), then rendered by a background job: poll GET /api/exports/{jobId}, then download GET /api/exports/{jobId}/file (only the user who started it; the file is kept 24 hours).',
        params: RoundDocumentParams,
        body: z.object({
          document: RoundDocumentKind,
          villageId: uuid.optional(),
          list: AgencyListKind.optional().describe('the agency list (document agency-list)'),
          purpose: z
            .string()
            .max(500)
            .optional()
            .describe(
              'Mục đích sử dụng (danh sách gửi các ngành) / purpose of an agency list, kept in the audit',
            ),
        }),
        response: { 202: z.object({ jobId: z.string() }), ...errors(400, 401, 403, 404, 409, 429) },
      },
    },
    async (req, reply) => {
      const started = await startExport(
        jobs,
        db,
        signedIn(req),
        { roundId: req.params.roundId, ...req.body },
        { procedure, today },
      );
      return reply.code(202).send(started);
    },
  );

  app.get(
    '/exports/:jobId',
    {
      schema: {
        tags: ['review'],
        summary: 'Trạng thái một lần xuất tài liệu / status, progress and outcome of an export (own only)',
        params: z.object({ jobId: uuid }),
        response: { 200: jobSchema, ...errors(401, 403, 404) },
      },
    },
    async (req) => present(await readExportJob(jobs, signedIn(req), req.params.jobId)),
  );

  app.get(
    '/exports/:jobId/file',
    {
      schema: {
        tags: ['review'],
        summary: 'Tải tệp đã xuất / download an export’s file (own only; 24 hours after it was made)',
        params: z.object({ jobId: uuid }),
        produces: ['application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: errors(401, 403, 404),
      },
    },
    async (req, reply) => {
      const file = await exportFile(jobs, signedIn(req), req.params.jobId, { db, ctx: { procedure, today } });
      const title = file.filename.slice(0, -(file.format.length + 1));
      void reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(title, file.format))
        .header('cache-control', 'private, no-store');
      return reply.send(file.file.createReadStream() as never);
    },
  );
};
