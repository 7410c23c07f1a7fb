// Figures: roll-ups kept fresh at recognition and summed up the unit tree, entered figures, targets.
import type { Queryable } from '../database.ts';
import type { EnteredFigure, TargetRow } from '../../domain/measures/figures-csv.ts';

export interface UnitVersionSpan {
  code: string;
  validFrom: string;
  validTo: string | null;
}

/** Every unit version's code and validity, to check codes in bulk without a query per row. */
export async function unitSpans(db: Queryable): Promise<UnitVersionSpan[]> {
  return db.query<UnitVersionSpan>(
    `select code, valid_from as "validFrom", valid_to as "validTo" from admin_units`,
  );
}

export async function upsertEnteredFigures(
  db: Queryable,
  rows: readonly EnteredFigure[],
  by: string | null,
): Promise<number> {
  return db.transaction(async (tx) => {
    for (const r of rows) {
      await tx.query(
        `insert into entered_figures (unit_code, year, standard, grp, total_households, poor_households, near_poor_households,
           poor_rate, near_poor_rate, source, entered_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         on conflict (unit_code, year, standard, grp) do update set total_households = excluded.total_households,
           poor_households = excluded.poor_households, near_poor_households = excluded.near_poor_households,
           poor_rate = excluded.poor_rate, near_poor_rate = excluded.near_poor_rate, source = excluded.source,
           entered_by = excluded.entered_by, entered_at = now()`,
        [
          r.unit,
          r.year,
          r.standard,
          r.group,
          r.totalHouseholds,
          r.poorHouseholds,
          r.nearPoorHouseholds,
          r.poorRate === null ? null : String(r.poorRate),
          r.nearPoorRate === null ? null : String(r.nearPoorRate),
          r.source,
          by,
        ],
      );
    }
    return rows.length;
  });
}

export async function upsertTargets(db: Queryable, rows: readonly TargetRow[]): Promise<number> {
  return db.transaction(async (tx) => {
    for (const r of rows) {
      await tx.query(
        `insert into targets (unit_code, grp, year_from, year_to, indicator, kind, lower, upper, source)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (unit_code, grp, year_from, year_to, indicator) do update set kind = excluded.kind,
           lower = excluded.lower, upper = excluded.upper, source = excluded.source, entered_at = now()`,
        [
          r.unit,
          r.group,
          r.yearFrom,
          r.yearTo,
          r.indicator,
          r.kind,
          r.lower === null ? null : String(r.lower),
          r.upper === null ? null : String(r.upper),
          r.source,
        ],
      );
    }
    return rows.length;
  });
}

export interface FigureRow {
  year: number;
  standard: string;
  households: number | null;
  poor: number | null;
  nearPoor: number | null;
  poorRate: number | null;
  source: string;
  derived: boolean;
}

/** A unit's figures by year and standard for a group: derived roll-ups and entered figures, both. */
export async function figuresOf(db: Queryable, unitCode: string, group: string): Promise<FigureRow[]> {
  const derived = await db.query<{
    year: number;
    standard: string;
    households: number;
    poor: number;
    nearPoor: number;
    communes: number;
  }>(
    `select year, standard, households, poor, near_poor as "nearPoor", communes from rollups
     where unit_code = $1 and grp = $2 order by year, standard`,
    [unitCode, group],
  );
  const entered = await db.query<{
    year: number;
    standard: string;
    total: number | null;
    poor: number | null;
    nearPoor: number | null;
    poorRate: string | null;
    source: string;
  }>(
    `select year, standard, total_households as total, poor_households as poor, near_poor_households as "nearPoor",
       poor_rate::text as "poorRate", source from entered_figures where unit_code = $1 and grp = $2 order by year, standard`,
    [unitCode, group],
  );
  return [
    ...derived.map((d) => ({
      year: d.year,
      standard: d.standard,
      households: d.households,
      poor: d.poor,
      nearPoor: d.nearPoor,
      poorRate: d.households > 0 ? (d.poor / d.households) * 100 : null,
      source: `Tổng hợp từ kết quả rà soát (${d.communes} xã) / derived from recognised rounds (${d.communes} communes)`,
      derived: true,
    })),
    ...entered.map((e) => ({
      year: e.year,
      standard: e.standard,
      households: e.total,
      poor: e.poor,
      nearPoor: e.nearPoor,
      poorRate:
        e.poorRate !== null
          ? Number(e.poorRate)
          : e.total && e.poor !== null
            ? (e.poor / e.total) * 100
            : null,
      source: e.source,
      derived: false,
    })),
  ];
}

export async function targetsOf(db: Queryable, unitCode: string, group: string) {
  return db.query<{
    yearFrom: number;
    yearTo: number;
    kind: 'reduction_pp' | 'max_level';
    lower: string | null;
    upper: string | null;
    source: string;
  }>(
    `select year_from as "yearFrom", year_to as "yearTo", kind, lower::text as lower, upper::text as upper, source
     from targets where unit_code = $1 and grp = $2 and indicator = 'poor_rate' order by year_from`,
    [unitCode, group],
  );
}

/**
 * Recomputes a commune's roll-ups for a year and standard from its latest recognised round of that year,
 * then its ancestors' by summing their communes: the figures are fresh the moment a round is recognised.
 */
export async function refreshRollups(
  db: Queryable,
  input: {
    roundId: string;
    communeCode: string;
    communeValidFrom: string;
    year: number;
    standard: string;
    date: string;
    poorDistrictList: string;
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `delete from rollups where unit_code = $1 and unit_valid_from = $2 and year = $3 and standard = $4`,
      [input.communeCode, input.communeValidFrom, input.year, input.standard],
    );
    // The commune's households on the date (all of them: the denominator of its rates) and the round's classes.
    await tx.query(
      `with recursive commune as (select * from admin_units where code = $1 and valid_from = $2),
       placed as (
         select v.id from villages v
         left join lateral (select va.commune_code, va.commune_valid_from from village_assignments va
                            where va.village_id = v.id and va.effective <= $5::date order by va.effective desc limit 1) a on true
         where coalesce(a.commune_code, v.commune_code) = $1 and coalesce(a.commune_valid_from, v.commune_valid_from) = $2
       ),
       hh as (
         select h.household_id, h.is_ethnic_minority, rr.final_class
         from households h left join review_results rr on rr.household_id = h.household_id and rr.round_id = $6
         where h.village_id in (select id from placed) and h.dissolved_at is null
       ),
       chain as (
         select u.* from admin_units u where u.code = $1 and u.valid_from = $2
         union all
         select p.* from admin_units p join chain c on p.code = c.parent_code and p.valid_from = c.parent_valid_from
       ),
       in_poor_district as (
         select exists (select 1 from chain c join legal_list_entries e on e.unit_code = c.code and e.unit_valid_from = c.valid_from
                        where e.list_kind = $7 and e.period_from <= $5::date and (e.period_to is null or e.period_to >= $5::date)) as yes
       ),
       groups as (
         select 'all' as grp, true as member_of
         union all select 'ethnic_minority', null
         union all select case when (select area from commune) = 'urban' then 'urban' else 'rural' end, true
         union all select 'poor_districts', true where (select yes from in_poor_district)
       )
       insert into rollups (unit_code, unit_valid_from, year, standard, grp, households, poor, near_poor, communes)
       select $1, $2, $3, $4, g.grp,
         count(hh.household_id) filter (where g.member_of or hh.is_ethnic_minority)::int,
         count(hh.household_id) filter (where (g.member_of or hh.is_ethnic_minority) and hh.final_class = 'poor')::int,
         count(hh.household_id) filter (where (g.member_of or hh.is_ethnic_minority) and hh.final_class = 'near_poor')::int,
         1
       from groups g left join hh on true
       group by g.grp`,
      [
        input.communeCode,
        input.communeValidFrom,
        input.year,
        input.standard,
        input.date,
        input.roundId,
        input.poorDistrictList,
      ],
    );
    // Each ancestor: the sum over the communes below it that have a roll-up for this year and standard.
    const ancestors = await tx.query<{ code: string; validFrom: string }>(
      `with recursive chain as (
         select u.parent_code as code, u.parent_valid_from as valid_from from admin_units u where u.code = $1 and u.valid_from = $2
         union all
         select p.parent_code, p.parent_valid_from from admin_units p join chain c on p.code = c.code and p.valid_from = c.valid_from
         where p.parent_code is not null
       ) select code, valid_from as "validFrom" from chain where code is not null`,
      [input.communeCode, input.communeValidFrom],
    );
    for (const a of ancestors) {
      await tx.query(
        `delete from rollups where unit_code = $1 and unit_valid_from = $2 and year = $3 and standard = $4`,
        [a.code, a.validFrom, input.year, input.standard],
      );
      await tx.query(
        `with recursive below as (
           select c.code, c.valid_from, c.level from admin_units c where c.parent_code = $1 and c.parent_valid_from = $2
           union all
           select c.code, c.valid_from, c.level from admin_units c join below b on c.parent_code = b.code and c.parent_valid_from = b.valid_from
         )
         insert into rollups (unit_code, unit_valid_from, year, standard, grp, households, poor, near_poor, communes)
         select $1, $2, $3, $4, r.grp, sum(r.households)::int, sum(r.poor)::int, sum(r.near_poor)::int, sum(r.communes)::int
         from rollups r join below b on b.code = r.unit_code and b.valid_from = r.unit_valid_from and b.level = 'commune'
         where r.year = $3 and r.standard = $4
         group by r.grp`,
        [a.code, a.validFrom, input.year, input.standard],
      );
    }
  });
}

/** The derived figures of a unit's children for a year and standard (for ranking and public tables). */
export async function childRollups(
  db: Queryable,
  input: { unitCode: string; year: number; standard: string; group: string; date: string },
): Promise<{ code: string; name: string; households: number; poor: number; nearPoor: number }[]> {
  return db.query(
    `select c.code, c.name, r.households, r.poor, r.near_poor as "nearPoor"
     from admin_units p
     join admin_units c on c.parent_code = p.code and c.parent_valid_from = p.valid_from
     join rollups r on r.unit_code = c.code and r.unit_valid_from = c.valid_from
     where p.code = $1 and p.valid_from <= $5::date and (p.valid_to is null or p.valid_to >= $5::date)
       and r.year = $2 and r.standard = $3 and r.grp = $4
     order by c.code`,
    [input.unitCode, input.year, input.standard, input.group, input.date],
  );
}
