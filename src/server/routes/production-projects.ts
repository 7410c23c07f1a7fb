// Production projects (value chain or community) over HTTP: list under a unit, read, create, change with 409 on
// a stale version, delete, and the registry households taking part — added or removed by id within the caller's
// read scope, listed with personal data masked for roles that may not see it. The use cases (access, rules,
// audit) are in src/services/production-projects.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addProjectHousehold,
  createProject,
  deleteProject,
  getProject,
  listProjectHouseholds,
  listProjects,
  PROJECT_KINDS as KINDS,
  removeProjectHousehold,
  updateProject,
} from '../../services/production-projects.ts';
import {
  amountSchema,
  byUnitOrName,
  deletionBody,
  errors,
  isoDate,
  moneySchema,
  pageOf,
  pagedSchema,
  paging,
  signedIn,
  unitCodeSchema,
  uuid,
} from './common.ts';

const projectSchema = z.object({
  id: z.string(),
  unit: z.object({ code: z.string(), validFrom: z.string(), name: z.string() }),
  name: z.string(),
  kind: z.enum(KINDS),
  kindName: z.object({ vi: z.string(), en: z.string() }),
  programme: z.string().nullable(),
  project: z.string().nullable(),
  models: z.string().nullable(),
  budgetVnd: moneySchema,
  disbursedVnd: moneySchema,
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  outputs: z.string().nullable(),
  participants: z.number(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const longText = (max: number) => z.string().trim().max(max).nullable().optional();
const fieldsSchema = {
  name: z.string().trim().min(1).max(300),
  kind: z.enum(KINDS),
  project: z
    .string()
    .max(30)
    .nullable()
    .optional()
    .describe('DA2, DA3.TDA1… read in the programme of the start year'),
  models: longText(4000),
  budgetVnd: amountSchema.optional(),
  disbursedVnd: amountSchema.optional(),
  startDate: isoDate.nullable().optional(),
  endDate: isoDate.nullable().optional(),
  outputs: longText(4000),
};

const participantSchema = z.object({
  householdId: z.string(),
  headName: z.string(),
  address: z.string().nullable(),
  villageId: z.string(),
  villageName: z.string().nullable(),
  joinedOn: z.string().nullable(),
  classAtJoining: z
    .string()
    .nullable()
    .describe("the class of the household's latest recognised review when it joined"),
  support: z.string().nullable(),
  headNationalId: z.string().nullable().describe('masked for roles without personal.read'),
  headPhone: z.string().nullable().describe('masked for roles without personal.read'),
});

export const productionProjectRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, today } = app.deps;

  app.get(
    '/production-projects',
    {
      schema: {
        tags: ['works'],
        summary:
          'Dự án hỗ trợ phát triển sản xuất của đơn vị và cấp dưới / production projects of a unit and below',
        querystring: z.object({
          unit: unitCodeSchema,
          at: isoDate.optional(),
          kind: z.enum(KINDS).optional(),
          sort: z.enum(['code', 'name']).default('code'),
          ...paging,
        }),
        response: {
          200: pagedSchema(projectSchema),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const { sort, page, pageSize, ...q } = req.query;
      const rows = await listProjects(db, signedIn(req), q, today());
      return pageOf(rows.sort(byUnitOrName(sort)), { page, pageSize });
    },
  );

  app.get(
    '/production-projects/:id',
    {
      schema: {
        tags: ['works'],
        summary: 'Một dự án sản xuất / a production project',
        params: z.object({ id: uuid }),
        response: { 200: projectSchema.extend({ canWrite: z.boolean() }), ...errors(400, 401, 404) },
      },
    },
    async (req) => getProject(db, signedIn(req), req.params, today()),
  );

  app.post(
    '/production-projects',
    {
      schema: {
        tags: ['works'],
        summary: 'Thêm dự án sản xuất / record a production project',
        body: z.object({ unit: unitCodeSchema, at: isoDate.optional(), ...fieldsSchema }),
        response: { 201: projectSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => reply.code(201).send(await createProject(db, signedIn(req), req.body, today())),
  );

  app.patch(
    '/production-projects/:id',
    {
      schema: {
        tags: ['works'],
        summary: 'Sửa dự án sản xuất / change a production project',
        description: 'Send the version you read; a stale version gets 409 with the current record.',
        params: z.object({ id: uuid }),
        body: z
          .object({
            version: z.number().int().min(1),
            reason: z.string().trim().max(500).optional(),
            ...fieldsSchema,
            name: fieldsSchema.name.optional(),
            kind: fieldsSchema.kind.optional(),
          })
          .strict(),
        response: { 200: projectSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => updateProject(db, signedIn(req), { ...req.body, id: req.params.id }, today()),
  );

  app.delete(
    '/production-projects/:id',
    {
      schema: {
        tags: ['works'],
        summary: 'Xoá dự án sản xuất nhập nhầm / delete a production project recorded by mistake',
        description:
          'Only a project with nothing disbursed. The record and its participating households are kept in the ' +
          'audit entry; a stale version gets 409.',
        params: z.object({ id: uuid }),
        body: deletionBody,
        response: { 204: z.null(), ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      await deleteProject(db, signedIn(req), { ...req.body, id: req.params.id }, today());
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/production-projects/:id/households',
    {
      schema: {
        tags: ['works'],
        summary: 'Hộ tham gia dự án / households taking part (personal data masked by role)',
        params: z.object({ id: uuid }),
        response: {
          200: z.object({ personalDataMasked: z.boolean(), rows: z.array(participantSchema) }),
          ...errors(400, 401, 404),
        },
      },
    },
    async (req) => listProjectHouseholds(db, signedIn(req), req.params, today()),
  );

  app.post(
    '/production-projects/:id/households',
    {
      schema: {
        tags: ['works'],
        summary: 'Thêm hộ tham gia / add a household (by id, within your read scope)',
        params: z.object({ id: uuid }),
        body: z.object({
          householdId: uuid,
          joinedOn: isoDate.nullable().optional(),
          support: z.string().trim().max(500).nullable().optional(),
        }),
        response: {
          201: z.object({
            householdId: z.string(),
            classAtJoining: z.string().nullable(),
            joinedOn: z.string().nullable(),
          }),
          ...errors(400, 401, 403, 404, 422),
        },
      },
    },
    async (req, reply) => {
      const added = await addProjectHousehold(db, signedIn(req), { ...req.body, id: req.params.id }, today());
      return reply.code(201).send(added);
    },
  );

  app.delete(
    '/production-projects/:id/households/:householdId',
    {
      schema: {
        tags: ['works'],
        summary: 'Bỏ hộ khỏi dự án / remove a household from a project',
        params: z.object({ id: uuid, householdId: uuid }),
        response: { 204: z.null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await removeProjectHousehold(db, signedIn(req), req.params, today());
      return reply.code(204).send(null);
    },
  );
};
