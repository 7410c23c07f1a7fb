// Recognised periodic rounds written straight to the tables (as test/db/rollups.test.ts does), many communes
// at once: a province whose figures a recompute rebuilds. Each commune gets one village of households with
// two members each and a recognised round whose results give them, in turn, poor, near-poor and not poor.
import type { Queryable } from '../../src/db/index.ts';
import { createVillage } from '../../src/db/queries/villages.ts';

const VALID_FROM = '2025-07-01';

export interface SeededRounds {
  roundIds: Map<string, string>;
  households: number;
}

export async function seedRecognisedRounds(
  db: Queryable,
  input: { communes: readonly string[]; year: number; householdsPerCommune: number; date: string },
): Promise<SeededRounds> {
  const roundIds = new Map<string, string>();
  for (const code of input.communes) {
    const village = await createVillage(db, {
      communeCode: code,
      date: input.date,
      name: `Thôn tính lại ${code}`,
      kind: 'thon',
    });
    const [round] = await db.query<{ id: string }>(
      `insert into review_rounds (commune_code, commune_valid_from, kind, year, status)
       values ($1, $2, 'periodic', $3, 'recognised') returning id`,
      [code, VALID_FROM, input.year],
    );
    roundIds.set(code, round!.id);
    await db.query(
      `insert into households (village_id, head_name, is_ethnic_minority)
       select $1, 'Chủ hộ ' || g, g % 2 = 0 from generate_series(1, $2::int) g`,
      [village.id, input.householdsPerCommune],
    );
    await db.query(
      `insert into members (household_id, member_no, full_name)
       select h.household_id, m, 'Người ' || m from households h, generate_series(1, 2) m where h.village_id = $1`,
      [village.id],
    );
    await db.query(
      `insert into review_results (household_id, round_id, village_id, previous_class, final_class, transition,
         deficits, is_ethnic_minority, person_of_merit, social_protection, no_labour_capacity, recognised_on)
       select h.household_id, $2, h.village_id, c.cls, c.cls, 'unchanged', '{}'::text[], h.is_ethnic_minority,
         false, false, false, $3::date
       from (select household_id, village_id, is_ethnic_minority,
               row_number() over (order by household_id) % 3 as k
             from households where village_id = $1) h
       join (values (0, 'poor'), (1, 'near_poor'), (2, 'not_poor')) as c(k, cls) on c.k = h.k`,
      [village.id, round!.id, input.date],
    );
  }
  return { roundIds, households: input.householdsPerCommune * input.communes.length };
}

/** A unit's stored roll-ups of a year, every group, in a stable order (to compare whole states). */
export async function rollupState(db: Queryable, year: number): Promise<string[]> {
  const rows = await db.query<{ line: string }>(
    `select concat_ws('|', unit_code, unit_valid_from::text, grp, households, poor, near_poor, people,
       poor_people, near_poor_people, communes) as line
     from rollups where year = $1 order by unit_code, unit_valid_from, grp`,
    [year],
  );
  return rows.map((r) => r.line);
}
