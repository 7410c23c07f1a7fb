// Access scope as SQL: the villages a set of units (with their descendants at a date) and villages covers.
import type { Queryable } from '../database.ts';
import type { UnitRef } from './units.ts';
import { placementSql } from './villages.ts';

/** What a user may see or change: everything, or units (covering their descendants) and single villages. */
export interface ScopeSet {
  all: boolean;
  units: readonly UnitRef[];
  villageIds: readonly string[];
}

export const EVERYTHING: ScopeSet = { all: true, units: [], villageIds: [] };

/**
 * A `with recursive` prefix defining `scoped_villages(village_id)`: villages placed (on the date) in a
 * commune under one of the scope's units, plus the scope's own villages. Parameters are numbered from
 * `first`: units' codes, their valid_from, village ids, the date. For an all-seeing scope, every village.
 * Only for statements over the reference tables (a recursive CTE beside a distributed table, `households`
 * and the others, is refused by Citus): household queries take `scopedVillageIds` instead.
 */
export function scopedVillagesCte(
  scope: ScopeSet,
  date: string,
  first: number,
): { sql: string; params: unknown[] } {
  const [codes, froms, villages, on] = [
    `$${first}`,
    `$${first + 1}`,
    `$${first + 2}`,
    `$${first + 3}`,
  ] as const;
  const params = [
    scope.units.map((u) => u.code),
    scope.units.map((u) => u.validFrom),
    [...scope.villageIds],
    date,
  ];
  if (scope.all) {
    // Same four parameters either way, so callers number theirs the same; here they only need types.
    return {
      sql: `scope_units as (select ${codes}::text[] as codes, ${froms}::date[] as froms, ${villages}::uuid[] as ids, ${on}::date as on_date),
      scoped_villages as (select v.id as village_id from villages v)`,
      params,
    };
  }
  return {
    sql: `scope_units as (
        select u.code, u.valid_from from admin_units u
        join unnest(${codes}::text[], ${froms}::date[]) as s(code, valid_from)
          on u.code = s.code and u.valid_from = s.valid_from
        union
        select c.code, c.valid_from from admin_units c
        join scope_units p on c.parent_code = p.code and c.parent_valid_from = p.valid_from
        where c.valid_from <= ${on}::date and (c.valid_to is null or c.valid_to >= ${on}::date)
      ),
      placed_now as (${placementSql(on)}),
      scoped_villages as (
        select pn.village_id from placed_now pn
        join scope_units su on su.code = pn.code and su.valid_from = pn.valid_from
        union
        select unnest(${villages}::uuid[])
      )`,
    params,
  };
}

/**
 * The ids of the villages in the scope on the date, resolved by one query over the reference tables
 * (admin_units, villages, village_assignments); null for an all-seeing scope (no village filter at all).
 * Household queries take these ids (`villageFilter`) instead of joining `scopedVillagesCte`: Citus refuses
 * a recursive CTE in the same statement as a distributed table (docs/scaling.md, "Status on Citus").
 */
export async function scopedVillageIds(
  db: Queryable,
  scope: ScopeSet,
  date: string,
): Promise<string[] | null> {
  if (scope.all) return null;
  if (scope.units.length === 0) return [...new Set(scope.villageIds)].sort();
  const cte = scopedVillagesCte(scope, date, 1);
  const rows = await db.query<{ id: string }>(
    `with recursive ${cte.sql} select distinct village_id as id from scoped_villages order by 1`,
    cte.params,
  );
  return rows.map((r) => r.id);
}

/**
 * The villages of both lists (null: all villages), for a scope narrowed by a unit or a village list.
 */
export function bothVillageLists(a: readonly string[] | null, b: readonly string[] | null): string[] | null {
  if (a === null) return b === null ? null : [...b];
  if (b === null) return [...a];
  const inB = new Set(b);
  return a.filter((id) => inB.has(id));
}

/**
 * A predicate keeping rows whose `column` is one of the villages (from `scopedVillageIds`); `param` adds a
 * parameter and gives its placeholder. All villages (null): no filter.
 */
export function villageFilter(
  column: string,
  villages: readonly string[] | null,
  param: (value: unknown) => string,
): string {
  return villages === null ? 'true' : `${column} = any(${param([...villages])}::uuid[])`;
}
