// The household registry over HTTP: search in scope, read (personal data masked by role), create, change
// with optimistic concurrency, move, split and merge — every change audited in its own transaction.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { households, registry, review, type Queryable } from '../../db/index.ts';
import { isNewlyEscaped } from '../../domain/review/flows.ts';
import { loadProcedure } from '../../rules-loader/load-procedure.ts';
import { can } from '../../domain/access/roles.ts';
import { maskTail } from '../../domain/access/masking.ts';
import type { Principal } from '../auth/principal.ts';
import { recordAudit } from '../../services/audit.ts';
import { AppError } from '../errors.ts';
import { staleAnswer } from '../stale.ts';
import { errors, isoDate, paging, signedIn, uuid } from './common.ts';
import { memberInputSchema, memberSchema } from './member-schemas.ts';
import { readableHousehold, requireWritableVillage, writableHousehold } from '../../services/access.ts';

const CLASSES = ['poor', 'near_poor', 'middle', 'not_poor'] as const;

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .transform((s) => s.normalize('NFC'));

export const assessmentSchema = z.object({
  assessmentId: z.string(),
  standardId: z.string(),
  surveyDate: z.string(),
  area: z.string(),
  incomePerCapita: z.string().nullable().describe('đồng/người/tháng; null when masked or not measured'),
  scoreA: z.number().nullable(),
  deficits: z.array(z.string()),
  deficitCount: z.number(),
  class: z.string(),
  explanation: z.object({ vi: z.string(), en: z.string() }),
  recordedBy: z.string().nullable(),
  createdAt: z.string(),
  superseded: z.boolean(),
});

export const householdSchema = z.object({
  householdId: z.string(),
  villageId: z.string(),
  villageName: z.string(),
  communeCode: z.string(),
  communeName: z.string(),
  provinceCode: z.string().nullable(),
  provinceName: z.string().nullable(),
  address: z.string().nullable(),
  headName: z.string(),
  ethnicity: z.string().nullable(),
  isEthnicMinority: z.boolean(),
  personOfMerit: z.boolean(),
  socialProtection: z.boolean(),
  noLabourCapacity: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  splitFrom: z.string().nullable(),
  mergedInto: z.string().nullable(),
  dissolvedAt: z.string().nullable(),
  personalDataMasked: z.boolean(),
  canWrite: z.boolean(),
  newlyEscaped: z
    .object({ since: z.string(), months: z.number() })
    .nullable()
    .describe('hộ mới thoát nghèo: escaped by a recognised round within the parameter (36 months)'),
  members: z.array(memberSchema),
  assessments: z.array(assessmentSchema),
});

const householdFields = {
  address: z.string().trim().max(300).nullable().optional(),
  headName: text(120),
  ethnicity: z.string().trim().max(60).nullable().optional(),
  isEthnicMinority: z.boolean().optional(),
  personOfMerit: z.boolean().optional(),
  socialProtection: z.boolean().optional(),
  noLabourCapacity: z.boolean().optional(),
};

const idParams = z.object({ householdId: uuid });

export type HouseholdOut = z.infer<typeof householdSchema>;

/** The household as the caller may see it; reading unmasked personal data is itself audited. */
let newlyEscapedMonths: number | undefined;

export async function presentHousehold(
  db: Queryable,
  who: Principal,
  householdId: string,
  today: string,
): Promise<HouseholdOut> {
  newlyEscapedMonths ??= loadProcedure().newlyEscaped.months.value;
  const escapedOn = await review.lastEscape(db, householdId);
  const h = (await registry.getRegistryHousehold(db, householdId))!;
  const place = await registry.villageContext(db, h.villageId, today);
  const members = await registry.membersOf(db, householdId);
  const history = await households.assessmentHistory(db, householdId);
  const unmasked = can(who.role, 'personal.read');
  const canWrite =
    can(who.role, 'registry.write') && (await registry.villageInScope(db, who.write, h.villageId, today));
  return {
    householdId: h.householdId,
    villageId: h.villageId,
    villageName: place?.villageName ?? '',
    communeCode: place?.communeCode ?? '',
    communeName: place?.communeName ?? '',
    provinceCode: place?.provinceCode ?? null,
    provinceName: place?.provinceName ?? null,
    address: h.address,
    headName: h.headName,
    ethnicity: h.ethnicity,
    isEthnicMinority: h.isEthnicMinority,
    personOfMerit: h.personOfMerit,
    socialProtection: h.socialProtection,
    noLabourCapacity: h.noLabourCapacity,
    version: h.version,
    createdAt: new Date(h.createdAt).toISOString(),
    updatedAt: new Date(h.updatedAt).toISOString(),
    splitFrom: h.splitFrom,
    mergedInto: h.mergedInto,
    dissolvedAt: h.dissolvedAt,
    personalDataMasked: !unmasked,
    canWrite,
    newlyEscaped: isNewlyEscaped(escapedOn, today, newlyEscapedMonths)
      ? { since: escapedOn!, months: newlyEscapedMonths }
      : null,
    members: members.map((m) => ({
      memberNo: m.memberNo,
      fullName: m.fullName,
      dateOfBirth: m.dateOfBirth,
      sex: m.sex,
      ethnicity: m.ethnicity,
      relationToHead: m.relationToHead,
      nationalId: unmasked ? m.nationalId : maskTail(m.nationalId),
      phone: unmasked ? m.phone : maskTail(m.phone),
      educationLevel: m.educationLevel,
      healthInsurance: m.healthInsurance,
      employment: m.employment,
      labourContract: m.labourContract,
      leftAt: m.leftAt,
      leftReason: m.leftReason,
    })),
    assessments: history
      .slice()
      .reverse()
      .map((a) => ({
        assessmentId: a.assessmentId,
        standardId: a.standardId,
        surveyDate: a.surveyDate,
        area: a.area,
        incomePerCapita: unmasked && a.incomePerCapita !== null ? String(a.incomePerCapita) : null,
        scoreA: a.scoreA,
        deficits: a.deficits,
        deficitCount: a.deficitCount,
        class: a.class,
        explanation: a.explanation as { vi: string; en: string },
        recordedBy: a.recordedBy,
        createdAt: new Date(a.createdAt).toISOString(),
        superseded: a.supersededAt !== null,
      })),
  };
}

/** 409 with the current record and the audited changes made since the version the client had. */
export async function staleVersion(
  db: Queryable,
  who: Principal,
  householdId: string,
  clientVersion: number,
  today: string,
): Promise<never> {
  const current = await presentHousehold(db, who, householdId, today);
  return staleAnswer(db, { householdId }, clientVersion, current);
}

async function checkNationalIds(
  db: Queryable,
  members: { nationalId?: string | null | undefined }[],
  except?: string,
) {
  const fields = [];
  for (const [i, m] of members.entries()) {
    if (!m.nationalId) continue;
    const holders = await registry.nationalIdHolders(
      db,
      m.nationalId,
      except ? { householdId: except } : undefined,
    );
    if (holders.length) {
      fields.push({
        path: `body.members.${i}.nationalId`,
        message: { vi: 'Số định danh đã có ở hộ khác', en: 'National ID already used in another household' },
      });
    }
  }
  const seen = new Set<string>();
  for (const [i, m] of members.entries()) {
    if (!m.nationalId) continue;
    if (seen.has(m.nationalId)) {
      fields.push({
        path: `body.members.${i}.nationalId`,
        message: { vi: 'Số định danh lặp lại trong hộ', en: 'National ID repeated in the household' },
      });
    }
    seen.add(m.nationalId);
  }
  if (fields.length) throw new AppError('DUPLICATE_NATIONAL_ID', fields);
}

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
            name: z.string().trim().min(2).max(100).optional(),
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
            total: z.number(),
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
                status: z.string().nullable(),
                standardId: z.string().nullable(),
                version: z.number(),
              }),
            ),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (req) => {
      const who = signedIn(req, 'registry.read');
      const q = req.query;
      // A national-ID search is a read of personal data: only roles that may see it can search by it.
      if (q.nationalId && !can(who.role, 'personal.read')) throw new AppError('FORBIDDEN');
      const result = await registry.searchHouseholds(db, {
        scope: who.read,
        date: today(),
        ...(q.name ? { name: q.name } : {}),
        ...(q.nationalId ? { nationalId: q.nationalId } : {}),
        ...(q.villageId ? { villageId: q.villageId } : {}),
        ...(q.communeCode ? { communeCode: q.communeCode } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.standardId ? { standardId: q.standardId } : {}),
        page: q.page,
        pageSize: q.pageSize,
      });
      return { ...result, page: q.page, pageSize: q.pageSize };
    },
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
    async (req) => {
      const who = signedIn(req, 'registry.read');
      return db.transaction(async (tx) => {
        await readableHousehold(tx, who, req.params.householdId, today());
        const out = await presentHousehold(tx, who, req.params.householdId, today());
        if (!out.personalDataMasked && out.members.some((m) => m.nationalId || m.phone)) {
          await recordAudit(tx, who, {
            action: 'personal_data.read',
            entityType: 'household',
            entityId: out.householdId,
            householdId: out.householdId,
            unitCode: out.communeCode,
          });
        }
        return out;
      });
    },
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
    async (req, reply) => {
      const who = signedIn(req, 'registry.write');
      const b = req.body;
      const out = await db.transaction(async (tx) => {
        await requireWritableVillage(tx, who, b.villageId, today());
        await checkNationalIds(tx, b.members);
        const created = await households.createHousehold(tx, {
          villageId: b.villageId,
          headName: b.headName,
          address: b.address ?? null,
          ethnicity: b.ethnicity ?? null,
          isEthnicMinority: b.isEthnicMinority ?? false,
          personOfMerit: b.personOfMerit ?? false,
          socialProtection: b.socialProtection ?? false,
          noLabourCapacity: b.noLabourCapacity ?? false,
          since: b.since ?? today(),
          members: b.members.map((m) => ({ ...m, facts: m.facts ?? {} })),
        });
        const view = await presentHousehold(tx, who, created.householdId, today());
        await recordAudit(tx, who, {
          action: 'household.create',
          entityType: 'household',
          entityId: created.householdId,
          householdId: created.householdId,
          unitCode: view.communeCode,
          after: req.body,
        });
        return view;
      });
      return reply.code(201).send(out);
    },
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
      const who = signedIn(req, 'registry.write');
      const { version, reason, ...change } = req.body;
      return db.transaction(async (tx) => {
        const before = await writableHousehold(tx, who, req.params.householdId, today());
        const after = await registry.updateHousehold(tx, before.householdId, version, change);
        if (!after) return staleVersion(tx, who, before.householdId, version, today());
        const view = await presentHousehold(tx, who, before.householdId, today());
        const changed = Object.keys(change) as (keyof typeof change)[];
        await recordAudit(tx, who, {
          action: 'household.update',
          entityType: 'household',
          entityId: before.householdId,
          householdId: before.householdId,
          unitCode: view.communeCode,
          before: { ...Object.fromEntries(changed.map((k) => [k, before[k]])), version: before.version },
          after: { ...Object.fromEntries(changed.map((k) => [k, after[k]])), version: after.version },
          reason: reason ?? null,
        });
        return view;
      });
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
    async (req) => {
      const who = signedIn(req, 'registry.write');
      const b = req.body;
      return db.transaction(async (tx) => {
        const before = await writableHousehold(tx, who, req.params.householdId, today());
        await requireWritableVillage(tx, who, b.toVillageId, today());
        const moved = await registry.moveHousehold(tx, {
          householdId: before.householdId,
          version: b.version,
          toVillageId: b.toVillageId,
          effective: b.effective ?? today(),
          reason: b.reason,
        });
        if (!moved) return staleVersion(tx, who, before.householdId, b.version, today());
        const view = await presentHousehold(tx, who, before.householdId, today());
        await recordAudit(tx, who, {
          action: 'household.move',
          entityType: 'household',
          entityId: before.householdId,
          householdId: before.householdId,
          unitCode: view.communeCode,
          before: { villageId: before.villageId, version: before.version },
          after: { villageId: b.toVillageId, version: view.version },
          reason: b.reason,
        });
        return view;
      });
    },
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
      const who = signedIn(req, 'registry.write');
      const b = req.body;
      const out = await db.transaction(async (tx) => {
        const from = await writableHousehold(tx, who, req.params.householdId, today());
        if (b.villageId) await requireWritableVillage(tx, who, b.villageId, today());
        const created = await registry.splitHousehold(tx, {
          householdId: from.householdId,
          version: b.version,
          memberNos: b.memberNos,
          headName: b.headName,
          ...(b.villageId ? { villageId: b.villageId } : {}),
          ...(b.address !== undefined ? { address: b.address } : {}),
          effective: b.effective ?? today(),
          reason: b.reason,
        });
        if (!created) return staleVersion(tx, who, from.householdId, b.version, today());
        const view = await presentHousehold(tx, who, created.householdId, today());
        await recordAudit(tx, who, {
          action: 'household.split',
          entityType: 'household',
          entityId: from.householdId,
          householdId: from.householdId,
          unitCode: view.communeCode,
          before: { version: from.version },
          after: { newHouseholdId: created.householdId, memberNos: b.memberNos, version: from.version + 1 },
          reason: b.reason,
        });
        return view;
      });
      return reply.code(201).send(out);
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
    async (req) => {
      const who = signedIn(req, 'registry.write');
      const b = req.body;
      return db.transaction(async (tx) => {
        const into = await writableHousehold(tx, who, req.params.householdId, today());
        const from = await writableHousehold(tx, who, b.fromHouseholdId, today());
        const merged = await registry.mergeHouseholds(tx, {
          intoId: into.householdId,
          intoVersion: b.version,
          fromId: from.householdId,
          fromVersion: b.fromVersion,
          effective: b.effective ?? today(),
          reason: b.reason,
        });
        if (!merged) {
          const stale = into.version !== b.version ? into.householdId : from.householdId;
          return staleVersion(
            tx,
            who,
            stale,
            stale === into.householdId ? b.version : b.fromVersion,
            today(),
          );
        }
        const view = await presentHousehold(tx, who, into.householdId, today());
        for (const [id, before, after] of [
          [
            into.householdId,
            { version: into.version },
            { mergedFrom: from.householdId, version: view.version },
          ],
          [
            from.householdId,
            { version: from.version },
            { mergedInto: into.householdId, version: from.version + 1 },
          ],
        ] as const) {
          await recordAudit(tx, who, {
            action: 'household.merge',
            entityType: 'household',
            entityId: id,
            householdId: id,
            unitCode: view.communeCode,
            before,
            after,
            reason: b.reason,
          });
        }
        return view;
      });
    },
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
    async (req) => {
      const who = signedIn(req, 'registry.read');
      await readableHousehold(db, who, req.params.householdId, today());
      return registry.householdHistory(db, req.params.householdId);
    },
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
    async (req) => {
      const who = signedIn(req, 'personal.read');
      return registry.duplicateNationalIds(db, who.read, today());
    },
  );
};

export { checkNationalIds };
