// What an enumerator's device takes before going where there is no signal: the households of their own
// villages (or of one village a commune officer picks) with current members, the recognised class and the
// latest Phiếu B (a re-survey starts from it), the conflicts still waiting for the commune, and the rule
// book's documents so the device classifies with the very rules the server uses. A few hundred households
// make well under a megabyte. Taking it reads personal data, so it is audited once per village.
import { fieldSync, registry, review, units, villages, type Queryable } from '../db/index.ts';
import type { RegistryHousehold } from '../db/queries/registry.ts';
import { can } from '../domain/access/roles.ts';
import type { RulesSources } from '../domain/standards/build-rule-book.ts';
import { standardForYear } from '../domain/standards/build-rule-book.ts';
import type { HouseholdClass, RuleBook } from '../domain/standards/types.ts';
import type { HouseholdStage } from '../domain/review/round.ts';
import { loadProcedure } from '../rules-loader/load-procedure.ts';
import { ruleSourcesOf } from '../rules-loader/load-rule-book.ts';
import { mayWritePlace } from './access.ts';
import { requirePermission, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { AppError } from './errors.ts';
import { memberView, type MemberView } from './household-view.ts';
import { villagePlaces } from './me.ts';
import { loadRound } from './review-rounds.ts';

export interface FieldVillage {
  villageId: string;
  villageName: string;
  communeCode: string;
  communeName: string;
  /** The commune's area, which sets the poverty lines; null when the registry does not say. */
  area: 'rural' | 'urban' | null;
  write: boolean;
}

/** A current member as the device holds it: the household page's member, without the leaving. */
export type FieldMember = Omit<MemberView, 'leftAt' | 'leftReason'>;

export interface FieldHousehold {
  householdId: string;
  villageId: string;
  version: number;
  headName: string;
  address: string | null;
  ethnicity: string | null;
  isEthnicMinority: boolean;
  personOfMerit: boolean;
  socialProtection: boolean;
  noLabourCapacity: boolean;
  members: FieldMember[];
  recognised: { class: HouseholdClass | null; decisionNumber: string | null; decisionDate: string } | null;
  /** The latest Phiếu B: what a re-survey starts from. */
  latestAssessment: {
    assessmentId: string;
    standardId: string;
    surveyDate: string;
    incomePerCapita: number | null;
    scoreA: number | null;
    deficits: string[];
    class: HouseholdClass;
  } | null;
  /** A conflict raised by an earlier sync, waiting for the commune officer. */
  openConflictId: string | null;
  /** Where the household stands in its commune's open review round; null when it is not listed in one. */
  round: {
    roundId: string;
    kind: 'periodic' | 'regular';
    stage: HouseholdStage;
    /** The class of the round's Phiếu B, then the class the village meeting agreed (or a re-check set). */
    surveyClass: HouseholdClass | null;
    finalClass: HouseholdClass | null;
  } | null;
}

export interface FieldSnapshot {
  today: string;
  /** The open review rounds of the villages' communes (the latest per commune). */
  rounds: {
    roundId: string;
    communeCode: string;
    kind: 'periodic' | 'regular';
    year: number;
    startDate: string;
  }[];
  username: string;
  personalDataMasked: boolean;
  /** The standard of the current review year (what a new Phiếu B is recorded under). */
  standard: string | null;
  villages: FieldVillage[];
  households: FieldHousehold[];
  rules: RulesSources;
}

/** The villages the snapshot covers: the asked ones (each must be readable), else the actor's own villages. */
async function villagesFor(
  db: Queryable,
  actor: Actor,
  asked: readonly string[],
  today: string,
): Promise<FieldVillage[]> {
  const own = await villagePlaces(db, actor, today);
  const ids = asked.length ? [...new Set(asked)] : own.map((v) => v.villageId);
  if (ids.length === 0)
    throw new AppError('VALIDATION_FAILED', [
      {
        path: 'query.village',
        message: {
          vi: 'Chọn thôn cần mang theo (tài khoản không gắn với thôn nào)',
          en: 'Choose the village to take (the account is not tied to villages)',
        },
      },
    ]);
  const out: FieldVillage[] = [];
  for (const villageId of ids) {
    // One statement gives the village's place and both checks (as a household page does).
    const place = await villages.villagePlace(db, villageId, today);
    if (!place || !villages.placeInScope(actor.read, place))
      throw new AppError('NOT_FOUND', [
        { path: 'query.village', message: { vi: 'Không tìm thấy thôn', en: 'Village not found' } },
      ]);
    const commune = await units.currentVersion(db, place.communeCode);
    out.push({
      villageId,
      villageName: place.villageName,
      communeCode: place.communeCode,
      communeName: place.communeName,
      area: commune?.area === 'urban' ? 'urban' : commune?.area === 'rural' ? 'rural' : null,
      write: mayWritePlace(actor, place),
    });
  }
  return out;
}

/**
 * These registry households as a device holds them: current members, recognised class, latest Phiếu B and
 * any open conflict; personal data masked for roles without access to it.
 */
export async function asFieldHouseholds(
  tx: Queryable,
  actor: Actor,
  rows: readonly RegistryHousehold[],
  today: string,
  rounds?: RoundsOf,
): Promise<FieldHousehold[]> {
  const { stages } = rounds ?? (await openRoundsOf(tx, rows, today));
  const unmasked = can(actor.role, 'personal.read');
  const ids = rows.map((h) => h.householdId);
  const members = await fieldSync.currentMembersOf(tx, ids);
  const latest = await fieldSync.latestAssessments(tx, ids);
  const standings = await review.standingsOn(tx, ids, today);
  const conflicts = await fieldSync.conflictsInScope(tx, actor.read, today, {
    status: 'open',
    householdIds: ids,
  });
  const conflictOf = new Map(conflicts.map((c) => [c.householdId, c.conflictId]));
  const membersOf = new Map<string, FieldMember[]>();
  for (const m of members) {
    const list = membersOf.get(m.householdId) ?? [];
    // The household page's member, without the leaving (these are current members).
    const { leftAt: _leftAt, leftReason: _leftReason, ...current } = memberView(m, unmasked);
    list.push(current);
    membersOf.set(m.householdId, list);
  }
  return rows.map((h) => {
    const s = standings.get(h.householdId);
    const a = latest.get(h.householdId);
    return {
      householdId: h.householdId,
      villageId: h.villageId,
      version: h.version,
      headName: h.headName,
      address: h.address,
      ethnicity: h.ethnicity,
      isEthnicMinority: h.isEthnicMinority,
      personOfMerit: h.personOfMerit,
      socialProtection: h.socialProtection,
      noLabourCapacity: h.noLabourCapacity,
      members: membersOf.get(h.householdId) ?? [],
      recognised: s
        ? {
            class: s.cls as HouseholdClass | null,
            decisionNumber: s.decisionNumber,
            decisionDate: s.decisionDate,
          }
        : null,
      latestAssessment: a
        ? {
            assessmentId: a.assessmentId,
            standardId: a.standardId,
            surveyDate: a.surveyDate,
            incomePerCapita: unmasked && a.incomePerCapita !== null ? Number(a.incomePerCapita) : null,
            scoreA: a.scoreA,
            deficits: a.deficits,
            class: a.class as HouseholdClass,
          }
        : null,
      openConflictId: conflictOf.get(h.householdId) ?? null,
      round: stages.get(h.householdId) ?? null,
    };
  });
}

/**
 * The latest open review round of each commune these households live in, replayed, and where each household
 * stands in it (listed, surveyed, agreed…): the enumerator sees what is left to do in the village.
 */
type RoundsOf = Awaited<ReturnType<typeof openRoundsOf>>;

async function openRoundsOf(tx: Queryable, rows: readonly RegistryHousehold[], today: string) {
  const communes = new Set<string>();
  for (const villageId of new Set(rows.map((h) => h.villageId))) {
    const place = await registry.villageContext(tx, villageId, today);
    if (place) communes.add(place.communeCode);
  }
  const rounds: FieldSnapshot['rounds'] = [];
  const stages = new Map<string, NonNullable<FieldHousehold['round']>>();
  if (communes.size === 0) return { rounds, stages };
  const procedure = loadProcedure();
  const open = (await review.listRounds(tx, [...communes])).filter(
    (r): r is typeof r & { kind: 'periodic' | 'regular' } => r.status === 'open' && r.kind !== 'opening',
  );
  for (const code of communes) {
    const latest = open
      .filter((r) => r.communeCode === code)
      .sort((a, b) => (a.startDate < b.startDate ? 1 : a.startDate > b.startDate ? -1 : 0))[0];
    if (!latest) continue;
    rounds.push({
      roundId: latest.id,
      communeCode: code,
      kind: latest.kind,
      year: latest.year,
      startDate: latest.startDate,
    });
    const loaded = await loadRound(tx, procedure, latest.id);
    for (const h of Object.values(loaded?.state.households ?? {}))
      stages.set(h.householdId, {
        roundId: latest.id,
        kind: latest.kind,
        stage: h.stage,
        surveyClass: h.survey?.class ?? null,
        finalClass: h.finalClass,
      });
  }
  return { rounds, stages };
}

export async function fieldSnapshot(
  db: Queryable,
  actor: Actor,
  input: { villageIds: readonly string[] },
  context: { book: RuleBook; today: string },
): Promise<FieldSnapshot> {
  requirePermission(actor, 'registry.read');
  const { book, today } = context;
  const unmasked = can(actor.role, 'personal.read');
  return db.transaction(async (tx) => {
    const villages = await villagesFor(tx, actor, input.villageIds, today);
    const rows = await fieldSync.fieldHouseholds(tx, { villageIds: villages.map((v) => v.villageId) });
    const open = await openRoundsOf(tx, rows, today);
    const households = await asFieldHouseholds(tx, actor, rows, today, open);
    if (unmasked) {
      for (const v of villages)
        await recordAudit(tx, actor, {
          action: 'field.snapshot',
          entityType: 'village',
          entityId: v.villageId,
          unitCode: v.communeCode,
          after: { households: households.filter((h) => h.villageId === v.villageId).length },
        });
    }
    return {
      today,
      rounds: open.rounds,
      username: actor.username,
      personalDataMasked: !unmasked,
      standard: standardForYear(book, Number(today.slice(0, 4))) ?? null,
      villages,
      households,
      rules: ruleSourcesOf(book),
    };
  });
}
