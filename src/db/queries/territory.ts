// A unit's territory across the 2025 reform, as SQL common table expressions shared by the money, works,
// outputs and production-project queries (docs/adr/0005-programme-money.md).

/**
 * `territory_walk`: the unit version and, transitively, every predecessor version that went into it whole
 * (lineage edges with all_population: 'whole' or 'unchanged'), with the depth of the walk.
 * Parameters: $1 code, $2 valid_from. Use after `with recursive`.
 */
export const TERRITORY_WALK_SQL = `
  territory_walk(code, valid_from, depth) as (
    select u.code, u.valid_from, 0 from admin_units u where u.code = $1 and u.valid_from = $2::date
    union
    select l.from_code, l.from_valid_from, t.depth + 1 from territory_walk t
    join unit_lineage l on l.to_code = t.code and l.to_valid_from = t.valid_from and l.all_population
    where t.depth < 20
  )`;

/**
 * `territory_walk` as above, then `below`: every version under a territory version through the dated
 * parent links — so a row counts under the units above it on its own date — with `bucket`: the version
 * directly under the territory version it belongs to (or that version itself).
 * Parameters: $1 code, $2 valid_from. Use after `with recursive`.
 */
export const TERRITORY_SQL = `${TERRITORY_WALK_SQL},
  below(code, valid_from, bucket_code, bucket_from, depth) as (
    select distinct code, valid_from, code, valid_from, 0 from territory_walk
    union all
    select c.code, c.valid_from,
      case when b.depth = 0 then c.code else b.bucket_code end,
      case when b.depth = 0 then c.valid_from else b.bucket_from end,
      b.depth + 1
    from below b join admin_units c on c.parent_code = b.code and c.parent_valid_from = b.valid_from
    where b.depth < 5
  )`;
