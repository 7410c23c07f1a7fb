// Reads for the report builders: roll-ups (with people, deficit profiles and flows), entered figures and
// output records of a set of unit versions, for one year and standard. Read only.
import type { Queryable } from '../database.ts';
import { unitColumns, type AdminUnit, type UnitRef } from './units.ts';

export interface RollupRecord {
  unitCode: string;
  unitValidFrom: string;
  group: string;
  households: number;
  poor: number;
  nearPoor: number;
  people: number;
  poorPeople: number;
  nearPoorPeople: number;
  /** DeficitProfile (src/domain/measures/deficit-profile.ts). */
  deficitProfile: unknown;
  /** FlowTotals (src/domain/review/flows.ts), {} when not kept. */
  flows: unknown;
  communes: number;
}

/** Roll-ups of the given unit versions for a year, standard and groups. */
export async function rollupsOf(
  db: Queryable,
  input: { units: readonly UnitRef[]; year: number; standard: string; groups: readonly string[] },
): Promise<RollupRecord[]> {
  if (input.units.length === 0) return [];
  return db.query<RollupRecord>(
    `select r.unit_code as "unitCode", r.unit_valid_from::text as "unitValidFrom", r.grp as "group",
       r.households, r.poor, r.near_poor as "nearPoor", r.people, r.poor_people as "poorPeople",
       r.near_poor_people as "nearPoorPeople", r.deficit_profile as "deficitProfile", r.flows, r.communes
     from rollups r
     join unnest($1::text[], $2::date[]) as u(code, valid_from)
       on u.code = r.unit_code and u.valid_from = r.unit_valid_from
     where r.year = $3 and r.standard = $4 and r.grp = any($5::text[])
     order by r.unit_code, r.grp`,
    [
      input.units.map((u) => u.code),
      input.units.map((u) => u.validFrom),
      input.year,
      input.standard,
      [...input.groups],
    ],
  );
}

export interface EnteredRecord {
  unitCode: string;
  group: string;
  totalHouseholds: number | null;
  poorHouseholds: number | null;
  nearPoorHouseholds: number | null;
  /** Percent as text (numeric), exact as entered. */
  poorRate: string | null;
  nearPoorRate: string | null;
  source: string;
}

/** Published figures entered for the given unit codes, year and standard. */
export async function enteredOf(
  db: Queryable,
  input: { codes: readonly string[]; year: number; standard: string; groups: readonly string[] },
): Promise<EnteredRecord[]> {
  if (input.codes.length === 0) return [];
  return db.query<EnteredRecord>(
    `select unit_code as "unitCode", grp as "group", total_households as "totalHouseholds",
       poor_households as "poorHouseholds", near_poor_households as "nearPoorHouseholds",
       poor_rate::text as "poorRate", near_poor_rate::text as "nearPoorRate", source
     from entered_figures
     where unit_code = any($1::text[]) and year = $2 and standard = $3 and grp = any($4::text[])
     order by unit_code, grp`,
    [[...input.codes], input.year, input.standard, [...input.groups]],
  );
}

/** Output records (Thông tư 10/2022 indicators) of a unit and every unit under it, summed per indicator and year. */
export async function outputsUnder(
  db: Queryable,
  input: { unit: UnitRef; yearFrom: number; yearTo: number },
): Promise<
  { indicator: string; year: number; planned: string | null; achieved: string | null; units: number }[]
> {
  return db.query(
    `with recursive below as (
       select code, valid_from from admin_units where code = $1 and valid_from = $2::date
       union
       select c.code, c.valid_from from admin_units c
       join below b on c.parent_code = b.code and c.parent_valid_from = b.valid_from
     )
     select o.indicator, o.year, sum(o.planned)::text as planned, sum(o.achieved)::text as achieved,
       count(*)::int as units
     from output_records o join below b on b.code = o.unit_code and b.valid_from = o.unit_valid_from
     where o.year between $3 and $4
     group by o.indicator, o.year order by o.indicator, o.year`,
    [input.unit.code, input.unit.validFrom, input.yearFrom, input.yearTo],
  );
}

/** The latest version of a unit code (for reports over years that may outlive or predate it). */
export async function latestUnitVersion(db: Queryable, code: string): Promise<AdminUnit | undefined> {
  const [u] = await db.query<AdminUnit>(
    `select ${unitColumns('u')} from admin_units u where u.code = $1 order by u.valid_from desc limit 1`,
    [code],
  );
  return u;
}
