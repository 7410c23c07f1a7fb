// The household registry over HTTP: search in scope, read (personal data masked by role), create, change
// with optimistic concurrency, move, split and merge — the use cases are in src/services/households.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createHousehold,
  duplicateNationalIds,
  getHousehold,
  householdHistory,
  mergeHouseholds,
  moveHousehold,
  searchHouseholds,
  splitHousehold,
  updateHousehold,
} from '../../services/households.ts';
import { errors, isoDate, paging, signedIn, uuid } from './common.ts';
import { householdInputFields, householdSchema, memberInputSchema } from './member-schemas.ts';
import { HouseholdClass } from '../contract/household-class.ts';

const CLASSES = ['poor', 'near_poor', 'middle', 'not_poor'] as const;

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .transform((s) => s.normalize('NFC'));

const householdFields = householdInputFields;

const idParams = z.object({ householdId: uuid });

export const householdRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, today } = app.deps;

  app.get(
    '/households',
    {
      schema: {
        tags: ['households'],
        summary: 'Tìm hộ trong phạm vi / search households in scope',
        description:
          'Search-first: at least one of name, nationalId, villageId, communeCode or status; always paged.',
        querystring: z
          .object({
            name: z
              .string()
              .trim()
              .min(2)
              .max(100)
              .optional()
              .describe(
                "Từ trong tên chủ hộ hoặc thành viên, thứ tự bất kỳ, không phân biệt dấu và hoa thường; nếu không tên nào có đủ các từ thì tìm chuỗi ở bất kỳ đâu trong tên / words of the head's or a member's name in any order, accents and case ignored; when no name holds them all, the text anywhere in a name",
              ),
            nationalId: z
              .string()
              .trim()
              .regex(/^\d{9,12}$/)
              .optional(),
            villageId: uuid.optional(),
            communeCode: z
              .string()
              .regex(/^\d{5}$/)
              .optional(),
            status: z.enum(CLASSES).optional(),
            standardId: z.string().max(40).optional(),
            ...paging,
          })
          .refine((q) => q.name || q.nationalId || q.villageId || q.communeCode || q.status, {
            message: 'name, nationalId, villageId, communeCode or status is required',
            path: ['name'],
          }),
        response: {
          200: z.object({
            total: z.number().describe('matches, counted up to 10 000 (see totalCapped)'),
            totalCapped: z.boolean().describe('more matches than total: the count stopped at 10 000'),
            page: z.number(),
            pageSize: z.number(),
            rows: z.array(
              z.object({
                householdId: z.string(),
                headName: z.string(),
                address: z.string().nullable(),
                villageId: z.string(),
                villageName: z.string(),
                communeCode: z.string(),
                communeName: z.string(),
                memberCount: z.number(),
                status: HouseholdClass.nullable().describe(
                  'the recognised class (latest recognised decision)',
                ),
                decisionNumber: z.string().nullable(),
                decisionDate: z.string().nullable(),
                provisionalClass: HouseholdClass.nullable().describe(
                  'assessed after the decision, not yet recognised (provisional)',
                ),
                standardId: z.string().nullable(),
                version: z.number(),
              }),
            ),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (req) => searchHouseholds(db, signedIn(req), req.query, today()),
  );

  app.get(
    '/households/:householdId',
    {
      schema: {
        tags: ['households'],
        summary: 'Hồ sơ hộ / a household with members and assessments',
        params: idParams,
        response: { 200: householdSchema, ...errors(400, 401, 404) },
      },
    },
    async (req) => getHousehold(db, signedIn(req), req.params.householdId, today()),
  );

  app.post(
    '/households',
    {
      schema: {
        tags: ['households'],
        summary: 'Thêm hộ / create a household',
        body: z.object({
          villageId: uuid,
          since: isoDate.optional(),
          ...householdFields,
          members: z.array(memberInputSchema).max(40).default([]),
        }),
        response: { 201: householdSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await createHousehold(db, signedIn(req), req.body, today())),
  );

  app.patch(
    '/households/:householdId',
    {
      schema: {
        tags: ['households'],
        summary: 'Sửa thông tin hộ / change a household',
        description:
          'Send the version you read; a stale version gets 409 with the current record and the changes since.',
        params: idParams,
        body: z
          .object({
            version: z.number().int().min(1),
            reason: z.string().trim().max(500).optional(),
            ...householdFields,
            headName: householdFields.headName.optional(),
          })
          .strict(),
        response: { 200: householdSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const { version, reason, ...change } = req.body;
      const input = { householdId: req.params.householdId, version, reason, change };
      return updateHousehold(db, signedIn(req), input, today());
    },
  );

  app.post(
    '/households/:householdId/move',
    {
      schema: {
        tags: ['households'],
        summary: 'Chuyển hộ sang thôn khác / move a household to another village',
        params: idParams,
        body: z.object({
          version: z.number().int().min(1),
          toVillageId: uuid,
          effective: isoDate.optional(),
          reason: text(500),
        }),
        response: { 200: householdSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => moveHousehold(db, signedIn(req), { ...req.body, ...req.params }, today()),
  );

  app.post(
    '/households/:householdId/split',
    {
      schema: {
        tags: ['households'],
        summary: 'Tách hộ / split members off into a new household',
        params: idParams,
        body: z.object({
          version: z.number().int().min(1),
          memberNos: z.array(z.number().int().min(1)).min(1),
          headName: text(120),
          villageId: uuid.optional(),
          address: z.string().trim().max(300).nullable().optional(),
          effective: isoDate.optional(),
          reason: text(500),
        }),
        response: { 201: householdSchema, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const input = { ...req.body, householdId: req.params.householdId };
      return reply.code(201).send(await splitHousehold(db, signedIn(req), input, today()));
    },
  );

  app.post(
    '/households/:householdId/merge',
    {
      schema: {
        tags: ['households'],
        summary: 'Nhập hộ / merge another household into this one',
        params: idParams,
        body: z.object({
          version: z.number().int().min(1),
          fromHouseholdId: uuid,
          fromVersion: z.number().int().min(1),
          effective: isoDate.optional(),
          reason: text(500),
        }),
        response: { 200: householdSchema, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => mergeHouseholds(db, signedIn(req), { ...req.body, ...req.params }, today()),
  );

  app.get(
    '/households/:householdId/history',
    {
      schema: {
        tags: ['households'],
        summary: 'Lịch sử nơi ở của hộ / where the household lived',
        params: idParams,
        response: {
          200: z.array(
            z.object({
              changeNo: z.number(),
              fromVillageId: z.string().nullable(),
              toVillageId: z.string(),
              effective: z.string(),
              reason: z.string().nullable(),
            }),
          ),
          ...errors(401, 404),
        },
      },
    },
    async (req) => householdHistory(db, signedIn(req), req.params.householdId, today()),
  );

  app.get(
    '/duplicates/national-ids',
    {
      schema: {
        tags: ['households'],
        summary: 'Số định danh trùng trong phạm vi / national IDs held by several members in scope',
        response: {
          200: z.array(
            z.object({
              nationalId: z.string(),
              holders: z.array(
                z.object({ householdId: z.string(), memberNo: z.number(), fullName: z.string() }),
              ),
            }),
          ),
          ...errors(401, 403),
        },
      },
    },
    async (req) => duplicateNationalIds(db, signedIn(req), today()),
  );
};
