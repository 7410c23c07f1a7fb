// Offline field work: the village snapshot a device takes (households, current members, current
// assessments in a few set-based queries, not one household at a time), the changes devices sent back, and
// the conflicts they raised.
import type { ConflictField } from '../../domain/field/changes.ts';
import type { Queryable } from '../database.ts';
import {
  HOUSEHOLD_COLUMNS,
  MEMBER_COLUMNS,
  type RegistryHousehold,
  type RegistryMember,
} from './registry.ts';
import { placedIn, scopedPlacements, type ScopeSet } from './scope.ts';
import { placementSql } from './villages.ts';

/**
 * The households living now in these villages, or these households (dissolved ones left out either way),
 * by village and head's name.
 */
export async function fieldHouseholds(
  db: Queryable,
  of: { villageIds: readonly string[] } | { householdIds: readonly string[] },
): Promise<RegistryHousehold[]> {
  const [column, ids] =
    'villageIds' in of ? ['village_id', of.villageIds] : ['household_id', of.householdIds];
  if (ids.length === 0) return [];
  return db.query<RegistryHousehold>(
    `select ${HOUSEHOLD_COLUMNS} from households h
     where h.${column} = any($1::uuid[]) and h.dissolved_at is null
     order by h.village_id, h.head_name, h.household_id`,
    [[...ids]],
  );
}

/** The current members (not left) of these households, by household and member number. */
export async function currentMembersOf(
  db: Queryable,
  householdIds: readonly string[],
): Promise<RegistryMember[]> {
  if (householdIds.length === 0) return [];
  return db.query<RegistryMember>(
    `select ${MEMBER_COLUMNS} from members m
     where m.household_id = any($1::uuid[]) and m.left_at is null
     order by m.household_id, m.member_no`,
    [[...householdIds]],
  );
}

export interface LatestAssessment {
  householdId: string;
  assessmentId: string;
  standardId: string;
  surveyDate: string;
  incomePerCapita: string | null;
  scoreA: number | null;
  deficits: string[];
  class: string;
}

/** Each household's latest current (not superseded) assessment: the last survey, then the last recorded. */
export async function latestAssessments(
  db: Queryable,
  householdIds: readonly string[],
): Promise<Map<string, LatestAssessment>> {
  if (householdIds.length === 0) return new Map();
  const rows = await db.query<LatestAssessment>(
    `select distinct on (a.household_id) a.household_id as "householdId", a.assessment_id as "assessmentId",
       a.standard_id as "standardId", a.survey_date::text as "surveyDate",
       a.income_per_capita::text as "incomePerCapita", a.score_a as "scoreA", a.deficits, a.class
     from assessments a
     where a.household_id = any($1::uuid[]) and a.superseded_at is null
     order by a.household_id, a.survey_date desc, a.created_at desc`,
    [[...householdIds]],
  );
  return new Map(rows.map((r) => [r.householdId, r]));
}

export interface SyncChangeRow {
  changeId: string;
  username: string;
  deviceId: string;
  householdId: string | null;
  outcome: 'applied' | 'conflict' | 'rejected';
  result: unknown;
}

export async function findSyncChange(db: Queryable, changeId: string): Promise<SyncChangeRow | undefined> {
  const [row] = await db.query<SyncChangeRow>(
    `select change_id as "changeId", username, device_id as "deviceId", household_id as "householdId",
       outcome, result from sync_changes where change_id = $1`,
    [changeId],
  );
  return row;
}

export async function recordSyncChange(db: Queryable, row: SyncChangeRow): Promise<void> {
  await db.query(
    `insert into sync_changes (change_id, username, device_id, household_id, outcome, result)
     values ($1, $2, $3, $4, $5, $6)`,
    [row.changeId, row.username, row.deviceId, row.householdId, row.outcome, JSON.stringify(row.result)],
  );
}

export interface ConflictRow {
  conflictId: string;
  householdId: string;
  changeId: string;
  raisedBy: string;
  deviceChangedAt: string;
  raisedAt: string;
  fields: ConflictField[];
  change: unknown;
  status: 'open' | 'resolved';
  resolvedBy: string | null;
  resolvedAt: string | null;
  choices: Record<string, 'device' | 'server'> | null;
}

const CONFLICT_COLUMNS = `c.conflict_id as "conflictId", c.household_id as "householdId", c.change_id as "changeId",
  c.raised_by as "raisedBy", c.device_changed_at as "deviceChangedAt", c.raised_at as "raisedAt", c.fields,
  c.change, c.status, c.resolved_by as "resolvedBy", c.resolved_at as "resolvedAt", c.choices`;

export async function insertConflict(
  db: Queryable,
  c: {
    householdId: string;
    changeId: string;
    raisedBy: string;
    deviceChangedAt: string;
    fields: ConflictField[];
    change: unknown;
  },
): Promise<string> {
  const [row] = await db.query<{ conflictId: string }>(
    `insert into sync_conflicts (household_id, change_id, raised_by, device_changed_at, fields, change)
     values ($1, $2, $3, $4, $5, $6) returning conflict_id as "conflictId"`,
    [
      c.householdId,
      c.changeId,
      c.raisedBy,
      c.deviceChangedAt,
      JSON.stringify(c.fields),
      JSON.stringify(c.change),
    ],
  );
  return row!.conflictId;
}

export async function getConflict(db: Queryable, conflictId: string): Promise<ConflictRow | undefined> {
  const [row] = await db.query<ConflictRow>(
    `select ${CONFLICT_COLUMNS} from sync_conflicts c where c.conflict_id = $1`,
    [conflictId],
  );
  return row;
}

/** Locks an open conflict for its resolution; undefined when it is not open (any more). */
export async function claimOpenConflict(db: Queryable, conflictId: string): Promise<ConflictRow | undefined> {
  const [row] = await db.query<ConflictRow>(
    `select ${CONFLICT_COLUMNS} from sync_conflicts c where c.conflict_id = $1 and c.status = 'open' for update`,
    [conflictId],
  );
  return row;
}

export async function markResolved(
  db: Queryable,
  conflictId: string,
  by: string,
  choices: Record<string, 'device' | 'server'>,
): Promise<void> {
  await db.query(
    `update sync_conflicts set status = 'resolved', resolved_by = $2, resolved_at = now(), choices = $3
     where conflict_id = $1`,
    [conflictId, by, JSON.stringify(choices)],
  );
}

export interface ConflictListRow extends ConflictRow {
  headName: string;
  villageId: string;
  villageName: string;
}

/** Conflicts of households living now in villages of the scope, newest first. */
export async function conflictsInScope(
  db: Queryable,
  scope: ScopeSet,
  date: string,
  filter: { status?: 'open' | 'resolved' | undefined; householdIds?: readonly string[] | undefined },
): Promise<ConflictListRow[]> {
  // The scope as its units' placements (scope.ts, `Placements`): a handful of communes rather than thousands
  // of village ids, filtered on the placement the statement joins (resolved first: Citus plans no recursive
  // CTE beside the household tables).
  const placements = await scopedPlacements(db, scope, date);
  const params: unknown[] = [date];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = placements
    ? [placedIn({ code: 'pl.code', validFrom: 'pl.valid_from', village: 'h.village_id' }, [placements], p)]
    : [];
  if (filter.status) where.push(`c.status = ${p(filter.status)}`);
  if (filter.householdIds) where.push(`c.household_id = any(${p([...filter.householdIds])}::uuid[])`);
  return db.query<ConflictListRow>(
    `select ${CONFLICT_COLUMNS}, h.head_name as "headName", h.village_id as "villageId", v.name as "villageName"
     from sync_conflicts c
     join households h on h.household_id = c.household_id
     join villages v on v.id = h.village_id
     join (${placementSql('$1')}) pl on pl.village_id = h.village_id
     where ${where.length > 0 ? where.join(' and ') : 'true'}
     order by c.raised_at desc, c.conflict_id
     limit 500`,
    params,
  );
}
