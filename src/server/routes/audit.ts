// The audit browser over HTTP: who changed what, by household, user or unit (within the reader's scope).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { browseAudit } from '../../services/audit-log.ts';
import { errors, paging, signedIn, uuid } from './common.ts';

/** An audit entry on the wire: the sequence number as text (it is a bigint), the time in ISO form. */
const presentEntry = (r: Awaited<ReturnType<typeof browseAudit>>['rows'][number]) => ({
  seq: String(r.seq),
  at: new Date(r.at).toISOString(),
  actorId: r.actorId,
  actorName: r.actorName,
  action: r.action,
  entityType: r.entityType,
  entityId: r.entityId,
  householdId: r.householdId,
  unitCode: r.unitCode,
  before: r.before,
  after: r.after,
  reason: r.reason,
});

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, today } = app.deps;

  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Nhật ký thay đổi / audit entries, newest first',
        description:
          'Administrators and auditors with a province-wide scope may browse everything; others filter by a household or unit in their scope.',
        querystring: z.object({
          householdId: uuid.optional(),
          actorId: uuid.optional(),
          unitCode: z
            .string()
            .regex(/^\d{2,5}$/)
            .optional(),
          entityType: z.string().max(40).optional(),
          ...paging,
        }),
        response: {
          200: z.object({
            total: z.number(),
            rows: z.array(
              z.object({
                seq: z.string(),
                at: z.string(),
                actorId: z.string().nullable(),
                actorName: z.string(),
                action: z.string(),
                entityType: z.string(),
                entityId: z.string().nullable(),
                householdId: z.string().nullable(),
                unitCode: z.string().nullable(),
                before: z.unknown(),
                after: z.unknown(),
                reason: z.string().nullable(),
              }),
            ),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const { rows, total } = await browseAudit(db, signedIn(req), req.query, today());
      return { total, rows: rows.map(presentEntry) };
    },
  );
};
