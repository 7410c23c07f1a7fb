// Figures: roll-ups kept fresh at recognition and summed up the unit tree, entered figures, targets.
import type { Queryable } from '../database.ts';
import { placementSql } from './villages.ts';
import { latestStandingSql } from './review.ts';
import { addProfiles, profileOf, type DeficitProfile } from '../../domain/measures/deficit-profile.ts';
import type { EnteredFigure, TargetRow } from '../../domain/measures/figures-csv.ts';
import { addFlowTotals, flowTotalsOf, type FrozenResult } from '../../domain/measures/flow-totals.ts';
import { rate } from '../../domain/measures/rates.ts';
import type { FlowTotals } from '../../domain/review/flows.ts';

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
           poor_rate, near_poor_rate, source, entered_by, entered_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
         on conflict (unit_code, year, standard, grp) do update set total_households = excluded.total_households,
           poor_households = excluded.poor_households, near_poor_households = excluded.near_poor_households,
           poor_rate = excluded.poor_rate, near_poor_rate = excluded.near_poor_rate, source = excluded.source,
           entered_by = excluded.entered_by, entered_at = excluded.entered_at`,
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
        `insert into targets (unit_code, grp, year_from, year_to, indicator, kind, lower, upper, source, entered_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
         on conflict (unit_code, grp, year_from, year_to, indicator) do update set kind = excluded.kind,
           lower = excluded.lower, upper = excluded.upper, source = excluded.source,
           entered_at = excluded.entered_at`,
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
  /** The source in both languages: ours for derived figures, the publication's words (as entered) otherwise. */
  sourceText: { vi: string; en: string };
  derived: boolean;
  /** An entered rate as it was published (decimal text), for comparing within its rounding. */
  poorRateText?: string | null;
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
      poorRate: rate(d.poor, d.households),
      source: `Tổng hợp từ kết quả rà soát (${d.communes} xã) / derived from recognised rounds (${d.communes} communes)`,
      sourceText: {
        vi: `Tổng hợp từ kết quả rà soát (${d.communes} xã)`,
        en: `derived from recognised rounds (${d.communes} communes)`,
      },
      derived: true,
    })),
    ...entered.map((e) => ({
      year: e.year,
      standard: e.standard,
      households: e.total,
      poor: e.poor,
      nearPoor: e.nearPoor,
      poorRate: e.poorRate !== null ? Number(e.poorRate) : e.poor !== null ? rate(e.poor, e.total) : null,
      source: e.source,
      sourceText: { vi: e.source, en: e.source },
      derived: false,
      poorRateText: e.poorRate,
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

interface RollupValues {
  grp: string;
  households: number;
  poor: number;
  nearPoor: number;
  people: number;
  poorPeople: number;
  nearPoorPeople: number;
  deficitProfile: DeficitProfile;
  flows: FlowTotals;
  communes: number;
}

async function insertRollups(
  db: Queryable,
  unit: { code: string; validFrom: string },
  year: number,
  standard: string,
  rows: readonly RollupValues[],
): Promise<void> {
  if (rows.length === 0) return;
  // One statement for every group: the unit's rows are written together.
  const params: unknown[] = [unit.code, unit.validFrom, year, standard];
  const tuples = rows.map((r) => {
    const at = params.length;
    params.push(
      r.grp,
      r.households,
      r.poor,
      r.nearPoor,
      r.people,
      r.poorPeople,
      r.nearPoorPeople,
      JSON.stringify(r.deficitProfile),
      JSON.stringify(r.flows),
      r.communes,
    );
    const p = (i: number) => `$${at + i}`;
    return `($1, $2, $3, $4, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}::jsonb, ${p(9)}::jsonb, ${p(10)})`;
  });
  await db.query(
    `insert into rollups (unit_code, unit_valid_from, year, standard, grp, households, poor, near_poor, people,
       poor_people, near_poor_people, deficit_profile, flows, communes)
     values ${tuples.join(', ')}`,
    params,
  );
}

/** A commune's figures for one group, from its households on the date and the round's frozen results. */
function communeRollup(
  grp: string,
  present: readonly CommuneHousehold[],
  results: readonly CommuneResult[],
): RollupValues {
  let poor = 0;
  let nearPoor = 0;
  let people = 0;
  let poorPeople = 0;
  let nearPoorPeople = 0;
  for (const h of present) {
    people += h.people;
    if (h.finalClass === 'poor') {
      poor++;
      poorPeople += h.people;
    } else if (h.finalClass === 'near_poor') {
      nearPoor++;
      nearPoorPeople += h.people;
    }
  }
  return {
    grp,
    households: present.length,
    poor,
    nearPoor,
    people,
    poorPeople,
    nearPoorPeople,
    deficitProfile: profileOf(present),
    flows: flowTotalsOf(results),
    communes: 1,
  };
}

interface CommuneHousehold {
  finalClass: string | null;
  deficits: string[];
  ethnicMinority: boolean;
  people: number;
}
type CommuneResult = FrozenResult & { ethnicMinority: boolean };

/**
 * Recomputes a commune's roll-ups for a year and standard from its latest recognised round of that year,
 * then its ancestors' by summing their children's: the figures are fresh the moment a round is recognised.
 * Households, people and deficits are those living in the commune on the date (all of them: the
 * denominator of its rates; people are members who had not left by then); flows are the round's own,
 * frozen with its results (households that moved out after recognition still count in them).
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
    // No JIT compilation here: the households statement below is estimated (10 000 index probes per
    // commune, each counted at its worst) far above jit_above_cost, and compiling it took 1,3 s of a
    // 1,9 s refresh at 1 M households (EXPLAIN ANALYZE, bench/rollup.bench.ts) to save nothing on
    // index look-ups. Transaction-local, and put back at the end for the rest of a caller's transaction.
    const [jit] = await tx.query<{ was: string }>(
      `select current_setting('jit') as was, set_config('jit', 'off', true)`,
    );
    const commune = { code: input.communeCode, validFrom: input.communeValidFrom };
    // "Poor districts" is a territory: a commune formed after the 2025 reform belongs to it when it, one
    // of its predecessors (through lineage) or one of their parents is on the list for the date.
    const [facts] = await tx.query<{ area: string | null; poorDistrict: boolean }>(
      `with recursive preds as (
         select $1::text as code, $2::date as valid_from
         union
         select l.from_code, l.from_valid_from from unit_lineage l
         join preds p on l.to_code = p.code and l.to_valid_from = p.valid_from
       ),
       chain as (
         select u.* from admin_units u join preds p on u.code = p.code and u.valid_from = p.valid_from
         union all
         select p.* from admin_units p join chain c on p.code = c.parent_code and p.valid_from = c.parent_valid_from
       )
       select (select area from admin_units where code = $1 and valid_from = $2) as area,
         exists (select 1 from chain c join legal_list_entries e on e.unit_code = c.code and e.unit_valid_from = c.valid_from
                 where e.list_kind = $4 and e.period_from <= $3::date and (e.period_to is null or e.period_to >= $3::date))
           as "poorDistrict"`,
      [commune.code, commune.validFrom, input.date, input.poorDistrictList],
    );
    // The commune's villages on the date, then its households with the round's result where it has one:
    // two statements, so the households are found through their village index whatever the statistics.
    // Only villages that were ever under the commune can be placed in it (created under it, or assigned to
    // it at some time): both found through their commune indexes, then placed on the date, so the cost is
    // the commune's villages rather than every village of the country.
    const placed = (
      await tx.query<{ id: string }>(
        `select v.id from (select id from villages where commune_code = $1 and commune_valid_from = $2
                           union
                           select village_id from village_assignments where commune_code = $1 and commune_valid_from = $2) c
         join villages v on v.id = c.id
         left join lateral (select va.commune_code, va.commune_valid_from from village_assignments va
                            where va.village_id = v.id and va.effective <= $3::date order by va.effective desc limit 1) a on true
         where coalesce(a.commune_code, v.commune_code) = $1 and coalesce(a.commune_valid_from, v.commune_valid_from) = $2`,
        [commune.code, commune.validFrom, input.date],
      )
    ).map((v) => v.id);
    // Every household living in the commune counts with its standing: the class of its latest recognised
    // decision on the date (this round's for those it reviewed, carried forward for the others).
    const present = await tx.query<CommuneHousehold>(
      `select s.final_class as "finalClass", coalesce(s.deficits, '{}'::text[]) as deficits,
         h.is_ethnic_minority as "ethnicMinority",
         (select count(*)::int from members m
          where m.household_id = h.household_id and (m.left_at is null or m.left_at > $1::date)) as people
       from households h
       left join lateral (${latestStandingSql({
         columns: 'rr.final_class, rr.deficits',
         household: 'h.household_id',
         date: '$1::date',
       })}) s on true
       where h.village_id = any($2::uuid[]) and (h.dissolved_at is null or h.dissolved_at > $1::date)`,
      [input.date, placed],
    );
    const results = await tx.query<CommuneResult>(
      `select previous_class as "previousClass", final_class as "finalClass", transition, moved_in as "movedIn",
         is_ethnic_minority as "ethnicMinority"
       from review_results where round_id = $1`,
      [input.roundId],
    );
    const groups: [string, (x: { ethnicMinority: boolean }) => boolean][] = [
      ['all', () => true],
      ['ethnic_minority', (x) => x.ethnicMinority],
      [facts?.area === 'urban' ? 'urban' : 'rural', () => true],
    ];
    if (facts?.poorDistrict) groups.push(['poor_districts', () => true]);
    await tx.query(
      `delete from rollups where unit_code = $1 and unit_valid_from = $2 and year = $3 and standard = $4`,
      [commune.code, commune.validFrom, input.year, input.standard],
    );
    await insertRollups(
      tx,
      commune,
      input.year,
      input.standard,
      groups.map(([grp, within]) => communeRollup(grp, present.filter(within), results.filter(within))),
    );
    // Each ancestor, nearest first: the sum of its children's roll-ups, so children always add up to it.
    const ancestors = await tx.query<{ code: string; validFrom: string }>(
      `with recursive chain as (
         select u.parent_code as code, u.parent_valid_from as valid_from, 1 as depth
         from admin_units u where u.code = $1 and u.valid_from = $2
         union all
         select p.parent_code, p.parent_valid_from, c.depth + 1
         from admin_units p join chain c on p.code = c.code and p.valid_from = c.valid_from
         where p.parent_code is not null
       ) select code, valid_from as "validFrom" from chain where code is not null order by depth`,
      [commune.code, commune.validFrom],
    );
    for (const a of ancestors) {
      await tx.query(
        `delete from rollups where unit_code = $1 and unit_valid_from = $2 and year = $3 and standard = $4`,
        [a.code, a.validFrom, input.year, input.standard],
      );
      const children = await tx.query<RollupValues>(
        `select r.grp, r.households, r.poor, r.near_poor as "nearPoor", r.people, r.poor_people as "poorPeople",
           r.near_poor_people as "nearPoorPeople", r.deficit_profile as "deficitProfile", r.flows, r.communes
         from admin_units c join rollups r on r.unit_code = c.code and r.unit_valid_from = c.valid_from
         where c.parent_code = $1 and c.parent_valid_from = $2 and r.year = $3 and r.standard = $4`,
        [a.code, a.validFrom, input.year, input.standard],
      );
      await insertRollups(tx, a, input.year, input.standard, sumRollups(children));
    }
    await tx.query(`select set_config('jit', $1, true)`, [jit!.was]);
  });
}

/** Roll-ups summed per group: counts added, profiles and flows added field by field. */
export function sumRollups(rows: readonly RollupValues[]): RollupValues[] {
  const byGroup = new Map<string, RollupValues[]>();
  for (const r of rows) byGroup.set(r.grp, [...(byGroup.get(r.grp) ?? []), r]);
  return [...byGroup].map(([grp, list]) => {
    const sum = (f: (r: RollupValues) => number) => list.reduce((s, r) => s + f(r), 0);
    return {
      grp,
      households: sum((r) => r.households),
      poor: sum((r) => r.poor),
      nearPoor: sum((r) => r.nearPoor),
      people: sum((r) => r.people),
      poorPeople: sum((r) => r.poorPeople),
      nearPoorPeople: sum((r) => r.nearPoorPeople),
      deficitProfile: addProfiles(list.map((r) => r.deficitProfile)),
      flows: addFlowTotals(list.map((r) => r.flows)),
      communes: sum((r) => r.communes),
    };
  });
}

export interface StoredRollup extends RollupValues {
  unitCode: string;
  unitValidFrom: string;
  year: number;
  standard: string;
}

/**
 * A unit's roll-up for a year, standard and group; where the code names several versions, the one valid
 * on the date (the year's end, or today in the current year) or else the latest before it.
 */
export async function rollupOf(
  db: Queryable,
  input: { unitCode: string; year: number; standard: string; group: string; date: string },
): Promise<StoredRollup | undefined> {
  const [row] = await db.query<StoredRollup>(
    `select r.unit_code as "unitCode", r.unit_valid_from as "unitValidFrom", r.year, r.standard, r.grp,
       r.households, r.poor, r.near_poor as "nearPoor", r.people, r.poor_people as "poorPeople",
       r.near_poor_people as "nearPoorPeople", r.deficit_profile as "deficitProfile", r.flows, r.communes
     from rollups r
     where r.unit_code = $1 and r.year = $2 and r.standard = $3 and r.grp = $4
     order by (r.unit_valid_from <= $5::date) desc, r.unit_valid_from desc limit 1`,
    [input.unitCode, input.year, input.standard, input.group, input.date],
  );
  return row;
}

/**
 * The households living in each commune on the date, with their latest current assessment under the
 * standard (for the demo's review rounds: who is listed, surveyed with which class).
 */
export async function assessedHouseholdsByCommune(
  db: Queryable,
  input: { date: string; standard: string },
): Promise<
  {
    communeCode: string;
    communeValidFrom: string;
    householdId: string;
    villageId: string;
    cls: string | null;
    assessmentId: string | null;
  }[]
> {
  return db.query(
    `with placed as (${placementSql('$1')})
     select p.code as "communeCode", p.valid_from as "communeValidFrom", h.household_id as "householdId",
       h.village_id as "villageId", a.class as cls, a.assessment_id as "assessmentId"
     from households h join placed p on p.village_id = h.village_id
     left join lateral (select a.class, a.assessment_id from assessments a
                        where a.household_id = h.household_id and a.standard_id = $2 and a.superseded_at is null
                        order by a.survey_date desc, a.created_at desc limit 1) a on true
     where h.dissolved_at is null
     order by p.code, h.village_id, h.household_id`,
    [input.date, input.standard],
  );
}

/** Recognised periodic rounds of a year in the given communes, with the day they were recognised. */
export async function recognisedPeriodicRounds(
  db: Queryable,
  communeCodes: readonly string[],
  year: number,
): Promise<{ roundId: string; communeCode: string; communeValidFrom: string; recognisedOn: string }[]> {
  if (communeCodes.length === 0) return [];
  return db.query(
    // A join and GROUP BY rather than a subquery per round: review_results is distributed by household on
    // Citus, where a subquery correlated on round_id cannot be pushed to the shards.
    `select r.id as "roundId", r.commune_code as "communeCode", r.commune_valid_from as "communeValidFrom",
       max(rr.recognised_on) as "recognisedOn"
     from review_rounds r join review_results rr on rr.round_id = r.id
     where r.commune_code = any($1::text[]) and r.year = $2 and r.kind = 'periodic' and r.status <> 'open'
     group by r.id, r.commune_code, r.commune_valid_from
     order by r.commune_code, r.commune_valid_from`,
    [communeCodes, year],
  );
}

/** Roll-ups of a unit (the version valid on the date) and of its children, every group, for a year. */
export async function rollupsOfUnitAndChildren(
  db: Queryable,
  input: { unitCode: string; year: number; standard: string; date: string },
): Promise<{ code: string; grp: string; households: number; poor: number; nearPoor: number }[]> {
  return db.query(
    `with unit as (select code, valid_from from admin_units
                   where code = $1 and valid_from <= $4::date and (valid_to is null or valid_to >= $4::date)),
     units as (select code, valid_from from unit
               union all
               select c.code, c.valid_from from admin_units c join unit p on c.parent_code = p.code and c.parent_valid_from = p.valid_from)
     select r.unit_code as code, r.grp, r.households, r.poor, r.near_poor as "nearPoor"
     from rollups r join units u on u.code = r.unit_code and u.valid_from = r.unit_valid_from
     where r.year = $2 and r.standard = $3
     order by r.unit_code, r.grp`,
    [input.unitCode, input.year, input.standard, input.date],
  );
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
