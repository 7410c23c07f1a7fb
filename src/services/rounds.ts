// Review rounds as use cases (Quyết định 24/2021/QĐ-TTg): opening a round, recording its steps, listing the
// commune's current poor and near-poor, the result lists, the flows and the meeting minutes — each checked
// against the actor's scope (a commune, or single villages for an enumerator), in one transaction, audited.
// The replay engine these build on (events → state under the round's own rules) is review-rounds.ts.
import { households, registry, review, units, villages, type Queryable } from '../db/index.ts';
import type { RoundRow } from '../db/queries/review.ts';
import { can } from '../domain/access/roles.ts';
import { computeFlows, GROUPS, type FlowInput } from '../domain/review/flows.ts';
import type { Procedure } from '../domain/review/procedure.ts';
import { readinessReport, type RoundEvent, type RoundState } from '../domain/review/round.ts';
import { assess, parseAssessment } from '../domain/standards/assessment.ts';
import type { RuleBook } from '../domain/standards/types.ts';
// The wire form of a step is the domain's event less what the server completes (checked in the contract).
import type { SentRoundEvent } from '../server/contract/round-event.ts';
import { requireWritableCommune, unitInScope } from './access.ts';
import { requirePermission, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { AppError } from './errors.ts';
import { applyToRound, board, loadRound, openRound } from './review-rounds.ts';

export interface RoundContext {
  procedure: Procedure;
  today: string;
}

/**
 * A round the actor may read: its commune in the read scope, or (an enumerator) one of its villages in
 * the commune. 404 otherwise — a round of another commune is never revealed.
 */
async function readableRound(tx: Queryable, actor: Actor, roundId: string, ctx: RoundContext) {
  const loaded = await loadRound(tx, ctx.procedure, roundId);
  if (!loaded) throw new AppError('NOT_FOUND');
  const inScope = await unitInScope(tx, actor.read, loaded.row.communeCode, ctx.today);
  const byVillage =
    !inScope &&
    (
      await Promise.all(
        actor.read.villageIds.map(
          async (v) =>
            (await registry.villageContext(tx, v, ctx.today))?.communeCode === loaded.row.communeCode,
        ),
      )
    ).some(Boolean);
  if (!inScope && !byVillage) throw new AppError('NOT_FOUND');
  return loaded;
}

/** Commune-wide steps need the commune in the write scope; village steps, the village. */
async function mayRecord(
  tx: Queryable,
  actor: Actor,
  row: RoundRow,
  state: RoundState,
  e: SentRoundEvent,
  today: string,
) {
  if (!can(actor.role, 'registry.write')) throw new AppError('FORBIDDEN');
  if (await unitInScope(tx, actor.write, row.communeCode, today)) return;
  const villageOf =
    'villageId' in e
      ? e.villageId
      : 'householdId' in e
        ? state.households[e.householdId]?.villageId
        : undefined;
  if (
    ['survey', 'screen', 'meeting', 'posting_start', 'posting_end'].includes(e.type) &&
    villageOf &&
    actor.write.villageIds.includes(villageOf)
  )
    return;
  throw new AppError('FORBIDDEN');
}

/** The round as a board: households with their stage, villages with their steps and deadlines, readiness. */
export async function roundView(tx: Queryable, row: RoundRow, state: RoundState, ctx: RoundContext) {
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
      steps: board(ctx.procedure, state, ctx.today, id),
    });
  }
  return {
    ...row,
    communeName,
    households: hh,
    villages: vs.sort((a, b) => a.villageName.localeCompare(b.villageName, 'vi')),
    steps: board(ctx.procedure, state, ctx.today),
    readiness: readinessReport(state),
    report: state.report,
  };
}

export type RoundView = Awaited<ReturnType<typeof roundView>>;

/** The rounds of a commune the actor reads (an enumerator's villages lie in it). */
export async function listCommuneRounds(db: Queryable, actor: Actor, communeCode: string, today: string) {
  requirePermission(actor, 'registry.read');
  if (!(await unitInScope(db, actor.read, communeCode, today)) && actor.read.villageIds.length === 0)
    throw new AppError('NOT_FOUND');
  return review.listRounds(db, [communeCode]);
}

export async function getRound(db: Queryable, actor: Actor, roundId: string, ctx: RoundContext) {
  requirePermission(actor, 'registry.read');
  const { row, state } = await readableRound(db, actor, roundId, ctx);
  return roundView(db, row, state, ctx);
}

export interface OpenRoundInput {
  communeCode: string;
  kind: 'periodic' | 'regular';
  year: number;
  month?: number | null | undefined;
  startDate?: string | undefined;
}

export async function openReviewRound(
  db: Queryable,
  actor: Actor,
  input: OpenRoundInput,
  ctx: RoundContext,
): Promise<RoundView> {
  requirePermission(actor, 'registry.write');
  if (input.kind === 'regular' && !input.month)
    throw new AppError('VALIDATION_FAILED', [
      {
        path: 'body.month',
        message: { vi: 'Rà soát thường xuyên cần tháng', en: 'A regular round needs a month' },
      },
    ]);
  return db.transaction(async (tx) => {
    await requireWritableCommune(tx, actor, input.communeCode, ctx.today, 'registry.write');
    const row = await openRound(tx, ctx.procedure, {
      communeCode: input.communeCode,
      kind: input.kind,
      year: input.year,
      month: input.kind === 'regular' ? input.month! : null,
      ...(input.startDate ? { startDate: input.startDate } : {}),
    });
    await recordAudit(tx, actor, {
      action: 'round.open',
      entityType: 'review_round',
      entityId: row.id,
      unitCode: row.communeCode,
      after: input,
    });
    const loaded = (await loadRound(tx, ctx.procedure, row.id))!;
    return roundView(tx, loaded.row, loaded.state, ctx);
  });
}

/**
 * Steps of the round, all or none and in order, against the event count the actor saw (409 when the
 * round moved on). The server completes what the sender cannot know: a listed household's village, a
 * survey's classification (Phiếu B through the rule book), the level a report goes to.
 */
export async function recordRoundEvents(
  db: Queryable,
  actor: Actor,
  input: { roundId: string; expectedCount: number; events: readonly SentRoundEvent[] },
  ctx: RoundContext & { book: RuleBook },
): Promise<RoundView> {
  requirePermission(actor, 'registry.write');
  return db.transaction(async (tx) => {
    const { row, state } = await readableRound(tx, actor, input.roundId, ctx);
    const events: RoundEvent[] = [];
    for (const [i, e] of input.events.entries()) {
      await mayRecord(tx, actor, row, state, e, ctx.today);
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
        events.push(await survey(tx, actor, row, e, i, ctx.book));
      } else if (
        e.type === 'recognise' ||
        e.type === 'reopen' ||
        e.type === 'report' ||
        e.type === 'close_listing'
      ) {
        if (!(await unitInScope(tx, actor.write, row.communeCode, ctx.today)))
          throw new AppError('FORBIDDEN');
        if (e.type === 'report') {
          // The next level up in the procedure version the round follows (district before July 2025).
          const chain = ctx.procedure.versions.find((v) => v.id === row.procedureVersion)?.reportingChain ?? [
            'commune',
            'province',
          ];
          events.push({ ...e, to: chain[1] === 'district' ? 'district' : 'province' });
        } else events.push(e);
      } else {
        events.push(e);
      }
    }
    const result = await applyToRound(tx, ctx.procedure, {
      roundId: row.id,
      expectedCount: input.expectedCount,
      events,
      actorId: actor.userId,
    });
    for (const e of events) {
      await recordAudit(tx, actor, {
        action: `round.${e.type}`,
        entityType: 'review_round',
        entityId: row.id,
        householdId: 'householdId' in e ? e.householdId : null,
        unitCode: row.communeCode,
        after: e,
        reason: e.type === 'reopen' ? e.reason : null,
      });
    }
    return roundView(tx, result.row, result.state, ctx);
  });
}

/** Phiếu B: classify with the rule engine and record the assessment under the round. */
async function survey(
  tx: Queryable,
  actor: Actor,
  row: RoundRow,
  e: Extract<SentRoundEvent, { type: 'survey' }>,
  i: number,
  book: RuleBook,
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
    recordedBy: actor.username,
  });
  return {
    type: 'survey',
    date: e.date,
    householdId: e.householdId,
    class: v.class,
    assessmentId: stored.assessmentId,
  };
}

/**
 * Lists the commune's current poor and near-poor households not yet in the round (QĐ 24/2021, Điều 4,
 * bước 1): their standing is the latest recognised result, else the latest current assessment.
 */
export async function listCurrentHouseholds(
  db: Queryable,
  actor: Actor,
  input: { roundId: string; expectedCount: number; date: string },
  ctx: RoundContext,
): Promise<RoundView> {
  requirePermission(actor, 'registry.write');
  return db.transaction(async (tx) => {
    const { row, state } = await readableRound(tx, actor, input.roundId, ctx);
    if (!(await unitInScope(tx, actor.write, row.communeCode, ctx.today))) throw new AppError('FORBIDDEN');
    const candidates = await review.currentStandings(tx, row.communeCode, input.date);
    const events: RoundEvent[] = candidates
      .filter((c) => (c.cls === 'poor' || c.cls === 'near_poor') && !state.households[c.householdId])
      .map((c) => ({
        type: 'list',
        date: input.date,
        householdId: c.householdId,
        villageId: c.villageId,
        reason: c.cls === 'poor' ? 'current_poor' : 'current_near_poor',
      }));
    if (events.length === 0) return roundView(tx, row, state, ctx);
    const result = await applyToRound(tx, ctx.procedure, {
      roundId: row.id,
      expectedCount: input.expectedCount,
      events,
      actorId: actor.userId,
    });
    await recordAudit(tx, actor, {
      action: 'round.list_auto',
      entityType: 'review_round',
      entityId: row.id,
      unitCode: row.communeCode,
      after: { listed: events.length },
    });
    return roundView(tx, result.row, result.state, ctx);
  });
}

export const RESULT_LISTS = [
  'all',
  'poor',
  'near_poor',
  'escaped',
  'escaped_near_poor',
  'new_poor',
  'new_near_poor',
] as const;
export type ResultList = (typeof RESULT_LISTS)[number];

/** A result list of the round (to post, or as recognised), by village then head in Vietnamese order. */
export async function roundResultList(
  db: Queryable,
  actor: Actor,
  input: { roundId: string; list: ResultList },
  ctx: RoundContext,
) {
  requirePermission(actor, 'registry.read');
  const { row } = await readableRound(db, actor, input.roundId, ctx);
  const collator = new Intl.Collator('vi');
  const rows = (await review.roundResults(db, row.id)).sort(
    (a, b) => collator.compare(a.villageName, b.villageName) || collator.compare(a.headName, b.headName),
  );
  const list = input.list;
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
  return { round: row, rows: rows.filter(keep) };
}

/** The household flows of the round (escaped, new, re-poor…), in total, by group and by indicator. */
export async function roundFlows(db: Queryable, actor: Actor, roundId: string, ctx: RoundContext) {
  requirePermission(actor, 'registry.read');
  const { row } = await readableRound(db, actor, roundId, ctx);
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
}

/** Meeting minutes (pdf or image, at most 5 MB) stored for the round's commune. */
export async function uploadRoundFile(
  db: Queryable,
  actor: Actor,
  input: { roundId: string; name: string; mimeType: string; content: Buffer },
  ctx: RoundContext,
) {
  requirePermission(actor, 'registry.write');
  const { row } = await readableRound(db, actor, input.roundId, ctx);
  if (input.content.byteLength === 0 || input.content.byteLength > 5 * 1024 * 1024)
    throw new AppError('BODY_TOO_LARGE');
  return db.transaction(async (tx) => {
    const f = await review.saveFile(tx, {
      name: input.name,
      mimeType: input.mimeType,
      content: input.content,
      uploadedBy: actor.userId,
    });
    await recordAudit(tx, actor, {
      action: 'round.file_upload',
      entityType: 'file',
      entityId: f.fileId,
      unitCode: row.communeCode,
      after: { name: input.name, sha256: f.sha256, size: f.size },
    });
    return f;
  });
}

/** Minutes referenced by the round (404 for any other file, whoever stored it). */
export async function roundFile(
  db: Queryable,
  actor: Actor,
  input: { roundId: string; fileId: string },
  ctx: RoundContext,
) {
  requirePermission(actor, 'registry.read');
  const { state } = await readableRound(db, actor, input.roundId, ctx);
  const referenced = Object.values(state.villages).some((v) =>
    v.minutes.some((m) => m.fileId === input.fileId),
  );
  const file = referenced ? await review.getFile(db, input.fileId) : undefined;
  if (!file) throw new AppError('NOT_FOUND');
  return file;
}
