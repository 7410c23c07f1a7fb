// Members of a household over HTTP: join, change, leave — each guarded by the household's version.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { registry } from '../../db/index.ts';
import { recordAudit } from '../../services/audit.ts';
import { AppError } from '../errors.ts';
import { errors, isoDate, signedIn, uuid } from './common.ts';
import { checkNationalIds, householdSchema, presentHousehold, staleVersion } from './households.ts';
import { memberInputSchema } from './member-schemas.ts';
import { writableHousehold } from '../../services/access.ts';

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
      const who = signedIn(req, 'registry.write');
      const out = await db.transaction(async (tx) => {
        const h = await writableHousehold(tx, who, req.params.householdId, today());
        await checkNationalIds(tx, [req.body.member]);
        const added = await registry.addMember(tx, h.householdId, req.body.version, req.body.member);
        if (!added) return staleVersion(tx, who, h.householdId, req.body.version, today());
        const view = await presentHousehold(tx, who, h.householdId, today());
        await recordAudit(tx, who, {
          action: 'member.create',
          entityType: 'member',
          entityId: `${h.householdId}/${added.memberNo}`,
          householdId: h.householdId,
          unitCode: view.communeCode,
          after: { ...req.body.member, memberNo: added.memberNo, version: view.version },
          reason: req.body.reason ?? null,
        });
        return view;
      });
      return reply.code(201).send(out);
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
    async (req) => {
      const who = signedIn(req, 'registry.write');
      const { version, change, reason } = req.body;
      return db.transaction(async (tx) => {
        const h = await writableHousehold(tx, who, req.params.householdId, today());
        const before = (await registry.membersOf(tx, h.householdId)).find(
          (m) => m.memberNo === req.params.memberNo && m.leftAt === null,
        );
        if (!before) throw new AppError('NOT_FOUND');
        if (change.nationalId) {
          const holders = await registry.nationalIdHolders(tx, change.nationalId, {
            householdId: h.householdId,
            memberNo: before.memberNo,
          });
          if (holders.length) await checkNationalIds(tx, [change]);
        }
        const after = await registry.updateMember(tx, h.householdId, before.memberNo, version, change);
        if (!after) return staleVersion(tx, who, h.householdId, version, today());
        const view = await presentHousehold(tx, who, h.householdId, today());
        const keys = Object.keys(change) as (keyof typeof change)[];
        await recordAudit(tx, who, {
          action: 'member.update',
          entityType: 'member',
          entityId: `${h.householdId}/${before.memberNo}`,
          householdId: h.householdId,
          unitCode: view.communeCode,
          before: { ...Object.fromEntries(keys.map((k) => [k, before[k as keyof typeof before]])), version },
          after: {
            ...Object.fromEntries(keys.map((k) => [k, after[k as keyof typeof after]])),
            version: view.version,
          },
          reason: reason ?? null,
        });
        return view;
      });
    },
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
    async (req) => {
      const who = signedIn(req, 'registry.write');
      const b = req.body;
      return db.transaction(async (tx) => {
        const h = await writableHousehold(tx, who, req.params.householdId, today());
        const left = await registry.memberLeaves(tx, {
          householdId: h.householdId,
          memberNo: req.params.memberNo,
          version: b.version,
          leftAt: b.leftAt ?? today(),
          reason: b.reason,
        });
        if (!left) return staleVersion(tx, who, h.householdId, b.version, today());
        const view = await presentHousehold(tx, who, h.householdId, today());
        await recordAudit(tx, who, {
          action: 'member.leave',
          entityType: 'member',
          entityId: `${h.householdId}/${left.memberNo}`,
          householdId: h.householdId,
          unitCode: view.communeCode,
          before: { leftAt: null, version: b.version },
          after: { leftAt: left.leftAt, version: view.version },
          reason: b.reason,
        });
        return view;
      });
    },
  );
};
