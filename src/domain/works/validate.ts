// Checks of a work's fields that need no database: progress, the order of dates, money. Field errors name
// the field in Vietnamese and English; a work paid beyond its contract value is a warning, not a refusal.
import { formatDong } from '../finance/money.ts';

export interface FieldProblem {
  field: string;
  message: { vi: string; en: string };
}

export interface WorkFigures {
  progressPct: number;
  contractValue: bigint;
  disbursed: bigint;
  startDate: string | null;
  completionDate: string | null;
  acceptanceDate: string | null;
}

const DATE_NAMES = {
  startDate: { vi: 'ngày khởi công', en: 'start date' },
  completionDate: { vi: 'ngày hoàn thành', en: 'completion date' },
  acceptanceDate: { vi: 'ngày nghiệm thu', en: 'acceptance date' },
} as const;

export function checkWork(w: WorkFigures): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!Number.isInteger(w.progressPct) || w.progressPct < 0 || w.progressPct > 100)
    out.push({
      field: 'progressPct',
      message: {
        vi: `Tiến độ phải là số nguyên từ 0 đến 100 (%), nhận được ${w.progressPct}`,
        en: `Progress must be a whole number from 0 to 100 (%), got ${w.progressPct}`,
      },
    });
  for (const field of ['contractValue', 'disbursed'] as const) {
    if (w[field] < 0n)
      out.push({
        field,
        message:
          field === 'contractValue'
            ? { vi: 'Giá trị hợp đồng không được âm', en: 'The contract value cannot be negative' }
            : { vi: 'Số đã giải ngân không được âm', en: 'The amount disbursed cannot be negative' },
      });
  }
  // Each date must not come before the one it follows, when both are known.
  const order = ['startDate', 'completionDate', 'acceptanceDate'] as const;
  for (let i = 1; i < order.length; i++) {
    const later = order[i]!;
    const value = w[later];
    if (value === null) continue;
    const earlier = order
      .slice(0, i)
      .reverse()
      .find((f) => w[f] !== null);
    if (earlier && value < w[earlier]!)
      out.push({
        field: later,
        message: {
          vi: `${cap(DATE_NAMES[later].vi)} (${value}) trước ${DATE_NAMES[earlier].vi} (${w[earlier]})`,
          en: `The ${DATE_NAMES[later].en} (${value}) is before the ${DATE_NAMES[earlier].en} (${w[earlier]})`,
        },
      });
  }
  return out;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Disbursed above the contract value is allowed and flagged: approved cost overruns (phát sinh), price
 * adjustments and payments for site clearance or supervision recorded on the work are lawful and common, and
 * the contract value is often entered before its addenda; refusing would keep true payments out of the
 * record. The reader is told instead.
 */
export function overContractWarning(w: Pick<WorkFigures, 'contractValue' | 'disbursed'>) {
  if (w.disbursed <= w.contractValue) return null;
  const over = w.disbursed - w.contractValue;
  return {
    code: 'disbursed_over_contract' as const,
    message: {
      vi: `Số đã giải ngân vượt giá trị hợp đồng ${formatDong(over, 'vi')}: kiểm tra phụ lục hợp đồng hoặc khoản phát sinh`,
      en: `Disbursed exceeds the contract value by ${formatDong(over, 'en')}: check contract addenda or extra costs`,
    },
  };
}
