// Production projects (value chain or community) over HTTP: list under a unit, read, create, change with 409 on
// a stale version, and the registry households taking part — added or removed by id within the caller's read
// scope, listed with personal data masked for roles that may not see it. Every change audited.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { units, type Queryable } from '../../db/index.ts';
import * as projects from '../../db/queries/production-projects.ts';
import type { ProjectFields, ProjectRow } from '../../db/queries/production-projects.ts';
import { can } from '../../domain/access/roles.ts';
import { maskTail } from '../../domain/access/masking.ts';
import { amountToJson } from '../../domain/finance/money.ts';
import { lookupProject } from '../../domain/finance/programmes.ts';
import { defaultFinanceRules } from '../../rules-loader/load-finance.ts';
import type { Principal } from '../auth/principal.ts';
import { requirePermission } from '../auth/principal.ts';
import { recordAudit } from '../../services/audit.ts';
import { AppError, type FieldError } from '../errors.ts';
import { staleAnswer } from '../stale.ts';
import {
  byUnitOrName,
  deletionBody,
  errors,
  isoDate,
  pageOf,
  pagedSchema,
  paging,
  signedIn,
  uuid,
} from './common.ts';
import { amountSchema, collator, invalid, moneySchema, unitCodeSchema } from './works.ts';
import { readableHousehold, readableReportUnit, unitVersionInScope, writableUnitOfBody } from '../../services/access.ts';

const KINDS = ['value_chain', 'community'] as const;
const KIND_NAMES = {
  value_chain: { vi: 'Theo chuỗi giá trị', en: 'Value chain' },
  community: { vi: 'Cộng đồng', en: 'Community' },
};

async function inScope(tx: Queryable, scope: Principal['read'], p: ProjectRow, today: string) {
  const unit = await units.unitVersion(tx, { code: p.unitCode, validFrom: p.unitValidFrom });
  return unit !== undefined && (await unitVersionInScope(tx, scope, unit, today));
}

async function readableProject(tx: Queryable, who: Principal, id: string, today: string) {
  const p = await projects.getProject(tx, id);
  if (!p || !(await inScope(tx, who.read, p, today))) throw new AppError('NOT_FOUND');
  return p;
}

async function writableProject(tx: Queryable, who: Principal, id: string, today: string) {
  await readableProject(tx, who, id, today);
  requirePermission(who, 'finance.write');
  await projects.lockProject(tx, id);
  const p = (await projects.getProject(tx, id))!;
  if (!(await inScope(tx, who.write, p, today))) throw new AppError('FORBIDDEN');
  return p;
}

/** 409 with the current record and the audited changes since the client's version. */
async function staleProject(tx: Queryable, id: string, clientVersion: number): Promise<never> {
  const current = presentProject((await projects.getProject(tx, id))!);
  return staleAnswer(tx, { entityType: 'production_project', entityId: id }, clientVersion, current);
}

export const projectSchema = z.object({
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

export const presentProject = (p: ProjectRow): z.infer<typeof projectSchema> => ({
  id: p.id,
  unit: { code: p.unitCode, validFrom: p.unitValidFrom, name: p.unitName },
  name: p.name,
  kind: p.kind,
  kindName: KIND_NAMES[p.kind],
  programme: p.programme,
  project: p.project,
  models: p.models,
  budgetVnd: amountToJson(p.budget),
  disbursedVnd: amountToJson(p.disbursed),
  startDate: p.startDate,
  endDate: p.endDate,
  outputs: p.outputs,
  participants: p.participants,
  version: p.version,
  createdAt: new Date(p.createdAt).toISOString(),
  updatedAt: new Date(p.updatedAt).toISOString(),
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

/** Field errors of a project's figures and dates, and its project code read in the programme of its year. */
function checkProject(
  f: ProjectFields,
  today: string,
): { fields: FieldError[]; project: string | null; programme: string | null } {
  const fields: FieldError[] = [];
  if (f.budget < 0n)
    fields.push({
      path: 'body.budgetVnd',
      message: { vi: 'Kinh phí không được âm', en: 'The budget cannot be negative' },
    });
  if (f.disbursed < 0n)
    fields.push({
      path: 'body.disbursedVnd',
      message: { vi: 'Số đã giải ngân không được âm', en: 'The amount disbursed cannot be negative' },
    });
  if (f.startDate && f.endDate && f.endDate < f.startDate)
    fields.push({
      path: 'body.endDate',
      message: {
        vi: `Ngày kết thúc (${f.endDate}) trước ngày bắt đầu (${f.startDate})`,
        en: `The end date (${f.endDate}) is before the start date (${f.startDate})`,
      },
    });
  let project: string | null = null;
  let programme: string | null = null;
  if (f.project) {
    const year = Number((f.startDate ?? today).slice(0, 4));
    const p = lookupProject(defaultFinanceRules(), year, f.project);
    if (p.ok) [project, programme] = [p.code, p.programme.id];
    else fields.push({ path: 'body.project', message: p.message });
  }
  return { fields, project, programme };
}

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
      const who = signedIn(req);
      const q = req.query;
      const unit = await readableReportUnit(db, who, q.unit, q.at ?? today());
      const rows = (await projects.projectsUnder(db, { unit, ...(q.kind ? { kind: q.kind } : {}) }))
        .map(presentProject)
        .sort(byUnitOrName(q.sort));
      return pageOf(rows, q);
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
    async (req) => {
      const who = signedIn(req);
      const p = await readableProject(db, who, req.params.id, today());
      return {
        ...presentProject(p),
        canWrite: can(who.role, 'finance.write') && (await inScope(db, who.write, p, today())),
      };
    },
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
    async (req, reply) => {
      const who = signedIn(req, 'finance.write');
      const b = req.body;
      const out = await db.transaction(async (tx) => {
        const unit = await writableUnitOfBody(tx, who, b.unit, b.at ?? today(), today());
        const fields: ProjectFields = {
          name: b.name,
          kind: b.kind,
          programme: null,
          project: b.project ?? null,
          models: b.models ?? null,
          budget: b.budgetVnd ?? 0n,
          disbursed: b.disbursedVnd ?? 0n,
          startDate: b.startDate ?? null,
          endDate: b.endDate ?? null,
          outputs: b.outputs ?? null,
        };
        const checked = checkProject(fields, today());
        if (checked.fields.length) throw invalid(checked.fields);
        const p = await projects.insertProject(
          tx,
          {
            ...fields,
            project: checked.project,
            programme: checked.programme,
            code: unit.code,
            validFrom: unit.validFrom,
          },
          who.userId,
        );
        await recordAudit(tx, who, {
          action: 'production_project.create',
          entityType: 'production_project',
          entityId: p.id,
          unitCode: p.unitCode,
          after: { ...fields, project: checked.project, version: p.version },
        });
        return presentProject(p);
      });
      return reply.code(201).send(out);
    },
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
    async (req) => {
      const who = signedIn(req, 'finance.write');
      const { version, reason, budgetVnd, disbursedVnd, ...rest } = req.body;
      return db.transaction(async (tx) => {
        const before = await writableProject(tx, who, req.params.id, today());
        const stale = () => staleProject(tx, before.id, version);
        if (before.version !== version) return stale();
        const change: Partial<ProjectFields> = Object.fromEntries(
          Object.entries({
            ...rest,
            ...(budgetVnd !== undefined ? { budget: budgetVnd } : {}),
            ...(disbursedVnd !== undefined ? { disbursed: disbursedVnd } : {}),
          }).filter(([, v]) => v !== undefined),
        );
        const merged = { ...before, ...change } as ProjectFields;
        const checked = checkProject(merged, today());
        if (checked.fields.length) throw invalid(checked.fields);
        if (change.project !== undefined || change.startDate !== undefined) {
          change.project = checked.project;
          change.programme = checked.programme;
        }
        const after = await projects.updateProject(tx, before.id, version, change);
        if (!after) return stale();
        const keys = Object.keys(change) as (keyof ProjectFields)[];
        await recordAudit(tx, who, {
          action: 'production_project.update',
          entityType: 'production_project',
          entityId: before.id,
          unitCode: before.unitCode,
          before: { ...Object.fromEntries(keys.map((k) => [k, before[k]])), version: before.version },
          after: { ...Object.fromEntries(keys.map((k) => [k, after[k]])), version: after.version },
          reason: reason ?? null,
        });
        return presentProject(after);
      });
    },
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
      const who = signedIn(req, 'finance.write');
      await db.transaction(async (tx) => {
        const before = await writableProject(tx, who, req.params.id, today());
        if (before.version !== req.body.version) return staleProject(tx, before.id, req.body.version);
        if (before.disbursed > 0n)
          throw new AppError(
            'RULE_VIOLATION',
            [],
            { rule: 'project_has_money' },
            {
              vi: 'Dự án đã giải ngân không xoá được: nếu nhập nhầm, sửa lại số đã giải ngân trước',
              en: 'A project with money disbursed cannot be deleted: if entered by mistake, correct the disbursed amount first',
            },
          );
        const participants = await projects.participantsOf(tx, before.id);
        await projects.deleteProject(tx, before.id);
        await recordAudit(tx, who, {
          action: 'production_project.delete',
          entityType: 'production_project',
          entityId: before.id,
          unitCode: before.unitCode,
          before: {
            ...presentProject(before),
            households: participants.map((p) => ({ householdId: p.householdId, joinedOn: p.joinedOn })),
          },
          after: null,
          reason: req.body.reason,
        });
      });
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
    async (req) => {
      const who = signedIn(req);
      return db.transaction(async (tx) => {
        const p = await readableProject(tx, who, req.params.id, today());
        const unmasked = can(who.role, 'personal.read');
        const rows = (await projects.participantsOf(tx, p.id))
          .sort((a, b) => collator.compare(a.headName, b.headName))
          .map((r) => ({
            ...r,
            headNationalId: unmasked ? r.headNationalId : maskTail(r.headNationalId),
            headPhone: unmasked ? r.headPhone : maskTail(r.headPhone),
          }));
        // Reading identifiers unmasked is itself recorded, as for a household's page.
        if (unmasked && rows.some((r) => r.headNationalId || r.headPhone))
          await recordAudit(tx, who, {
            action: 'personal_data.read',
            entityType: 'production_project',
            entityId: p.id,
            unitCode: p.unitCode,
          });
        return { personalDataMasked: !unmasked, rows };
      });
    },
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
      const who = signedIn(req, 'finance.write');
      const b = req.body;
      const out = await db.transaction(async (tx) => {
        const p = await writableProject(tx, who, req.params.id, today());
        await readableHousehold(tx, who, b.householdId, today());
        const classAtJoining = await projects.latestRecognisedClass(tx, b.householdId);
        const row = {
          projectId: p.id,
          householdId: b.householdId,
          joinedOn: b.joinedOn ?? today(),
          classAtJoining,
          support: b.support ?? null,
        };
        if (!(await projects.addParticipant(tx, row)))
          throw new AppError(
            'RULE_VIOLATION',
            [
              {
                path: 'body.householdId',
                message: { vi: 'Hộ đã tham gia dự án', en: 'The household already takes part' },
              },
            ],
            { rule: 'already_participating' },
            { vi: 'Hộ đã tham gia dự án', en: 'The household already takes part' },
          );
        await recordAudit(tx, who, {
          action: 'production_project.household_add',
          entityType: 'production_project',
          entityId: p.id,
          householdId: b.householdId,
          unitCode: p.unitCode,
          after: row,
        });
        return { householdId: b.householdId, classAtJoining, joinedOn: row.joinedOn };
      });
      return reply.code(201).send(out);
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
      const who = signedIn(req, 'finance.write');
      await db.transaction(async (tx) => {
        const p = await writableProject(tx, who, req.params.id, today());
        await readableHousehold(tx, who, req.params.householdId, today());
        const removed = await projects.removeParticipant(tx, p.id, req.params.householdId);
        if (!removed) throw new AppError('NOT_FOUND');
        await recordAudit(tx, who, {
          action: 'production_project.household_remove',
          entityType: 'production_project',
          entityId: p.id,
          householdId: req.params.householdId,
          unitCode: p.unitCode,
          before: removed,
        });
      });
      return reply.code(204).send(null);
    },
  );
};
