// The household registry as use cases: search in scope, read (personal data masked by role, unmasked reads
// audited), create, change with optimistic concurrency, move, split and merge, the history of where a
// household lived and the national IDs held twice — each checked against the actor's scopes and every
// change audited in its own transaction, whichever door it came through.
import { households, registry, units, type Queryable } from '../db/index.ts';
import type { HouseholdChange, MemberChange, SearchRow } from '../db/queries/registry.ts';
import { can } from '../domain/access/roles.ts';
import {
  readableHousehold,
  readablePlacedHousehold,
  requireWritableVillage,
  unitInScope,
  writableHousehold,
} from './access.ts';
import { requirePermission, type Actor } from './actor.ts';
import { recordAudit, recordAudits } from './audit.ts';
import { AppError } from './errors.ts';
import { recordRead } from './read-audit.ts';
import {
  auditingRefusedReads,
  checkNationalIds,
  householdView,
  personalDataRead,
  staleHousehold,
  type HouseholdView,
} from './household-view.ts';

/** A member as a new household or an added member brings it. */
export type NewMember = MemberChange & { fullName: string };

export interface HouseholdSearch {
  name?: string | undefined;
  nationalId?: string | undefined;
  villageId?: string | undefined;
  communeCode?: string | undefined;
  status?: string | undefined;
  standardId?: string | undefined;
  page: number;
  pageSize: number;
}

/** Households in the actor's read scope matching every given filter, one page. */
export async function searchHouseholds(
  db: Queryable,
  actor: Actor,
  q: HouseholdSearch,
  today: string,
): Promise<{ total: number; totalCapped: boolean; page: number; pageSize: number; rows: SearchRow[] }> {
  requirePermission(actor, 'registry.read');
  // A national-ID search is a read of personal data: only roles that may see it can search by it.
  if (q.nationalId && !can(actor.role, 'personal.read')) throw new AppError('FORBIDDEN');
  const search = (tx: Queryable) =>
    registry.searchHouseholds(tx, {
      scope: actor.read,
      date: today,
      ...(q.name ? { name: q.name } : {}),
      ...(q.nationalId ? { nationalId: q.nationalId } : {}),
      ...(q.villageId ? { villageId: q.villageId } : {}),
      ...(q.communeCode ? { communeCode: q.communeCode } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.standardId ? { standardId: q.standardId } : {}),
      page: q.page,
      pageSize: q.pageSize,
    });
  // A list by place and a common name's search are several statements (the villages, their households
  // counted, the page): read from one snapshot, so that a household written meanwhile cannot shift the
  // page against its total.
  if (!q.nationalId)
    return db.transaction(async (tx) => ({ ...(await search(tx)), page: q.page, pageSize: q.pageSize }), {
      snapshot: true,
    });
  // A search by national ID reads personal data (it tells whose the number is): each household it finds is
  // an audited read, like opening the household's page.
  return db.transaction(async (tx) => {
    const result = await search(tx);
    await recordAudits(
      tx,
      actor,
      result.rows.map((r) => ({
        action: 'personal_data.search',
        entityType: 'household',
        entityId: r.householdId,
        householdId: r.householdId,
        unitCode: r.communeCode,
      })),
    );
    return { ...result, page: q.page, pageSize: q.pageSize };
  });
}

export interface UnitHouseholdsQuery {
  /** A province or a commune (today's units). */
  unitCode: string;
  /** The recognised class. */
  status?: string | undefined;
  /** The last household of the previous page (its id); null: from the first. */
  after: string | null;
  /** At most this many households. */
  limit: number;
}

/**
 * The households of a unit for other systems (GET /api/v1/units/{code}/households): the household search
 * (same rows, same scope, same personal data — none — for every role) over the unit and the units under it,
 * by id a page at a time after a cursor. The unit must be in the read scope, or, for a user scoped to
 * villages, hold one of them (the page then holds only those villages' households); 404 otherwise.
 */
export async function unitHouseholdPage(
  db: Queryable,
  actor: Actor,
  q: UnitHouseholdsQuery,
  today: string,
): Promise<{ unit: { code: string; name: string; level: string }; rows: SearchRow[]; more: boolean }> {
  requirePermission(actor, 'registry.read');
  const unit = await units.unitAt(db, q.unitCode, today);
  if (!unit) throw new AppError('NOT_FOUND');
  if (!(await unitInScope(db, actor.read, unit.code, today))) {
    let holdsAVillage = false;
    for (const v of actor.read.villageIds) {
      const commune = (await registry.villageContext(db, v, today))?.communeCode;
      if (commune && (await units.parentChain(db, commune, today)).some((u) => u.code === unit.code)) {
        holdsAVillage = true;
        break;
      }
    }
    if (!holdsAVillage) throw new AppError('NOT_FOUND');
  }
  const { rows } = await registry.searchHouseholds(db, {
    scope: actor.read,
    date: today,
    unit: { code: unit.code, validFrom: unit.validFrom },
    ...(q.status ? { status: q.status } : {}),
    keyset: { after: q.after },
    page: 1,
    pageSize: q.limit + 1,
  });
  return {
    unit: { code: unit.code, name: unit.name, level: unit.level },
    rows: rows.slice(0, q.limit),
    more: rows.length > q.limit,
  };
}

/**
 * One household with members and assessments; 404 outside the read scope. A read showing national IDs or
 * phone numbers is audited, and answered only once its entry is committed (with the other reads of the
 * moment, read-audit.ts: one transaction for many, instead of each read taking the province's chain in turn).
 */
export async function getHousehold(
  db: Queryable,
  actor: Actor,
  householdId: string,
  today: string,
): Promise<HouseholdView> {
  requirePermission(actor, 'registry.read');
  // One snapshot for the page's several statements: its members, assessments and standing as of one moment
  // (under READ COMMITTED each statement would see the writes committed before it).
  const view = await db.transaction(
    async (tx) => {
      const read = await readablePlacedHousehold(tx, actor, householdId, today);
      return householdView(tx, actor, householdId, today, read);
    },
    { snapshot: true },
  );
  const read = personalDataRead(view);
  if (read) await recordRead(db, actor, read);
  return view;
}

export interface CreateHouseholdInput {
  villageId: string;
  /** The day the household is recorded in the village; today when absent. */
  since?: string | undefined;
  headName: string;
  address?: string | null | undefined;
  ethnicity?: string | null | undefined;
  isEthnicMinority?: boolean | undefined;
  personOfMerit?: boolean | undefined;
  socialProtection?: boolean | undefined;
  noLabourCapacity?: boolean | undefined;
  members: NewMember[];
}

/** A new household in a village the actor may change; 409 when a member's national ID is taken. */
export async function createHousehold(
  db: Queryable,
  actor: Actor,
  input: CreateHouseholdInput,
  today: string,
): Promise<HouseholdView> {
  requirePermission(actor, 'registry.write');
  return auditingRefusedReads(db, actor, () =>
    db.transaction(async (tx) => {
      await requireWritableVillage(tx, actor, input.villageId, today);
      await checkNationalIds(tx, input.members, today);
      const created = await households.createHousehold(tx, {
        villageId: input.villageId,
        headName: input.headName,
        address: input.address ?? null,
        ethnicity: input.ethnicity ?? null,
        isEthnicMinority: input.isEthnicMinority ?? false,
        personOfMerit: input.personOfMerit ?? false,
        socialProtection: input.socialProtection ?? false,
        noLabourCapacity: input.noLabourCapacity ?? false,
        since: input.since ?? today,
        members: input.members.map((m) => ({ ...m, facts: m.facts ?? {} })),
      });
      const view = await householdView(tx, actor, created.householdId, today);
      await recordAudit(tx, actor, {
        action: 'household.create',
        entityType: 'household',
        entityId: created.householdId,
        householdId: created.householdId,
        unitCode: view.communeCode,
        after: input,
      });
      return view;
    }),
  );
}

export interface UpdateHouseholdInput {
  householdId: string;
  /** The version the client read; 409 with the current record when someone changed it since. */
  version: number;
  reason?: string | undefined;
  /** Only the fields present are changed (and audited). */
  change: HouseholdChange;
}

export async function updateHousehold(
  db: Queryable,
  actor: Actor,
  input: UpdateHouseholdInput,
  today: string,
): Promise<HouseholdView> {
  requirePermission(actor, 'registry.write');
  const { version, reason, change } = input;
  return auditingRefusedReads(db, actor, () =>
    db.transaction(async (tx) => {
      const before = await writableHousehold(tx, actor, input.householdId, today);
      const after = await registry.updateHousehold(tx, before.householdId, version, change);
      if (!after) return staleHousehold(tx, actor, before.householdId, version, today);
      const view = await householdView(tx, actor, before.householdId, today);
      const changed = Object.keys(change) as (keyof typeof change)[];
      await recordAudit(tx, actor, {
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
    }),
  );
}

export interface MoveHouseholdInput {
  householdId: string;
  version: number;
  toVillageId: string;
  /** Today when absent. */
  effective?: string | undefined;
  reason: string;
}

/** Moves a household to another village; both villages within the actor's write scope. */
export async function moveHousehold(
  db: Queryable,
  actor: Actor,
  input: MoveHouseholdInput,
  today: string,
): Promise<HouseholdView> {
  requirePermission(actor, 'registry.write');
  return auditingRefusedReads(db, actor, () =>
    db.transaction(async (tx) => {
      const before = await writableHousehold(tx, actor, input.householdId, today);
      await requireWritableVillage(tx, actor, input.toVillageId, today);
      const moved = await registry.moveHousehold(tx, {
        householdId: before.householdId,
        version: input.version,
        toVillageId: input.toVillageId,
        effective: input.effective ?? today,
        reason: input.reason,
      });
      if (!moved) return staleHousehold(tx, actor, before.householdId, input.version, today);
      const view = await householdView(tx, actor, before.householdId, today);
      await recordAudit(tx, actor, {
        action: 'household.move',
        entityType: 'household',
        entityId: before.householdId,
        householdId: before.householdId,
        unitCode: view.communeCode,
        before: { villageId: before.villageId, version: before.version },
        after: { villageId: input.toVillageId, version: view.version },
        reason: input.reason,
      });
      return view;
    }),
  );
}

export interface SplitHouseholdInput {
  householdId: string;
  version: number;
  memberNos: number[];
  headName: string;
  /** The new household's village; the old household's when absent. */
  villageId?: string | undefined;
  address?: string | null | undefined;
  effective?: string | undefined;
  reason: string;
}

/** Splits members off into a new household; answers the new household. */
export async function splitHousehold(
  db: Queryable,
  actor: Actor,
  input: SplitHouseholdInput,
  today: string,
): Promise<HouseholdView> {
  requirePermission(actor, 'registry.write');
  return auditingRefusedReads(db, actor, () =>
    db.transaction(async (tx) => {
      const from = await writableHousehold(tx, actor, input.householdId, today);
      if (input.villageId) await requireWritableVillage(tx, actor, input.villageId, today);
      const created = await registry.splitHousehold(tx, {
        householdId: from.householdId,
        version: input.version,
        memberNos: input.memberNos,
        headName: input.headName,
        ...(input.villageId ? { villageId: input.villageId } : {}),
        ...(input.address !== undefined ? { address: input.address } : {}),
        effective: input.effective ?? today,
        reason: input.reason,
      });
      if (!created) return staleHousehold(tx, actor, from.householdId, input.version, today);
      const view = await householdView(tx, actor, created.householdId, today);
      await recordAudit(tx, actor, {
        action: 'household.split',
        entityType: 'household',
        entityId: from.householdId,
        householdId: from.householdId,
        unitCode: view.communeCode,
        before: { version: from.version },
        after: { newHouseholdId: created.householdId, memberNos: input.memberNos, version: from.version + 1 },
        reason: input.reason,
      });
      return view;
    }),
  );
}

export interface MergeHouseholdsInput {
  /** The household that remains. */
  householdId: string;
  version: number;
  fromHouseholdId: string;
  fromVersion: number;
  effective?: string | undefined;
  reason: string;
}

/** Merges another household into this one (both writable); one audit entry for each. */
export async function mergeHouseholds(
  db: Queryable,
  actor: Actor,
  input: MergeHouseholdsInput,
  today: string,
): Promise<HouseholdView> {
  requirePermission(actor, 'registry.write');
  return auditingRefusedReads(db, actor, () =>
    db.transaction(async (tx) => {
      const into = await writableHousehold(tx, actor, input.householdId, today);
      const from = await writableHousehold(tx, actor, input.fromHouseholdId, today);
      const merged = await registry.mergeHouseholds(tx, {
        intoId: into.householdId,
        intoVersion: input.version,
        fromId: from.householdId,
        fromVersion: input.fromVersion,
        effective: input.effective ?? today,
        reason: input.reason,
      });
      if (!merged) {
        const stale = into.version !== input.version ? into.householdId : from.householdId;
        return staleHousehold(
          tx,
          actor,
          stale,
          stale === into.householdId ? input.version : input.fromVersion,
          today,
        );
      }
      const view = await householdView(tx, actor, into.householdId, today);
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
        await recordAudit(tx, actor, {
          action: 'household.merge',
          entityType: 'household',
          entityId: id,
          householdId: id,
          unitCode: view.communeCode,
          before,
          after,
          reason: input.reason,
        });
      }
      return view;
    }),
  );
}

/** Where a household lived (404 outside the read scope). */
export async function householdHistory(db: Queryable, actor: Actor, householdId: string, today: string) {
  requirePermission(actor, 'registry.read');
  await readableHousehold(db, actor, householdId, today);
  return registry.householdHistory(db, householdId);
}

/** National IDs held by several current members within the actor's read scope (personal data: 403 otherwise). */
export async function duplicateNationalIds(db: Queryable, actor: Actor, today: string) {
  requirePermission(actor, 'personal.read');
  // The list shows national IDs with their holders' names: a read of each listed household's personal
  // data, audited on it.
  return db.transaction(async (tx) => {
    const list = await registry.duplicateNationalIds(tx, actor.read, today);
    const listed = [...new Set(list.flatMap((d) => d.holders.map((h) => h.householdId)))];
    // Each listed household's commune in one statement (one per household made 200 round trips for a
    // list of 100 IDs: seconds on Citus).
    const communes = await registry.householdCommunes(tx, listed, today);
    const reads = listed.map((householdId) => ({
      action: 'personal_data.duplicates' as const,
      entityType: 'household',
      entityId: householdId,
      householdId,
      unitCode: communes.get(householdId) ?? null,
    }));
    await recordAudits(tx, actor, reads);
    return list;
  });
}
