// The dashboard's review progress: how many communes under a unit have not started, are reviewing, have
// recognised or have reported their periodic review of a year (scope-checked like the figures).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { reviewProgress } from '../../services/dashboard.ts';
import { errors, signedIn } from './common.ts';

const STATUSES = ['none', 'open', 'recognised', 'reported'] as const;

export const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, today } = app.deps;

  app.get(
    '/dashboard/review-progress',
    {
      schema: {
        tags: ['dashboard'],
        summary:
          'Tiến độ rà soát định kỳ của các xã / the periodic review’s progress in the communes under a unit',
        querystring: z.object({
          unitCode: z.string().regex(/^\d{2,5}$/),
          year: z.coerce.number().int().min(2000).max(2100),
        }),
        response: {
          200: z.object({
            /** The date the communes are read at: the year's end, or today while the year runs. */
            date: z.string(),
            counts: z.object({
              none: z.number(),
              open: z.number(),
              recognised: z.number(),
              reported: z.number(),
              total: z.number(),
            }),
            communes: z.array(
              z.object({
                code: z.string(),
                name: z.string(),
                status: z.enum(STATUSES),
                roundId: z.string().nullable(),
              }),
            ),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req) => reviewProgress(db, signedIn(req), req.query, today()),
  );
};
