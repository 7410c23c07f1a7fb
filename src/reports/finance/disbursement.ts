// Tiến độ giải ngân: the sentence of provincial reports ("Tính đến hết ngày 31/5/2024, tỉnh đã thực hiện giải
// ngân được 478,93/760,8 tỷ đồng, đạt 62,95% kế hoạch."), the table by unit and the lines behind schedule.
import { rateNumber } from '../../domain/finance/money.ts';
import { defaultFinanceRules } from '../../rules-loader/load-finance.ts';
import { disbursementReport } from '../../services/finance.ts';
import { defineReport } from '../definition.ts';
import type { ReportColumn, ReportRow, ReportSection } from '../model.ts';
import { financeParameters, moneyColumn, periodOf, rateColumn, subtitleOf } from './common.ts';

const TITLE = { vi: 'Tiến độ giải ngân vốn Chương trình', en: 'Programme disbursement progress' };

export const disbursementReportEntry = defineReport({
  id: 'finance-disbursement',
  title: TITLE,
  description: {
    vi: 'Kế hoạch, giải ngân và tỷ lệ đến một ngày, theo đơn vị; câu tổng hợp và các dòng chậm giải ngân',
    en: 'Plan, disbursed and rate at a date by unit; the summary sentence and the lines behind schedule',
  },
  parameters: financeParameters,
  async build({ db, today, now, params }) {
    const rules = defaultFinanceRules();
    const p = await periodOf(db, params, today);
    const r = await disbursementReport(db, { unit: p.unit.code, from: p.from, to: p.to, at: p.at, rules });
    const columns: ReportColumn[] = [
      { key: 'stt', header: { vi: 'STT', en: 'No.' }, kind: 'text' },
      { key: 'unit', header: { vi: 'Đơn vị', en: 'Unit' }, kind: 'text' },
      moneyColumn('plan', { vi: 'Kế hoạch vốn', en: 'Plan' }),
      moneyColumn('disbursed', { vi: 'Đã giải ngân', en: 'Disbursed' }),
      rateColumn(),
    ];
    const rows: ReportRow[] = r.byUnit.map((b, i) => ({
      cells: {
        stt: String(i + 1),
        unit: `${b.unit.name} (${b.label})`,
        plan: b.plan,
        disbursed: b.disbursed,
        rate: rateNumber(b.rate),
      },
      level: 1,
    }));
    rows.push({
      cells: { stt: '', unit: 'Tổng cộng', plan: r.plan, disbursed: r.disbursed, rate: rateNumber(r.rate) },
      emphasis: 'total',
    });
    const sections: ReportSection[] = [{ paragraphs: [r.sentence] }, { table: { columns, rows } }];
    if (r.warnings.length)
      sections.push({
        heading: { vi: 'Các dòng kế hoạch chậm giải ngân', en: 'Plan lines behind schedule' },
        paragraphs: r.warnings.map((w) => w.message),
      });
    return {
      id: 'finance-disbursement',
      title: TITLE,
      subtitle: subtitleOf(p),
      generatedAt: now,
      sections,
      notes: [
        ...r.notes,
        {
          vi: `Mốc giải ngân theo ${rules.milestones.citation}${rules.milestones.verified ? '' : ' (chưa kiểm chứng)'}.`,
          en: `Disbursement milestones from ${rules.milestones.citation}${rules.milestones.verified ? '' : ' (not verified)'}.`,
        },
      ],
    };
  },
});
