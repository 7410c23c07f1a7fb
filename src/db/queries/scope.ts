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
    sql: `${scopeUnitsCte(codes, froms, on)},
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
 * `scope_units(code, valid_from)` (or another `name`): the unit versions given (arrays of codes and of
 * valid_from) and every unit under them in force on the date. Part of a `with recursive`.
 */
export function scopeUnitsCte(codes: string, froms: string, on: string, name = 'scope_units'): string {
  return `${name} as (
        select u.code, u.valid_from from admin_units u
        join unnest(${codes}::text[], ${froms}::date[]) as s(code, valid_from)
          on u.code = s.code and u.valid_from = s.valid_from
        union
        select c.code, c.valid_from from admin_units c
        join ${name} p on c.parent_code = p.code and c.parent_valid_from = p.valid_from
        where c.valid_from <= ${on}::date and (c.valid_to is null or c.valid_to >= ${on}::date)
      )`;
}

/**
 * Villages told by where they are placed: those placed on the date in a commune among `units`, or among
 * `villageIds`. What a household query filters on (`placedIn`), instead of the villages' ids: a province's
 * units are itself and its ≈ 100 communes, where its villages are thousands (6.716 at 1 M households), and
 * on Citus a list of thousands of ids, written into the statement each shard runs, made a commune list
 * 3 to 7 times slower than for the all-seeing scope (docs/scaling.md, "Status on Citus").
 */
export interface Placements {
  /** Unit versions, each with every unit under it (resolved by `scopedPlacements`). */
  units: readonly UnitRef[];
  villageIds: readonly string[];
}

/**
 * The scope as `Placements` on the date (null for an all-seeing scope: no filter at all), by one query over
 * admin_units, before the household query (Citus plans no recursive CTE beside the household tables).
 */
export async function scopedPlacements(
  db: Queryable,
  scope: ScopeSet,
  date: string,
): Promise<Placements | null> {
  if (scope.all) return null;
  const villageIds = [...new Set(scope.villageIds)].sort();
  if (scope.units.length === 0) return { units: [], villageIds };
  const units = await db.query<UnitRef>(
    `with recursive ${scopeUnitsCte('$1', '$2', '$3')}
     select distinct code, valid_from::text as "validFrom" from scope_units order by 1, 2`,
    [scope.units.map((u) => u.code), scope.units.map((u) => u.validFrom), date],
  );
  return { units, villageIds };
}

/**
 * A predicate keeping rows whose village, placed in the commune (`code`, `validFrom`: the columns of the
 * village's placement on the date, e.g. from `placementSql`), is in every one of `sets` (none: all
 * villages). `param` adds a parameter and gives its placeholder. The units as a hashed set ("is true":
 * PostgreSQL keeps it a filter on the placement instead of a join planned from a poor estimate).
 */
export function placedIn(
  columns: { code: string; validFrom: string; village: string },
  sets: readonly Placements[],
  param: (value: unknown) => string,
): string {
  const each = sets.map((set) => {
    const parts: string[] = [];
    if (set.units.length > 0) {
      parts.push(`((${columns.code}, ${columns.validFrom}) in (
        select u.code, u.valid_from
        from unnest(${param(set.units.map((u) => u.code))}::text[], ${param(set.units.map((u) => u.validFrom))}::date[])
          as u(code, valid_from))) is true`);
    }
    if (set.villageIds.length > 0)
      parts.push(`${columns.village} = any(${param([...set.villageIds])}::uuid[])`);
    return parts.length === 0 ? 'false' : parts.length === 1 ? parts[0]! : `(${parts.join(' or ')})`;
  });
  return each.length === 0 ? 'true' : each.join(' and ');
}

/**
 * The ids of the villages in the scope on the date, resolved by one query over the reference tables
 * (admin_units, villages, village_assignments); null for an all-seeing scope (no village filter at all).
 * Where the ids themselves are wanted, or a statement may take them instead of joining `scopedVillagesCte`
 * (Citus refuses a recursive CTE in the same statement as a distributed table); a household query over a
 * large scope is faster with `scopedPlacements` and `placedIn` (the registry's search and duplicates).
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
