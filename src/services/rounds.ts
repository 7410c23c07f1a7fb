// Review rounds as use cases (Quyết định 24/2021/QĐ-TTg): opening a round, recording its steps, listing the
// commune's current poor and near-poor, the result lists, the flows and the meeting minutes — each checked
// against the actor's scope (a commune, or single villages for an enumerator), in one transaction, audited.
// The replay engine these build on (events → state under the round's own rules) is review-rounds.ts.
import { households, registry, review, units, villages, type Queryable } from '../db/index.ts';
import type { RoundRow } from '../db/queries/review.ts';
import { can } from '../domain/access/roles.ts';
import { computeFlows, GROUPS, type FlowInput } from '../domain/review/flows.ts';
import type { Procedure, RoundRules } from '../domain/review/procedure.ts';
import {
  applyEvent,
  readinessReport,
  type ListingReason,
  type RoundEvent,
  type RoundState,
} from '../domain/review/round.ts';
import { standardForYear } from '../domain/standards/build-rule-book.ts';
import type { HouseholdClass } from '../domain/standards/types.ts';
import { assess, parseAssessment } from '../domain/standards/assessment.ts';
import type { RuleBook } from '../domain/standards/types.ts';
// The wire form of a step is the domain's event less what the server completes (checked in the contract).
import type { SentRoundEvent } from '../server/contract/round-event.ts';
import { communeReadScope, requireWritableCommune, unitInScope } from './access.ts';
import { requirePermission, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { AppError } from './errors.ts';
import { applyToRound, board, currentList, loadRound, openRound, ReviewRuleError } from './review-rounds.ts';

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
  // An opening list is a recognised list imported, not a round anyone works on.
  if (!loaded || loaded.row.kind === 'opening') throw new AppError('NOT_FOUND');
  const scope = await communeReadScope(tx, actor, loaded.row.communeCode, ctx.today);
  return { ...loaded, seen: scope.whole ? null : scope.villageIds };
}

/**
 * The round as a reader limited to some villages sees it: only those villages and their households (their
 * steps, counts and readiness too). Null: the whole commune.
 */
function visible(state: RoundState, seen: ReadonlySet<string> | null): RoundState {
  if (!seen) return state;
  return {
    ...state,
    households: Object.fromEntries(Object.entries(state.households).filter(([, h]) => seen.has(h.villageId))),
    villages: Object.fromEntries(Object.entries(state.villages).filter(([id]) => seen.has(id))),
  };
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

/**
 * The round as a board: households with their stage, villages with their steps and deadlines, readiness —
 * of the villages the reader sees (`seen`; null: all).
 */
export async function roundView(
  tx: Queryable,
  row: RoundRow,
  whole: RoundState,
  ctx: RoundContext,
  seen: ReadonlySet<string> | null = null,
) {
  const state = visible(whole, seen);
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
      survey: h.survey,
      accounted: h.accounted,
      meetings: h.meetings,
      complaint: h.complaint,
    });
  }
  const listed = hh.slice();
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
    households: listed,
    villages: vs.sort((a, b) => a.villageName.localeCompare(b.villageName, 'vi')),
    steps: board(ctx.procedure, state, ctx.today),
    readiness: readinessReport(state).map((p) =>
      p.code === 'households_not_agreed' ? { ...p, message: notReviewedMessage(p.householdIds, listed) } : p,
    ),
    decisionDue: decisionDue(ctx.procedure, row),
    report: state.report,
  };
}

/** The households still to review, by name (at most ten named, then how many more). */
function notReviewedMessage(
  ids: readonly string[],
  households: readonly { householdId: string; headName: string; villageName: string }[],
): { vi: string; en: string } {
  const byId = new Map(households.map((h) => [h.householdId, h]));
  const named = ids.slice(0, 10).map((id) => {
    const h = byId.get(id);
    return h ? `${h.headName} (${h.villageName})` : id;
  });
  const more = ids.length > 10 ? ids.length - 10 : 0;
  return {
    vi: `${ids.length} hộ chưa được rà soát, họp dân thống nhất hoặc ghi nhận chuyển đi/giải thể/sáp nhập: ${named.join(', ')}${more ? ` và ${more} hộ khác` : ''}`,
    en: `${ids.length} household(s) neither reviewed and agreed nor accounted for (moved, dissolved, merged): ${named.join(', ')}${more ? ` and ${more} more` : ''}`,
  };
}

/** A regular (monthly) round's decision is due this many days from its start (QĐ 24/2021, Điều 5). */
export function decisionDue(procedure: Procedure, row: RoundRow): string | null {
  if (row.kind !== 'regular') return null;
  const d = new Date(`${row.startDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + procedure.periods.regular.decisionWithinDays);
  return d.toISOString().slice(0, 10);
}

export type RoundView = Awaited<ReturnType<typeof roundView>>;

/** The rounds of a commune the actor reads (an enumerator's villages lie in it). */
export async function listCommuneRounds(db: Queryable, actor: Actor, communeCode: string, today: string) {
  requirePermission(actor, 'registry.read');
  await communeReadScope(db, actor, communeCode, today);
  return review.listRounds(db, [communeCode]);
}

export async function getRound(db: Queryable, actor: Actor, roundId: string, ctx: RoundContext) {
  requirePermission(actor, 'registry.read');
  const { row, state, seen } = await readableRound(db, actor, roundId, ctx);
  return roundView(db, row, state, ctx, seen);
}

export interface OpenRoundInput {
  communeCode: string;
  kind: 'periodic' | 'regular';
  year: number;
  month?: number | null | undefined;
  startDate?: string | undefined;
  /** A regular round starts from applications (Mẫu số 04): the households and the day each applied. */
  applications?: { householdId: string; applicationDate: string }[] | undefined;
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
  if (input.kind === 'regular' && !input.applications?.length)
    throw new AppError('VALIDATION_FAILED', [
      {
        path: 'body.applications',
        message: {
          vi: 'Rà soát thường xuyên bắt đầu từ giấy đề nghị của hộ (Mẫu số 04)',
          en: 'A regular round starts from a household’s application (form 04)',
        },
      },
    ]);
  return db.transaction(async (tx) => {
    await requireWritableCommune(tx, actor, input.communeCode, ctx.today, 'registry.write');
    const row = await openRound(
      tx,
      ctx.procedure,
      {
        communeCode: input.communeCode,
        kind: input.kind,
        year: input.year,
        month: input.kind === 'regular' ? input.month! : null,
        ...(input.startDate ? { startDate: input.startDate } : {}),
      },
      actor.userId,
    );
    if (input.kind === 'regular') {
      const events: RoundEvent[] = [];
      for (const [i, a] of input.applications!.entries())
        events.push(
          await listable(tx, row, a.householdId, row.startDate, `body.applications.${i}.householdId`, {
            reason: 'applicant',
            applicationDate: a.applicationDate,
          }),
        );
      await applyToRound(tx, ctx.procedure, {
        roundId: row.id,
        expectedCount: row.eventCount,
        events,
        actorId: actor.userId,
      });
    }
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
    const { row, state, rules, seen } = await readableRound(tx, actor, input.roundId, ctx);
    const events: RoundEvent[] = [];
    for (const [i, e] of input.events.entries()) {
      await mayRecord(tx, actor, row, state, e, ctx.today);
      if (e.type === 'list') {
        events.push(
          await listable(tx, row, e.householdId, e.date, `body.events.${i}.householdId`, {
            reason: e.reason,
            applicationDate: e.applicationDate ?? null,
          }),
        );
      } else if (e.type === 'survey') {
        events.push(await survey(tx, actor, row, e, i, ctx.book));
      } else if (e.type === 'account') {
        await accountable(tx, row, e, i);
        events.push(e);
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
    }).catch(async (err: unknown) => {
      throw await withNamedHouseholds(tx, err, stateBefore(state, events, err, rules));
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
    return roundView(tx, result.row, result.state, ctx, seen);
  });
}

/** A household to list: it lives in the round's commune on the day (its village is filled in). */
async function listable(
  tx: Queryable,
  row: RoundRow,
  householdId: string,
  date: string,
  path: string,
  rest: { reason: ListingReason; applicationDate: string | null },
): Promise<RoundEvent> {
  const h = await registry.getRegistryHousehold(tx, householdId);
  const place = h ? await registry.villageContext(tx, h.villageId, date) : undefined;
  if (!h || place?.communeCode !== row.communeCode) {
    throw new AppError('RULE_VIOLATION', [
      {
        path,
        message: {
          vi: 'Hộ không thuộc xã của đợt rà soát',
          en: "The household is not in the round's commune",
        },
      },
    ]);
  }
  return { type: 'list', date, householdId, villageId: h.villageId, ...rest };
}

/**
 * A household leaves the list without review only on the registry's word: moved out of the commune by the
 * day given, dissolved, or merged into another household (QĐ 24/2021, Điều 4, bước 1).
 */
async function accountable(
  tx: Queryable,
  row: RoundRow,
  e: Extract<SentRoundEvent, { type: 'account' }>,
  i: number,
): Promise<void> {
  const h = await registry.getRegistryHousehold(tx, e.householdId);
  const place = h ? await registry.villageContext(tx, h.villageId, e.effective) : undefined;
  const shown =
    e.outcome === 'moved_out'
      ? !!h && place?.communeCode !== row.communeCode
      : e.outcome === 'merged'
        ? !!h?.mergedInto && !!h.dissolvedAt && h.dissolvedAt <= e.effective
        : !!h?.dissolvedAt && h.dissolvedAt <= e.effective;
  if (!shown)
    throw new AppError('RULE_VIOLATION', [
      {
        path: `body.events.${i}.outcome`,
        message: {
          vi: 'Sổ hộ chưa ghi hộ này chuyển khỏi xã, giải thể hoặc sáp nhập vào ngày đó: ghi thay đổi vào sổ hộ trước',
          en: 'The registry does not show this household moved out, dissolved or merged by that day: record the change in the registry first',
        },
      },
    ]);
}

/** The round as it stood when a batch's event was refused: the batch's earlier events applied. */
function stateBefore(state: RoundState, events: readonly RoundEvent[], err: unknown, rules: RoundRules) {
  const upTo = err instanceof ReviewRuleError ? (err.eventIndex ?? 0) : 0;
  let s = state;
  for (const e of events.slice(0, upTo)) {
    const r = applyEvent(s, e, rules);
    if (!r.ok) break;
    s = r.state;
  }
  return s;
}

/** A recognition refused because households are still to review: the refusal names them. */
async function withNamedHouseholds(tx: Queryable, err: unknown, state: RoundState): Promise<unknown> {
  if (!(err instanceof ReviewRuleError) || err.error.code !== 'NOT_READY') return err;
  const pending = Object.values(state.households).filter((h) =>
    ['listed', 'surveyed', 'resurvey'].includes(h.stage),
  );
  if (pending.length === 0) return err;
  const named = [];
  for (const h of pending.slice(0, 10)) {
    const reg = await registry.getRegistryHousehold(tx, h.householdId);
    const village = await villages.getVillage(tx, h.villageId);
    named.push({
      householdId: h.householdId,
      headName: reg?.headName ?? h.householdId,
      villageName: village?.name ?? '',
    });
  }
  const m = notReviewedMessage(
    pending.map((h) => h.householdId),
    named,
  );
  return new ReviewRuleError(
    {
      ...err.error,
      message: { vi: `${err.error.message.vi}. ${m.vi}`, en: `${err.error.message.en}. ${m.en}` },
    },
    err.eventIndex,
  );
}

/**
 * Phiếu B for the round. The form already recorded for the round's year is the round's survey (referenced,
 * never retyped): named by `assessmentId`, or found by itself when neither answers nor a class are sent.
 * New answers are classified by the rule engine and recorded under the round. A class alone is refused: the
 * deficits must come with it, so they reach the results, the figures and the deficit reports.
 */
async function survey(
  tx: Queryable,
  actor: Actor,
  row: RoundRow,
  e: Extract<SentRoundEvent, { type: 'survey' }>,
  i: number,
  book: RuleBook,
): Promise<RoundEvent> {
  const at = (field: string) => `body.events.${i}.${field}`;
  if (!e.assessment) {
    if (e.class && !e.assessmentId) {
      if (!e.deficits)
        throw new AppError('VALIDATION_FAILED', [
          {
            path: at('deficits'),
            message: {
              vi: 'Cần các chỉ số thiếu hụt cùng kết quả phân loại (hoặc chọn Phiếu B đã ghi)',
              en: 'The deficits are required with the class (or reference a recorded form B)',
            },
          },
        ]);
      // The indicators of the standard the round's year is reviewed under.
      const standardId = standardForYear(book, row.year);
      const known = standardId ? book.standards.get(standardId)?.indicatorCodes : undefined;
      const unknown = e.deficits.find((d) => !known?.has(d));
      if (unknown)
        throw new AppError('VALIDATION_FAILED', [
          {
            path: at('deficits'),
            message: { vi: `Chỉ số không có: ${unknown}`, en: `Unknown indicator: ${unknown}` },
          },
        ]);
      return {
        type: 'survey',
        date: e.date,
        householdId: e.householdId,
        class: e.class,
        assessmentId: null,
        deficits: [...e.deficits],
      };
    }
    const recorded = await recordedSurvey(tx, row, e.householdId, e.assessmentId ?? null);
    if (!recorded)
      throw new AppError('VALIDATION_FAILED', [
        {
          path: at(e.assessmentId ? 'assessmentId' : 'assessment'),
          message: e.assessmentId
            ? {
                vi: `Phiếu B này không phải phiếu hiện hành năm ${row.year} của hộ`,
                en: `This form B is not the household's current form for ${row.year}`,
              }
            : {
                vi: `Hộ chưa có Phiếu B năm ${row.year}: nhập phiếu`,
                en: `The household has no form B for ${row.year}: enter one`,
              },
        },
      ]);
    if (e.class && e.class !== recorded.class)
      throw new AppError('VALIDATION_FAILED', [
        {
          path: at('class'),
          message: {
            vi: 'Kết quả phân loại khác với Phiếu B đã ghi',
            en: 'The class differs from the recorded form B',
          },
        },
      ]);
    return {
      type: 'survey',
      date: e.date,
      householdId: e.householdId,
      class: recorded.class as HouseholdClass,
      assessmentId: recorded.assessmentId,
    };
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
 * The household's current (not superseded) Phiếu B for the round's year — surveyed in that year, recorded
 * from the household page, an import or an earlier round step. With an id, only that one will do.
 */
async function recordedSurvey(
  tx: Queryable,
  row: RoundRow,
  householdId: string,
  assessmentId: string | null,
) {
  const current = (await households.assessmentHistory(tx, householdId))
    .filter((a) => a.supersededAt === null && a.surveyDate.startsWith(`${row.year}-`))
    .sort((a, b) => (a.surveyDate === b.surveyDate ? 0 : a.surveyDate < b.surveyDate ? 1 : -1));
  return assessmentId ? current.find((a) => a.assessmentId === assessmentId) : current[0];
}

/**
 * "Use the recorded forms": every listed household waiting for its survey whose Phiếu B for the round's year
 * is already recorded gets it as the round's survey, in one step (nothing retyped). An actor who writes the
 * whole commune applies them to all of it (or to the village named); an enumerator to the villages it
 * writes (or the one of them named): a village named outside what it reads is 404, outside what it
 * writes 403, and the villages it only reads are left alone.
 */
export async function surveyFromRecorded(
  db: Queryable,
  actor: Actor,
  input: { roundId: string; expectedCount: number; date: string; villageId?: string | undefined },
  ctx: RoundContext & { book: RuleBook },
): Promise<RoundView & { applied: number }> {
  requirePermission(actor, 'registry.write');
  const { row, state, seen } = await readableRound(db, actor, input.roundId, ctx);
  const communeWide = await unitInScope(db, actor.write, row.communeCode, ctx.today);
  const writes = (villageId: string) => communeWide || actor.write.villageIds.includes(villageId);
  if (input.villageId) {
    if (seen && !seen.has(input.villageId)) throw new AppError('NOT_FOUND');
    if (!writes(input.villageId)) throw new AppError('FORBIDDEN');
  }
  const waiting = Object.values(visible(state, seen).households).filter(
    (h) =>
      (input.villageId ? h.villageId === input.villageId : writes(h.villageId)) &&
      ((h.stage === 'listed' && (h.reason !== 'applicant' || h.screening?.passed === true)) ||
        h.stage === 'resurvey'),
  );
  const events: SentRoundEvent[] = [];
  for (const h of waiting) {
    const recorded = await recordedSurvey(db, row, h.householdId, null);
    if (recorded && recorded.assessmentId !== h.survey?.assessmentId)
      events.push({
        type: 'survey',
        date: input.date,
        householdId: h.householdId,
        assessmentId: recorded.assessmentId,
      });
  }
  if (events.length === 0) return { ...(await roundView(db, row, state, ctx, seen)), applied: 0 };
  const view = await recordRoundEvents(db, actor, { ...input, events }, ctx);
  return { ...view, applied: events.length };
}

/**
 * Lists the commune's current poor and near-poor households not yet in the round (QĐ 24/2021, Điều 4,
 * bước 1): their standing is the latest recognised decision (never an unrecognised assessment). A periodic
 * round lists them when it opens; this adds those recognised since (a monthly decision meanwhile).
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
    const candidates = await currentList(tx, row, input.date);
    const events: RoundEvent[] = candidates
      .filter((c) => !state.households[c.householdId])
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
  const { row, seen } = await readableRound(db, actor, input.roundId, ctx);
  const collator = new Intl.Collator('vi');
  const rows = (await review.roundResults(db, row.id))
    .filter((r) => !seen || seen.has(r.villageId))
    .sort(
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
  const { row, seen } = await readableRound(db, actor, roundId, ctx);
  const rows = (await review.roundResults(db, row.id)).filter((r) => !seen || seen.has(r.villageId));
  const inputs: FlowInput[] = rows.map((r) => ({
    householdId: r.householdId,
    previous: r.previousClass === 'poor' || r.previousClass === 'near_poor' ? r.previousClass : null,
    final: (r.finalClass as FlowInput['final']) ?? null,
    escapedBefore: r.transition === 're_poor',
    movedIn: r.movedIn,
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
  const { state, seen } = await readableRound(db, actor, input.roundId, ctx);
  const referenced = Object.values(visible(state, seen).villages).some((v) =>
    v.minutes.some((m) => m.fileId === input.fileId),
  );
  const file = referenced ? await review.getFile(db, input.fileId) : undefined;
  if (!file) throw new AppError('NOT_FOUND');
  return file;
}
