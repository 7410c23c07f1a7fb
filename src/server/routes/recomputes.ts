// Recomputes of a unit's figures over HTTP: start one (a background job, 202 with its id), read its status
// with progress and outcome, and list the latest (one's own; everyone's for an administrator), including
// those a restart interrupted. A job is visible only to the user who started it and to administrators.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  listRecomputeJobs,
  readRecomputeJob,
  recomputeJobs,
  startRecompute,
  type RecomputeJob,
} from '../../services/recompute.ts';
import { errorLogEntry } from '../errors.ts';
import { errors, signedIn, uuid } from './common.ts';

const bilingual = z.object({ vi: z.string(), en: z.string() });
const totals = z.object({ households: z.number(), poor: z.number(), nearPoor: z.number() }).nullable();
const jobSchema = z.object({
  jobId: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  unitCode: z.string(),
  unitName: z.string(),
  year: z.number(),
  progress: z.object({ phase: z.string(), done: z.number(), total: z.number().nullable() }),
  result: z
    .object({
      standard: z.string(),
      communes: z.number().describe('communes whose roll-ups were rebuilt'),
      before: totals,
      after: totals,
    })
    .nullable(),
  failure: bilingual.nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

function present(job: RecomputeJob): z.infer<typeof jobSchema> {
  const r = job.result;
  return {
    jobId: job.id,
    status: job.status,
    unitCode: String(job.meta.unitCode ?? ''),
    unitName: String(job.meta.unitName ?? ''),
    year: Number(job.meta.year ?? 0),
    progress: { phase: job.progress.phase, done: job.progress.done, total: job.progress.total },
    result: r ? { standard: r.standard, communes: r.communes, before: r.before, after: r.after } : null,
    failure: job.failure,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

export const recomputeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, book, today } = app.deps;
  const jobs = recomputeJobs(db, {
    onCrash: (job, error) =>
      app.log.error({ err: errorLogEntry(error), jobId: job.id }, 'recompute job crashed'),
    onStoreError: (job, error) =>
      app.log.warn({ err: errorLogEntry(error), jobId: job.id }, 'recompute job not recorded'),
  });
  // Jobs a previous process left unfinished are marked interrupted (and audited) once the server listens;
  // the import routes' registry does the same, whichever comes first marks each job once.
  app.addHook('onListen', async () => {
    const interrupted = await jobs.recover();
    if (interrupted > 0) app.log.warn({ interrupted }, 'jobs interrupted by the restart marked failed');
  });
  app.addHook('onClose', async () => jobs.idle());

  app.post(
    '/recomputes',
    {
      schema: {
        tags: ['figures'],
        summary:
          'Tính lại số liệu tổng hợp của một đơn vị trong một năm / recompute a unit’s figures for a year',
        description:
          'Rebuilds the roll-ups of every commune under the unit with a recognised periodic round of the year, and their ancestors, in one transaction (all or nothing). Runs as a background job: poll GET /api/recomputes/{jobId}.',
        body: z.object({
          unitCode: z.string().min(1).max(10),
          year: z.number().int(),
        }),
        response: { 202: z.object({ jobId: z.string() }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const started = await startRecompute(jobs, db, signedIn(req), req.body, { book, today: today() });
      return reply.code(202).send(started);
    },
  );

  app.get(
    '/recomputes',
    {
      schema: {
        tags: ['figures'],
        summary: 'Các lần tính lại gần đây / the latest recomputes (own; all for an administrator)',
        response: { 200: z.object({ rows: z.array(jobSchema) }), ...errors(401) },
      },
    },
    async (req) => ({ rows: (await listRecomputeJobs(jobs, signedIn(req))).map(present) }),
  );

  app.get(
    '/recomputes/:jobId',
    {
      schema: {
        tags: ['figures'],
        summary: 'Trạng thái một lần tính lại / status, progress and outcome of a recompute',
        params: z.object({ jobId: uuid }),
        response: { 200: jobSchema, ...errors(401, 404) },
      },
    },
    async (req) => present(await readRecomputeJob(jobs, signedIn(req), req.params.jobId)),
  );
};
