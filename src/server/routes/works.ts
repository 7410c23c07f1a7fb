// Works (công trình) over HTTP: list under a unit at a date (type, status, year; paged, Vietnamese order), read,
// create, change with optimistic concurrency, hand over to a new investor (the 2025 reform), photos, delete; the
// types of works as data. The use cases (access, rules, audit) are in src/services/works.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { WORK_STATUSES } from '../../domain/works/status.ts';
import { defaultOutputsRules } from '../../rules-loader/load-outputs.ts';
import {
  addWorkPhoto,
  createWork,
  deleteWork,
  getWork,
  handOverWork,
  listWorkPhotos,
  listWorks,
  updateWork,
  workPhotoFile,
} from '../../services/works.ts';
import {
  amountSchema,
  bilingualSchema,
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

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .transform((s) => s.normalize('NFC'));
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

const unitRef = z.object({ code: z.string(), validFrom: z.string(), name: z.string() });
const investorSchema = z.object({ name: z.string(), unitCode: z.string().nullable() });
const workSchema = z.object({
  id: z.string(),
  unit: unitRef,
  village: z.object({ id: z.string(), name: z.string() }).nullable(),
  name: z.string(),
  workType: z.string(),
  workTypeName: bilingualSchema,
  construction: z.enum(['new', 'maintenance']),
  programme: z.string().nullable(),
  project: z.string().nullable(),
  planYear: z.number().nullable(),
  investor: z.object({
    original: investorSchema,
    current: investorSchema.extend({ since: z.string().nullable(), basis: z.string().nullable() }),
  }),
  contractValueVnd: moneySchema,
  disbursedVnd: moneySchema,
  progressPct: z.number(),
  startDate: z.string().nullable(),
  completionDate: z.string().nullable(),
  acceptanceDate: z.string().nullable(),
  status: z.enum(WORK_STATUSES).describe('derived from dates and progress on the date asked (never stored)'),
  statusName: bilingualSchema,
  note: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const warningSchema = z.object({ code: z.string(), message: bilingualSchema });

const workFields = {
  villageId: uuid.nullable().optional(),
  name: text(300),
  workType: z.string().max(60),
  construction: z.enum(['new', 'maintenance']),
  project: z
    .string()
    .max(30)
    .nullable()
    .optional()
    .describe('DA1, DA1.TDA1… read in the programme of planYear'),
  planYear: z.number().int().min(2000).max(2100).nullable().optional(),
  contractValueVnd: amountSchema,
  disbursedVnd: amountSchema.optional(),
  progressPct: z.number().int().optional().describe('0–100'),
  startDate: isoDate.nullable().optional(),
  completionDate: isoDate.nullable().optional(),
  acceptanceDate: isoDate.nullable().optional(),
  note: optionalText(2000),
};

const investorHistory = z.array(
  z.object({
    date: z.string(),
    from: investorSchema,
    to: investorSchema,
    basis: z.string(),
    recordedAt: z.string(),
    recordedBy: z.string(),
  }),
);

const photoSchema = z.object({
  fileId: z.string(),
  name: z.string(),
  mimeType: z.string(),
  size: z.number(),
  sha256: z.string(),
  caption: z.string().nullable(),
  takenOn: z.string().nullable(),
  addedAt: z.string(),
});

export const workRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, today } = app.deps;

  app.get(
    '/works/types',
    {
      schema: {
        tags: ['works'],
        summary: 'Loại công trình (dữ liệu, có trích dẫn) / types of works (data, with citation)',
        response: {
          200: z.object({
            citation: z.string(),
            verified: z.boolean(),
            types: z.array(z.object({ code: z.string(), name: bilingualSchema })),
          }),
          ...errors(401),
        },
      },
    },
    async (req) => {
      signedIn(req);
      return defaultOutputsRules().workTypes;
    },
  );

  app.get(
    '/works',
    {
      schema: {
        tags: ['works'],
        summary: 'Công trình của đơn vị và các đơn vị trực thuộc / works of a unit and all below it',
        description:
          'Units below at their own dates, and former units that went whole into the unit; works handed over to an investor unit among them too. Status is derived on `at`.',
        querystring: z.object({
          unit: unitCodeSchema,
          at: isoDate.optional(),
          type: z.string().max(60).optional(),
          status: z.enum(WORK_STATUSES).optional(),
          year: z.coerce.number().int().min(2000).max(2100).optional(),
          sort: z.enum(['code', 'name']).default('code'),
          ...paging,
        }),
        response: {
          200: pagedSchema(workSchema),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const { sort, page, pageSize, ...q } = req.query;
      const rows = await listWorks(db, signedIn(req), q, today());
      return pageOf(rows.sort(byUnitOrName(sort)), { page, pageSize });
    },
  );

  app.get(
    '/works/:id',
    {
      schema: {
        tags: ['works'],
        summary: 'Một công trình, kèm lịch sử chủ đầu tư / a work with its investor history',
        params: z.object({ id: uuid }),
        querystring: z.object({ at: isoDate.optional() }),
        response: {
          200: workSchema.extend({
            canWrite: z.boolean(),
            investorHistory,
            warnings: z.array(warningSchema),
          }),
          ...errors(400, 401, 404),
        },
      },
    },
    async (req) => getWork(db, signedIn(req), { id: req.params.id, at: req.query.at }, today()),
  );

  app.post(
    '/works',
    {
      schema: {
        tags: ['works'],
        summary: 'Thêm công trình / record a work',
        description:
          'Disbursed above the contract value is accepted with a warning (overruns and addenda are lawful and common).',
        body: z.object({
          unit: unitCodeSchema,
          at: isoDate.optional().describe('the day the unit code is read (default today)'),
          investor: text(300),
          investorUnitCode: unitCodeSchema.nullable().optional(),
          ...workFields,
        }),
        response: {
          201: workSchema.extend({ warnings: z.array(warningSchema) }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req, reply) => reply.code(201).send(await createWork(db, signedIn(req), req.body, today())),
  );

  app.patch(
    '/works/:id',
    {
      schema: {
        tags: ['works'],
        summary: 'Sửa công trình / change a work',
        description:
          'Send the version you read; a stale version gets 409 with the current record and the changes since.',
        params: z.object({ id: uuid }),
        body: z
          .object({
            version: z.number().int().min(1),
            reason: z.string().trim().max(500).optional(),
            ...workFields,
            name: workFields.name.optional(),
            workType: workFields.workType.optional(),
            construction: workFields.construction.optional(),
            contractValueVnd: amountSchema.optional(),
          })
          .strict(),
        response: {
          200: workSchema.extend({ warnings: z.array(warningSchema) }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (req) => updateWork(db, signedIn(req), { ...req.body, id: req.params.id }, today()),
  );

  app.delete(
    '/works/:id',
    {
      schema: {
        tags: ['works'],
        summary: 'Xoá công trình nhập nhầm / delete a work recorded by mistake',
        description:
          'Only a work with nothing disbursed and not handed over: money spent is corrected, never deleted. ' +
          'The whole record and its photos are kept in the audit entry; a stale version gets 409.',
        params: z.object({ id: uuid }),
        body: deletionBody,
        response: { 204: z.null(), ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      await deleteWork(db, signedIn(req), { ...req.body, id: req.params.id }, today());
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/works/:id/handover',
    {
      schema: {
        tags: ['works'],
        summary: 'Chuyển giao chủ đầu tư / hand a work over to a new investor',
        description:
          "After the 2025 reform a former district's board hands its works to communes: the original investor is kept, the hand-over audited.",
        params: z.object({ id: uuid }),
        body: z.object({
          version: z.number().int().min(1),
          date: isoDate,
          investor: text(300),
          investorUnitCode: unitCodeSchema.nullable().optional(),
          legalBasis: text(500),
        }),
        response: { 200: workSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => handOverWork(db, signedIn(req), { ...req.body, id: req.params.id }, today()),
  );

  app.post(
    '/works/:id/photos',
    {
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags: ['works'],
        summary: 'Tải ảnh công trình / upload a photo of a work (base64, at most 5 MB)',
        params: z.object({ id: uuid }),
        body: z.object({
          name: z.string().trim().min(1).max(200),
          mimeType: z.enum(['image/jpeg', 'image/png']),
          contentBase64: z.string().max(7_000_000),
          caption: optionalText(500),
          takenOn: isoDate.nullable().optional(),
        }),
        response: { 201: photoSchema, ...errors(400, 401, 403, 404, 413) },
      },
    },
    async (req, reply) => {
      const { contentBase64, ...photo } = req.body;
      const content = Buffer.from(contentBase64, 'base64');
      const added = await addWorkPhoto(db, signedIn(req), { ...photo, content, id: req.params.id }, today());
      return reply.code(201).send(added);
    },
  );

  app.get(
    '/works/:id/photos',
    {
      schema: {
        tags: ['works'],
        summary: 'Ảnh của công trình / photos of a work',
        params: z.object({ id: uuid }),
        response: { 200: z.array(photoSchema), ...errors(400, 401, 404) },
      },
    },
    async (req) => listWorkPhotos(db, signedIn(req), { id: req.params.id }, today()),
  );

  app.get(
    '/works/:id/photos/:fileId',
    {
      schema: {
        tags: ['works'],
        summary: 'Tải một ảnh công trình / download a photo of a work',
        params: z.object({ id: uuid, fileId: uuid }),
      },
    },
    async (req, reply) => {
      const file = await workPhotoFile(db, signedIn(req), req.params, today());
      return reply
        .header('content-type', file.mimeType)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .send(Buffer.from(file.content));
    },
  );
};
