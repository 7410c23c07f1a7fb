// Programme structure as data (validated at load) and the CSV readers: every bad row reported with its
// number in Vietnamese and English.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkPaymentRows,
  checkPlanRows,
  lineKey,
  parsePaymentsCsv,
  parsePlansCsv,
  planUnit,
  type CsvContext,
  type LineRecord,
} from '../../../src/domain/finance/csv.ts';
import { extendedUntilOf, lookupProject } from '../../../src/domain/finance/programmes.ts';
import { RuleBookError } from '../../../src/domain/standards/build-rule-book.ts';
import { loadFinanceRules } from '../../../src/rules-loader/load-finance.ts';
import { rulesCopyWith } from '../../support/rules.ts';

const RULES = fileURLToPath(new URL('../../../rules/', import.meta.url));
const rules = loadFinanceRules();

describe('programmes as data', () => {
  it('has the three periods with citations, and flags what is unverified', () => {
    expect(rules.programmes.map((p) => [p.id, p.years.from, p.years.to, p.verified])).toEqual([
      ['QD1722_2016', 2016, 2020, true],
      ['QD90_2022', 2021, 2025, true],
      ['NQ257_2025', 2026, 2035, true],
    ]);
    const qd90 = rules.programmes[1]!;
    expect(qd90.citation).toBe('Quyết định 90/QĐ-TTg ngày 18/01/2022');
    expect(
      qd90.components.map((c) => `${c.code}:${(c.subProjects ?? []).map((s) => s.code).join('/')}`),
    ).toEqual([
      'DA1:TDA1/TDA2',
      'DA2:',
      'DA3:TDA1/TDA2',
      'DA4:TDA1/TDA2/TDA3',
      'DA5:',
      'DA6:TDA1/TDA2',
      'DA7:TDA1/TDA2',
    ]);
    // Sub-projects are [P] in the sources: every one is flagged.
    expect(qd90.components.flatMap((c) => c.subProjects ?? []).every((s) => !s.verified)).toBe(true);
    // 2026–2035 (TT 60/2026/TT-BTC, Điều 5–19): two hợp phần of 10 and 5 nội dung thành phần, no separate
    // poverty component; the old placeholders NTM, GN, DTMN are gone.
    const nq257 = rules.programmes[2]!;
    expect(
      nq257.components.map((c) => `${c.code}:${(c.subProjects ?? []).map((s) => s.code).join('/')}`),
    ).toEqual(['HP1:ND1/ND2/ND3/ND4/ND5/ND6/ND7/ND8/ND9/ND10', 'HP2:ND1/ND2/ND3/ND4/ND5']);
    expect(nq257.components.every((c) => c.verified)).toBe(true);
    expect(nq257.components.some((c) => /giảm nghèo/i.test(c.name.vi))).toBe(false);
    expect(nq257.implementedBy!.map((d) => d.citation.split(' ngày')[0])).toEqual([
      'Nghị quyết 424/NQ-CP',
      'Quyết định 417/QĐ-BNNMT',
      'Thông tư 60/2026/TT-BTC',
      'Quyết định 16/2026/QĐ-TTg',
    ]);
    expect(rules.sources.sources.map((s) => s.code)).toEqual([
      'central_investment',
      'central_recurrent',
      'local_counterpart',
      'integrated',
      'policy_credit',
      'people',
    ]);
  });

  it('keeps the 2026–2030 funding of QĐ 417/QĐ-BNNMT and the 2021–2025 extension of NQ 257/2025', () => {
    const [funding] = rules.programmes[2]!.funding!;
    expect(funding!.citation).toBe('Quyết định 417/QĐ-BNNMT ngày 31/01/2026');
    expect(funding!.years).toEqual({ from: 2026, to: 2030 });
    expect(
      funding!.lines.map((l) => [l.sources.join('+'), l.billionVnd, l.sharePercent, l.approximate]),
    ).toEqual([
      ['central_investment+central_recurrent', 100_000, '9.6', false],
      ['local_counterpart', 300_000, '28.7', true],
      ['integrated', 360_000, '34.5', true],
      ['policy_credit', 23_000, '2.2', true],
      ['people', 261_000, '25', true],
    ]);
    expect(funding!.lines.reduce((s, l) => s + l.billionVnd, 0)).toBe(1_044_000);
    expect(rules.programmes[1]!.extendedUntil).toMatchObject({
      date: '2026-12-31',
      citation: 'Nghị quyết 257/2025/QH15 ngày 11/12/2025',
      verified: true,
    });
    expect(extendedUntilOf(rules, 'QD90_2022')).toBe('2026-12-31');
    expect(extendedUntilOf(rules, 'NQ257_2025')).toBeNull();
  });

  it('refuses funding shares that do not add up, and an extension inside the programme', () => {
    const shares = rulesCopyWith('programmes/2026-2035.yaml', (t) =>
      t.replace("sharePercent: '25'", "sharePercent: '5'"),
    );
    expect(() => loadFinanceRules(shares)).toThrow(/funding shares add up to 80\.0 %, not 100 %/);
    const inside = rulesCopyWith('programmes/2021-2025.yaml', (t) =>
      t.replace("date: '2026-12-31'", "date: '2025-06-30'"),
    );
    expect(() => loadFinanceRules(inside)).toThrow(/extendedUntil must be after the programme's last year/);
  });

  it('reads a project code in the programme of the year', () => {
    expect(lookupProject(rules, 2024, 'DA1')).toMatchObject({ ok: true, code: 'DA1' });
    expect(lookupProject(rules, 2024, 'da4.tda3')).toMatchObject({
      ok: true,
      code: 'DA4.TDA3',
      verified: false,
    });
    expect(lookupProject(rules, 2018, 'DA5')).toMatchObject({ ok: true, programme: { id: 'QD1722_2016' } });
    expect(lookupProject(rules, 2018, 'DA6').ok).toBe(false);
    expect(lookupProject(rules, 2024, 'DA2.TDA1').ok).toBe(false);
    expect(lookupProject(rules, 2027, 'hp2.nd2')).toMatchObject({
      ok: true,
      code: 'HP2.ND2',
      programme: { id: 'NQ257_2025' },
      name: {
        en: 'Component 2: Ethnic-minority and mountainous areas — Production support, livelihoods, income',
      },
    });
    expect(lookupProject(rules, 2027, 'HP1.ND10')).toMatchObject({ ok: true, code: 'HP1.ND10' });
    expect(lookupProject(rules, 2027, 'HP2.ND6').ok).toBe(false);
    expect(lookupProject(rules, 2027, 'GN')).toMatchObject({
      ok: false,
      message: {
        en: 'Project "GN" is not in National Assembly Resolution 257/2025/QH15 of 11 December 2025 (2027: HP1, HP2)',
      },
    });
    expect(lookupProject(rules, 2015, 'DA1')).toMatchObject({
      ok: false,
      message: { en: 'No programme covers 2015' },
    });
  });

  it('stops on a bad file with every problem listed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gn-rules-'));
    cpSync(RULES, dir, { recursive: true });
    const p = join(dir, 'programmes', '2021-2025.yaml');
    writeFileSync(
      p,
      readFileSync(p, 'utf8').replace('years: { from: 2021, to: 2025 }', 'years: { from: 2020, to: 2025 }'),
    );
    writeFileSync(
      join(dir, 'finance', 'counterpart-minimum.yaml'),
      'citation: x\nverified: false\nnumerator: [cash]\n',
    );
    try {
      loadFinanceRules(dir);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RuleBookError);
      const text = (e as RuleBookError).problems.join('\n');
      expect(text).toContain('QD1722_2016 and QD90_2022: overlapping years');
      expect(text).toContain('counterpart-minimum.yaml: numerator.0');
      expect(text).toContain('counterpart-minimum.yaml: denominator');
    }
  });
});

const spans = [
  { code: '06', validFrom: '1900-01-01', validTo: '2025-06-30' },
  { code: '060', validFrom: '1900-01-01', validTo: '2025-06-30' },
  { code: '01864', validFrom: '1900-01-01', validTo: '2025-06-30' },
  { code: '01864', validFrom: '2025-07-01', validTo: null },
  { code: '01873', validFrom: '2025-07-01', validTo: null },
];
const ctx: CsvContext = { rules, resolveUnit: (code, year) => planUnit(spans, code, year) };

describe('which unit a plan of a year belongs to', () => {
  it('is the unit holding the code on 1 January, else the one created during the year', () => {
    expect(planUnit(spans, '01864', 2025)).toEqual({ ok: true, code: '01864', validFrom: '1900-01-01' });
    expect(planUnit(spans, '01864', 2026)).toEqual({ ok: true, code: '01864', validFrom: '2025-07-01' });
    expect(planUnit(spans, '01873', 2025)).toEqual({ ok: true, code: '01873', validFrom: '2025-07-01' });
    expect(planUnit(spans, '060', 2026)).toMatchObject({
      ok: false,
      message: { en: 'Unit code 060 was not in use in 2026 (in use: 1900-01-01 – 2025-06-30)' },
    });
    expect(planUnit(spans, '99', 2024)).toMatchObject({
      ok: false,
      message: { vi: 'Không có đơn vị mã 99' },
    });
  });
});

describe('plan and payment CSV', () => {
  it('reads good rows with bigint amounts, sub-projects normalised', () => {
    const r = parsePlansCsv(
      '\uFEFFunit,year,project,source,amount_vnd,decision,decision_date\n060,2024,da1.tda1,central_investment,232180000000,"QĐ 1, ngày 5/1",2024-01-05\n06,2024,DA7,local_counterpart,0,QĐ 2,\n',
      ctx,
    );
    expect(r).toEqual({
      ok: true,
      errors: [],
      rows: [
        {
          row: 2,
          unitCode: '060',
          unitValidFrom: '1900-01-01',
          year: 2024,
          programme: 'QD90_2022',
          project: 'DA1.TDA1',
          source: 'central_investment',
          amount: 232_180_000_000n,
          decision: 'QĐ 1, ngày 5/1',
          decisionDate: '2024-01-05',
        },
        expect.objectContaining({ row: 3, amount: 0n, decisionDate: null }),
      ],
    });
  });

  it('reports every bad row with its number and column, in both languages', () => {
    const r = parsePlansCsv(
      [
        'unit,year,project,source,amount_vnd,decision',
        '060,2024,DA1,central_investment,-5,QĐ 1',
        '999,2024,DA1,central_investment,5,QĐ 1',
        '060,2024,DA9,central_investment,5,QĐ 1',
        '060,2024,DA1,cash,5,QĐ 1',
        '060,2024,DA4,central_investment,"1.000.000",QĐ 1',
        '060,2024,DA2,central_investment,5,',
        '060,2024,DA3,central_investment,5,QĐ 1',
        '060,2024,DA3,central_investment,6,QĐ 2',
        '060,2026,DA3,central_investment,6,QĐ 2',
      ].join('\n'),
      ctx,
    );
    expect(r.ok).toBe(false);
    // Rows 8 and 9 are good on their own (row 9 then duplicates row 8 as a line).
    expect(r.rows.map((x) => x.row)).toEqual([8]);
    expect(r.errors.map((e) => [e.row, e.column ?? null])).toEqual([
      [2, 'amount_vnd'],
      [3, 'unit'],
      [4, 'project'],
      [5, 'source'],
      [6, 'amount_vnd'],
      [7, 'decision'],
      [9, null],
      [10, 'unit'],
      [10, 'project'],
    ]);
    expect(r.errors[0]!.message).toEqual({
      vi: 'amount_vnd: số tiền âm (-5)',
      en: 'amount_vnd: negative amount (-5)',
    });
    expect(r.errors[6]!.message.en).toBe(
      'Same plan line as row 8 (unit, year, project, source): a change to a plan is an adjustment',
    );
    const header = parsePlansCsv('unit,year,amount\n', ctx);
    expect(header.errors[0]!.message.en).toContain('Missing: project, source, amount_vnd, decision');
  });

  it('checks payments against recorded lines: no line, outside the year, over the plan, twice', () => {
    const parsed = parsePaymentsCsv(
      [
        'unit,year,project,source,date,amount_vnd,decision',
        '060,2024,DA1,central_investment,2024-03-01,60,UNC 1',
        '060,2024,DA2,central_investment,2024-03-01,1,UNC 2',
        '060,2024,DA1,central_investment,2025-01-02,1,UNC 3',
        '060,2024,DA1,central_investment,2024-04-01,41,UNC 4',
        '060,2024,DA1,central_investment,2024-03-01,60,UNC 1',
        '060,2024,DA1,central_investment,2024-02-01,5,UNC 0',
      ].join('\n'),
      ctx,
    );
    expect(parsed.ok).toBe(true);
    const record: LineRecord = {
      line: {
        id: 'L',
        unitCode: '060',
        unitValidFrom: '1900-01-01',
        year: 2024,
        programme: 'QD90_2022',
        project: 'DA1',
        source: 'central_investment',
        amount: 100n,
        decision: 'QĐ 1',
        decisionDate: null,
      },
      adjustments: [],
      payments: [{ planLineId: 'L', paidOn: '2024-02-01', amount: 5n, decision: 'UNC 0' }],
      carry: null,
    };
    const find = (k: Parameters<typeof lineKey>[0]) =>
      lineKey(k) === lineKey(record.line) ? record : undefined;
    const errors = checkPaymentRows(parsed.rows, find);
    expect(errors.map((e) => [e.row, e.message.en])).toEqual([
      [3, 'No plan line for unit 060, 2024, DA2, source central_investment: import the plan first'],
      [4, 'Date 2025-01-02 is outside the plan year 2024 (the funds were not carried over)'],
      [5, 'Payments up to 2024-04-01 (106 VND) exceed the plan in force (100 VND)'],
      [6, 'Same payment as row 2'],
      [7, 'This payment is already recorded (UNC 0, 2024-02-01)'],
    ]);
    expect(checkPlanRows([{ ...record.line, row: 9 }], find)[0]!.message.vi).toContain(
      'Dòng kế hoạch đã có (QĐ 1)',
    );
  });
});
