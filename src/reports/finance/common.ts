// What the finance report builders share: their parameters (unit, years, date), the unit they report on,
// money columns in tỷ đồng (bigint đồng in the cells), source and project names from the rules.
import { z } from 'zod';
import type { Queryable } from '../../db/index.ts';
import type { AdminUnit } from '../../db/queries/units.ts';
import { formatMoney } from '../../domain/finance/money.ts';
import type { FinanceRules } from '../../domain/finance/programmes.ts';
import { reportDate } from '../../domain/finance/sentence.ts';
import { isCalendarDate } from '../../domain/standards/facts.ts';
import { FinanceError, requireReportUnit } from '../../services/finance.ts';
import { ReportParameterError } from '../definition.ts';
import type { LocalText, ReportColumn } from '../model.ts';
import { unitParam, yearParam } from '../parameters.ts';

export const financeParameters = z.object({
  unit: unitParam,
  from: yearParam.describe('Từ năm kế hoạch / first plan year'),
  to: yearParam
    .optional()
    .describe('Đến năm kế hoạch (mặc định: bằng from) / last plan year (default: from)'),
  at: z
    .string()
    .refine(isCalendarDate, 'YYYY-MM-DD')
    .optional()
    .describe(
      'Số liệu tính đến hết ngày (mặc định: hôm nay) / figures up to this day inclusive (default: today)',
    ),
});
export type FinanceParameters = z.infer<typeof financeParameters>;

export interface Period {
  unit: AdminUnit;
  from: number;
  to: number;
  at: string;
}

/** The unit and period of a report; a bad unit or period is the parameter's fault (400), named. */
export async function periodOf(db: Queryable, p: FinanceParameters, today: string): Promise<Period> {
  const at = p.at ?? today;
  const to = p.to ?? p.from;
  if (to < p.from)
    throw new ReportParameterError('to', { vi: 'Năm kết thúc trước năm bắt đầu', en: 'to is before from' });
  try {
    return { unit: await requireReportUnit(db, p.unit, at), from: p.from, to, at };
  } catch (e) {
    if (e instanceof FinanceError) throw new ReportParameterError('unit', e.messages);
    throw e;
  }
}

export const yearsText = (p: Period): LocalText =>
  p.from === p.to
    ? { vi: `năm ${p.from}`, en: `${p.from}` }
    : { vi: `giai đoạn ${p.from}–${p.to}`, en: `${p.from}–${p.to}` };

export const subtitleOf = (p: Period): LocalText => {
  const y = yearsText(p);
  const d = reportDate(p.at);
  return {
    vi: `${p.unit.name} — kế hoạch ${y.vi}, số liệu đến hết ngày ${d.vi}`,
    en: `${p.unit.name} — plans of ${y.en}, figures to the end of ${d.en}`,
  };
};

export const moneyColumn = (key: string, header: LocalText, group?: LocalText): ReportColumn => ({
  key,
  header: { vi: `${header.vi} (tỷ đồng)`, en: `${header.en} (billion VND)` },
  kind: 'money',
  moneyScale: 'billion',
  ...(group ? { group } : {}),
});

export const rateColumn = (key = 'rate'): ReportColumn => ({
  key,
  header: { vi: 'Tỷ lệ giải ngân (%)', en: 'Disbursement rate (%)' },
  kind: 'percent',
});

export const sourceName = (rules: FinanceRules, code: string): LocalText =>
  rules.sources.sources.find((s) => s.code === code)?.name ?? { vi: code, en: code };

/** A project code's name in the programme of the year ("DA1.TDA1" → the sub-project's name). */
export function projectName(rules: FinanceRules, programmeId: string, code: string): LocalText {
  const programme = rules.programmes.find((p) => p.id === programmeId);
  const [top, sub] = code.split('.');
  const component = programme?.components.find((c) => c.code === top);
  const named = sub ? component?.subProjects?.find((s) => s.code === sub)?.name : component?.name;
  return named ? { vi: `${code}: ${named.vi}`, en: `${code}: ${named.en}` } : { vi: code, en: code };
}

/** "Tổng kế hoạch vốn: 760,8 tỷ đồng" in both languages. */
export const moneyLine = (label: LocalText, value: bigint): LocalText => ({
  vi: `${label.vi}: ${formatMoney(value, 'vi')}`,
  en: `${label.en}: ${formatMoney(value, 'en')}`,
});
