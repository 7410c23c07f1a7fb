// The demo's figures: the 2025 periodic review of a few demo communes recognised through the real review
// service (so derived roll-ups exist, fresh as after any recognition), Bắc Kạn's published end-2021 rates
// under both standards (the series break), demo values for 2022–2024 and a demo target.
import { figures, type Queryable } from '../db/index.ts';
import type { RoundEvent } from '../domain/review/round.ts';
import type { EnteredFigure, TargetRow } from '../domain/measures/figures-csv.ts';
import type { RuleBook } from '../domain/standards/types.ts';
import { loadProcedure } from '../rules-loader/load-procedure.ts';
import { applyToRound, openRound } from './review-rounds.ts';

const YEAR = 2025;
const STANDARD = 'ND07_2021';
/** Bằng Thành (the `xa` user's, a poor district's territory), Ba Bể (`xa2`'s) and an urban ward of Bắc Kạn. */
const REVIEWED = ['01864', '01906', '01840'];
const DECISION_DATE = '2025-11-28';

const DEMO = 'số liệu mẫu / demo value';
/** Published figures (standards.md §1 [V]) and demo values for the years after, marked as such. */
const ENTERED: EnteredFigure[] = [
  {
    unit: '06',
    year: 2021,
    standard: 'QD59_2015',
    group: 'all',
    totalHouseholds: null,
    poorHouseholds: null,
    nearPoorHouseholds: null,
    poorRate: 17.02,
    nearPoorRate: null,
    source:
      'Kết quả tổng rà soát cuối năm 2021, tỉnh Bắc Kạn, theo chuẩn QĐ 59/2015/QĐ-TTg / end-2021 general review, Bắc Kạn (shared/domain/standards.md §1)',
  },
  {
    unit: '06',
    year: 2021,
    standard: 'ND07_2021',
    group: 'all',
    totalHouseholds: null,
    poorHouseholds: 21_946,
    nearPoorHouseholds: null,
    poorRate: 26.93,
    nearPoorRate: null,
    source:
      'Kết quả tổng rà soát cuối năm 2021, tỉnh Bắc Kạn, theo chuẩn NĐ 07/2021/NĐ-CP / end-2021 general review, Bắc Kạn (shared/domain/standards.md §1)',
  },
  ...(
    [
      [2022, 82_300, 20_336],
      [2023, 83_000, 18_219],
      [2024, 83_600, 16_386],
    ] as const
  ).map(([year, total, poor]): EnteredFigure => ({
    unit: '06',
    year,
    standard: STANDARD,
    group: 'all',
    totalHouseholds: total,
    poorHouseholds: poor,
    nearPoorHouseholds: null,
    poorRate: null,
    nearPoorRate: null,
    source: `Báo cáo tỉnh Bắc Kạn (${DEMO})`,
  })),
];

const TARGETS: TargetRow[] = [
  {
    unit: '06',
    group: 'all',
    yearFrom: 2022,
    yearTo: 2025,
    indicator: 'poor_rate',
    kind: 'reduction_pp',
    lower: 2,
    upper: 2.5,
    source: `Nghị quyết HĐND tỉnh: giảm 2–2,5 % hộ nghèo mỗi năm (${DEMO})`,
  },
];

export interface DemoFiguresSummary {
  communes: string[];
  listed: number;
  entered: number;
  targets: number;
}

/**
 * Runs in the caller's transaction (the demo's). Each reviewed commune: list its households assessed poor
 * or near-poor as applicants, screen, survey with their assessment, one meeting and one posting per
 * village, recognise — the recognition freezes results and refreshes the roll-ups up to the province.
 */
export async function seedDemoFigures(db: Queryable, book: RuleBook): Promise<DemoFiguresSummary> {
  if (!book.standards.has(STANDARD)) throw new Error(`the rule book has no standard ${STANDARD}`);
  const procedure = loadProcedure();
  const households = await figures.assessedHouseholdsByCommune(db, {
    date: DECISION_DATE,
    standard: STANDARD,
  });
  const codes = [...new Set(households.map((h) => h.communeCode))];
  const reviewed = REVIEWED.filter((c) => codes.includes(c));
  let listed = 0;
  for (const code of reviewed) {
    const mine = households.filter(
      (h) => h.communeCode === code && (h.cls === 'poor' || h.cls === 'near_poor') && h.assessmentId,
    );
    if (mine.length === 0) continue;
    const villages = [...new Set(mine.map((h) => h.villageId))];
    const events: RoundEvent[] = [
      ...mine.map((h): RoundEvent => ({
        type: 'list',
        date: '2025-09-03',
        householdId: h.householdId,
        villageId: h.villageId,
        reason: 'applicant',
        applicationDate: '2025-08-28',
      })),
      { type: 'close_listing', date: '2025-09-08' },
      ...mine.map((h): RoundEvent => ({
        type: 'screen',
        date: '2025-09-10',
        householdId: h.householdId,
        passed: true,
      })),
      ...mine.map((h): RoundEvent => ({
        type: 'survey',
        date: '2025-11-16',
        householdId: h.householdId,
        class: h.cls as 'poor' | 'near_poor',
        assessmentId: h.assessmentId,
      })),
      ...villages.map((v): RoundEvent => ({
        type: 'meeting',
        date: '2025-11-18',
        villageId: v,
        attendees: 30,
        votes: mine.filter((h) => h.villageId === v).map((h) => ({ householdId: h.householdId, agree: 24 })),
      })),
      ...villages.map((v): RoundEvent => ({ type: 'posting_start', date: '2025-11-19', villageId: v })),
      ...villages.map((v): RoundEvent => ({ type: 'posting_end', date: '2025-11-25', villageId: v })),
      { type: 'recognise', date: DECISION_DATE, decisionNumber: `${listed + 101}/QĐ-UBND (mẫu / demo)` },
    ];
    const round = await openRound(db, procedure, {
      communeCode: code,
      kind: 'periodic',
      year: YEAR,
      month: null,
    });
    await applyToRound(db, procedure, { roundId: round.id, expectedCount: 0, events, actorId: null });
    listed += mine.length;
  }
  await figures.upsertEnteredFigures(db, ENTERED, null);
  await figures.upsertTargets(db, TARGETS);
  return { communes: reviewed, listed, entered: ENTERED.length, targets: TARGETS.length };
}
