// What the commune hands out for a review round (issue #12, part 6), one use case each: the certificates of
// the recognised poor and near-poor households, the village posting list of the provisional results, the
// recognised lists, and the lists for other agencies (health insurance, tuition, the Bank for Social
// Policies). A round outside the read scope is 404 (an enumerator reads the villages of its scope only);
// every document but the posting list needs a recognised round (409 otherwise). The agency lists are
// personal data: only a role with 'personal.read' exports them (403 inside the scope), each export audited
// in its own transaction with the user and the stated purpose. Rendering is the caller's: the file at once
// (the download routes) or in a background job (src/services/export-jobs.ts), which checks the request first
// with checkRoundDocument — the same checks as the use case it then runs — so a refusal is answered at once.
import { registry, review, roundDocuments, units, villages, type Queryable } from '../db/index.ts';
import type { RoundRow } from '../db/queries/review.ts';
import { can } from '../domain/access/roles.ts';
import { certificateValidUntil, type HandoutRules } from '../domain/documents/handouts.ts';
import type { Procedure } from '../domain/review/procedure.ts';
import type { OfficialDocument } from '../reports/documents/official.ts';
import {
  agencyListDocument,
  certificatesDocument,
  postingListDocument,
  recognisedListDocument,
  type AgencyList,
  type RoundDecision,
  type RoundPlace,
} from '../reports/documents/round-handouts.ts';
import type { ReportDocument } from '../reports/model.ts';
import { defaultHandoutRules } from '../rules-loader/load-documents.ts';
import { communeReadScope } from './access.ts';
import { requirePermission, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { AppError } from './errors.ts';
import { loadRound } from './review-rounds.ts';

export interface DocumentsContext {
  procedure: Procedure;
  today: string;
  /** ISO timestamp of the request (an xlsx's creation time). */
  now: string;
  /** The handout rules (rules/documents); default the rules/ directory's. */
  rules?: HandoutRules;
  /** The export job rendering the document, if any (named in an agency list's audit entry). */
  jobId?: string;
}

const collator = new Intl.Collator('vi');
const NOT_FOUND_VILLAGE = () =>
  new AppError('NOT_FOUND', [
    { path: 'querystring.villageId', message: { vi: 'Không tìm thấy thôn', en: 'Village not found' } },
  ]);

/**
 * The round and which of its villages the actor reads: all of them with the commune in the read scope,
 * else the villages of its scope (an enumerator); 404 when none. A `villageId` narrows to that village
 * (404 when it is not the round commune's or not readable).
 */
async function readableRound(
  db: Queryable,
  actor: Actor,
  input: { roundId: string; villageId?: string | undefined },
  today: string,
) {
  requirePermission(actor, 'registry.read');
  const row = await review.getRound(db, input.roundId);
  if (!row) throw new AppError('NOT_FOUND');
  const { whole, villageIds: own } = await communeReadScope(db, actor, row.communeCode, today);
  if (input.villageId !== undefined) {
    const v = input.villageId;
    if (!whole && !own.has(v)) throw NOT_FOUND_VILLAGE();
    if ((await registry.villageContext(db, v, today))?.communeCode !== row.communeCode) {
      const inRound = (await roundDocuments.decidedHouseholds(db, row.id)).some((h) => h.villageId === v);
      if (!inRound) throw NOT_FOUND_VILLAGE();
    }
  }
  const shows = (villageId: string) =>
    (input.villageId === undefined || villageId === input.villageId) && (whole || own.has(villageId));
  return { row, shows };
}

/** The decision of a recognised round; 409 for a round not (or no longer) recognised. */
function decisionOf(row: RoundRow): RoundDecision {
  if (row.status === 'open' || !row.decisionNumber || !row.decisionDate)
    throw new AppError('ROUND_NOT_RECOGNISED');
  return { number: row.decisionNumber, date: row.decisionDate };
}

async function placeOf(db: Queryable, row: RoundRow): Promise<RoundPlace> {
  const commune = await units.unitVersion(db, { code: row.communeCode, validFrom: row.communeValidFrom });
  const province =
    commune?.parentCode && commune.parentValidFrom
      ? await units.unitVersion(db, { code: commune.parentCode, validFrom: commune.parentValidFrom })
      : undefined;
  return { communeName: commune?.name ?? row.communeCode, provinceName: province?.name ?? null };
}

/** Village names by id, each read once. */
function villageNames(db: Queryable) {
  const names = new Map<string, string>();
  return async (id: string) => {
    if (!names.has(id)) names.set(id, (await villages.getVillage(db, id))?.name ?? '');
    return names.get(id)!;
  };
}

/**
 * The recognised poor and near-poor households the actor reads, by village then head in Vietnamese order,
 * with their members on the decision day.
 */
async function certifiedHouseholds(
  db: Queryable,
  row: RoundRow,
  decision: RoundDecision,
  shows: (villageId: string) => boolean,
) {
  const nameOf = villageNames(db);
  const decided = (await roundDocuments.decidedHouseholds(db, row.id)).filter(
    (h) => (h.finalClass === 'poor' || h.finalClass === 'near_poor') && shows(h.villageId),
  );
  const members = await roundDocuments.membersOnDay(
    db,
    decided.map((h) => h.householdId),
    decision.date,
  );
  // Grouped once (a commune's thousands of households would otherwise each scan every member).
  const membersOf = new Map<string, typeof members>();
  for (const m of members) {
    const list = membersOf.get(m.householdId);
    if (list) list.push(m);
    else membersOf.set(m.householdId, [m]);
  }
  const out = [];
  for (const h of decided)
    out.push({
      householdId: h.householdId,
      headName: h.headName,
      address: h.address,
      villageName: await nameOf(h.villageId),
      finalClass: h.finalClass as 'poor' | 'near_poor',
      transition: h.transition,
      members: membersOf.get(h.householdId) ?? [],
    });
  return out.sort(
    (a, b) => collator.compare(a.villageName, b.villageName) || collator.compare(a.headName, b.headName),
  );
}

/** Giấy chứng nhận hộ nghèo, hộ cận nghèo of a recognised round, for the commune or one village. */
export async function roundCertificates(
  db: Queryable,
  actor: Actor,
  input: { roundId: string; villageId?: string | undefined },
  ctx: DocumentsContext,
) {
  const { row, shows } = await readableRound(db, actor, input, ctx.today);
  const decision = decisionOf(row);
  const rules = ctx.rules ?? defaultHandoutRules();
  return certificatesDocument({
    place: await placeOf(db, row),
    decision,
    year: row.year,
    validUntil: certificateValidUntil(rules.validity, decision.date),
    households: await certifiedHouseholds(db, row, decision, shows),
  });
}

/** Danh sách niêm yết: the provisional results of the round (open or not), one page per village. */
export async function roundPostingList(
  db: Queryable,
  actor: Actor,
  input: { roundId: string; villageId?: string | undefined },
  ctx: DocumentsContext,
) {
  const { row, shows } = await readableRound(db, actor, input, ctx.today);
  const { state } = (await loadRound(db, ctx.procedure, row.id))!;
  const listed = Object.values(state.households).filter((h) => shows(h.villageId));
  const heads = new Map(
    (
      await roundDocuments.householdHeads(
        db,
        listed.map((h) => h.householdId),
      )
    ).map((h) => [h.householdId, h]),
  );
  const ids = [...new Set(listed.map((h) => h.villageId))];
  if (input.villageId !== undefined && !ids.includes(input.villageId)) ids.push(input.villageId);
  const nameOf = villageNames(db);
  const posted = [];
  for (const id of ids) {
    const postings = state.villages[id]?.postings ?? [];
    posted.push({
      villageName: await nameOf(id),
      posting: postings[postings.length - 1] ?? null,
      households: listed
        .filter((h) => h.villageId === id)
        .map((h) => ({
          headName: heads.get(h.householdId)?.headName ?? '',
          address: heads.get(h.householdId)?.address ?? null,
          reason: h.reason,
          finalClass: h.finalClass,
        })),
    });
  }
  return postingListDocument({
    place: await placeOf(db, row),
    round: row,
    date: ctx.today,
    villages: posted.sort((a, b) => collator.compare(a.villageName, b.villageName)),
  });
}

/** Danh sách hộ nghèo, hộ cận nghèo được công nhận (one list per class) of a recognised round. */
export async function roundRecognisedList(
  db: Queryable,
  actor: Actor,
  input: { roundId: string; villageId?: string | undefined },
  ctx: DocumentsContext,
) {
  const { row, shows } = await readableRound(db, actor, input, ctx.today);
  const decision = decisionOf(row);
  const households = await certifiedHouseholds(db, row, decision, shows);
  const listOf = (cls: 'poor' | 'near_poor') => ({
    cls,
    households: households
      .filter((h) => h.finalClass === cls)
      .map((h) => ({ ...h, memberCount: h.members.length })),
  });
  return recognisedListDocument({
    place: await placeOf(db, row),
    round: row,
    decision,
    lists: [listOf('poor'), listOf('near_poor')],
  });
}

/** The purpose of an agency list's export, trimmed: at least 5 characters (400 otherwise). */
function statedPurpose(purpose: string | undefined, path = 'querystring.purpose'): string {
  const stated = (purpose ?? '').trim();
  if (stated.length < 5)
    throw new AppError('VALIDATION_FAILED', [
      {
        path,
        message: {
          vi: 'Cần ghi mục đích sử dụng (ít nhất 5 ký tự)',
          en: 'State the purpose of the export (at least 5 characters)',
        },
      },
    ]);
  return stated;
}

/** An agency list's refusals: 404 outside the read scope, 403 without 'personal.read', 409 before recognition. */
async function agencyListAllowed(
  db: Queryable,
  actor: Actor,
  input: { roundId: string; villageId?: string | undefined },
  ctx: DocumentsContext,
) {
  const { row, shows } = await readableRound(db, actor, input, ctx.today);
  if (!can(actor.role, 'personal.read')) throw new AppError('FORBIDDEN');
  return { row, shows, decision: decisionOf(row) };
}

/** The round documents, as an export names them. */
export const ROUND_DOCUMENTS = ['certificates', 'posting-list', 'recognised-list', 'agency-list'] as const;
export type RoundDocumentKind = (typeof ROUND_DOCUMENTS)[number];

export interface RoundDocumentRequest {
  document: RoundDocumentKind;
  roundId: string;
  villageId?: string | undefined;
  /** The agency list wanted (document 'agency-list'). */
  list?: AgencyList | undefined;
  /** The purpose of an agency list's export. */
  purpose?: string | undefined;
}

const listRequired = () =>
  new AppError('VALIDATION_FAILED', [
    { path: 'body.list', message: { vi: 'Cần chọn danh sách', en: 'Choose the list to export' } },
  ]);

/**
 * What the use case of the document refuses, without reading its households: the same checks, in the same
 * order (400, 403, 404, 409), so an export started in the background is refused at once as the download
 * would be. Returns the round's commune.
 */
export async function checkRoundDocument(
  db: Queryable,
  actor: Actor,
  input: RoundDocumentRequest,
  ctx: DocumentsContext,
): Promise<{ communeCode: string }> {
  if (input.document === 'agency-list') {
    statedPurpose(input.purpose, 'body.purpose');
    if (!input.list) throw listRequired();
    const { row } = await agencyListAllowed(db, actor, input, ctx);
    return { communeCode: row.communeCode };
  }
  const { row } = await readableRound(db, actor, input, ctx.today);
  if (input.document !== 'posting-list') decisionOf(row);
  return { communeCode: row.communeCode };
}

/**
 * The document a request names, through its use case (every check again, the agency list audited): a pdf
 * document, or the agency list's workbook.
 */
export async function roundDocument(
  db: Queryable,
  actor: Actor,
  input: RoundDocumentRequest,
  ctx: DocumentsContext,
): Promise<{ format: 'pdf'; doc: OfficialDocument } | { format: 'xlsx'; doc: ReportDocument }> {
  const { roundId, villageId } = input;
  switch (input.document) {
    case 'certificates':
      return { format: 'pdf', doc: await roundCertificates(db, actor, { roundId, villageId }, ctx) };
    case 'posting-list':
      return { format: 'pdf', doc: await roundPostingList(db, actor, { roundId, villageId }, ctx) };
    case 'recognised-list':
      return { format: 'pdf', doc: await roundRecognisedList(db, actor, { roundId, villageId }, ctx) };
    case 'agency-list': {
      if (!input.list) throw listRequired();
      const { list: kind, purpose = '' } = input;
      return {
        format: 'xlsx',
        doc: await exportAgencyList(db, actor, { roundId, villageId, kind, purpose }, ctx),
      };
    }
  }
}

/**
 * A list for another agency after recognition (personal data): 404 outside the read scope, 403 for a role
 * without 'personal.read', 409 before recognition; audited with the user and the purpose given.
 */
export async function exportAgencyList(
  db: Queryable,
  actor: Actor,
  input: { roundId: string; kind: AgencyList; purpose: string; villageId?: string | undefined },
  ctx: DocumentsContext,
) {
  const purpose = statedPurpose(input.purpose);
  return db.transaction(async (tx) => {
    const { row, shows, decision } = await agencyListAllowed(tx, actor, input, ctx);
    const households = await certifiedHouseholds(tx, row, decision, shows);
    const doc = agencyListDocument({
      kind: input.kind,
      place: await placeOf(tx, row),
      decision,
      households,
      schoolAges: (ctx.rules ?? defaultHandoutRules()).schoolAges,
      purpose,
      exportedBy: `${actor.displayName} (${actor.username})`,
      generatedAt: ctx.now,
    });
    await recordAudit(tx, actor, {
      action: 'round.export',
      entityType: 'review_round',
      entityId: row.id,
      unitCode: row.communeCode,
      after: {
        list: input.kind,
        villageId: input.villageId ?? null,
        rows: doc.sections[0]?.table?.rows.length ?? 0,
        decisionNumber: decision.number,
        ...(ctx.jobId ? { jobId: ctx.jobId } : {}),
      },
      reason: purpose,
    });
    return doc;
  });
}
