// The demo's programme money and what it built: plan lines 2023–2026 for former Bắc Kạn and today's Thái Nguyên
// communes, adjustments, payments, works (one handed over from Pác Nặm's board to Bằng Thành in 2025), production
// projects with demo households, and outputs. Every decision and source is marked "(mẫu)". Bulk writes: fast.
import { finance, registry, units, type Queryable } from '../db/index.ts';
import * as outputs from '../db/queries/outputs.ts';
import * as projects from '../db/queries/production-projects.ts';
import { EVERYTHING } from '../db/queries/scope.ts';
import * as works from '../db/queries/works.ts';
import { planUnit } from '../domain/finance/csv.ts';
import type { SourceCode } from '../domain/finance/programmes.ts';
import { lookupProject } from '../domain/finance/programmes.ts';
import { defaultFinanceRules } from '../rules-loader/load-finance.ts';

const TY = 1_000_000_000n;
/** Bằng Thành took in Bộc Bố of Pác Nặm; Ba Bể took in communes of Ba Bể (see demo-data.ts). */
const XA = '01864';
const XA2 = '01906';

type Plan = [unit: string, project: string, source: SourceCode, ty: number];

/** Plan lines by year: the province's own, the districts' (2023–2025), then today's units (2026). */
const PLANS: Record<number, Plan[]> = Object.fromEntries(
  [2023, 2024, 2025]
    .map((y, i): [number, Plan[]] => [
      y,
      [
        ['06', 'DA7.TDA1', 'central_recurrent', 12 + i],
        ['06', 'DA1.TDA1', 'local_counterpart', 18 + 2 * i],
        ['060', 'DA1.TDA1', 'central_investment', 180 + 10 * i],
        ['060', 'DA3.TDA1', 'central_recurrent', 30 + i],
        ['060', 'DA5', 'central_recurrent', 20],
        ['061', 'DA2', 'central_recurrent', 60],
        ['061', 'DA4.TDA1', 'central_recurrent', 25 + i],
        ['058', 'DA6.TDA2', 'central_recurrent', 5],
      ],
    ])
    .concat([
      [
        2026,
        [
          ['19', 'HP2.ND1', 'central_investment', 120],
          ['19', 'HP2.ND1', 'local_counterpart', 15],
          [XA, 'HP2.ND2', 'central_recurrent', 8],
          [XA2, 'HP1.ND4', 'central_recurrent', 6],
          [XA2, 'HP1.ND2', 'central_investment', 10],
        ],
      ],
    ]),
);

/** Shares paid (percent) and when, per year: earlier years nearly done, 2026 under way (Bằng Thành behind). */
const PAID: Record<number, [day: string, pct: bigint][]> = {
  2023: [
    ['04-15', 30n],
    ['08-20', 35n],
    ['12-10', 30n],
  ],
  2024: [
    ['04-15', 30n],
    ['05-31', 10n],
    ['08-20', 25n],
    ['12-10', 28n],
  ],
  2025: [
    ['04-15', 25n],
    ['08-20', 35n],
  ],
  2026: [
    ['04-15', 30n],
    ['08-20', 45n],
  ],
};

async function unitOf(db: Queryable, code: string, year: number) {
  const u = planUnit(await finance.versionsOf(db, code), code, year);
  if (!u.ok) throw new Error(`demo finance: ${u.message.en}`);
  return u;
}

export async function seedDemoFinance(
  db: Queryable,
): Promise<{ lines: number; works: number; projects: number }> {
  const rules = defaultFinanceRules();
  const programmeOf = (year: number, project: string) => {
    const p = lookupProject(rules, year, project);
    return p.ok ? p.programme.id : null;
  };
  const lines = [];
  for (const [year, plans] of Object.entries(PLANS)) {
    for (const [code, project, source, ty] of plans) {
      const unit = await unitOf(db, code, Number(year));
      const p = lookupProject(rules, Number(year), project);
      if (!p.ok) throw new Error(`demo finance: ${p.message.en}`);
      lines.push({
        unitCode: unit.code,
        unitValidFrom: unit.validFrom,
        year: Number(year),
        programme: p.programme.id,
        project: p.code,
        source,
        amount: BigInt(ty) * TY,
        decision: `QĐ ${100 + lines.length}/QĐ-UBND giao kế hoạch vốn năm ${year} (mẫu)`,
        decisionDate: `${year}-01-15`,
      });
    }
  }
  const written = await finance.insertPlanLines(db, lines, null);
  const lineOf = (code: string, year: number, project: string) =>
    written.find((l) => l.unitCode === code && l.year === year && l.project === project)!;
  await finance.insertAdjustments(
    db,
    [
      {
        planLineId: lineOf('060', 2024, 'DA1.TDA1').id,
        decision: 'QĐ 1520/QĐ-UBND bổ sung vốn (mẫu)',
        decisionDate: '2024-07-15',
        amount: 10n * TY,
        reason: 'Bổ sung vốn cho công trình cầu treo (mẫu)',
      },
      {
        planLineId: lineOf('061', 2025, 'DA2').id,
        decision: 'QĐ 1750/QĐ-UBND điều chỉnh giảm (mẫu)',
        decisionDate: '2025-06-01',
        amount: -5n * TY,
        reason: 'Điều chuyển sang dự án khác (mẫu)',
      },
    ],
    null,
  );
  const payments = [];
  for (const l of written) {
    // Bằng Thành's own 2026 line is paid slowly: behind the 30 September milestone in the tiles.
    const slow = l.year === 2026 && l.unitCode === XA;
    for (const [day, pct] of slow
      ? ([
          ['05-15', 20n],
          ['09-15', 20n],
        ] as const)
      : PAID[l.year]!)
      payments.push({
        planLineId: l.id,
        paidOn: `${l.year}-${day}`,
        amount: (l.amount * pct) / 100n,
        decision: `Giấy rút vốn số ${payments.length + 1} (mẫu)`,
      });
  }
  await finance.insertPayments(db, payments, null);

  // Works: one per kind of story, the Pác Nặm bridge handed over to Bằng Thành when the district ended.
  const at = async (code: string, date: string) => (await units.unitAt(db, code, date))!;
  const base = { villageId: null, note: 'Dữ liệu mẫu', construction: 'new' as const };
  const pacNam = await at('060', '2024-06-01');
  const bridge = await works.insertWork(
    db,
    {
      ...base,
      unitCode: pacNam.code,
      unitValidFrom: pacNam.validFrom,
      name: 'Cầu treo Khuổi Luông (mẫu)',
      workType: 'bridge',
      programme: 'QD90_2022',
      project: 'DA1.TDA1',
      planYear: 2024,
      investor: 'Ban Quản lý dự án đầu tư xây dựng huyện Pác Nặm (mẫu)',
      investorUnitCode: '060',
      contractValue: 12_500_000_000n,
      disbursed: 11_800_000_000n,
      progressPct: 100,
      startDate: '2024-03-10',
      completionDate: '2025-05-20',
      acceptanceDate: null,
    },
    null,
  );
  // The demo's one audit entry (demo.seed) stands for all of it; the work's page shows the hand-over from the
  // record itself when no audited hand-over exists.
  await works.handOverWork(db, bridge.id, bridge.version, {
    investor: 'UBND xã Bằng Thành (mẫu)',
    unitCode: XA,
    date: '2025-07-01',
    basis: 'Nghị quyết 202/2025/QH15; Quyết định chuyển giao số 01/QĐ-UBND (mẫu)',
  });
  const others = [
    [
      '058',
      '2023-03-01',
      'Trạm y tế phường (mẫu)',
      'health_station',
      2023,
      'DA1.TDA1',
      3_200_000_000n,
      3_150_000_000n,
      100,
      '2023-03-01',
      '2023-10-15',
      '2023-11-20',
    ],
    [
      '061',
      '2025-03-01',
      'Trường mầm non bản Pác Ngòi (mẫu)',
      'school',
      2025,
      'DA1.TDA1',
      4_500_000_000n,
      0n,
      0,
      null,
      null,
      null,
    ],
    [
      XA,
      '2026-03-01',
      'Nhà văn hoá thôn (mẫu)',
      'culture_house',
      2026,
      'HP2.ND1',
      1_200_000_000n,
      450_000_000n,
      45,
      '2026-04-01',
      null,
      null,
    ],
    [
      XA2,
      '2026-03-01',
      'Kênh mương nội đồng (mẫu)',
      'irrigation',
      2026,
      'HP1.ND2',
      2_400_000_000n,
      2_400_000_000n,
      100,
      '2026-02-15',
      '2026-08-30',
      '2026-09-20',
    ],
  ] as const;
  for (const [
    code,
    day,
    name,
    workType,
    planYear,
    project,
    contractValue,
    disbursed,
    progressPct,
    startDate,
    completionDate,
    acceptanceDate,
  ] of others) {
    const u = await at(code, day);
    await works.insertWork(
      db,
      {
        ...base,
        unitCode: u.code,
        unitValidFrom: u.validFrom,
        name,
        workType,
        programme: programmeOf(planYear, project),
        project,
        planYear,
        investor: `UBND ${u.name} (mẫu)`,
        investorUnitCode: u.code,
        contractValue,
        disbursed,
        progressPct,
        startDate,
        completionDate,
        acceptanceDate,
      },
      null,
    );
  }

  // A value-chain project in Bằng Thành with some of its demo households, a community one in former Pác Nặm.
  const xa = await at(XA, '2026-03-01');
  const cattle = await projects.insertProject(
    db,
    {
      code: xa.code,
      validFrom: xa.validFrom,
      name: 'Nuôi bò sinh sản theo chuỗi giá trị (mẫu)',
      kind: 'value_chain',
      programme: programmeOf(2026, 'HP2.ND2'),
      project: 'HP2.ND2',
      models: 'Bò sinh sản\nTrồng cỏ chăn nuôi',
      budget: 1_500_000_000n,
      disbursed: 600_000_000n,
      startDate: '2026-03-01',
      endDate: '2027-12-31',
      outputs: '12 con bê (mẫu)',
    },
    null,
  );
  const joined = await registry.searchHouseholds(db, {
    scope: EVERYTHING,
    date: '2026-03-01',
    communeCode: XA,
    page: 1,
    pageSize: 6,
  });
  for (const h of joined.rows)
    await projects.addParticipant(db, {
      projectId: cattle.id,
      householdId: h.householdId,
      joinedOn: '2026-03-01',
      classAtJoining: (await projects.latestRecognisedClass(db, h.householdId)) ?? h.status,
      support: '1 con bò giống, tập huấn kỹ thuật (mẫu)',
    });
  await projects.insertProject(
    db,
    {
      code: pacNam.code,
      validFrom: pacNam.validFrom,
      name: 'Trồng quế cộng đồng (mẫu)',
      kind: 'community',
      programme: 'QD90_2022',
      project: 'DA3.TDA1',
      models: 'Trồng quế',
      budget: 800_000_000n,
      disbursed: 800_000_000n,
      startDate: '2024-02-01',
      endDate: '2025-06-30',
      outputs: '40 ha quế (mẫu)',
    },
    null,
  );

  // Outputs against plan: former Bắc Kạn for 2024–2025, today's Thái Nguyên for 2026.
  const records = [];
  for (const [code, year, scale] of [
    ['06', 2024, 10],
    ['06', 2025, 10],
    ['19', 2026, 12],
  ] as const) {
    const u = await unitOf(db, code, year);
    for (const [indicator, planned, achieved] of [
      ['vocational_trained', 150, 140],
      ['jobs_found', 100, 85],
      ['workers_abroad', 8, 5],
      ['houses_new', 30, 31],
      ['houses_repaired', 20, 12],
      ['communication_activities', 12, 12],
      ['officials_trained', 60, 48],
      ['households_production_support', 90, 70],
    ] as const)
      records.push({
        unitCode: u.code,
        unitValidFrom: u.validFrom,
        year,
        indicator,
        planned: String((planned * scale) / 10),
        achieved:
          year === 2026 ? String(Math.floor((achieved * scale) / 20)) : String((achieved * scale) / 10),
        source: `Báo cáo kết quả thực hiện năm ${year} (mẫu)`,
      });
  }
  await outputs.upsertOutputs(db, records, null);
  return { lines: written.length, works: others.length + 1, projects: 2 };
}
