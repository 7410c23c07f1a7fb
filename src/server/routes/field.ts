// Offline field work over HTTP (issue #13, part 3): the village snapshot a device takes, the changes it
// sends back when online, and the commune's conflict queue. Parsing and presenting only; the use cases are
// src/services/field-snapshot.ts, field-sync.ts and sync-conflicts.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HOUSEHOLD_FIELDS, MEMBER_FIELDS, type FieldChange } from '../../domain/field/changes.ts';
import { HOUSEHOLD_STAGES } from '../../domain/review/round.ts';
import { fieldSnapshot } from '../../services/field-snapshot.ts';
import { syncFieldChanges } from '../../services/field-sync.ts';
import { listConflicts, resolveConflict } from '../../services/sync-conflicts.ts';
import { HouseholdClass } from '../contract/household-class.ts';
import { Bilingual } from '../contract/primitives.ts';
import { errors, isoDate, signedIn, uuid } from './common.ts';
import { householdInputFields, memberInputSchema } from './member-schemas.ts';

const fieldValue = z.union([
  z.string().max(500),
  z.number(),
  z.boolean(),
  z.array(z.string().max(40)).max(40),
  z.null(),
]);
const valuesOf = (fields: readonly string[]) =>
  z.object(Object.fromEntries(fields.map((f) => [f, fieldValue.optional()]))).strict();

const FieldMember = z.object({
  memberNo: z.number(),
  fullName: z.string(),
  dateOfBirth: z.string().nullable(),
  sex: z.string().nullable(),
  ethnicity: z.string().nullable(),
  relationToHead: z.string().nullable(),
  nationalId: z.string().nullable(),
  phone: z.string().nullable(),
  educationLevel: z.string().nullable(),
  healthInsurance: z.boolean().nullable(),
  employment: z.string().nullable(),
  labourContract: z.boolean().nullable(),
});

const FieldHousehold = z
  .object({
    householdId: z.string(),
    villageId: z.string(),
    version: z.number(),
    headName: z.string(),
    address: z.string().nullable(),
    ethnicity: z.string().nullable(),
    isEthnicMinority: z.boolean(),
    personOfMerit: z.boolean(),
    socialProtection: z.boolean(),
    noLabourCapacity: z.boolean(),
    members: z.array(FieldMember),
    recognised: z
      .object({
        class: HouseholdClass.nullable(),
        decisionNumber: z.string().nullable(),
        decisionDate: z.string(),
      })
      .nullable(),
    latestAssessment: z
      .object({
        assessmentId: z.string(),
        standardId: z.string(),
        surveyDate: z.string(),
        incomePerCapita: z.number().nullable().describe('null when masked or not measured'),
        scoreA: z.number().nullable(),
        deficits: z.array(z.string()),
        class: HouseholdClass,
      })
      .nullable(),
    openConflictId: z.string().nullable(),
    round: z
      .object({
        roundId: z.string(),
        kind: z.enum(['periodic', 'regular']),
        stage: z.enum(HOUSEHOLD_STAGES),
        surveyClass: HouseholdClass.nullable(),
        finalClass: HouseholdClass.nullable(),
      })
      .nullable()
      .describe('where the household stands in its commune’s open review round'),
  })
  .meta({ id: 'FieldHousehold' });

const FieldSnapshot = z.object({
  today: z.string(),
  rounds: z.array(
    z.object({
      roundId: z.string(),
      communeCode: z.string(),
      kind: z.enum(['periodic', 'regular']),
      year: z.number(),
      startDate: z.string(),
    }),
  ),
  username: z.string(),
  personalDataMasked: z.boolean(),
  standard: z.string().nullable(),
  villages: z.array(
    z.object({
      villageId: z.string(),
      villageName: z.string(),
      communeCode: z.string(),
      communeName: z.string(),
      area: z.enum(['rural', 'urban']).nullable(),
      write: z.boolean(),
    }),
  ),
  households: z.array(FieldHousehold),
  rules: z.any().describe('the rule book documents: the device builds the same rule book from them'),
});

const memberValues = memberInputSchema.omit({ facts: true }).partial().strict();
const householdValues = z
  .object({ ...householdInputFields, headName: householdInputFields.headName.optional() })
  .strict();

const FieldChangeBody = z
  .object({
    changeId: uuid,
    localId: z.string().min(1).max(64),
    householdId: uuid.nullable(),
    villageId: uuid,
    baseVersion: z.number().int().min(1).nullable(),
    household: z.object({ base: valuesOf(HOUSEHOLD_FIELDS).nullable(), values: householdValues }).optional(),
    members: z
      .array(
        z.object({
          memberNo: z.number().int().min(1).nullable(),
          localNo: z.string().min(1).max(64),
          base: valuesOf(MEMBER_FIELDS).nullable(),
          values: memberValues,
        }),
      )
      .max(40)
      .optional(),
    assessment: z
      .object({
        baseAssessmentId: uuid.nullable(),
        standard: z.string().min(1).max(40),
        surveyDate: isoDate,
        incomePerCapita: z.number().nonnegative().optional(),
        scoreA: z.number().nonnegative().optional(),
        deficits: z.array(z.string().max(40)).max(40),
      })
      .optional(),
    changedAt: z.string().min(1).max(40),
  })
  .meta({ id: 'FieldChange' });

const ChangeOutcome = z.object({
  changeId: z.string(),
  localId: z.string(),
  status: z.enum(['applied', 'conflict', 'rejected']),
  householdId: z.string().nullable(),
  conflictId: z.string().nullable(),
  error: z
    .object({
      code: z.string(),
      message: Bilingual,
      fields: z.array(z.object({ path: z.string(), message: Bilingual })),
    })
    .nullable(),
  household: FieldHousehold.nullable(),
});

const ConflictFieldSchema = z.object({
  path: z.string().describe('household.address, member.2.phone, assessment.incomePerCapita…'),
  base: z.unknown().optional(),
  device: z.unknown().optional(),
  server: z.unknown().optional(),
});

const Conflict = z
  .object({
    conflictId: z.string(),
    householdId: z.string(),
    headName: z.string(),
    villageId: z.string(),
    villageName: z.string(),
    communeCode: z.string().nullable(),
    changeId: z.string(),
    raisedBy: z.string(),
    deviceChangedAt: z.string(),
    raisedAt: z.string(),
    fields: z.array(ConflictFieldSchema),
    status: z.enum(['open', 'resolved']),
    resolvedBy: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    choices: z.record(z.string(), z.enum(['device', 'server'])).nullable(),
  })
  .meta({ id: 'SyncConflict' });

const asIso = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null ? null : String(v));

export const fieldRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, book, today } = app.deps;

  app.get(
    '/field/snapshot',
    {
      schema: {
        tags: ['field'],
        summary: 'Dữ liệu thôn mang theo để làm ngoại tuyến / the villages’ data a device takes offline',
        description:
          'Without `villages`, the signed-in enumerator’s own villages; otherwise the listed village ids (comma-separated), each in the read scope.',
        querystring: z.object({
          villages: z
            .string()
            .max(800)
            .optional()
            .transform((s) => (s ? s.split(',').map((v) => v.trim()) : []))
            .pipe(z.array(uuid).max(20)),
        }),
        response: { 200: FieldSnapshot, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) =>
      fieldSnapshot(db, signedIn(req), { villageIds: req.query.villages }, { book, today: today() }),
  );

  app.post(
    '/field/sync',
    {
      schema: {
        tags: ['field'],
        summary: 'Gửi thay đổi làm ngoại tuyến / send the changes made offline',
        description:
          'One entry per household, applied in order, each on its own: applied, conflict (waits for the commune officer) or rejected (with the error). A changeId already received gets its first answer again.',
        body: z.object({ deviceId: z.string().min(1).max(64), changes: z.array(FieldChangeBody).max(500) }),
        response: { 200: z.object({ outcomes: z.array(ChangeOutcome) }), ...errors(400, 401, 403) },
      },
    },
    async (req) => ({
      outcomes: await syncFieldChanges(
        db,
        signedIn(req),
        { deviceId: req.body.deviceId, changes: req.body.changes as FieldChange[] },
        { book, today: today() },
      ),
    }),
  );

  const present = (c: Awaited<ReturnType<typeof listConflicts>>[number]) => ({
    ...c,
    raisedAt: asIso(c.raisedAt)!,
    resolvedAt: asIso(c.resolvedAt),
  });

  app.get(
    '/sync-conflicts',
    {
      schema: {
        tags: ['field'],
        summary: 'Xung đột đồng bộ chờ xử lý / sync conflicts waiting for the commune',
        querystring: z.object({
          status: z.enum(['open', 'resolved']).default('open'),
          householdId: uuid.optional(),
        }),
        response: { 200: z.array(Conflict), ...errors(400, 401, 404) },
      },
    },
    async (req) => (await listConflicts(db, signedIn(req), req.query, today())).map(present),
  );

  app.post(
    '/sync-conflicts/:conflictId/resolve',
    {
      schema: {
        tags: ['field'],
        summary:
          'Xử lý xung đột: giữ giá trị của thiết bị hoặc hệ thống từng trường / keep one side per field',
        params: z.object({ conflictId: uuid }),
        body: z.object({ choices: z.record(z.string().max(80), z.enum(['device', 'server'])) }).strict(),
        response: { 200: Conflict, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) =>
      present(
        await resolveConflict(
          db,
          signedIn(req),
          { conflictId: req.params.conflictId, choices: req.body.choices },
          { book, today: today() },
        ),
      ),
  );
};
