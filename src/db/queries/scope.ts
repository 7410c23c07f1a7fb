// Access scope as SQL: the villages a set of units (with their descendants at a date) and villages covers.
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
