// Works (công trình) over HTTP: list under a unit at a date (type, status, year; paged, Vietnamese order), read,
// create, change with optimistic concurrency, hand over to a new investor (the 2025 reform), photos; the types
// of works as data. Within the caller's scopes (404 for a work it may not read); every change audited.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { units, villages, type Queryable } from '../../db/index.ts';
import { searchAudit } from '../../db/queries/audit.ts';
import { saveFile } from '../../db/queries/review.ts';
import type { AdminUnit } from '../../db/queries/units.ts';
import * as works from '../../db/queries/works.ts';
import type { WorkFields, WorkRow } from '../../db/queries/works.ts';
import { can } from '../../domain/access/roles.ts';
import { amountToJson, MAX_ROW_AMOUNT } from '../../domain/finance/money.ts';
import { lookupProject } from '../../domain/finance/programmes.ts';
import { isWorkType } from '../../domain/works/catalogue.ts';
import { WORK_STATUS_NAMES, WORK_STATUSES, workStatus } from '../../domain/works/status.ts';
import { checkWork, overContractWarning } from '../../domain/works/validate.ts';
import { defaultFinanceRules } from '../../rules-loader/load-finance.ts';
import { defaultOutputsRules } from '../../rules-loader/load-outputs.ts';
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
import { dayOf, readableReportUnit, unitInScope, unitVersionInScope, writableUnitOfBody } from '../../services/access.ts';

export const unitCodeSchema = z.string().regex(/^\d{2,5}$/);
/** An amount in đồng as finance routes take it: a whole JSON number or a string of digits, at most 10^15. */
export const amountSchema = z
  .union([z.number().int(), z.string().regex(/^-?\d{1,16}$/)])
  .transform((v) => BigInt(v))
  .refine((v) => v <= MAX_ROW_AMOUNT && v >= -MAX_ROW_AMOUNT, 'at most 10^15 đồng')
  .describe('đồng (integer; a JSON number or a string of digits)');
export const moneySchema = z.number().int().describe('đồng');
export const bilingualSchema = z.object({ vi: z.string(), en: z.string() });
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .transform((s) => s.normalize('NFC'));
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** Field errors as one 400, each naming its field in both languages. */
export const invalid = (fields: FieldError[]): AppError => new AppError('VALIDATION_FAILED', fields);

/** Every field in Vietnamese order: codes as text, names with Intl.Collator('vi') (PGlite collates as C). */
export const collator = new Intl.Collator('vi');

async function inScope(tx: Queryable, scope: Principal['read'], w: WorkRow, today: string) {
  const unit = await units.unitVersion(tx, { code: w.unitCode, validFrom: w.unitValidFrom });
  if (unit && (await unitVersionInScope(tx, scope, unit, today))) return true;
  // A handed-over work is also the new investor's: the commune that took over a former district's work.
  return (
    w.investorCurrentUnitCode !== null && (await unitInScope(tx, scope, w.investorCurrentUnitCode, today))
  );
}

async function readableWork(tx: Queryable, who: Principal, id: string, today: string): Promise<WorkRow> {
  const w = await works.getWork(tx, id);
  if (!w || !(await inScope(tx, who.read, w, today))) throw new AppError('NOT_FOUND');
  return w;
}

async function writableWork(tx: Queryable, who: Principal, id: string, today: string): Promise<WorkRow> {
  await readableWork(tx, who, id, today);
  requirePermission(who, 'finance.write');
  await works.lockWork(tx, id);
  const w = (await works.getWork(tx, id))!;
  if (!(await inScope(tx, who.write, w, today))) throw new AppError('FORBIDDEN');
  return w;
}

const unitRef = z.object({ code: z.string(), validFrom: z.string(), name: z.string() });
const investorSchema = z.object({ name: z.string(), unitCode: z.string().nullable() });
export const workSchema = z.object({
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

export function presentWork(w: WorkRow, on: string): z.infer<typeof workSchema> {
  const type = defaultOutputsRules().workTypes.types.find((t) => t.code === w.workType);
  const status = workStatus(w, on);
  return {
    id: w.id,
    unit: { code: w.unitCode, validFrom: w.unitValidFrom, name: w.unitName },
    village: w.villageId ? { id: w.villageId, name: w.villageName ?? '' } : null,
    name: w.name,
    workType: w.workType,
    workTypeName: type?.name ?? { vi: w.workType, en: w.workType },
    construction: w.construction,
    programme: w.programme,
    project: w.project,
    planYear: w.planYear,
    investor: {
      original: { name: w.investorOriginal, unitCode: w.investorOriginalUnitCode },
      current: {
        name: w.investorCurrent,
        unitCode: w.investorCurrentUnitCode,
        since: w.investorChangedOn,
        basis: w.investorChangeBasis,
      },
    },
    contractValueVnd: amountToJson(w.contractValue),
    disbursedVnd: amountToJson(w.disbursed),
    progressPct: w.progressPct,
    startDate: w.startDate,
    completionDate: w.completionDate,
    acceptanceDate: w.acceptanceDate,
    status,
    statusName: WORK_STATUS_NAMES[status],
    note: w.note,
    version: w.version,
    createdAt: new Date(w.createdAt).toISOString(),
    updatedAt: new Date(w.updatedAt).toISOString(),
  };
}

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

/** Type, project and programme, and the village's place, checked against the data; field errors if not. */
async function checkReferences(
  tx: Queryable,
  f: Pick<WorkFields, 'workType' | 'project' | 'planYear' | 'villageId'>,
  unit: AdminUnit,
  today: string,
): Promise<{ fields: FieldError[]; project: string | null; programme: string | null }> {
  const fields: FieldError[] = [];
  if (!isWorkType(defaultOutputsRules(), f.workType))
    fields.push({
      path: 'body.workType',
      message: {
        vi: `Loại công trình "${f.workType}" không có trong rules/outputs/work-types.yaml`,
        en: `Work type "${f.workType}" is not in rules/outputs/work-types.yaml`,
      },
    });
  let project: string | null = null;
  let programme: string | null = null;
  if (f.project) {
    if (f.planYear === null)
      fields.push({
        path: 'body.planYear',
        message: {
          vi: 'Cần năm kế hoạch để đọc mã dự án',
          en: 'The plan year is needed to read the project',
        },
      });
    else {
      const p = lookupProject(defaultFinanceRules(), f.planYear, f.project);
      if (p.ok) [project, programme] = [p.code, p.programme.id];
      else fields.push({ path: 'body.project', message: p.message });
    }
  }
  if (f.villageId) {
    const day = dayOf(unit, today);
    const placed = await villages.villagePlacement(tx, f.villageId, day);
    const chain = placed.status === 'assigned' ? await units.parentChain(tx, placed.commune.code, day) : [];
    if (!chain.some((u) => u.code === unit.code && u.validFrom === unit.validFrom))
      fields.push({
        path: 'body.villageId',
        message: {
          vi: `Thôn không thuộc ${unit.name} (${unit.code}) vào ngày ${day}`,
          en: `The village is not in ${unit.name} (${unit.code}) on ${day}`,
        },
      });
  }
  return { fields, project, programme };
}

const problemsAsFields = (problems: ReturnType<typeof checkWork>): FieldError[] =>
  problems.map((p) => ({
    path: `body.${p.field === 'contractValue' || p.field === 'disbursed' ? `${p.field}Vnd` : p.field}`,
    message: p.message,
  }));

/** 409 with the current record and the audited changes since the client's version, as households do. */
async function staleWork(tx: Queryable, id: string, clientVersion: number, on: string): Promise<never> {
  const current = (await works.getWork(tx, id))!;
  return staleAnswer(tx, { entityType: 'work', entityId: id }, clientVersion, presentWork(current, on));
}

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
      const who = signedIn(req);
      const q = req.query;
      const at = q.at ?? today();
      const unit = await readableReportUnit(db, who, q.unit, at);
      const rows = await works.worksUnder(db, {
        unit,
        ...(q.type ? { type: q.type } : {}),
        ...(q.year ? { year: q.year } : {}),
      });
      const shown = rows
        .map((w) => presentWork(w, at))
        .filter((w) => !q.status || w.status === q.status)
        .sort(byUnitOrName(q.sort));
      return pageOf(shown, q);
    },
  );

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
    async (req) => {
      const who = signedIn(req);
      const w = await readableWork(db, who, req.params.id, today());
      const { rows } = await searchAudit(db, {
        entityType: 'work',
        entityId: w.id,
        action: 'work.handover',
        page: 1,
        pageSize: 100,
      });
      type Hand = { investor: string; unitCode: string | null; date?: string; basis?: string };
      const warning = overContractWarning(w);
      // A hand-over recorded without an audited action (imported or demo data) still shows, from the record.
      const unaudited =
        rows.length === 0 && w.investorChangedOn !== null
          ? [
              {
                date: w.investorChangedOn,
                from: { name: w.investorOriginal, unitCode: w.investorOriginalUnitCode },
                to: { name: w.investorCurrent, unitCode: w.investorCurrentUnitCode },
                basis: w.investorChangeBasis ?? '',
                recordedAt: new Date(w.updatedAt).toISOString(),
                recordedBy: 'hệ thống / system',
              },
            ]
          : [];
      return {
        ...presentWork(w, req.query.at ?? today()),
        canWrite: can(who.role, 'finance.write') && (await inScope(db, who.write, w, today())),
        investorHistory: [
          ...unaudited,
          ...rows
            .slice()
            .reverse()
            .map((r) => {
              const [b, a] = [r.before as Hand, r.after as Hand];
              return {
                date: a.date ?? '',
                from: { name: b.investor, unitCode: b.unitCode },
                to: { name: a.investor, unitCode: a.unitCode },
                basis: a.basis ?? '',
                recordedAt: new Date(r.at).toISOString(),
                recordedBy: r.actorName,
              };
            }),
        ],
        warnings: warning ? [warning] : [],
      };
    },
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
    async (req, reply) => {
      const who = signedIn(req, 'finance.write');
      const b = req.body;
      const out = await db.transaction(async (tx) => {
        const unit = await writableUnitOfBody(tx, who, b.unit, b.at ?? today(), today());
        const fields: WorkFields = {
          villageId: b.villageId ?? null,
          name: b.name,
          workType: b.workType,
          construction: b.construction,
          programme: null,
          project: b.project ?? null,
          planYear: b.planYear ?? null,
          contractValue: b.contractValueVnd,
          disbursed: b.disbursedVnd ?? 0n,
          progressPct: b.progressPct ?? 0,
          startDate: b.startDate ?? null,
          completionDate: b.completionDate ?? null,
          acceptanceDate: b.acceptanceDate ?? null,
          note: b.note ?? null,
        };
        const refs = await checkReferences(tx, fields, unit, today());
        const all = [...problemsAsFields(checkWork(fields)), ...refs.fields];
        if (b.investorUnitCode && !(await units.unitAt(tx, b.investorUnitCode, dayOf(unit, today()))))
          all.push({
            path: 'body.investorUnitCode',
            message: {
              vi: `Không có đơn vị mã ${b.investorUnitCode}`,
              en: `No unit has code ${b.investorUnitCode}`,
            },
          });
        if (all.length) throw invalid(all);
        const w = await works.insertWork(
          tx,
          {
            ...fields,
            project: refs.project,
            programme: refs.programme,
            unitCode: unit.code,
            unitValidFrom: unit.validFrom,
            investor: b.investor,
            investorUnitCode: b.investorUnitCode ?? null,
          },
          who.userId,
        );
        await recordAudit(tx, who, {
          action: 'work.create',
          entityType: 'work',
          entityId: w.id,
          unitCode: w.unitCode,
          after: { ...fields, project: refs.project, investor: b.investor, version: w.version },
        });
        const warning = overContractWarning(w);
        return { ...presentWork(w, today()), warnings: warning ? [warning] : [] };
      });
      return reply.code(201).send(out);
    },
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
    async (req) => {
      const who = signedIn(req, 'finance.write');
      const { version, reason, contractValueVnd, disbursedVnd, ...rest } = req.body;
      return db.transaction(async (tx) => {
        const before = await writableWork(tx, who, req.params.id, today());
        if (before.version !== version) return staleWork(tx, before.id, version, today());
        const change: Partial<WorkFields> = {
          ...rest,
          ...(contractValueVnd !== undefined ? { contractValue: contractValueVnd } : {}),
          ...(disbursedVnd !== undefined ? { disbursed: disbursedVnd } : {}),
        };
        const merged: WorkFields = {
          ...before,
          ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)),
        } as WorkFields;
        const unit = (await units.unitVersion(tx, {
          code: before.unitCode,
          validFrom: before.unitValidFrom,
        }))!;
        const refs = await checkReferences(
          tx,
          { ...merged, villageId: change.villageId !== undefined ? merged.villageId : null },
          unit,
          today(),
        );
        const all = [...problemsAsFields(checkWork(merged)), ...refs.fields];
        if (all.length) throw invalid(all);
        if (change.project !== undefined || change.planYear !== undefined) {
          change.project = refs.project;
          change.programme = refs.programme;
        }
        const after = await works.updateWork(tx, before.id, version, change);
        if (!after) return staleWork(tx, before.id, version, today());
        const keys = Object.keys(change).filter(
          (k) => change[k as keyof WorkFields] !== undefined,
        ) as (keyof WorkFields)[];
        await recordAudit(tx, who, {
          action: 'work.update',
          entityType: 'work',
          entityId: before.id,
          unitCode: before.unitCode,
          before: { ...Object.fromEntries(keys.map((k) => [k, before[k]])), version: before.version },
          after: { ...Object.fromEntries(keys.map((k) => [k, after[k]])), version: after.version },
          reason: reason ?? null,
        });
        const warning = overContractWarning(after);
        return { ...presentWork(after, today()), warnings: warning ? [warning] : [] };
      });
    },
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
      const who = signedIn(req, 'finance.write');
      await db.transaction(async (tx) => {
        const before = await writableWork(tx, who, req.params.id, today());
        if (before.version !== req.body.version) return staleWork(tx, before.id, req.body.version, today());
        if (before.disbursed > 0n || before.acceptanceDate !== null)
          throw new AppError(
            'RULE_VIOLATION',
            [],
            { rule: 'work_has_money_or_handover' },
            {
              vi: 'Công trình đã giải ngân hoặc đã nghiệm thu không xoá được: nếu nhập nhầm, sửa lại số đã giải ngân và ngày nghiệm thu trước',
              en: 'A work with money disbursed or handed over cannot be deleted: if entered by mistake, correct the disbursed amount and acceptance date first',
            },
          );
        const photos = await works.photosOf(tx, before.id);
        await works.deleteWork(tx, before.id);
        await recordAudit(tx, who, {
          action: 'work.delete',
          entityType: 'work',
          entityId: before.id,
          unitCode: before.unitCode,
          before: {
            ...presentWork(before, today()),
            photos: photos.map((p) => ({ fileId: p.fileId, name: p.name, sha256: p.sha256 })),
          },
          after: null,
          reason: req.body.reason,
        });
      });
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
    async (req) => {
      const who = signedIn(req, 'finance.write');
      const b = req.body;
      return db.transaction(async (tx) => {
        const before = await writableWork(tx, who, req.params.id, today());
        if (before.version !== b.version) return staleWork(tx, before.id, b.version, today());
        const fields: FieldError[] = [];
        if (b.date > today())
          fields.push({
            path: 'body.date',
            message: { vi: 'Ngày chuyển giao ở tương lai', en: 'The hand-over date is in the future' },
          });
        if (before.investorChangedOn && b.date < before.investorChangedOn)
          fields.push({
            path: 'body.date',
            message: {
              vi: `Ngày chuyển giao trước lần chuyển giao trước (${before.investorChangedOn})`,
              en: `The hand-over date is before the previous hand-over (${before.investorChangedOn})`,
            },
          });
        if (b.investorUnitCode) {
          if (!(await units.unitAt(tx, b.investorUnitCode, b.date)))
            fields.push({
              path: 'body.investorUnitCode',
              message: {
                vi: `Không có đơn vị mã ${b.investorUnitCode} vào ngày ${b.date}`,
                en: `No unit has code ${b.investorUnitCode} on ${b.date}`,
              },
            });
          else if (!(await unitInScope(tx, who.write, b.investorUnitCode, b.date)))
            throw new AppError('FORBIDDEN', [
              {
                path: 'body.investorUnitCode',
                message: {
                  vi: 'Đơn vị nhận ngoài phạm vi được sửa',
                  en: 'The receiving unit is outside your write scope',
                },
              },
            ]);
        }
        if (fields.length) throw invalid(fields);
        const after = await works.handOverWork(tx, before.id, b.version, {
          investor: b.investor,
          unitCode: b.investorUnitCode ?? null,
          date: b.date,
          basis: b.legalBasis,
        });
        if (!after) return staleWork(tx, before.id, b.version, today());
        await recordAudit(tx, who, {
          action: 'work.handover',
          entityType: 'work',
          entityId: before.id,
          unitCode: before.unitCode,
          before: {
            investor: before.investorCurrent,
            unitCode: before.investorCurrentUnitCode,
            version: before.version,
          },
          after: {
            investor: after.investorCurrent,
            unitCode: after.investorCurrentUnitCode,
            date: b.date,
            basis: b.legalBasis,
            version: after.version,
          },
          reason: b.legalBasis,
        });
        return presentWork(after, today());
      });
    },
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
      const who = signedIn(req, 'finance.write');
      const content = Buffer.from(req.body.contentBase64, 'base64');
      if (content.byteLength === 0 || content.byteLength > 5 * 1024 * 1024)
        throw new AppError('BODY_TOO_LARGE');
      const out = await db.transaction(async (tx) => {
        const w = await writableWork(tx, who, req.params.id, today());
        const f = await saveFile(tx, {
          name: req.body.name,
          mimeType: req.body.mimeType,
          content,
          uploadedBy: who.userId,
        });
        await works.addPhoto(tx, {
          workId: w.id,
          fileId: f.fileId,
          caption: req.body.caption ?? null,
          takenOn: req.body.takenOn ?? null,
        });
        await recordAudit(tx, who, {
          action: 'work.photo_add',
          entityType: 'work',
          entityId: w.id,
          unitCode: w.unitCode,
          after: { fileId: f.fileId, name: req.body.name, sha256: f.sha256, size: f.size },
        });
        return (await works.photosOf(tx, w.id)).find((p) => p.fileId === f.fileId)!;
      });
      return reply.code(201).send({ ...out, addedAt: new Date(out.addedAt).toISOString() });
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
    async (req) => {
      const who = signedIn(req);
      const w = await readableWork(db, who, req.params.id, today());
      return (await works.photosOf(db, w.id)).map((p) => ({
        ...p,
        addedAt: new Date(p.addedAt).toISOString(),
      }));
    },
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
      const who = signedIn(req);
      const w = await readableWork(db, who, req.params.id, today());
      const file = await works.photoFile(db, w.id, req.params.fileId);
      if (!file) throw new AppError('NOT_FOUND');
      return reply
        .header('content-type', file.mimeType)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .send(Buffer.from(file.content));
    },
  );
};
