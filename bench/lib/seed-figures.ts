// A figure series for the read benchmark's figures workload: a database filled by bench/data/generate.ts
// holds households but no figures, and the figures endpoint then answered an empty series (75 bytes) — a
// measure of nothing. This enters what a province holds after a few years of use, for the province and
// each of its communes: published figures for 2016–2025 under the standard of each year (2021 under both,
// the series' break) and the derived roll-up of the current assessments for 2025, so that the answer has its
// rows, its break and its comparison of derived with entered figures. Values come from the generated
// households (2025) and a made-up decline before; the source says they are benchmark values.
import { figures, type Database } from '../../src/db/index.ts';
import type { EnteredFigure } from '../../src/domain/measures/figures-csv.ts';

const SOURCE = 'số liệu đo hiệu năng / benchmark value';
const OLD = 'QD59_2015';
const NEW = 'ND07_2021';

/** Enters the series when the province has none yet (a second run leaves it as it is); answers rows entered. */
export async function seedBenchFigures(db: Database, province: string): Promise<number> {
  const [had] = await db.query<{ n: number }>(
    `select count(*)::int as n from entered_figures where unit_code = $1 and grp = 'all'`,
    [province],
  );
  if (had!.n > 0) return 0;
  // The province's current version and its communes, with their households by current class.
  const counts = await db.query<{
    code: string;
    validFrom: string;
    total: number;
    poor: number;
    near: number;
  }>(
    `with units as (
       select code, valid_from from admin_units where code = $1 and valid_to is null
       union all
       select c.code, c.valid_from from admin_units c join admin_units p
         on p.code = c.parent_code and p.valid_from = c.parent_valid_from
       where p.code = $1 and p.valid_to is null and c.valid_to is null),
     by_commune as (
       select v.commune_code as code, count(*)::int as total,
         count(*) filter (where a.class = 'poor')::int as poor,
         count(*) filter (where a.class = 'near_poor')::int as near
       from households h join villages v on v.id = h.village_id
       left join assessments a on a.household_id = h.household_id and a.superseded_at is null
       where h.dissolved_at is null group by 1)
     select u.code, u.valid_from::text as "validFrom",
       coalesce(case when u.code = $1 then (select sum(total) from by_commune) else b.total end, 0)::int as total,
       coalesce(case when u.code = $1 then (select sum(poor) from by_commune) else b.poor end, 0)::int as poor,
       coalesce(case when u.code = $1 then (select sum(near) from by_commune) else b.near end, 0)::int as near
     from units u left join by_commune b on b.code = u.code`,
    [province],
  );
  const rows: EnteredFigure[] = [];
  for (const u of counts) {
    if (u.total === 0) continue;
    const rate2025 = (100 * u.poor) / u.total;
    // A decline of 2,2 points a year under the 2021 standard; the older standard counted fewer poor.
    const rateOf = (year: number, standard: string) =>
      Math.min(
        95,
        standard === NEW ? rate2025 + 2.2 * (2025 - year) : 0.6 * (rate2025 + 8.8) + 2.5 * (2021 - year),
      );
    const years: [number, string][] = [
      ...[2016, 2017, 2018, 2019, 2020, 2021].map((y): [number, string] => [y, OLD]),
      ...[2021, 2022, 2023, 2024, 2025].map((y): [number, string] => [y, NEW]),
    ];
    for (const [year, standard] of years) {
      const rate = Math.round(rateOf(year, standard) * 100) / 100;
      rows.push({
        unit: u.code,
        year,
        standard,
        group: 'all',
        totalHouseholds: u.total,
        poorHouseholds: Math.round((u.total * rate) / 100),
        nearPoorHouseholds: null,
        poorRate: rate,
        nearPoorRate: null,
        source: SOURCE,
      });
    }
  }
  await figures.upsertEnteredFigures(db, rows, null);
  // The derived roll-up of 2025, as a recognition would have left it (the province sums its communes).
  await db.query(
    `insert into rollups (unit_code, unit_valid_from, year, standard, grp, households, poor, near_poor, communes)
     select code, valid_from::date, 2025, $2, 'all', total, poor, near, communes
     from unnest($1::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[])
       as x(code, valid_from, total, poor, near, communes)
     on conflict do nothing`,
    [
      counts.map((u) => u.code),
      NEW,
      counts.map((u) => u.validFrom),
      counts.map((u) => u.total),
      counts.map((u) => u.poor),
      counts.map((u) => u.near),
      counts.map((u) => (u.code === province ? counts.length - 1 : 1)),
    ],
  );
  return rows.length;
}
