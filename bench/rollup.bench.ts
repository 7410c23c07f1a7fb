// Roll-up freshness: with BENCH_HOUSEHOLDS (default 1,000,000) households and their members loaded in
// the communes of Thái Nguyên, the time refreshRollups takes after one commune's round is recognised
// (the commune's households, members and results, then its province summed from its children), against
// a reference measured in the same run: a count(*) over all households. A benchmark, not a test:
// `node --import tsx bench/rollup.bench.ts` (BENCH_DATABASE_URL=postgres://… for PostgreSQL: a scratch
// database is created there and dropped); record the numbers in bench/RESULTS.md.
import { cpus, totalmem } from 'node:os';
import { figures, migrate, openDatabase, type Database } from '../src/db/index.ts';
import { ensureReferenceData } from '../src/services/reference-data.ts';
import { createScratchPostgres } from '../test/support/databases.ts';
import { book } from '../test/support/rules.ts';

const HOUSEHOLDS = Number(process.env.BENCH_HOUSEHOLDS ?? 1_000_000);
const VILLAGES_PER_COMMUNE = 6;
const PROVINCE = '19';
const COMMUNE = '01864';
const DATE = '2026-11-20';
const RUNS = 5;

const scratch = process.env.BENCH_DATABASE_URL
  ? await createScratchPostgres(process.env.BENCH_DATABASE_URL)
  : undefined;
const db: Database = await openDatabase(
  scratch ? { kind: 'postgres', url: scratch.url } : { kind: 'pglite' },
);
const time = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const out = await f();
  return [out, performance.now() - t0];
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

try {
  console.log(
    `node ${process.version}, ${cpus()[0]?.model} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB; ` +
      `${db.kind}; ${HOUSEHOLDS.toLocaleString('en-US')} households`,
  );
  await migrate(db);
  await ensureReferenceData(db);
  const [, load] = await time(async () => {
    // Villages in every current commune of the province, households spread evenly over them (one in three
    // of an ethnic minority), 1–6 members each, one in ten having left a member.
    await db.query(
      `insert into villages (commune_code, commune_valid_from, name, kind)
       select c.code, c.valid_from, 'Thôn ' || n, 'thon'
       from admin_units c cross join generate_series(1, $2::int) n
       where c.parent_code = $1 and c.level = 'commune' and c.valid_to is null`,
      [PROVINCE, VILLAGES_PER_COMMUNE],
    );
    const batch = 100_000;
    for (let from = 1; from <= HOUSEHOLDS; from += batch) {
      const to = Math.min(HOUSEHOLDS, from + batch - 1);
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
  });
  await db.query('analyze'); // statistics, as autovacuum would keep on a server
  // The commune's recognised round: every household with a result (one in four poor, one in eight
  // near-poor), deficits drawn from the standard's indicators.
  const codes = book.standards.get('ND07_2021')!.indicators.map((i) => i.code);
  const [round] = await db.query<{ id: string }>(
    `insert into review_rounds (commune_code, commune_valid_from, kind, year, status)
     select code, valid_from, 'periodic', 2026, 'recognised' from admin_units where code = $1 and valid_to is null
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
  const [[counts]] = await time(() =>
    db.query<{ households: number; communes: number; members: number; inCommune: number }>(
      `select (select count(*)::int from households) as households, (select count(*)::int from members) as members,
         (select count(distinct commune_code)::int from villages) as communes,
         (select count(*)::int from review_results where round_id = $1) as "inCommune"`,
      [round!.id],
    ),
  );
  console.log(
    `loaded in ${(load / 1000).toFixed(1)} s: ${counts!.households.toLocaleString('en-US')} households, ` +
      `${counts!.members.toLocaleString('en-US')} members in ${counts!.communes} communes; ` +
      `${counts!.inCommune.toLocaleString('en-US')} households in ${COMMUNE}`,
  );
  const [validFrom] = await db.query<{ v: string }>(
    `select valid_from as v from admin_units where code = $1 and valid_to is null`,
    [COMMUNE],
  );
  const refresh = () =>
    figures.refreshRollups(db, {
      roundId: round!.id,
      communeCode: COMMUNE,
      communeValidFrom: validFrom!.v,
      year: 2026,
      standard: 'ND07_2021',
      date: DATE,
      poorDistrictList: 'poor_district_2021_2025',
    });
  const reference = () => db.query(`select count(*)::int from households`);
  await refresh(); // warm-up
  await reference();
  const fresh: number[] = [];
  const ref: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    fresh.push((await time(refresh))[1]);
    ref.push((await time(reference))[1]);
  }
  const [province] = await db.query<{ households: number; poor: number; people: number }>(
    `select households, poor, people from rollups where unit_code = $1 and year = 2026 and grp = 'all'`,
    [PROVINCE],
  );
  console.log(`province roll-up: ${JSON.stringify(province)}`);
  console.log(
    `refreshRollups median ${ms(median(fresh))} (runs ${fresh.map((x) => x.toFixed(0)).join(', ')}); ` +
      `reference count(*) median ${ms(median(ref))}; ratio ${(median(fresh) / median(ref)).toFixed(2)}`,
  );
} finally {
  await db.close();
  await scratch?.drop();
}
