// Phân bổ vốn theo đơn vị: the plan in force of each unit directly below (and the unit's own lines, and former
// units that went whole into it) by capital source, with the total row — as the money is summed (ADR 0005).
import * as finance from '../../db/queries/finance.ts';
import { unitBuckets } from '../../db/queries/works.ts';
import { SOURCE_CODES } from '../../domain/finance/programmes.ts';
import { defaultFinanceRules } from '../../rules-loader/load-finance.ts';
import { disbursementReport } from '../../services/finance.ts';
import { defineReport } from '../definition.ts';
import type { ReportColumn, ReportRow } from '../model.ts';
import { financeParameters, moneyColumn, moneyLine, periodOf, sourceName, subtitleOf } from './common.ts';

const TITLE = {
  vi: 'Phân bổ kế hoạch vốn theo đơn vị và nguồn vốn',
  en: 'Plan allocation by unit and source',
};
const BY_SOURCE = { vi: 'Trong đó theo nguồn vốn', en: 'Of which by source' };

export const allocationReport = defineReport({
  id: 'finance-allocation',
  title: TITLE,
  description: {
    vi: 'Kế hoạch vốn của từng đơn vị trực thuộc theo nguồn vốn',
    en: 'The plan of each unit directly below, by source',
  },
  parameters: financeParameters,
  async build({ db, today, now, params }) {
    const rules = defaultFinanceRules();
    const p = await periodOf(db, params, today);
    const report = await disbursementReport(db, {
      unit: p.unit.code,
      from: p.from,
      to: p.to,
      at: p.at,
      rules,
    });
    const key = (c: string, f: string) => `${c}@${f}`;
    const bucketOf = new Map(
      (await unitBuckets(db, p.unit)).map((b) => [
        key(b.code, b.validFrom),
        key(b.bucketCode, b.bucketValidFrom),
      ]),
    );
    const lines = await finance.linesUnder(db, { unit: p.unit, from: p.from, to: p.to, at: p.at });
    const cell = new Map<string, bigint>();
    const totals = new Map<string, bigint>();
    for (const l of lines) {
      const b = bucketOf.get(key(l.unitCode, l.unitValidFrom))!;
      cell.set(`${b}|${l.source}`, (cell.get(`${b}|${l.source}`) ?? 0n) + l.plan);
      totals.set(l.source, (totals.get(l.source) ?? 0n) + l.plan);
    }
    const used = SOURCE_CODES.filter((c) => totals.has(c));
    const columns: ReportColumn[] = [
      { key: 'stt', header: { vi: 'STT', en: 'No.' }, kind: 'text' },
      { key: 'unit', header: { vi: 'Đơn vị', en: 'Unit' }, kind: 'text' },
      moneyColumn('plan', { vi: 'Tổng kế hoạch vốn', en: 'Total plan' }),
      ...used.map((c) => moneyColumn(c, sourceName(rules, c), BY_SOURCE)),
    ];
    const rows: ReportRow[] = report.byUnit.map((r, i) => ({
      cells: {
        stt: String(i + 1),
        unit: `${r.unit.name} (${r.label})`,
        plan: r.plan,
        ...Object.fromEntries(
          used.map((c) => [c, cell.get(`${key(r.unit.code, r.unit.validFrom)}|${c}`) ?? 0n]),
        ),
      },
      level: 1,
    }));
    rows.push({
      cells: {
        stt: '',
        unit: 'Tổng cộng',
        plan: report.plan,
        ...Object.fromEntries(used.map((c) => [c, totals.get(c)!])),
      },
      emphasis: 'total',
    });
    return {
      id: 'finance-allocation',
      title: TITLE,
      subtitle: subtitleOf(p),
      generatedAt: now,
      sections: [
        { paragraphs: [moneyLine({ vi: 'Tổng kế hoạch vốn', en: 'Total plan' }, report.plan)] },
        { table: { columns, rows } },
      ],
      notes: report.notes,
    };
  },
});
