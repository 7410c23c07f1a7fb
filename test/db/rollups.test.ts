// Roll-ups hand-computed on a small population: people, classes, per-indicator counts, Alkire–Foster for
// two cut-offs and flows for a commune; the province is the exact sum of its communes, group by group.
import { expect, it } from 'vitest';
import { figures } from '../../src/db/index.ts';
import { upsertLineage, upsertUnits } from '../../src/db/queries/units.ts';
import { createVillage } from '../../src/db/queries/villages.ts';
import {
  alkireFosterOfProfile,
  indicatorHeadcounts,
  type DeficitProfile,
} from '../../src/domain/measures/deficit-profile.ts';
import { refreshRollupsOfCommunes } from '../../src/services/figures-freshness.ts';
import { forEachDatabase } from '../support/databases.ts';
import { book } from '../support/rules.ts';
import { edges, REFORM, units } from '../support/units-fixture.ts';

const DATE = '2026-10-15';
const ND07 = [...book.standards.get('ND07_2021')!.indicatorCodes];

interface Spec {
  final: string | null;
  previous: string | null;
  transition: string | null;
  deficits: string[];
  ethnic: boolean;
  /** Members still in the household, and members who left before the date. */
  people: number;
  left?: number;
  dissolved?: boolean;
}

forEachDatabase((getDb) => {
  async function commune(code: string, year: number, specs: Spec[], date = DATE) {
    const db = getDb();
    const village = await createVillage(db, {
      communeCode: code,
      date: DATE,
      name: `Thôn ${code}`,
      kind: 'thon',
    });
    const [round] = await db.query<{ id: string }>(
      `insert into review_rounds (commune_code, commune_valid_from, kind, year, status)
       values ($1, $2, 'periodic', $3, 'recognised') returning id`,
      [code, REFORM, year],
    );
    for (const [i, s] of specs.entries()) {
      const [h] = await db.query<{ id: string }>(
        `insert into households (village_id, head_name, is_ethnic_minority, dissolved_at)
         values ($1, $2, $3, $4) returning household_id as id`,
        [village.id, `Chủ hộ ${i + 1}`, s.ethnic, s.dissolved ? '2026-09-01' : null],
      );
      for (let m = 1; m <= s.people + (s.left ?? 0); m++)
        await db.query(
          `insert into members (household_id, member_no, full_name, left_at) values ($1, $2, $3, $4)`,
          [h!.id, m, `Người ${m}`, m > s.people ? '2026-03-01' : null],
        );
      if (s.transition)
        await db.query(
          `insert into review_results (household_id, round_id, village_id, previous_class, final_class, transition,
             deficits, is_ethnic_minority, person_of_merit, social_protection, no_labour_capacity, recognised_on)
           values ($1, $2, $3, $4, $5, $6, $7, $8, false, false, false, $9)`,
          [h!.id, round!.id, village.id, s.previous, s.final, s.transition, s.deficits, s.ethnic, date],
        );
    }
    await figures.refreshRollups(db, {
      roundId: round!.id,
      communeCode: code,
      communeValidFrom: REFORM,
      year,
      standard: 'ND07_2021',
      date,
      poorDistrictList: 'poor_district_2021_2025',
    });
  }

  const [a, b, c, d, e, f] = ND07;
  // Commune 01864 (rural): two poor, one near-poor, one above, one not in the round, one moved out.
  const communeA: Spec[] = [
    {
      final: 'poor',
      previous: 'poor',
      transition: 'unchanged',
      deficits: [a!, b!, c!],
      ethnic: true,
      people: 3,
      left: 1,
    },
    {
      final: 'poor',
      previous: null,
      transition: 'new_poor',
      deficits: [a!, d!, e!, f!],
      ethnic: false,
      people: 2,
    },
    {
      final: 'near_poor',
      previous: 'poor',
      transition: 'escaped_to_near_poor',
      deficits: [a!, b!],
      ethnic: true,
      people: 5,
    },
    {
      final: 'not_poor',
      previous: 'near_poor',
      transition: 'escaped_near_poor',
      deficits: [c!],
      ethnic: false,
      people: 1,
    },
    { final: null, previous: null, transition: null, deficits: [], ethnic: false, people: 2 },
    {
      final: null,
      previous: 'poor',
      transition: 'moved_out',
      deficits: [],
      ethnic: false,
      people: 1,
      dissolved: true,
    },
  ];
  // Commune 05443 (urban): one poor lacking five, one above.
  const communeB: Spec[] = [
    {
      final: 'poor',
      previous: 'poor',
      transition: 'unchanged',
      deficits: [a!, b!, c!, d!, e!],
      ethnic: false,
      people: 3,
    },
    { final: 'not_poor', previous: null, transition: 'unchanged', deficits: [], ethnic: true, people: 1 },
  ];

  async function rollup(unit: string, grp: string) {
    const [r] = await getDb().query<{
      households: number;
      poor: number;
      nearPoor: number;
      people: number;
      poorPeople: number;
      nearPoorPeople: number;
      profile: DeficitProfile;
      flows: { poor: Record<string, number>; nearPoor: Record<string, number> };
      communes: number;
    }>(
      `select households, poor, near_poor as "nearPoor", people, poor_people as "poorPeople",
         near_poor_people as "nearPoorPeople", deficit_profile as profile, flows, communes
       from rollups where unit_code = $1 and year = 2026 and standard = 'ND07_2021' and grp = $2`,
      [unit, grp],
    );
    return r;
  }

  it('fills a commune’s people, classes, deficit profile and flows (hand-computed)', async () => {
    await upsertUnits(getDb(), units);
    await upsertLineage(getDb(), edges);
    await commune('01864', 2026, communeA);
    const r = (await rollup('01864', 'all'))!;
    // Present: five households (the dissolved one moved out); 3 + 2 + 5 + 1 + 2 people (left members not counted).
    expect([r.households, r.poor, r.nearPoor, r.people, r.poorPeople, r.nearPoorPeople]).toEqual([
      5, 2, 1, 13, 5, 5,
    ]);
    // Among the poor: a lacked by both, b…f by one; among all: a by 3, b by 2, c by 2 (h1, h4).
    const poorHead = indicatorHeadcounts(r.profile, [a!, b!, c!, d!], ['poor']);
    expect(poorHead.map((x) => [x.households, x.share])).toEqual([
      [2, 1],
      [1, 0.5],
      [1, 0.5],
      [1, 0.5],
    ]);
    const allHead = indicatorHeadcounts(r.profile, [a!, b!, c!, f!]);
    expect(allHead.map((x) => [x.households, x.share])).toEqual([
      [3, 0.6],
      [2, 0.4],
      [2, 0.4],
      [1, 0.2],
    ]);
    // k = 3 of 12: h1 (3) and h2 (4) → H = 2/5, A = (3 + 4) / 12 / 2 = 7/24, M0 = 7/60.
    const k3 = alkireFosterOfProfile(r.profile, ND07, 3);
    expect([k3.n, k3.q, k3.H]).toEqual([5, 2, 0.4]);
    expect(k3.A).toBeCloseTo(7 / 24, 12);
    expect(k3.M0).toBeCloseTo(7 / 60, 12);
    // a: censored headcount 2/5, contribution (2/5 / 12) / (7/60) = 2/7.
    expect(k3.indicators[a!]!.contribution).toBeCloseTo(2 / 7, 12);
    // k = 2 adds h3 (2): H = 3/5, A = 9/12/3 = 1/4, M0 = 0.15; a's contribution (3/5 / 12) / 0.15 = 1/3.
    const k2 = alkireFosterOfProfile(r.profile, ND07, 2);
    expect([k2.q, k2.H]).toEqual([3, 0.6]);
    expect(k2.A).toBeCloseTo(0.25, 12);
    expect(k2.M0).toBeCloseTo(0.15, 12);
    expect(k2.indicators[a!]!.contribution).toBeCloseTo(1 / 3, 12);
    // Flows: poor 3 at start (h1, h3, the one who moved out) − 1 to near-poor − 1 moved out + 1 new = 2.
    expect(r.flows.poor).toEqual({
      start: 3,
      movedIn: 0,
      escapedToNearPoor: 1,
      escapedAboveNearPoor: 0,
      movedOut: 1,
      new: 1,
      rePoor: 0,
      end: 2,
    });
    expect(r.flows.nearPoor).toEqual({
      start: 1,
      movedIn: 0,
      toPoor: 0,
      escaped: 1,
      movedOut: 0,
      new: 1,
      fromPoor: 1,
      end: 1,
    });
    // Ethnic minority: h1 and h3.
    const em = (await rollup('01864', 'ethnic_minority'))!;
    expect([em.households, em.poor, em.nearPoor, em.people, em.poorPeople]).toEqual([2, 1, 1, 8, 3]);
    expect(em.flows.poor).toMatchObject({ start: 2, end: 1, escapedToNearPoor: 1 });
    expect(await rollup('01864', 'rural')).toMatchObject({ households: 5, people: 13 });
    expect(await rollup('01864', 'urban')).toBeUndefined();
  });

  it('sums communes into the province exactly, every group and field', async () => {
    await upsertUnits(getDb(), units);
    await upsertLineage(getDb(), edges);
    await commune('01864', 2026, communeA);
    await commune('05443', 2026, communeB);
    const p = (await rollup('19', 'all'))!;
    expect([p.households, p.poor, p.nearPoor, p.people, p.poorPeople, p.communes]).toEqual([
      7, 3, 1, 17, 8, 2,
    ]);
    const k3 = alkireFosterOfProfile(p.profile, ND07, 3);
    // h1 (3), h2 (4), B's poor (5): H = 3/7, A = 12/12/3 = 1/3.
    expect([k3.q, k3.n]).toEqual([3, 7]);
    expect(k3.A).toBeCloseTo(1 / 3, 12);
    expect(p.flows.poor).toMatchObject({ start: 4, end: 3, movedOut: 1 });
    // Children sum to the parent for every group the parent has.
    for (const grp of ['all', 'ethnic_minority', 'urban', 'rural']) {
      const rows = await getDb().query<{
        unit: string;
        households: number;
        people: number;
        poor: number;
        profile: DeficitProfile;
      }>(
        `select unit_code as unit, households, people, poor, deficit_profile as profile from rollups
         where year = 2026 and grp = $1 order by unit_code`,
        [grp],
      );
      const parent = rows.find((x) => x.unit === '19')!;
      const kids = rows.filter((x) => x.unit !== '19');
      expect(parent.households).toBe(kids.reduce((s, x) => s + x.households, 0));
      expect(parent.people).toBe(kids.reduce((s, x) => s + x.people, 0));
      const head = (pr: DeficitProfile) => indicatorHeadcounts(pr, ND07).map((x) => x.households);
      expect(head(parent.profile)).toEqual(
        kids.map((x) => head(x.profile)).reduce((s, h) => s.map((v, i) => v + h[i]!)),
      );
    }
    expect(await rollup('19', 'urban')).toMatchObject({ households: 2, poor: 1, people: 4 });
    // A commune recomputed again after a new household leaves the province's sum exact.
    await getDb().query(
      `insert into households (village_id, head_name) select id, 'Hộ mới' from villages where commune_code = '05443'`,
    );
    // As an import does at its end: the communes it touched that have a recognised round of the year.
    expect(await refreshRollupsOfCommunes(getDb(), book, ['05443', '01873'], '2026-11-30')).toBe(1);
    expect(await rollup('19', 'all')).toMatchObject({ households: 8, poor: 3, communes: 2 });
  });

  it('a commune formed from a poor district’s communes is in the poor-districts territory (through lineage)', async () => {
    await upsertUnits(getDb(), units);
    await upsertLineage(getDb(), edges);
    // Pác Nặm (066), the pre-reform district of Bộc Bố and Nhạn Môn, on the 2021–2025 list.
    await getDb().query(
      `insert into legal_lists (kind, title, period_from, period_to, citation)
       values ('poor_district_2021_2025', 'Huyện nghèo', '2022-01-01', '2025-12-31', 'QĐ 353/QĐ-TTg')`,
    );
    await getDb().query(
      `insert into legal_list_entries (list_kind, unit_code, unit_valid_from, period_from, period_to, citation)
       values ('poor_district_2021_2025', '066', '2004-01-01', '2022-01-01', '2025-12-31', 'QĐ 353/QĐ-TTg')`,
    );
    await commune('01864', 2025, communeA.slice(0, 2), '2025-11-28');
    await commune('05443', 2025, communeB, '2025-11-28');
    const groups = await getDb().query<{ unit: string; grp: string; households: number }>(
      `select unit_code as unit, grp, households from rollups where year = 2025 and grp = 'poor_districts' order by unit_code`,
    );
    // Bằng Thành (01864) took in Bộc Bố and part of Nhạn Môn; Quán Triều (05443) was never in Pác Nặm.
    expect(groups.map((g) => [g.unit, g.households])).toEqual([
      ['01864', 2],
      ['19', 2],
    ]);
  });
});
