// A small hand-computed world for the report tests: the units around the 2025 reform (test fixture), two
// communes of Thái Nguyên with recognised 2026 rounds rolled up by the real refresh, published figures,
// targets, money and outputs. Expected values in the tests are computed by hand from the lists below.
import type { Database } from '../../src/db/index.ts';
import { figures } from '../../src/db/index.ts';
import { upsertLineage, upsertUnits } from '../../src/db/queries/units.ts';
import { createVillage } from '../../src/db/queries/villages.ts';
import type { FigureGroup } from '../../src/domain/measures/figures-csv.ts';
import { importPayments, importPlans } from '../../src/services/finance.ts';
import { book } from '../support/rules.ts';
import { edges, REFORM, units } from '../support/units-fixture.ts';
import { SYSTEM_ACTOR } from '../../src/services/actor.ts';

/** The first set-up acts; its write scope covers everything, so the day only needs to be a date. */
const AT = { today: '2026-12-06' };

export const TODAY = '2026-11-22';
export const ND07 = [...book.standards.get('ND07_2021')!.indicatorCodes];

interface Spec {
  final: string | null;
  previous: string | null;
  transition: string | null;
  deficits: string[];
  ethnic: boolean;
  dissolved?: boolean;
}

const [a, b, c, d, e, f] = ND07 as [string, string, string, string, string, string];

/**
 * Xã Bằng Thành (01864): 7 households present (the moved-out one is dissolved), 3 poor (2 ethnic
 * minority), 1 near-poor. Poor flows: start 3, escaped 1, moved out 1, new 2 (1 re-poor), end 3.
 * Near-poor flows: start 2, escaped 1, became poor 1, new 1, end 1.
 */
export const BANG_THANH: Spec[] = [
  { final: 'poor', previous: 'poor', transition: 'unchanged', deficits: [a, b, c], ethnic: true },
  { final: 'poor', previous: null, transition: 'new_poor', deficits: [a, d, e], ethnic: false },
  { final: 'poor', previous: 'near_poor', transition: 're_poor', deficits: [a, b, c], ethnic: true },
  {
    final: 'near_poor',
    previous: 'poor',
    transition: 'escaped_to_near_poor',
    deficits: [a, b],
    ethnic: true,
  },
  { final: 'not_poor', previous: 'near_poor', transition: 'escaped_near_poor', deficits: [c], ethnic: false },
  { final: 'not_poor', previous: null, transition: 'unchanged', deficits: [], ethnic: true },
  { final: null, previous: 'poor', transition: 'moved_out', deficits: [], ethnic: false, dissolved: true },
  { final: null, previous: null, transition: null, deficits: [], ethnic: false },
];

/** Phường Quán Triều (05443): 3 households, 1 poor, 1 near-poor (new), none of the poor ethnic minority. */
export const QUAN_TRIEU: Spec[] = [
  { final: 'poor', previous: 'poor', transition: 'unchanged', deficits: [a, b, c, d, e], ethnic: false },
  { final: 'not_poor', previous: null, transition: 'unchanged', deficits: [], ethnic: true },
  { final: 'near_poor', previous: null, transition: 'new_near_poor', deficits: [f], ethnic: false },
];

async function recognise(db: Database, code: string, year: number, specs: Spec[]) {
  const date = `${year}-10-15`;
  const village = await createVillage(db, { communeCode: code, date, name: `Thôn ${code}`, kind: 'thon' });
  const [round] = await db.query<{ id: string }>(
    `insert into review_rounds (commune_code, commune_valid_from, kind, year, status)
     values ($1, $2, 'periodic', $3, 'recognised') returning id`,
    [code, REFORM, year],
  );
  for (const [i, s] of specs.entries()) {
    const [h] = await db.query<{ id: string }>(
      `insert into households (village_id, head_name, is_ethnic_minority, dissolved_at)
       values ($1, $2, $3, $4) returning household_id as id`,
      [village.id, `Chủ hộ ${i + 1}`, s.ethnic, s.dissolved ? `${year}-09-01` : null],
    );
    await db.query(`insert into members (household_id, member_no, full_name) values ($1, 1, 'Người 1')`, [
      h!.id,
    ]);
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

export async function buildReportWorld(db: Database): Promise<void> {
  await upsertUnits(db, units);
  await upsertLineage(db, edges);
  await recognise(db, '01864', 2026, BANG_THANH);
  await recognise(db, '05443', 2026, QUAN_TRIEU);
  const entered = (
    unit: string,
    year: number,
    group: FigureGroup,
    v: { total?: number; poor?: number; near?: number; rate?: number },
    source: string,
  ) => ({
    unit,
    year,
    standard: 'ND07_2021',
    group,
    totalHouseholds: v.total ?? null,
    poorHouseholds: v.poor ?? null,
    nearPoorHouseholds: v.near ?? null,
    poorRate: v.rate ?? null,
    nearPoorRate: null,
    source,
  });
  await figures.upsertEnteredFigures(
    db,
    [
      // Nghiên Loan has no recognised round: its published figures stand in.
      entered('01873', 2026, 'all', { total: 500, poor: 50, near: 25 }, 'Báo cáo UBND xã Nghiên Loan'),
      entered('01873', 2026, 'ethnic_minority', { poor: 20 }, 'Báo cáo UBND xã Nghiên Loan'),
      // Bằng Thành published 4 poor where the recognised round has 3: both shown, flagged.
      entered('01864', 2026, 'all', { total: 7, poor: 4 }, 'Quyết định công bố của UBND xã'),
      entered('19', 2024, 'all', { rate: 24.71 }, 'Báo cáo tỉnh 2024'),
      entered('19', 2025, 'all', { rate: 21.95 }, 'Báo cáo tỉnh 2025'),
      // Before the reform: one commune of Pác Nặm published.
      entered('01864', 2024, 'all', { total: 1000, poor: 100, near: 50 }, 'Báo cáo huyện Pác Nặm'),
    ],
    null,
  );
  await figures.upsertTargets(db, [
    {
      unit: '19',
      group: 'all',
      yearFrom: 2025,
      yearTo: 2026,
      indicator: 'poor_rate',
      kind: 'reduction_pp',
      lower: 2,
      upper: 2.5,
      source: 'Nghị quyết HĐND tỉnh (ví dụ)',
    },
  ]);
  // 760,8 tỷ planned for 2026, 478,93 tỷ paid by 31/5: 62,95 %.
  const plans = await importPlans(
    db,
    SYSTEM_ACTOR,
    'unit,year,project,source,amount_vnd,decision\n19,2026,HP2.ND2,central_investment,700000000000,QĐ 1/2026\n19,2026,HP2.ND2,local_counterpart,60800000000,QĐ 2/2026\n',
    AT,
  );
  if (!plans.ok) throw new Error(JSON.stringify(plans.errors));
  const paid = await importPayments(
    db,
    SYSTEM_ACTOR,
    'unit,year,project,source,date,amount_vnd,decision\n19,2026,HP2.ND2,central_investment,2026-05-31,450000000000,UNC 1\n19,2026,HP2.ND2,local_counterpart,2026-05-31,28930000000,UNC 2\n',
    AT,
  );
  if (!paid.ok) throw new Error(JSON.stringify(paid.errors));
  for (const [unit, year, planned, achieved] of [
    ['19', 2026, 100, 80],
    ['01864', 2026, 50, 45],
    ['01864', 2025, null, 30],
  ] as const)
    await db.query(
      `insert into output_records (unit_code, unit_valid_from, year, indicator, planned, achieved, source)
       values ($1, $2, $3, 'vocational_trained', $4, $5, 'Báo cáo')`,
      [unit, REFORM, year, planned, achieved],
    );
}
