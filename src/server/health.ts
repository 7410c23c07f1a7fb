// Liveness and readiness for the reverse proxy, the load balancer or the orchestrator (issue #15, part 1):
// /healthz says the process answers (no database work, so a busy database never gets the process restarted);
// /readyz says it may take traffic (the database answers and is migrated for this release), 503 otherwise.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readiness } from '../services/readiness.ts';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'Tiến trình còn chạy / the process is alive',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  const Ready = z.object({
    status: z.enum(['ready', 'not_ready']),
    pendingMigrations: z.array(z.string()),
    problem: z.object({ vi: z.string(), en: z.string() }).nullable(),
  });
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary:
          'Sẵn sàng phục vụ (CSDL trả lời, đã nâng cấp) / ready for traffic (database up and migrated)',
        response: { 200: Ready, 503: Ready },
      },
    },
    async (_req, reply) => {
      const r = await readiness(db);
      const body = { status: r.ready ? ('ready' as const) : ('not_ready' as const), ...r };
      const { ready: _ready, ...answer } = body;
      return reply.code(r.ready ? 200 : 503).send(answer);
    },
  );
};
