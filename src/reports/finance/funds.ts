// Nguồn vốn theo nguồn và dự án: the plan in force and the amount disbursed at a date, for a unit and
// everything below it, by capital source and by project (sub-project), with the totals.
import * as finance from '../../db/queries/finance.ts';
import { rateHundredths, rateNumber } from '../../domain/finance/money.ts';
import { SOURCE_CODES } from '../../domain/finance/programmes.ts';
import { defaultFinanceRules } from '../../rules-loader/load-finance.ts';
import { defineReport } from '../definition.ts';
import type { ReportColumn, ReportRow } from '../model.ts';
import {
  financeParameters,
  moneyColumn,
  moneyLine,
  periodOf,
  projectName,
  rateColumn,
  sourceName,
  subtitleOf,
} from './common.ts';

const PLAN = { vi: 'Kế hoạch vốn', en: 'Plan' };
const PAID = { vi: 'Đã giải ngân', en: 'Disbursed' };

const TITLE = {
  vi: 'Nguồn vốn thực hiện Chương trình theo nguồn và dự án',
  en: 'Programme funds by source and project',
};

export const fundsReport = defineReport({
  id: 'finance-funds',
  title: TITLE,
  description: {
    vi: 'Kế hoạch vốn và giải ngân đến một ngày, theo nguồn vốn và theo dự án, tiểu dự án',
    en: 'Plan and disbursement at a date, by capital source and by project and sub-project',
  },
  parameters: financeParameters,
  async build({ db, today, now, params }) {
    const rules = defaultFinanceRules();
    const p = await periodOf(db, params, today);
    const lines = await finance.linesUnder(db, { unit: p.unit, from: p.from, to: p.to, at: p.at });
    const total = { plan: 0n, disbursed: 0n };
    const bySource = new Map<string, { plan: bigint; disbursed: bigint }>();
    const byProject = new Map<
      string,
      { programme: string; project: string; plan: bigint; disbursed: bigint; sources: Map<string, bigint> }
    >();
    for (const l of lines) {
      total.plan += l.plan;
      total.disbursed += l.disbursed;
      const s = bySource.get(l.source) ?? { plan: 0n, disbursed: 0n };
      s.plan += l.plan;
      s.disbursed += l.disbursed;
      bySource.set(l.source, s);
      const k = `${l.programme}|${l.project}`;
      const pr = byProject.get(k) ?? {
        programme: l.programme,
        project: l.project,
        plan: 0n,
        disbursed: 0n,
        sources: new Map(),
      };
      pr.plan += l.plan;
      pr.disbursed += l.disbursed;
      pr.sources.set(l.source, (pr.sources.get(l.source) ?? 0n) + l.plan);
      byProject.set(k, pr);
    }
    const rate = (d: bigint, pl: bigint) => rateNumber(rateHundredths(d, pl));
    const sourceRows: ReportRow[] = SOURCE_CODES.filter((c) => bySource.has(c)).map((c, i) => {
      const s = bySource.get(c)!;
      const name = sourceName(rules, c);
      return {
        cells: {
          stt: String(i + 1),
          source: { vi: name.vi, en: name.en },
          plan: s.plan,
          disbursed: s.disbursed,
          rate: rate(s.disbursed, s.plan),
        },
      };
    });
    sourceRows.push({
      cells: {
        stt: '',
        source: 'Tổng cộng',
        plan: total.plan,
        disbursed: total.disbursed,
        rate: rate(total.disbursed, total.plan),
      },
      emphasis: 'total',
    });
    const sourceColumns: ReportColumn[] = [
      { key: 'stt', header: { vi: 'STT', en: 'No.' }, kind: 'text' },
      { key: 'source', header: { vi: 'Nguồn vốn', en: 'Source' }, kind: 'text' },
      moneyColumn('plan', PLAN),
      moneyColumn('disbursed', PAID),
      rateColumn(),
    ];
    const usedSources = SOURCE_CODES.filter((c) => bySource.has(c));
    const projectColumns: ReportColumn[] = [
      { key: 'project', header: { vi: 'Dự án, tiểu dự án', en: 'Project, sub-project' }, kind: 'text' },
      moneyColumn('plan', PLAN),
      ...usedSources.map((c) =>
        moneyColumn(`plan_${c}`, sourceName(rules, c), {
          vi: 'Trong đó theo nguồn',
          en: 'Of which by source',
        }),
      ),
      moneyColumn('disbursed', PAID),
      rateColumn(),
    ];
    const projectRows: ReportRow[] = [...byProject.values()]
      .sort(
        (a, b) =>
          a.programme.localeCompare(b.programme) ||
          a.project.localeCompare(b.project, 'en', { numeric: true }),
      )
      .map((pr) => ({
        cells: {
          project: projectName(rules, pr.programme, pr.project),
          plan: pr.plan,
          ...Object.fromEntries(usedSources.map((c) => [`plan_${c}`, pr.sources.get(c) ?? null])),
          disbursed: pr.disbursed,
          rate: rate(pr.disbursed, pr.plan),
        },
      }));
    return {
      id: 'finance-funds',
      title: TITLE,
      subtitle: subtitleOf(p),
      generatedAt: now,
      sections: [
        {
          paragraphs: [
            moneyLine({ vi: 'Tổng kế hoạch vốn', en: 'Total plan' }, total.plan),
            moneyLine({ vi: 'Đã giải ngân', en: 'Disbursed' }, total.disbursed),
          ],
        },
        {
          heading: { vi: 'Theo nguồn vốn', en: 'By source' },
          table: { columns: sourceColumns, rows: sourceRows },
        },
        {
          heading: { vi: 'Theo dự án', en: 'By project' },
          table: { columns: projectColumns, rows: projectRows },
        },
      ],
      notes: [
        {
          vi: `Nguồn vốn và dự án theo ${rules.sources.citation}`,
          en: `Sources and projects as in ${rules.sources.citation}`,
        },
        {
          vi: 'Kế hoạch là kế hoạch đang có hiệu lực tại ngày báo cáo (gồm các điều chỉnh đến ngày đó).',
          en: 'The plan is the plan in force on the report date (with adjustments up to that day).',
        },
      ],
    };
  },
});
