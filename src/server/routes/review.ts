// Review rounds over HTTP: open a round, apply its steps (listing, forms, meetings, posting, complaints,
// recognition, reporting, reopening), the board with deadlines, result lists and flows, meeting minutes.
// Each handler parses, calls its use case in src/services/rounds.ts and presents the answer.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FlowGroup, Transition } from '../contract/flows.ts';
import { HouseholdClass } from '../contract/household-class.ts';
import { RoundEvent as eventSchema } from '../contract/round-event.ts';
import { Round, RoundSummary } from '../contract/round.ts';
import { loadProcedure } from '../../rules-loader/load-procedure.ts';
import {
  getRound,
  listCommuneRounds,
  listCurrentHouseholds,
  openReviewRound,
  RESULT_LISTS,
  recordRoundEvents,
  surveyFromRecorded,
  roundFile,
  roundFlows,
  roundResultList,
  uploadRoundFile,
} from '../../services/rounds.ts';
import { errors, isoDate, signedIn, uuid } from './common.ts';

const roundSchema = RoundSummary;
const roundView = Round;

/** A result list as the client reads it; classes stored as text come back through the contract's enums. */
function presentResults({ round, rows }: Awaited<ReturnType<typeof roundResultList>>) {
  return {
    recognised: round.status !== 'open',
    decisionNumber: round.decisionNumber,
    decisionDate: round.decisionDate,
    rows: rows.map((r) => ({
      householdId: r.householdId,
      headName: r.headName,
      villageName: r.villageName,
      address: r.address,
      previousClass: HouseholdClass.nullable().parse(r.previousClass),
      finalClass: HouseholdClass.nullable().parse(r.finalClass),
      transition: Transition.parse(r.transition),
      deficits: r.deficits,
    })),
  };
}

export const reviewRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, book, today } = app.deps;
  const procedure = loadProcedure();
  const ctx = () => ({ procedure, today: today() });

  app.get(
    '/rounds',
    {
      schema: {
        tags: ['review'],
        summary: 'Các đợt rà soát của một xã / review rounds of a commune',
        querystring: z.object({ communeCode: z.string().regex(/^\d{5}$/) }),
        response: { 200: z.array(roundSchema), ...errors(400, 401, 404) },
      },
    },
    async (req) => listCommuneRounds(db, signedIn(req), req.query.communeCode, today()),
  );

  app.post(
    '/rounds',
    {
      schema: {
        tags: ['review'],
        summary: 'Mở đợt rà soát / open a review round',
        body: z.object({
          communeCode: z.string().regex(/^\d{5}$/),
          kind: z.enum(['periodic', 'regular']),
          year: z.number().int().min(2016).max(2100),
          month: z.number().int().min(1).max(12).nullable().optional(),
          startDate: isoDate.optional(),
          applications: z
            .array(z.object({ householdId: uuid, applicationDate: isoDate }))
            .max(500)
            .optional()
            .describe('A regular round starts from households’ applications (Mẫu số 04)'),
        }),
        response: { 201: roundView, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await openReviewRound(db, signedIn(req), req.body, ctx())),
  );

  app.get(
    '/rounds/:roundId',
    {
      schema: {
        tags: ['review'],
        summary: 'Đợt rà soát: các bước, hạn, tiến độ / a round with its steps, deadlines and progress',
        params: z.object({ roundId: uuid }),
        response: { 200: roundView, ...errors(400, 401, 404) },
      },
    },
    async (req) => getRound(db, signedIn(req), req.params.roundId, ctx()),
  );

  app.post(
    '/rounds/:roundId/events',
    {
      schema: {
        tags: ['review'],
        summary: 'Ghi một bước của đợt rà soát / record steps of the round (all or none, in order)',
        description:
          'Send the eventCount you saw; a round that moved on meanwhile answers 409. A refused step answers 422 with its rule code (OUT_OF_ORDER, VOTES_EXCEED_ATTENDEES, POSTING_TOO_SHORT, MISSING_DECISION_NUMBER…).',
        params: z.object({ roundId: uuid }),
        body: z.object({
          expectedCount: z.number().int().min(0),
          events: z.array(eventSchema).min(1).max(500),
        }),
        response: { 200: roundView, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) =>
      recordRoundEvents(db, signedIn(req), { roundId: req.params.roundId, ...req.body }, { ...ctx(), book }),
  );

  app.post(
    '/rounds/:roundId/listing/auto',
    {
      schema: {
        tags: ['review'],
        summary:
          'Đưa hộ nghèo, cận nghèo hiện tại vào danh sách / list the commune’s current poor and near-poor households',
        params: z.object({ roundId: uuid }),
        body: z.object({ expectedCount: z.number().int().min(0), date: isoDate }),
        response: { 200: roundView, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) =>
      listCurrentHouseholds(db, signedIn(req), { roundId: req.params.roundId, ...req.body }, ctx()),
  );

  app.post(
    '/rounds/:roundId/surveys/from-recorded',
    {
      schema: {
        tags: ['review'],
        summary:
          'Dùng Phiếu B đã ghi của năm rà soát / use the forms B already recorded for the round’s year as its surveys',
        params: z.object({ roundId: uuid }),
        body: z.object({ expectedCount: z.number().int().min(0), date: isoDate, villageId: uuid.optional() }),
        response: { 200: roundView.extend({ applied: z.number() }), ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) =>
      surveyFromRecorded(db, signedIn(req), { roundId: req.params.roundId, ...req.body }, { ...ctx(), book }),
  );

  app.get(
    '/rounds/:roundId/results',
    {
      schema: {
        tags: ['review'],
        summary: 'Danh sách kết quả để niêm yết / result lists (poor, near-poor, escaped, new)',
        params: z.object({ roundId: uuid }),
        querystring: z.object({
          list: z.enum(RESULT_LISTS).default('all'),
        }),
        response: {
          200: z.object({
            recognised: z.boolean(),
            decisionNumber: z.string().nullable(),
            decisionDate: z.string().nullable(),
            rows: z.array(
              z.object({
                householdId: z.string(),
                headName: z.string(),
                villageName: z.string(),
                address: z.string().nullable(),
                previousClass: HouseholdClass.nullable(),
                finalClass: HouseholdClass.nullable(),
                transition: Transition,
                deficits: z.array(z.string()),
              }),
            ),
          }),
          ...errors(400, 401, 404),
        },
      },
    },
    async (req) => {
      const input = { roundId: req.params.roundId, list: req.query.list };
      return presentResults(await roundResultList(db, signedIn(req), input, ctx()));
    },
  );

  const totals = z.object({
    poor: z.object({
      start: z.number(),
      movedIn: z.number(),
      escapedToNearPoor: z.number(),
      escapedAboveNearPoor: z.number(),
      movedOut: z.number(),
      new: z.number(),
      rePoor: z.number(),
      end: z.number(),
    }),
    nearPoor: z.object({
      start: z.number(),
      movedIn: z.number(),
      toPoor: z.number(),
      escaped: z.number(),
      movedOut: z.number(),
      new: z.number(),
      fromPoor: z.number(),
      end: z.number(),
    }),
  });
  app.get(
    '/rounds/:roundId/flows',
    {
      schema: {
        tags: ['review'],
        summary: 'Biến động hộ nghèo, cận nghèo / household flows of the recognised round',
        params: z.object({ roundId: uuid }),
        response: {
          200: z.object({
            totals,
            byGroup: z.record(FlowGroup, totals),
            byIndicator: z.record(z.string(), z.object({ poor: z.number(), nearPoor: z.number() })),
            transitions: z.record(z.string(), Transition),
          }),
          ...errors(400, 401, 404),
        },
      },
    },
    async (req) => roundFlows(db, signedIn(req), req.params.roundId, ctx()),
  );

  app.post(
    '/rounds/:roundId/files',
    {
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags: ['review'],
        summary: 'Tải lên biên bản họp / upload meeting minutes (base64, at most 5 MB)',
        params: z.object({ roundId: uuid }),
        body: z.object({
          name: z.string().trim().min(1).max(200),
          mimeType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
          contentBase64: z.string().max(7_000_000),
        }),
        response: {
          201: z.object({ fileId: z.string(), sha256: z.string(), size: z.number() }),
          ...errors(400, 401, 403, 404, 413),
        },
      },
    },
    async (req, reply) => {
      const { name, mimeType, contentBase64 } = req.body;
      const content = Buffer.from(contentBase64, 'base64');
      const input = { roundId: req.params.roundId, name, mimeType, content };
      return reply.code(201).send(await uploadRoundFile(db, signedIn(req), input, ctx()));
    },
  );

  app.get(
    '/rounds/:roundId/files/:fileId',
    {
      schema: {
        tags: ['review'],
        summary: 'Tải biên bản họp / download minutes referenced by the round',
        params: z.object({ roundId: uuid, fileId: uuid }),
      },
    },
    async (req, reply) => {
      const file = await roundFile(db, signedIn(req), req.params, ctx());
      return reply
        .header('content-type', file.mimeType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .send(Buffer.from(file.content));
    },
  );
};
