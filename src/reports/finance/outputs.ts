// Kết quả thực hiện các chỉ tiêu so với kế hoạch (Thông tư 10/2022/TT-BLĐTBXH): each indicator of the rules with
// its measure, planned, achieved and the rate, for a unit with everything below it.
import { quantityText } from '../../domain/works/quantity.ts';
import { rateNumber } from '../../domain/finance/money.ts';
import { defaultOutputsRules } from '../../rules-loader/load-outputs.ts';
import { outputsSummary } from '../../services/outputs.ts';
import { defineReport } from '../definition.ts';
import type { ReportColumn, ReportRow } from '../model.ts';
import { financeParameters, periodOf, yearsText } from './common.ts';

const TITLE = { vi: 'Kết quả thực hiện các chỉ tiêu so với kế hoạch', en: 'Outputs against plan' };

export const outputsReport = defineReport({
  id: 'outputs-plan',
  title: TITLE,
  description: {
    vi: 'Các chỉ tiêu theo Thông tư 10/2022/TT-BLĐTBXH: kế hoạch, thực hiện, tỷ lệ',
    en: 'The indicators of Circular 10/2022/TT-BLĐTBXH: planned, achieved, rate',
  },
  parameters: financeParameters,
  async build({ db, today, now, params }) {
    const rules = defaultOutputsRules();
    const p = await periodOf(db, params, today);
    const s = await outputsSummary(db, { unit: p.unit, from: p.from, to: p.to, rules });
    const value = (h: bigint | null) => (h === null ? null : Number(quantityText(h)));
    const rows: ReportRow[] = s.lines.map((l, i) => ({
      cells: {
        stt: String(i + 1),
        indicator: { vi: l.indicator.name.vi, en: l.indicator.name.en },
        measure: { vi: l.indicator.measure.vi, en: l.indicator.measure.en },
        project: l.indicator.project,
        planned: value(l.planned),
        achieved: value(l.achieved),
        rate: rateNumber(l.rate),
      },
    }));
    const columns: ReportColumn[] = [
      { key: 'stt', header: { vi: 'STT', en: 'No.' }, kind: 'text' },
      {
        key: 'indicator',
        header: { vi: 'Chỉ tiêu', en: 'Indicator' },
        kind: 'text',
        citation: rules.indicators.citation,
      },
      { key: 'measure', header: { vi: 'Đơn vị tính', en: 'Measure' }, kind: 'text' },
      { key: 'project', header: { vi: 'Dự án', en: 'Project' }, kind: 'text' },
      { key: 'planned', header: { vi: 'Kế hoạch', en: 'Planned' }, kind: 'decimal' },
      { key: 'achieved', header: { vi: 'Thực hiện', en: 'Achieved' }, kind: 'decimal' },
      { key: 'rate', header: { vi: 'Tỷ lệ thực hiện (%)', en: 'Achieved (% of plan)' }, kind: 'percent' },
    ];
    const y = yearsText(p);
    return {
      id: 'outputs-plan',
      title: TITLE,
      subtitle: { vi: `${p.unit.name} — ${y.vi}`, en: `${p.unit.name} — ${y.en}` },
      generatedAt: now,
      sections: [{ table: { columns, rows } }],
      notes: [
        {
          vi: `Chỉ tiêu theo ${rules.indicators.citation}${rules.indicators.verified ? '' : ' (tên và đơn vị tính chưa kiểm chứng: rules/outputs/tt10-outputs.yaml)'}.`,
          en: `Indicators from ${rules.indicators.citation}${rules.indicators.verified ? '' : ' (names and measures not verified: rules/outputs/tt10-outputs.yaml)'}.`,
        },
        {
          vi: 'Ô trống: chưa có số liệu. Số của đơn vị gồm số của các đơn vị trực thuộc.',
          en: 'Empty cell: no figure yet. A unit’s figures include those of the units below it.',
        },
      ],
    };
  },
});
