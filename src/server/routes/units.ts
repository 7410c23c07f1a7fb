// Administrative units and villages over HTTP: lookups at a date, villages of a commune, assignments of
// villages of split communes — villages created and assigned within the caller's write scope.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { childUnits, unitWithParents } from '../../services/units.ts';
import {
  assignVillage,
  createVillage,
  unassignedVillagesFor,
  villagesOfCommune,
} from '../../services/villages.ts';
import { UNIT_KINDS, UNIT_LEVELS } from '../../domain/geography/types.ts';
import { VILLAGE_KINDS } from '../../services/villages.ts';
import { errors, isoDate, signedIn, uuid } from './common.ts';

const unitSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(UNIT_LEVELS),
  kind: z.enum(UNIT_KINDS),
  area: z.enum(['urban', 'rural', 'special']).nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});
const villageSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(VILLAGE_KINDS),
  communeCode: z.string(),
  communeValidFrom: z.string(),
});

const plainUnit = (u: z.infer<typeof unitSchema>) => ({
  code: u.code,
  name: u.name,
  level: u.level,
  kind: u.kind,
  area: u.area,
  validFrom: u.validFrom,
  validTo: u.validTo,
});

export const unitRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, today } = app.deps;
  const at = z.object({ at: isoDate.optional() });

  app.get(
    '/units/:code',
    {
      schema: {
        tags: ['units'],
        summary: 'Đơn vị hành chính tại một ngày / a unit on a date, with its parents',
        params: z.object({ code: z.string().regex(/^\d{2,5}$/) }),
        querystring: at,
        response: { 200: unitSchema.extend({ parents: z.array(unitSchema) }), ...errors(400, 401, 404) },
      },
    },
    async (req) => {
      const at = req.query.at ?? today();
      const { unit, parents } = await unitWithParents(db, signedIn(req), req.params.code, at);
      return { ...plainUnit(unit), parents: parents.map(plainUnit) };
    },
  );

  app.get(
    '/units/:code/children',
    {
      schema: {
        tags: ['units'],
        summary: 'Đơn vị trực thuộc / child units on a date',
        params: z.object({ code: z.string().regex(/^\d{2,5}$/) }),
        querystring: at,
        response: { 200: z.array(unitSchema), ...errors(400, 401) },
      },
    },
    async (req) => {
      const at = req.query.at ?? today();
      return (await childUnits(db, signedIn(req), req.params.code, at)).map(plainUnit);
    },
  );

  app.get(
    '/villages',
    {
      schema: {
        tags: ['villages'],
        summary: 'Thôn của một xã (trong phạm vi) / villages of a commune, within your read scope',
        querystring: z.object({ communeCode: z.string().regex(/^\d{5}$/), at: isoDate.optional() }),
        response: { 200: z.array(villageSchema), ...errors(400, 401) },
      },
    },
    async (req) => {
      const date = req.query.at ?? today();
      const list = await villagesOfCommune(db, signedIn(req), req.query.communeCode, date);
      return list.map((v) => ({
        id: v.id,
        name: v.name,
        kind: v.kind,
        communeCode: v.communeCode,
        communeValidFrom: v.communeValidFrom,
      }));
    },
  );

  app.post(
    '/villages',
    {
      schema: {
        tags: ['villages'],
        summary: 'Thêm thôn / create a village under a commune',
        body: z.object({
          communeCode: z.string().regex(/^\d{5}$/),
          name: z.string().trim().min(1).max(120),
          kind: z.enum(VILLAGE_KINDS),
          at: isoDate.optional(),
        }),
        response: { 201: villageSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const v = await createVillage(db, signedIn(req), {
        communeCode: req.body.communeCode,
        name: req.body.name,
        kind: req.body.kind,
        date: req.body.at ?? today(),
      });
      return reply.code(201).send({
        id: v.id,
        name: v.name,
        kind: v.kind,
        communeCode: v.communeCode,
        communeValidFrom: v.communeValidFrom,
      });
    },
  );

  app.get(
    '/villages/unassigned',
    {
      schema: {
        tags: ['villages'],
        summary: 'Thôn của xã bị chia chưa được gán / villages of split communes awaiting assignment',
        querystring: z.object({
          candidateCode: z
            .string()
            .regex(/^\d{5}$/)
            .optional(),
        }),
        response: {
          200: z.array(
            z.object({
              village: villageSchema,
              formerCommune: z.object({ code: z.string(), validFrom: z.string() }),
              lastDay: z.string(),
              candidates: z.array(
                z.object({ code: z.string(), validFrom: z.string(), name: z.string(), kind: z.string() }),
              ),
            }),
          ),
          ...errors(401, 403),
        },
      },
    },
    async (req) => {
      const rows = await unassignedVillagesFor(db, signedIn(req), req.query, today());
      return rows.map((r) => ({
        village: {
          id: r.village.id,
          name: r.village.name,
          kind: r.village.kind,
          communeCode: r.village.communeCode,
          communeValidFrom: r.village.communeValidFrom,
        },
        formerCommune: r.formerCommune,
        lastDay: r.lastDay,
        candidates: r.candidates.map(({ code, validFrom, name, kind }) => ({ code, validFrom, name, kind })),
      }));
    },
  );

  app.post(
    '/villages/:villageId/assign',
    {
      schema: {
        tags: ['villages'],
        summary: 'Gán thôn của xã bị chia cho xã kế thừa / assign a village of a split commune',
        params: z.object({ villageId: uuid }),
        body: z.object({ communeCode: z.string().regex(/^\d{5}$/), note: z.string().max(500).optional() }),
        response: {
          200: z.object({ villageId: z.string(), communeCode: z.string(), effective: z.string() }),
          ...errors(400, 401, 403, 404, 422),
        },
      },
    },
    async (req) => {
      const a = await assignVillage(
        db,
        signedIn(req),
        { villageId: req.params.villageId, communeCode: req.body.communeCode, note: req.body.note },
        today(),
      );
      return { villageId: a.villageId, communeCode: a.communeCode, effective: a.effective };
    },
  );
};
