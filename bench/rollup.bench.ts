// Roll-up freshness (issue 14, item 4): the time from a commune's round being recognised to the figures
// showing it — refreshRollups for that commune (its villages, households, members not left, results and
// flows for its four groups, then the province as the sum of its children) and the province's roll-up read
// back — at N households, on PostgreSQL and PGlite. Goal ≤ 1 s. Either on a database filled by
// bench/data/generate.ts (the recognised round is added to its largest commune of province 19), or, with
// `load`, on a scratch database filled here with SQL (N households in the communes of Thái Nguyên). The
// reference shown beside it (not a goal) is `select count(*) from households` in the same run.
// Run through bench/run.ts (`npm run bench -- --only freshness`).
import { figures, migrate, type Database } from '../src/db/index.ts';
import { ensureReferenceData } from '../src/services/reference-data.ts';
import { book } from '../test/support/rules.ts';
import { median, time, type BenchContext } from './lib/context.ts';
import { result, type BenchResult } from './lib/results.ts';

const VILLAGES_PER_COMMUNE = 6;
const PROVINCE = '19';
const DATE = '2026-11-20';
const YEAR = 2026;

export interface FreshnessOptions {
  db: Database;
  engine: string;
  /** Fill the (empty) database with this many households first. */
  load?: number;
  runs?: number;
  name?: string;
}

export async function freshnessBench(ctx: BenchContext, o: FreshnessOptions): Promise<BenchResult[]> {
  const { db } = o;
  const RUNS = o.runs ?? 5;
  let loadMs: number | null = null;
  if (o.load !== undefined) {
    await migrate(db);
    await ensureReferenceData(db);
    loadMs = (await time(() => loadHouseholds(db, o.load!)))[1];
    await db.query('analyze'); // statistics, as autovacuum would keep on a server
  }
  // The commune of the province with most households gets the recognised round (a previous run's removed).
  const [top] = await db.query<{ code: string; validFrom: string }>(
    `select v.commune_code as code, v.commune_valid_from::text as "validFrom"
     from households h join villages v on v.id = h.village_id join admin_units c
       on c.code = v.commune_code and c.valid_from = v.commune_valid_from and c.parent_code = $1
     group by 1, 2 order by count(*) desc, 1 limit 1`,
    [PROVINCE],
  );
  const COMMUNE = top!.code;
  await db.query(
    `delete from review_results where round_id in (select id from review_rounds where commune_code = $1 and year = $2)`,
    [COMMUNE, YEAR],
  );
  await db.query(`delete from review_rounds where commune_code = $1 and year = $2`, [COMMUNE, YEAR]);
  // The commune's recognised round: every household with a result (one in four poor, one in eight
  // near-poor), deficits drawn from the standard's indicators.
  const codes = book.standards.get('ND07_2021')!.indicators.map((i) => i.code);
  const [round] = await db.query<{ id: string }>(
    `insert into review_rounds (commune_code, commune_valid_from, kind, year, status)
     select code, valid_from, 'periodic', ${YEAR}, 'recognised' from admin_units where code = $1 and valid_to is null
     returning id`,
    [COMMUNE],
  );
  await db.query(
    `insert into review_results (household_id, round_id, village_id, previous_class, final_class, transition, deficits,
       is_ethnic_minority, person_of_merit, social_protection, no_labour_capacity, recognised_on)
     select h.household_id, $1, h.village_id, null, cls, case when cls in ('poor', 'near_poor') then 'new_' || cls else 'unchanged' end,
       (select coalesce(array_agg(c order by c), '{}') from unnest($2::text[]) with ordinality u(c, i)
        where (abs(hashtext(h.household_id::text)) >> i::int) % 3 = 0),
       h.is_ethnic_minority, false, false, false, $3
     from (select h.*, case abs(hashtext(h.household_id::text)) % 8 when 0 then 'poor' when 1 then 'poor' when 2 then 'near_poor' else 'not_poor' end as cls
           from households h join villages v on v.id = h.village_id where v.commune_code = $4) h`,
    [round!.id, codes, DATE, COMMUNE],
  );
  const [counts] = await db.query<{ households: number; members: number; inCommune: number }>(
    `select (select count(*)::int from households) as households, (select count(*)::int from members) as members,
       (select count(*)::int from review_results where round_id = $1) as "inCommune"`,
    [round!.id],
  );
  ctx.log(
    `freshness ${o.engine}: ${counts!.households.toLocaleString('en-US')} households, ` +
      `${counts!.members.toLocaleString('en-US')} members${loadMs === null ? '' : ` (loaded in ${(loadMs / 1000).toFixed(1)} s)`}; ` +
      `${counts!.inCommune.toLocaleString('en-US')} households in commune ${COMMUNE}`,
  );
  const refresh = () =>
    figures.refreshRollups(db, {
      roundId: round!.id,
      communeCode: COMMUNE,
      communeValidFrom: top!.validFrom,
      year: YEAR,
      standard: 'ND07_2021',
      date: DATE,
      poorDistrictList: 'poor_district_2021_2025',
    });
  // Recognised → shown: the refresh, then the province's figure read back as the figures endpoint reads it.
  const recognisedToShown = async () => {
    await refresh();
    const [row] = await db.query<{ households: number; poor: number }>(
      `select households, poor from rollups where unit_code = $1 and year = $2 and grp = 'all'`,
      [PROVINCE, YEAR],
    );
    if (!row) throw new Error('freshness: no roll-up for the province after the refresh');
    return row;
  };
  const reference = () => db.query(`select count(*)::int from households`);
  await recognisedToShown(); // warm-up
  await reference();
  const fresh: number[] = [];
  const ref: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    fresh.push((await time(recognisedToShown))[1]);
    ref.push((await time(reference))[1]);
  }
  ctx.log(
    `freshness ${o.engine}: median ${median(fresh).toFixed(0)} ms (runs ${fresh.map((x) => x.toFixed(0)).join(', ')}); ` +
      `count(*) of all households ${median(ref).toFixed(0)} ms`,
  );
  return [
    result({
      name: o.name ?? `freshness.${o.engine}`,
      n: counts!.households,
      ours: median(fresh),
      goal: 1000,
      better: 'lower',
      unit: 'ms',
      detail: {
        engine: o.engine,
        commune: COMMUNE,
        householdsInCommune: counts!.inCommune,
        members: counts!.members,
        runsMs: fresh.map((x) => Math.round(x)),
        countAllHouseholdsMs: Math.round(median(ref)),
        ...(loadMs === null ? {} : { loadSeconds: Math.round(loadMs / 1000) }),
      },
    }),
  ];
}

/**
 * Villages in every current commune of the province, households spread evenly over them (one in three of an
 * ethnic minority), 1–6 members each, one in ten having left a member: bulk SQL, no rule engine.
 */
async function loadHouseholds(db: Database, households: number): Promise<void> {
  await db.query(
    `insert into villages (commune_code, commune_valid_from, name, kind)
     select c.code, c.valid_from, 'Thôn ' || n, 'thon'
     from admin_units c cross join generate_series(1, $2::int) n
     where c.parent_code = $1 and c.level = 'commune' and c.valid_to is null`,
    [PROVINCE, VILLAGES_PER_COMMUNE],
  );
  const batch = 100_000;
  for (let from = 1; from <= households; from += batch) {
    const to = Math.min(households, from + batch - 1);
    await db.query(
      `with v as (select id, row_number() over (order by id) - 1 as n, count(*) over () as total from villages)
       insert into households (village_id, head_name, is_ethnic_minority)
       select v.id, 'Hộ ' || g, g % 3 = 0 from generate_series($1::int, $2::int) g join v on v.n = g % v.total`,
      [from, to],
    );
  }
  await db.query(
    `insert into members (household_id, member_no, full_name, left_at)
     select h.household_id, m, 'Người ' || m, case when m = 1 and abs(hashtext(h.household_id::text)) % 10 = 0 then '2026-01-01'::date end
     from households h cross join lateral generate_series(1, 1 + abs(hashtext(h.household_id::text)) % 6) m`,
  );
}
