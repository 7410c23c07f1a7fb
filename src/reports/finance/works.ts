// Công trình và tình trạng: every work under a unit with its investor (original and current), money, progress
// and the status derived on the report date, preceded by the count of works per status.
import { z } from 'zod';
import { worksUnder } from '../../db/queries/works.ts';
import { formatMoney } from '../../domain/finance/money.ts';
import { isCalendarDate } from '../../domain/standards/facts.ts';
import { WORK_STATUS_NAMES, WORK_STATUSES, workStatus } from '../../domain/works/status.ts';
import { defaultOutputsRules } from '../../rules-loader/load-outputs.ts';
import { defineReport } from '../definition.ts';
import type { ReportColumn, ReportRow } from '../model.ts';
import { unitParam, yearParam } from '../parameters.ts';
import { moneyColumn, periodOf } from './common.ts';
import { reportDate } from '../../domain/finance/sentence.ts';

const TITLE = { vi: 'Danh mục công trình và tình trạng thực hiện', en: 'Works and their status' };
const collator = new Intl.Collator('vi');

export const worksReport = defineReport({
  id: 'works-status',
  title: TITLE,
  description: {
    vi: 'Các công trình của đơn vị và cấp dưới: chủ đầu tư, giá trị hợp đồng, giải ngân, tiến độ, tình trạng',
    en: 'Works of the unit and below: investor, contract value, disbursed, progress, status',
  },
  parameters: z.object({
    unit: unitParam,
    year: yearParam
      .optional()
      .describe('Năm kế hoạch của công trình (mặc định: tất cả) / plan year (default: all)'),
    at: z
      .string()
      .refine(isCalendarDate, 'YYYY-MM-DD')
      .optional()
      .describe('Tình trạng tại ngày / status on this day'),
  }),
  async build({ db, today, now, params }) {
    const types = defaultOutputsRules().workTypes.types;
    const p = await periodOf(db, { unit: params.unit, from: params.year ?? 2000, at: params.at }, today);
    const rows = (await worksUnder(db, { unit: p.unit, ...(params.year ? { year: params.year } : {}) })).sort(
      (a, b) => a.unitCode.localeCompare(b.unitCode) || collator.compare(a.name, b.name),
    );
    const counts = Object.fromEntries(WORK_STATUSES.map((s) => [s, 0])) as Record<
      (typeof WORK_STATUSES)[number],
      number
    >;
    let contract = 0n;
    let disbursed = 0n;
    const table: ReportRow[] = rows.map((w, i) => {
      const status = workStatus(w, p.at);
      counts[status] += 1;
      contract += w.contractValue;
      disbursed += w.disbursed;
      const handed = w.investorChangedOn !== null && w.investorCurrent !== w.investorOriginal;
      return {
        cells: {
          stt: String(i + 1),
          unit: `${w.unitName} (${w.unitCode})`,
          name: w.name,
          type: types.find((t) => t.code === w.workType)?.name ?? w.workType,
          investor: handed
            ? {
                vi: `${w.investorCurrent} (từ ${reportDate(w.investorChangedOn!).vi}; trước đó: ${w.investorOriginal})`,
                en: `${w.investorCurrent} (since ${reportDate(w.investorChangedOn!).en}; before: ${w.investorOriginal})`,
              }
            : w.investorCurrent,
          contract: w.contractValue,
          disbursed: w.disbursed,
          progress: w.progressPct,
          status: WORK_STATUS_NAMES[status],
        },
      };
    });
    table.push({ cells: { stt: '', unit: 'Tổng cộng', contract, disbursed }, emphasis: 'total' });
    const columns: ReportColumn[] = [
      { key: 'stt', header: { vi: 'STT', en: 'No.' }, kind: 'text' },
      { key: 'unit', header: { vi: 'Đơn vị', en: 'Unit' }, kind: 'text' },
      { key: 'name', header: { vi: 'Tên công trình', en: 'Work' }, kind: 'text' },
      { key: 'type', header: { vi: 'Loại', en: 'Type' }, kind: 'text' },
      { key: 'investor', header: { vi: 'Chủ đầu tư', en: 'Investor' }, kind: 'text' },
      moneyColumn('contract', { vi: 'Giá trị hợp đồng', en: 'Contract value' }),
      moneyColumn('disbursed', { vi: 'Đã giải ngân', en: 'Disbursed' }),
      { key: 'progress', header: { vi: 'Tiến độ (%)', en: 'Progress (%)' }, kind: 'integer' },
      { key: 'status', header: { vi: 'Tình trạng', en: 'Status' }, kind: 'text' },
    ];
    const d = reportDate(p.at);
    return {
      id: 'works-status',
      title: TITLE,
      subtitle: {
        vi: `${p.unit.name} — tình trạng đến ngày ${d.vi}`,
        en: `${p.unit.name} — status on ${d.en}`,
      },
      generatedAt: now,
      sections: [
        {
          paragraphs: [
            {
              vi: `Tổng số ${rows.length} công trình, giá trị hợp đồng ${formatMoney(contract, 'vi')}, đã giải ngân ${formatMoney(disbursed, 'vi')}: ${WORK_STATUSES.map((s) => `${WORK_STATUS_NAMES[s].vi.toLowerCase()} ${counts[s]}`).join(', ')}.`,
              en: `${rows.length} works, contract value ${formatMoney(contract, 'en')}, disbursed ${formatMoney(disbursed, 'en')}: ${WORK_STATUSES.map((s) => `${WORK_STATUS_NAMES[s].en.toLowerCase()} ${counts[s]}`).join(', ')}.`,
            },
          ],
        },
        { table: { columns, rows: table } },
      ],
      notes: [
        {
          vi: 'Tình trạng suy ra từ ngày khởi công, hoàn thành, nghiệm thu và tiến độ tại ngày báo cáo, không nhập tay.',
          en: 'Status is derived from the start, completion and acceptance dates and progress on the report date.',
        },
        {
          vi: 'Gồm cả công trình của đơn vị cũ (trước sắp xếp 2025) đã chuyển giao cho đơn vị trực thuộc.',
          en: 'Includes works of former units (before the 2025 reform) handed over to units below.',
        },
      ],
    };
  },
});
