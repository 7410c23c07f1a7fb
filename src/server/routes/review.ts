// Review rounds over HTTP: open a round, apply its steps (listing, forms, meetings, posting, complaints,
// recognition, reporting, reopening), the board with deadlines, result lists and flows, meeting minutes.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FlowGroup, Transition } from '../contract/flows.ts';
import { HouseholdClass } from '../contract/household-class.ts';
import { RoundEvent as eventSchema, type SentRoundEvent } from '../contract/round-event.ts';
import { Round, RoundSummary } from '../contract/round.ts';
import { households, registry, review, units, villages, type Queryable } from '../../db/index.ts';
import { can } from '../../domain/access/roles.ts';
import { computeFlows, GROUPS, type FlowInput } from '../../domain/review/flows.ts';
import { readinessReport, type RoundEvent, type RoundState } from '../../domain/review/round.ts';
import { assess, parseAssessment } from '../../domain/standards/assessment.ts';
import type { RoundRow } from '../../db/queries/review.ts';
import { loadProcedure } from '../../rules-loader/load-procedure.ts';
import { applyToRound, board, loadRound, openRound } from '../../services/review-rounds.ts';
import type { Principal } from '../auth/principal.ts';
import { recordAudit } from '../../services/audit.ts';
import { AppError } from '../errors.ts';
import { errors, isoDate, signedIn, uuid } from './common.ts';
import { requireWritableCommune, unitInScope } from '../../services/access.ts';

const roundSchema = RoundSummary;
const roundView = Round;

export const reviewRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, book, today } = app.deps;
  const procedure = loadProcedure();

  async function readable(tx: Queryable, who: Principal, roundId: string) {
    const loaded = await loadRound(tx, procedure, roundId);
    if (!loaded) throw new AppError('NOT_FOUND');
    const inScope = await unitInScope(tx, who.read, loaded.row.communeCode, today());
    const byVillage =
      !inScope &&
      (
        await Promise.all(
          who.read.villageIds.map(
            async (v) =>
              (await registry.villageContext(tx, v, today()))?.communeCode === loaded.row.communeCode,
          ),
        )
      ).some(Boolean);
    if (!inScope && !byVillage) throw new AppError('NOT_FOUND');
    return { ...loaded, communeScope: inScope };
  }

  /** Commune-wide steps need the commune in the write scope; village steps, the village. */
  async function mayWrite(
    tx: Queryable,
    who: Principal,
    row: RoundRow,
    state: RoundState,
    e: SentRoundEvent,
  ) {
    if (!can(who.role, 'registry.write')) throw new AppError('FORBIDDEN');
    if (await unitInScope(tx, who.write, row.communeCode, today())) return;
    const villageOf =
      'villageId' in e
        ? e.villageId
        : 'householdId' in e
          ? state.households[e.householdId]?.villageId
          : undefined;
    if (
      ['survey', 'screen', 'meeting', 'posting_start', 'posting_end'].includes(e.type) &&
      villageOf &&
      who.write.villageIds.includes(villageOf)
    )
      return;
    throw new AppError('FORBIDDEN');
  }

  async function present(tx: Queryable, row: RoundRow, state: RoundState) {
    const communeName =
      (await units.unitVersion(tx, { code: row.communeCode, validFrom: row.communeValidFrom }))?.name ?? '';
    const villageNames = new Map<string, string>();
    const nameOf = async (id: string) => {
      if (!villageNames.has(id)) villageNames.set(id, (await villages.getVillage(tx, id))?.name ?? '');
      return villageNames.get(id)!;
    };
    const hh = [];
    for (const h of Object.values(state.households)) {
      const reg = await registry.getRegistryHousehold(tx, h.householdId);
      hh.push({
        householdId: h.householdId,
        headName: reg?.headName ?? '',
        villageId: h.villageId,
        villageName: await nameOf(h.villageId),
        reason: h.reason,
        stage: h.stage,
        screening: h.screening,
        provisionalClass: h.survey?.class ?? null,
        finalClass: h.finalClass,
        meetings: h.meetings,
        complaint: h.complaint,
      });
    }
    const vs = [];
    for (const [id, v] of Object.entries(state.villages)) {
      vs.push({
        villageId: id,
        villageName: await nameOf(id),
        postings: v.postings,
        repostFrom: v.repostFrom,
        minutes: v.minutes,
        steps: board(procedure, state, today(), id),
      });
    }
    return {
      ...row,
      communeName,
      households: hh,
      villages: vs.sort((a, b) => a.villageName.localeCompare(b.villageName, 'vi')),
      steps: board(procedure, state, today()),
      readiness: readinessReport(state),
      report: state.report,
    };
  }

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
    async (req) => {
      const who = signedIn(req, 'registry.read');
      if (
        !(await unitInScope(db, who.read, req.query.communeCode, today())) &&
        who.read.villageIds.length === 0
      )
        throw new AppError('NOT_FOUND');
      return review.listRounds(db, [req.query.communeCode]);
    },
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
        }),
        response: { 201: roundView, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      const who = signedIn(req, 'registry.write');
      const b = req.body;
      if (b.kind === 'regular' && !b.month)
        throw new AppError('VALIDATION_FAILED', [
          {
            path: 'body.month',
            message: { vi: 'Rà soát thường xuyên cần tháng', en: 'A regular round needs a month' },
          },
        ]);
      const out = await db.transaction(async (tx) => {
        await requireWritableCommune(tx, who, b.communeCode, today(), 'registry.write');
        const row = await openRound(tx, procedure, {
          communeCode: b.communeCode,
          kind: b.kind,
          year: b.year,
          month: b.kind === 'regular' ? b.month! : null,
          ...(b.startDate ? { startDate: b.startDate } : {}),
        });
        await recordAudit(tx, who, {
          action: 'round.open',
          entityType: 'review_round',
          entityId: row.id,
          unitCode: row.communeCode,
          after: b,
        });
        const loaded = (await loadRound(tx, procedure, row.id))!;
        return present(tx, loaded.row, loaded.state);
      });
      return reply.code(201).send(out);
    },
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
    async (req) => {
      const who = signedIn(req, 'registry.read');
      const r = await readable(db, who, req.params.roundId);
      return present(db, r.row, r.state);
    },
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
    async (req) => {
      const who = signedIn(req, 'registry.write');
      return db.transaction(async (tx) => {
        const { row, state } = await readable(tx, who, req.params.roundId);
        const events: RoundEvent[] = [];
        for (const [i, e] of req.body.events.entries()) {
          await mayWrite(tx, who, row, state, e);
          if (e.type === 'list') {
            const h = await registry.getRegistryHousehold(tx, e.householdId);
            const place = h ? await registry.villageContext(tx, h.villageId, e.date) : undefined;
            if (!h || place?.communeCode !== row.communeCode) {
              throw new AppError('RULE_VIOLATION', [
                {
                  path: `body.events.${i}.householdId`,
                  message: {
                    vi: 'Hộ không thuộc xã của đợt rà soát',
                    en: "The household is not in the round's commune",
                  },
                },
              ]);
            }
            events.push({ ...e, villageId: h.villageId, applicationDate: e.applicationDate ?? null });
          } else if (e.type === 'survey') {
            events.push(await survey(tx, who, row, e, i));
          } else if (
            e.type === 'recognise' ||
            e.type === 'reopen' ||
            e.type === 'report' ||
            e.type === 'close_listing'
          ) {
            if (!(await unitInScope(tx, who.write, row.communeCode, today())))
              throw new AppError('FORBIDDEN');
            if (e.type === 'report') {
              // The next level up in the procedure version the round follows (district before July 2025).
              const chain = procedure.versions.find((v) => v.id === row.procedureVersion)?.reportingChain ?? [
                'commune',
                'province',
              ];
              events.push({ ...e, to: chain[1] === 'district' ? 'district' : 'province' });
            } else events.push(e);
          } else {
            events.push(e);
          }
        }
        const result = await applyToRound(tx, procedure, {
          roundId: row.id,
          expectedCount: req.body.expectedCount,
          events,
          actorId: who.userId,
        });
        for (const e of events) {
          await recordAudit(tx, who, {
            action: `round.${e.type}`,
            entityType: 'review_round',
            entityId: row.id,
            householdId: 'householdId' in e ? e.householdId : null,
            unitCode: row.communeCode,
            after: e,
            reason: e.type === 'reopen' ? e.reason : null,
          });
        }
        return present(tx, result.row, result.state);
      });
    },
  );

  /** Phiếu B: classify with the rule engine and record the assessment under the round. */
  async function survey(
    tx: Queryable,
    who: Principal,
    row: RoundRow,
    e: Extract<SentRoundEvent, { type: 'survey' }>,
    i: number,
  ): Promise<RoundEvent> {
    if (!e.assessment) {
      if (!e.class)
        throw new AppError('VALIDATION_FAILED', [
          {
            path: `body.events.${i}.assessment`,
            message: { vi: 'Cần kết quả Phiếu B', en: 'Form B answers are required' },
          },
        ]);
      return { type: 'survey', date: e.date, householdId: e.householdId, class: e.class, assessmentId: null };
    }
    const commune = await units.unitVersion(tx, { code: row.communeCode, validFrom: row.communeValidFrom });
    const area = commune?.area;
    const parsed = parseAssessment(book, {
      reviewYear: row.year,
      area: area === 'urban' ? 'urban' : 'rural',
      surveyDate: e.date,
      ...e.assessment,
    });
    const assessed = parsed.ok ? assess(book, parsed.value) : parsed;
    if (!assessed.ok) {
      throw new AppError(
        'VALIDATION_FAILED',
        [
          {
            path: `body.events.${i}.assessment.${assessed.error.field ?? ''}`,
            message: assessed.error.message,
          },
        ],
        { assessmentError: assessed.error.code },
      );
    }
    const v = assessed.value.verdict;
    const stored = await households.recordAssessment(tx, {
      householdId: e.householdId,
      reviewRoundId: row.id,
      standardId: v.standardId,
      surveyDate: e.date,
      area: v.area,
      incomePerCapita: v.measure.kind === 'income' ? BigInt(Math.round(v.measure.incomePerCapita)) : null,
      scoreA: v.measure.kind === 'scoreA' ? Math.round(v.measure.scoreA) : null,
      answers: e.assessment,
      deficits: [...v.deficits],
      class: v.class,
      explanation: assessed.value.explanation,
      recordedBy: who.username,
    });
    return {
      type: 'survey',
      date: e.date,
      householdId: e.householdId,
      class: v.class,
      assessmentId: stored.assessmentId,
    };
  }

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
    async (req) => {
      const who = signedIn(req, 'registry.write');
      return db.transaction(async (tx) => {
        const { row, state } = await readable(tx, who, req.params.roundId);
        if (!(await unitInScope(tx, who.write, row.communeCode, today()))) throw new AppError('FORBIDDEN');
        // Current standing: the latest recognised result, else the latest current assessment.
        const candidates = await review.currentStandings(tx, row.communeCode, req.body.date);
        const events: RoundEvent[] = candidates
          .filter((c) => (c.cls === 'poor' || c.cls === 'near_poor') && !state.households[c.householdId])
          .map((c) => ({
            type: 'list',
            date: req.body.date,
            householdId: c.householdId,
            villageId: c.villageId,
            reason: c.cls === 'poor' ? 'current_poor' : 'current_near_poor',
          }));
        if (events.length === 0) return present(tx, row, state);
        const result = await applyToRound(tx, procedure, {
          roundId: row.id,
          expectedCount: req.body.expectedCount,
          events,
          actorId: who.userId,
        });
        await recordAudit(tx, who, {
          action: 'round.list_auto',
          entityType: 'review_round',
          entityId: row.id,
          unitCode: row.communeCode,
          after: { listed: events.length },
        });
        return present(tx, result.row, result.state);
      });
    },
  );

  app.get(
    '/rounds/:roundId/results',
    {
      schema: {
        tags: ['review'],
        summary: 'Danh sách kết quả để niêm yết / result lists (poor, near-poor, escaped, new)',
        params: z.object({ roundId: uuid }),
        querystring: z.object({
          list: z
            .enum(['all', 'poor', 'near_poor', 'escaped', 'escaped_near_poor', 'new_poor', 'new_near_poor'])
            .default('all'),
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
      const who = signedIn(req, 'registry.read');
      const { row } = await readable(db, who, req.params.roundId);
      const collator = new Intl.Collator('vi');
      const rows = (await review.roundResults(db, row.id)).sort(
        (a, b) => collator.compare(a.villageName, b.villageName) || collator.compare(a.headName, b.headName),
      );
      const list = req.query.list;
      const keep = (r: (typeof rows)[number]) =>
        list === 'all' ||
        (list === 'poor' && r.finalClass === 'poor') ||
        (list === 'near_poor' && r.finalClass === 'near_poor') ||
        (list === 'escaped' &&
          (r.transition === 'escaped_to_near_poor' || r.transition === 'escaped_above_near_poor')) ||
        (list === 'escaped_near_poor' && r.transition === 'escaped_near_poor') ||
        (list === 'new_poor' && (r.transition === 'new_poor' || r.transition === 're_poor')) ||
        (list === 'new_near_poor' &&
          (r.transition === 'new_near_poor' || r.transition === 'escaped_to_near_poor'));
      return {
        recognised: row.status !== 'open',
        decisionNumber: row.decisionNumber,
        decisionDate: row.decisionDate,
        rows: rows.filter(keep).map((r) => ({
          householdId: r.householdId,
          headName: r.headName,
          villageName: r.villageName,
          address: r.address,
          // Stored as text: read back through the contract's enums (checked, not cast).
          previousClass: HouseholdClass.nullable().parse(r.previousClass),
          finalClass: HouseholdClass.nullable().parse(r.finalClass),
          transition: Transition.parse(r.transition),
          deficits: r.deficits,
        })),
      };
    },
  );

  const totals = z.object({
    poor: z.object({
      start: z.number(),
      escapedToNearPoor: z.number(),
      escapedAboveNearPoor: z.number(),
      movedOut: z.number(),
      new: z.number(),
      rePoor: z.number(),
      end: z.number(),
    }),
    nearPoor: z.object({
      start: z.number(),
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
    async (req) => {
      const who = signedIn(req, 'registry.read');
      const { row } = await readable(db, who, req.params.roundId);
      const rows = await review.roundResults(db, row.id);
      const inputs: FlowInput[] = rows.map((r) => ({
        householdId: r.householdId,
        previous: r.previousClass === 'poor' || r.previousClass === 'near_poor' ? r.previousClass : null,
        final: (r.finalClass as FlowInput['final']) ?? null,
        escapedBefore: r.transition === 're_poor',
        groups: GROUPS.filter(
          (g) =>
            ({
              ethnic_minority: r.isEthnicMinority,
              person_of_merit: r.personOfMerit,
              social_protection: r.socialProtection,
              no_labour_capacity: r.noLabourCapacity,
            })[g],
        ),
        deficits: r.deficits,
      }));
      return computeFlows(inputs);
    },
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
      const who = signedIn(req, 'registry.write');
      const { row } = await readable(db, who, req.params.roundId);
      const content = Buffer.from(req.body.contentBase64, 'base64');
      if (content.byteLength === 0 || content.byteLength > 5 * 1024 * 1024)
        throw new AppError('BODY_TOO_LARGE');
      const saved = await db.transaction(async (tx) => {
        const f = await review.saveFile(tx, {
          name: req.body.name,
          mimeType: req.body.mimeType,
          content,
          uploadedBy: who.userId,
        });
        await recordAudit(tx, who, {
          action: 'round.file_upload',
          entityType: 'file',
          entityId: f.fileId,
          unitCode: row.communeCode,
          after: { name: req.body.name, sha256: f.sha256, size: f.size },
        });
        return f;
      });
      return reply.code(201).send(saved);
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
      const who = signedIn(req, 'registry.read');
      const { state } = await readable(db, who, req.params.roundId);
      const referenced = Object.values(state.villages).some((v) =>
        v.minutes.some((m) => m.fileId === req.params.fileId),
      );
      const file = referenced ? await review.getFile(db, req.params.fileId) : undefined;
      if (!file) throw new AppError('NOT_FOUND');
      return reply
        .header('content-type', file.mimeType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .send(Buffer.from(file.content));
    },
  );
};
