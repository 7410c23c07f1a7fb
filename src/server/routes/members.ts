// Members of a household over HTTP: join, change, leave — each guarded by the household's version; the use
// cases are in src/services/members.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addMember, changeMember, memberLeaves } from '../../services/members.ts';
import { errors, isoDate, signedIn, uuid } from './common.ts';
import { householdSchema, memberInputSchema } from './member-schemas.ts';

const params = z.object({ householdId: uuid });
const memberParams = z.object({ householdId: uuid, memberNo: z.coerce.number().int().min(1) });

export const memberRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, today } = app.deps;

  app.post(
    '/households/:householdId/members',
    {
      schema: {
        tags: ['members'],
        summary: 'Thêm thành viên / add a member',
        params,
        body: z.object({
          version: z.number().int().min(1),
          member: memberInputSchema,
          reason: z.string().max(500).optional(),
        }),
        response: { 201: householdSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const input = { ...req.body, householdId: req.params.householdId };
      return reply.code(201).send(await addMember(db, signedIn(req), input, today()));
    },
  );

  app.patch(
    '/households/:householdId/members/:memberNo',
    {
      schema: {
        tags: ['members'],
        summary: 'Sửa thành viên / change a member',
        params: memberParams,
        body: z.object({
          version: z.number().int().min(1),
          change: memberInputSchema.partial(),
          reason: z.string().max(500).optional(),
        }),
        response: { 200: householdSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => changeMember(db, signedIn(req), { ...req.body, ...req.params }, today()),
  );

  app.post(
    '/households/:householdId/members/:memberNo/leave',
    {
      schema: {
        tags: ['members'],
        summary: 'Thành viên rời hộ / a member leaves the household',
        params: memberParams,
        body: z.object({
          version: z.number().int().min(1),
          leftAt: isoDate.optional(),
          reason: z.string().trim().min(1).max(500),
        }),
        response: { 200: householdSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => memberLeaves(db, signedIn(req), { ...req.body, ...req.params }, today()),
  );
};
