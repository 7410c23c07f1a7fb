// Lines behind schedule (chậm giải ngân): a line of the current year whose rate at a date is below the
// minimum of the latest milestone passed (rules/finance/disbursement-milestones.yaml, data, not code).
import { formatRate, rateHundredths } from './money.ts';
import type { Milestones } from './programmes.ts';

export interface Milestone {
  date: string;
  minimumHundredths: bigint;
}

/** The latest milestone of `at`'s year on or before `at`, if any. */
export function milestoneAt(milestones: Milestones, at: string): Milestone | null {
  const year = at.slice(0, 4);
  let best: Milestone | null = null;
  for (const m of milestones.milestones) {
    const date = `${year}-${String(m.month).padStart(2, '0')}-${String(m.day).padStart(2, '0')}`;
    if (date <= at && (!best || date > best.date)) {
      const [whole, frac = ''] = m.minimumPercent.split('.');
      best = { date, minimumHundredths: BigInt(whole!) * 100n + BigInt(frac.padEnd(2, '0') || '0') };
    }
  }
  return best;
}

export interface ScheduleWarning<K> {
  key: K;
  rateHundredths: bigint;
  milestone: Milestone;
  message: { vi: string; en: string };
}

/** Lines of `at`'s year with a plan, paid below the milestone's minimum by `at`. */
export function behindSchedule<K>(
  lines: readonly {
    key: K;
    /** How the line is named in the message: one text, or one per language. */
    label: string | { vi: string; en: string };
    year: number;
    plan: bigint;
    disbursed: bigint;
  }[],
  milestones: Milestones,
  at: string,
): ScheduleWarning<K>[] {
  const milestone = milestoneAt(milestones, at);
  if (!milestone) return [];
  const dmy = `${milestone.date.slice(8, 10)}/${milestone.date.slice(5, 7)}`;
  const out: ScheduleWarning<K>[] = [];
  for (const l of lines) {
    if (l.year !== Number(at.slice(0, 4)) || l.plan <= 0n) continue;
    const rate = rateHundredths(l.disbursed, l.plan)!;
    if (rate < milestone.minimumHundredths) {
      const label = typeof l.label === 'string' ? { vi: l.label, en: l.label } : l.label;
      out.push({
        key: l.key,
        rateHundredths: rate,
        milestone,
        message: {
          vi: `${label.vi}: giải ngân ${formatRate(rate, 'vi')}% kế hoạch, dưới mức ${formatRate(milestone.minimumHundredths, 'vi')}% phải đạt trước ${dmy}`,
          en: `${label.en}: ${formatRate(rate, 'en')}% of the plan disbursed, below the ${formatRate(milestone.minimumHundredths, 'en')}% due by ${dmy}`,
        },
      });
    }
  }
  return out;
}
