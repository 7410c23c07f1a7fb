// Báo cáo giám sát (six-month or annual) in the structure of Thông tư 10/2022/TT-BLĐTBXH: Biểu 01 and
// Biểu 02 as laid out in rules/reports/tt10-2022.yaml, filled from what the system holds — rates and
// counts from roll-ups (or entered figures), targets, money from the finance service, outputs from
// output_records — and every cell it cannot fill left marked "cần bổ sung".
import { z } from 'zod';
import { figures } from '../../db/index.ts';
import type { Queryable } from '../../db/index.ts';
import * as finance from '../../db/queries/finance.ts';
import * as reports from '../../db/queries/reports.ts';
import type { AdminUnit } from '../../db/queries/units.ts';
import { rateHundredths, rateNumber } from '../../domain/finance/money.ts';
import { formatNumber } from '../../domain/format/numbers.ts';
import { verdictOf, type Target, type Verdict } from '../../domain/measures/targets.ts';
import { disbursementReport } from '../../services/finance.ts';
import { defineReport, type ReportContext } from '../definition.ts';
import type { LocalText, ReportCell, ReportColumn, ReportRow, ReportSection } from '../model.ts';
import { standardParam, unitParam, yearParam } from '../parameters.ts';
import {
  dateOfYear,
  figureOfEntered,
  figureOfRollup,
  refOf,
  standardOf,
  unitOfYear,
  viDate,
  type UnitFigure,
} from '../statistics/common.ts';
import { defaultTt10Rules, type ColumnFill, type Tt10Form, type Tt10Rules } from './rules.ts';

const TITLE = {
  vi: 'Báo cáo giám sát, đánh giá thực hiện Chương trình MTQG Giảm nghèo bền vững',
  en: 'Monitoring and evaluation report of the National Target Programme for Sustainable Poverty Reduction',
};

/** Values a row can give its columns (a missing key: nothing known). */
type RowValues = Partial<Record<ColumnFill, ReportCell>>;

const VERDICT: Record<Verdict, string> = { not_met: 'Không đạt', met: 'Đạt', exceeded: 'Vượt' };
const FIGURE_COLUMNS: readonly ColumnFill[] = [
  'target',
  'previous',
  'result',
  'assessment',
  'planned',
  'achieved',
  'cumulative',
  'rate',
];

interface GroupFigures {
  current: (UnitFigure & { source: string }) | null;
  previous: (UnitFigure & { source: string }) | null;
  target: Target | null;
}

async function figureOf(
  db: Queryable,
  code: string,
  year: number,
  standard: string,
  group: string,
  today: string,
): Promise<(UnitFigure & { source: string }) | null> {
  const unit = await unitOfYear(db, code, dateOfYear(year, today)).catch(() => null);
  if (unit) {
    const [r] = await reports.rollupsOf(db, { units: [refOf(unit)], year, standard, groups: [group] });
    if (r) return { ...figureOfRollup(r), source: `Rà soát năm ${year} (${r.communes} xã)` };
  }
  const [e] = await reports.enteredOf(db, { codes: [code], year, standard, groups: [group] });
  return e ? { ...figureOfEntered(e), source: `Công bố: ${e.source}` } : null;
}

async function groupFigures(ctx: ReportContext, code: string, year: number, standard: string, group: string) {
  const [current, previous, targets] = await Promise.all([
    figureOf(ctx.db, code, year, standard, group, ctx.today),
    // The previous year under the same standard (2021 was reviewed under both): else no change is computed.
    figureOf(ctx.db, code, year - 1, standard, group, ctx.today),
    figures.targetsOf(ctx.db, code, group),
  ]);
  const t = targets.find((x) => x.yearFrom <= year && year <= x.yearTo);
  const target: Target | null = t
    ? t.kind === 'max_level'
      ? { kind: 'max_level', upper: Number(t.upper) }
      : { kind: 'reduction_pp', lower: Number(t.lower), upper: t.upper === null ? null : Number(t.upper) }
    : null;
  return { current, previous, target } satisfies GroupFigures;
}

function targetText(t: Target | null): string | null {
  if (!t) return null;
  const n = (x: number) => formatNumber(x, 'vi');
  if (t.kind === 'max_level') return `dưới ${n(t.upper)} %`;
  return t.upper === null ? `giảm trên ${n(t.lower)} điểm %` : `giảm ${n(t.lower)}–${n(t.upper)} điểm %`;
}

function rateRow(g: GroupFigures, key: 'poorRate' | 'nearPoorRate', withTarget: boolean): RowValues {
  const out: RowValues = {
    previous: g.previous?.[key] ?? null,
    result: g.current?.[key] ?? null,
    source: g.current?.source ?? null,
  };
  if (withTarget && g.target?.kind === 'max_level') {
    out.target = targetText(g.target);
    if (g.current?.poorRate != null)
      out.assessment = VERDICT[verdictOf(g.target, g.current.poorRate, g.current.poorRate)];
  }
  return out;
}

function changeRow(g: GroupFigures): RowValues {
  const start = g.previous?.poorRate;
  const end = g.current?.poorRate;
  const out: RowValues = { source: g.current?.source ?? null };
  if (g.target?.kind === 'reduction_pp') out.target = targetText(g.target);
  if (start != null && end != null) {
    out.result = Math.round((start - end) * 100) / 100;
    if (g.target?.kind === 'reduction_pp') out.assessment = VERDICT[verdictOf(g.target, start, end)];
  }
  return out;
}

export const monitoringReport = defineReport({
  id: 'monitoring-tt10',
  title: TITLE,
  description: {
    vi: 'Báo cáo 6 tháng hoặc năm theo Thông tư 10/2022/TT-BLĐTBXH: Biểu 01 (khung chỉ tiêu) và Biểu 02 (kết quả thực hiện)',
    en: 'Six-month or annual report following Circular 10/2022/TT-BLĐTBXH: Form 01 (indicators) and Form 02 (results)',
  },
  parameters: z.object({
    unit: unitParam,
    year: yearParam,
    period: z
      .enum(['six_month', 'annual'])
      .default('annual')
      .describe('Kỳ báo cáo: six_month (6 tháng) hoặc annual (năm) / period'),
    standard: standardParam,
  }),
  async build(ctx) {
    const { db, book, today, now, params } = ctx;
    const rules: Tt10Rules = defaultTt10Rules();
    const period = rules.periods[params.period];
    const periodEnd = `${params.year}-${period.end}` > today ? today : `${params.year}-${period.end}`;
    const unit: AdminUnit = await unitOfYear(db, params.unit, periodEnd);
    // Six months in, the latest review result is last year's: the rates reported are of that review.
    const rateYear = params.period === 'six_month' ? params.year - 1 : params.year;
    const standard = standardOf(book, rateYear, params.standard);
    const [all, em, pd] = await Promise.all(
      ['all', 'ethnic_minority', 'poor_districts'].map((g) =>
        groupFigures(ctx, unit.code, rateYear, standard, g),
      ),
    );
    const stat: Record<string, RowValues> = {
      poor_rate: rateRow(all!, 'poorRate', true),
      poor_rate_change: changeRow(all!),
      em_poor_rate: rateRow(em!, 'poorRate', true),
      em_poor_rate_change: changeRow(em!),
      poor_districts_rate: rateRow(pd!, 'poorRate', true),
      near_poor_rate: rateRow(all!, 'nearPoorRate', false),
      poor_households: {
        previous: all!.previous?.poor ?? null,
        result: all!.current?.poor ?? null,
        source: all!.current?.source ?? null,
      },
      near_poor_households: {
        previous: all!.previous?.nearPoor ?? null,
        result: all!.current?.nearPoor ?? null,
        source: all!.current?.source ?? null,
      },
    };

    // Money: the year's plans in force and the payments up to the end of the period.
    const money: Record<string, RowValues> = {};
    try {
      const d = await disbursementReport(db, {
        unit: unit.code,
        from: params.year,
        to: params.year,
        at: periodEnd,
      });
      const rate = (p: bigint, x: bigint) => rateNumber(rateHundredths(x, p));
      money.total = {
        planned: d.plan,
        achieved: d.disbursed,
        rate: rate(d.plan, d.disbursed),
        source: `Đến ngày ${viDate(periodEnd)}`,
      };
      for (const s of await finance.sumsBySource(db, {
        unit: refOf(d.unit),
        from: params.year,
        to: params.year,
        at: periodEnd,
      }))
        money[s.source] = { planned: s.plan, achieved: s.disbursed, rate: rate(s.plan, s.disbursed) };
    } catch {
      // No plan recorded for the unit: the money rows stay empty.
    }

    const outputs = await reports.outputsUnder(db, {
      unit: refOf(unit),
      yearFrom: rules.programme.from,
      yearTo: params.year,
    });
    const output = (code: string): RowValues => {
      const mine = outputs.filter((o) => o.indicator === code);
      const y = mine.find((o) => o.year === params.year);
      if (mine.length === 0) return {};
      const planned = y?.planned != null ? Number(y.planned) : null;
      const achieved = y?.achieved != null ? Number(y.achieved) : null;
      const cumulative = mine.reduce((s, o) => s + (o.achieved != null ? Number(o.achieved) : 0), 0);
      return {
        planned,
        achieved,
        cumulative,
        rate: planned && achieved !== null ? Math.round((achieved / planned) * 10000) / 100 : null,
        source: y ? `${y.units} đơn vị báo cáo` : null,
      };
    };

    const valuesOf = (fill: string): RowValues | null => {
      if (fill === 'none') return null;
      if (fill.startsWith('money:')) return money[fill.slice(6)] ?? {};
      if (fill.startsWith('output:')) return output(fill.slice(7));
      return stat[fill] ?? {};
    };

    const sectionOf = (form: Tt10Form): ReportSection => {
      const columns: ReportColumn[] = form.columns.map((c) => ({
        key: c.key,
        header: c.header,
        kind: c.kind,
        ...(c.group ? { group: c.group } : {}),
        ...(c.kind === 'money' ? { moneyScale: 'million' as const } : {}),
        ...(c.fill === 'none' ? { toFill: true } : {}),
        ...(c.fill === 'label' ? { indent: true } : {}),
        citation: form.citation,
      }));
      let heading = 0;
      let n = 0;
      const rows: ReportRow[] = form.rows.map((row) => {
        const cells: Record<string, ReportCell> = {};
        if ('heading' in row) {
          n = 0;
          for (const c of form.columns)
            if (c.fill === 'number') cells[c.key] = ['I', 'II', 'III', 'IV', 'V'][heading++] ?? '';
            else if (c.fill === 'label') cells[c.key] = { vi: row.label.vi, en: row.label.en };
          return { cells, emphasis: 'subtotal' };
        }
        const values = valuesOf(row.fill);
        const missing: string[] = [];
        for (const c of form.columns) {
          if (c.fill === 'number') cells[c.key] = String(++n);
          else if (c.fill === 'label') cells[c.key] = { vi: row.label.vi, en: row.label.en };
          else if (c.fill === 'measure')
            cells[c.key] = row.measure ? { vi: row.measure.vi, en: row.measure.en } : null;
          else if (values === null) {
            if (FIGURE_COLUMNS.includes(c.fill)) missing.push(c.key);
            else if (c.fill === 'source') cells[c.key] = 'Cần bổ sung';
          } else cells[c.key] = values[c.fill] ?? null;
        }
        return { cells, level: 1, ...(missing.length ? { toFill: missing } : {}) };
      });
      return { heading: form.title, sheet: form.sheet, table: { columns, rows } };
    };

    const periodName: LocalText = {
      vi: params.period === 'six_month' ? `6 tháng đầu năm ${params.year}` : `năm ${params.year}`,
      en: params.period === 'six_month' ? `first six months of ${params.year}` : `${params.year}`,
    };
    const notes: LocalText[] = [
      {
        vi: `Cấu trúc biểu theo ${rules.citation}; các dòng, cột chưa được đối chiếu với văn bản gốc (verified: false, rules/reports/tt10-2022.yaml). Ô tô màu: hệ thống chưa có số liệu, đơn vị báo cáo điền bổ sung.`,
        en: `Forms laid out after ${rules.citation}; rows and columns not yet checked against the original (verified: false, rules/reports/tt10-2022.yaml). Shaded cells: no data in the system, to be filled in by the reporting unit.`,
      },
      {
        vi: `Tỷ lệ và số hộ: kết quả rà soát năm ${rateYear} (chuẩn ${standard}), ưu tiên số liệu tổng hợp từ rà soát đã công nhận, nếu không có thì số liệu công bố đã nhập${params.period === 'six_month' ? '; báo cáo 6 tháng dùng kết quả rà soát cuối năm trước' : ''}.`,
        en: `Rates and counts: the ${rateYear} review (standard ${standard}), derived from recognised rounds where they exist, else published figures entered${params.period === 'six_month' ? '; a six-month report uses the previous year-end review' : ''}.`,
      },
      {
        vi: `Nguồn vốn: kế hoạch năm ${params.year} có hiệu lực và giải ngân đến hết ngày ${viDate(periodEnd)} (triệu đồng). Kết quả thực hiện các dự án: số liệu cả năm ${params.year} đã nhập; lũy kế từ năm ${rules.programme.from}.`,
        en: `Funds: the ${params.year} plans in force and payments up to ${periodEnd} (million VND). Project results: the whole year ${params.year} as entered; cumulative since ${rules.programme.from}.`,
      },
    ];
    return {
      id: 'monitoring-tt10',
      title: TITLE,
      subtitle: {
        vi: `${unit.name} — báo cáo ${periodName.vi}`,
        en: `${unit.name} — report for the ${periodName.en}`,
      },
      sections: rules.forms.map(sectionOf),
      notes,
      generatedAt: now,
    };
  },
});
