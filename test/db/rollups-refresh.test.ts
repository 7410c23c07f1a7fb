// Roll-ups kept fresh one commune at a time (refreshRollups at each recognition, refreshRollupsOfCommunes
// after an import) must leave every unit's roll-ups exactly as a full recompute from nothing does, and as
// the households themselves say: a seeded random population over three communes of province 19, with
// villages reaching their commune through the 2025 reform (moved whole, and one assigned after a split),
// members who left, dissolved households, a standing carried forward from 2025, and a duplicated deficit.
import { expect, it } from 'vitest';
import { figures, type Database } from '../../src/db/index.ts';
import { upsertLineage, upsertUnits } from '../../src/db/queries/units.ts';
import { assignVillage, createVillage } from '../../src/db/queries/villages.ts';
import { profileOf } from '../../src/domain/measures/deficit-profile.ts';
import { addFlowTotals, flowTotalsOf } from '../../src/domain/measures/flow-totals.ts';
import { transitionOf } from '../../src/domain/review/flows.ts';
import { refreshRollupsOfCommunes } from '../../src/services/figures-freshness.ts';
import { forEachDatabase } from '../support/databases.ts';
import { book } from '../support/rules.ts';
import { edges, REFORM, units } from '../support/units-fixture.ts';

const ND07 = [...book.standards.get('ND07_2021')!.indicatorCodes];
const COMMUNES = { '01864': 'rural', '01873': 'rural', '05443': 'urban' } as const;
type Commune = keyof typeof COMMUNES;
/** Each commune's 2026 round is recognised on its own day, in this order. */
const RECOGNISED: Record<Commune, string> = {
  '01864': '2026-06-15',
  '05443': '2026-08-20',
  '01873': '2026-10-05',
};
const LAST_YEAR = '2025-11-28';

/** A small seeded generator (mulberry32): the same seed, the same population. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  return { next, int, pick };
}

interface Result {
  previousClass: string | null;
  finalClass: string | null;
  transition: string;
  movedIn: boolean;
  deficits: string[];
  ethnicMinority: boolean;
  recognisedOn: string;
}
interface Household {
  id: string;
  commune: Commune;
  villageId: string;
  ethnicMinority: boolean;
  people: number;
  dissolvedAt: string | null;
  results: Result[];
}

interface Row {
  unit: string;
  grp: string;
  households: number;
  poor: number;
  nearPoor: number;
  people: number;
  poorPeople: number;
  nearPoorPeople: number;
  deficitProfile: unknown;
  flows: unknown;
  communes: number;
}

async function allRollups(db: Database): Promise<Row[]> {
  return db.query<Row>(
    `select unit_code || '@' || unit_valid_from::text as unit, grp, households, poor, near_poor as "nearPoor", people,
       poor_people as "poorPeople", near_poor_people as "nearPoorPeople", deficit_profile as "deficitProfile",
       flows, communes
     from rollups where year = 2026 and standard = 'ND07_2021' order by unit_code, unit_valid_from, grp`,
  );
}

/** A commune's roll-ups for 2026 as the definitions give them, from the generated households alone. */
function expectedCommune(households: readonly Household[], commune: Commune, roundDate: string): Row[] {
  const present = households
    .filter((h) => h.commune === commune && (h.dissolvedAt === null || h.dissolvedAt > roundDate))
    .map((h) => {
      const standing = h.results
        .filter((r) => r.recognisedOn <= roundDate)
        .sort((x, y) => y.recognisedOn.localeCompare(x.recognisedOn))[0];
      return {
        ethnicMinority: h.ethnicMinority,
        people: h.people,
        finalClass: standing?.finalClass ?? null,
        deficits: standing?.deficits ?? [],
      };
    });
  const round = households
    .filter((h) => h.commune === commune)
    .flatMap((h) => h.results.filter((r) => r.recognisedOn === roundDate));
  const groups: [string, (x: { ethnicMinority: boolean }) => boolean][] = [
    ['all', () => true],
    ['ethnic_minority', (x) => x.ethnicMinority],
    [COMMUNES[commune], () => true],
  ];
  return groups.map(([grp, within]) => {
    const hs = present.filter(within);
    const of = (cls: string) => hs.filter((h) => h.finalClass === cls);
    const people = (xs: typeof hs) => xs.reduce((s, h) => s + h.people, 0);
    return {
      unit: `${commune}@${REFORM}`,
      grp,
      households: hs.length,
      poor: of('poor').length,
      nearPoor: of('near_poor').length,
      people: people(hs),
      poorPeople: people(of('poor')),
      nearPoorPeople: people(of('near_poor')),
      deficitProfile: profileOf(hs),
      flows: flowTotalsOf(round.filter(within)),
      communes: 1,
    };
  });
}

forEachDatabase((getDb) => {
  /** Villages reaching each commune of 2026 in the ways the registry allows. */
  async function villages(db: Database): Promise<Record<Commune, string[]>> {
    const make = (code: string, date: string) =>
      createVillage(db, { communeCode: code, date, name: `Thôn ${code} ${date}`, kind: 'thon' });
    const before = '2024-06-01';
    const split = await make('01867', before); // Lục Bình, split in 2025: assigned by hand
    await assignVillage(db, { villageId: split.id, communeCode: '01873', decidedBy: 'test' });
    const ids = {
      '01864': [(await make('01864', '2026-01-10')).id, (await make('01864', before)).id],
      '01873': [(await make('01870', before)).id, split.id],
      '05443': [(await make('05443', '2026-01-10')).id, (await make('05443', before)).id],
    };
    // Every pre-reform village reached its commune of today through an assignment (the path under test).
    // (Those of 01873 also follow it into the invented 2030 merger, after the dates here.)
    const [moved] = await db.query<{ n: number }>(
      `select count(*)::int as n from village_assignments where effective = $1`,
      [REFORM],
    );
    expect(moved!.n).toBe(4);
    return ids;
  }

  async function round(db: Database, commune: Commune, year: number): Promise<string> {
    const [r] = await db.query<{ id: string }>(
      `insert into review_rounds (commune_code, commune_valid_from, kind, year, status)
       values ($1, $2, 'periodic', $3, 'recognised') returning id`,
      [commune, REFORM, year],
    );
    return r!.id;
  }

  async function addHousehold(
    db: Database,
    rnd: ReturnType<typeof random>,
    commune: Commune,
    villageIds: string[],
  ): Promise<Household> {
    const villageId = rnd.pick(villageIds);
    const ethnicMinority = rnd.next() < 0.4;
    const people = rnd.int(1, 4);
    const left = rnd.int(0, 1);
    const dissolvedAt = rnd.next() < 0.15 ? rnd.pick(['2026-07-01', '2026-09-01']) : null;
    const [h] = await db.query<{ id: string }>(
      `insert into households (village_id, head_name, is_ethnic_minority, dissolved_at)
       values ($1, 'Chủ hộ', $2, $3) returning household_id as id`,
      [villageId, ethnicMinority, dissolvedAt],
    );
    await db.query(
      `insert into members (household_id, member_no, full_name, left_at)
       select $1, n, 'Người ' || n, case when n > $2 then '2026-03-01'::date end from generate_series(1, $3::int) n`,
      [h!.id, people, people + left],
    );
    return { id: h!.id, commune, villageId, ethnicMinority, people, dissolvedAt, results: [] };
  }

  async function addResult(
    db: Database,
    rnd: ReturnType<typeof random>,
    h: Household,
    roundId: string,
    recognisedOn: string,
  ): Promise<void> {
    const previous = rnd.pick(['poor', 'near_poor', null] as const);
    const gone = h.dissolvedAt !== null && h.dissolvedAt <= recognisedOn;
    const final = gone ? null : rnd.pick(['poor', 'near_poor', 'middle', 'not_poor'] as const);
    const transition = transitionOf({
      householdId: h.id,
      previous,
      final,
      escapedBefore: rnd.next() < 0.2,
      movedIn: false,
      groups: [],
      deficits: [],
    });
    // Sometimes a code twice: a profile counts it once.
    const deficits = final === null ? [] : ND07.filter(() => rnd.next() < 0.3);
    if (deficits.length > 0 && rnd.next() < 0.2) deficits.push(deficits[0]!);
    const r: Result = {
      previousClass: previous,
      finalClass: final,
      transition,
      movedIn: rnd.next() < 0.1,
      deficits,
      ethnicMinority: h.ethnicMinority,
      recognisedOn,
    };
    await db.query(
      `insert into review_results (household_id, round_id, village_id, previous_class, final_class, transition, moved_in,
         deficits, is_ethnic_minority, person_of_merit, social_protection, no_labour_capacity, recognised_on)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, false, false, false, $10)`,
      [
        h.id,
        roundId,
        h.villageId,
        r.previousClass,
        r.finalClass,
        r.transition,
        r.movedIn,
        r.deficits,
        r.ethnicMinority,
        recognisedOn,
      ],
    );
    h.results.push(r);
  }

  for (const seed of [1, 2, 3])
    it(`refreshes after each recognition and an import leave the roll-ups of a full recompute (seed ${seed})`, async () => {
      const db = getDb();
      const rnd = random(seed);
      await upsertUnits(db, units);
      await upsertLineage(db, edges);
      const villageIds = await villages(db);
      const households: Household[] = [];
      for (const commune of Object.keys(COMMUNES) as Commune[])
        for (let i = rnd.int(2, 6); i > 0; i--)
          households.push(await addHousehold(db, rnd, commune, villageIds[commune]));
      // Last year's round of two communes: standings carried forward for households not reviewed in 2026.
      for (const commune of ['01864', '01873'] as const) {
        const id = await round(db, commune, 2025);
        for (const h of households.filter((x) => x.commune === commune && rnd.next() < 0.7))
          await addResult(db, rnd, h, id, LAST_YEAR);
      }
      // 2026: each commune recognised in turn, and refreshed alone, as recognition does.
      const order = Object.keys(RECOGNISED) as Commune[];
      for (const commune of order) {
        const id = await round(db, commune, 2026);
        for (const h of households.filter((x) => x.commune === commune && rnd.next() < 0.7))
          await addResult(db, rnd, h, id, RECOGNISED[commune]);
        await figures.refreshRollups(db, {
          roundId: id,
          communeCode: commune,
          communeValidFrom: REFORM,
          year: 2026,
          standard: 'ND07_2021',
          date: RECOGNISED[commune],
          poorDistrictList: 'poor_district_2021_2025',
        });
      }
      // Then an import adds households to one commune, which alone is refreshed.
      const touched = rnd.pick(order);
      for (let i = rnd.int(1, 2); i > 0; i--)
        households.push(await addHousehold(db, rnd, touched, villageIds[touched]));
      expect(await refreshRollupsOfCommunes(db, book, [touched], '2026-11-30')).toBe(1);
      const incremental = await allRollups(db);

      // The definitions: each commune from its households, the province as their sum.
      const communes = order.flatMap((c) => expectedCommune(households, c, RECOGNISED[c]));
      const province = ['all', 'ethnic_minority', 'rural', 'urban'].map((grp) => {
        const kids = communes.filter((r) => r.grp === grp);
        const sum = (f: (r: Row) => number) => kids.reduce((s, r) => s + f(r), 0);
        return {
          unit: `19@${REFORM}`,
          grp,
          households: sum((r) => r.households),
          poor: sum((r) => r.poor),
          nearPoor: sum((r) => r.nearPoor),
          people: sum((r) => r.people),
          poorPeople: sum((r) => r.poorPeople),
          nearPoorPeople: sum((r) => r.nearPoorPeople),
          deficitProfile: profileOf(
            households
              .filter(
                (h) =>
                  COMMUNES[h.commune] === grp ||
                  grp === 'all' ||
                  (grp === 'ethnic_minority' && h.ethnicMinority),
              )
              .filter((h) => h.dissolvedAt === null || h.dissolvedAt > RECOGNISED[h.commune])
              .map((h) => {
                const s = h.results
                  .filter((r) => r.recognisedOn <= RECOGNISED[h.commune])
                  .sort((x, y) => y.recognisedOn.localeCompare(x.recognisedOn))[0];
                return { finalClass: s?.finalClass ?? null, deficits: s?.deficits ?? [] };
              }),
          ),
          flows: addFlowTotals(kids.map((r) => r.flows as ReturnType<typeof flowTotalsOf>)),
          communes: kids.length,
        };
      });
      const key = (r: Row) => `${r.unit} ${r.grp}`;
      const byKey = (rows: Row[]) => [...rows].sort((x, y) => key(x).localeCompare(key(y)));
      expect(byKey(incremental)).toEqual(byKey([...communes, ...province]));

      // A full recompute from nothing: every roll-up dropped, every commune with a round refreshed.
      await db.query(`delete from rollups`);
      expect(await refreshRollupsOfCommunes(db, book, [...order].reverse(), '2026-11-30')).toBe(3);
      expect(await allRollups(db)).toEqual(incremental);
    });
});
