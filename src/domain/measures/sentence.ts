// The sentences provincial reports are written in, from figures and verdicts, in Vietnamese and English:
// "Năm 2023, tỷ lệ hộ nghèo đa chiều giảm 2,76% (giảm từ 24,71% xuống còn 21,95%), đạt và vượt mục tiêu đề ra."
import type { Target, Verdict } from './targets.ts';

export type Group = 'all' | 'ethnic_minority' | 'poor_districts' | 'urban' | 'rural';

const SUBJECT: Record<Group, { vi: string; en: string }> = {
  all: { vi: 'tỷ lệ hộ nghèo đa chiều', en: 'the multidimensional poverty rate' },
  ethnic_minority: {
    vi: 'tỷ lệ hộ nghèo dân tộc thiểu số',
    en: 'the poverty rate among ethnic-minority households',
  },
  poor_districts: {
    vi: 'tỷ lệ hộ nghèo trên địa bàn các huyện nghèo',
    en: 'the poverty rate in the poor districts',
  },
  urban: { vi: 'tỷ lệ hộ nghèo khu vực thành thị', en: 'the urban poverty rate' },
  rural: { vi: 'tỷ lệ hộ nghèo khu vực nông thôn', en: 'the rural poverty rate' },
};

/** 2.76 → "2,76" (vi) / "2.76" (en), always two decimals as the reports print them. */
export function pct(x: number, lang: 'vi' | 'en'): string {
  const s = (Math.round(Math.abs(x) * 100) / 100).toFixed(2);
  return lang === 'vi' ? s.replace('.', ',') : s;
}

function targetText(t: Target, lang: 'vi' | 'en'): string {
  const n = (x: number) => {
    const s = String(Math.round(x * 100) / 100);
    return lang === 'vi' ? s.replace('.', ',') : s;
  };
  if (t.kind === 'max_level') return lang === 'vi' ? `dưới ${n(t.upper)}%` : `below ${n(t.upper)}%`;
  if (t.upper === null)
    return lang === 'vi' ? `giảm trên ${n(t.lower)}%` : `a fall of over ${n(t.lower)} points`;
  return lang === 'vi' ? `giảm ${n(t.lower)}–${n(t.upper)}%` : `a fall of ${n(t.lower)}–${n(t.upper)} points`;
}

const VERDICT_VI: Record<Verdict, string> = {
  met: 'đạt mục tiêu đề ra',
  exceeded: 'đạt và vượt mục tiêu đề ra',
  not_met: 'chưa đạt mục tiêu đề ra',
};
const VERDICT_EN: Record<Verdict, string> = {
  met: 'meeting the target',
  exceeded: 'meeting and exceeding the target',
  not_met: 'short of the target',
};

export function progressSentence(input: {
  year: number;
  group: Group;
  start: number;
  end: number;
  target?: Target | null;
  verdict?: Verdict | null;
}): { vi: string; en: string } {
  const { year, group, start, end } = input;
  const change = start - end;
  const fell = Math.round(change * 100) > 0;
  const rose = Math.round(change * 100) < 0;
  const subject = SUBJECT[group];
  let vi: string;
  let en: string;
  if (fell) {
    vi = `Năm ${year}, ${subject.vi} giảm ${pct(change, 'vi')}% (giảm từ ${pct(start, 'vi')}% xuống còn ${pct(end, 'vi')}%)`;
    en = `In ${year}, ${subject.en} fell by ${pct(change, 'en')} points (from ${pct(start, 'en')}% to ${pct(end, 'en')}%)`;
  } else if (rose) {
    vi = `Năm ${year}, ${subject.vi} tăng ${pct(change, 'vi')}% (tăng từ ${pct(start, 'vi')}% lên ${pct(end, 'vi')}%)`;
    en = `In ${year}, ${subject.en} rose by ${pct(change, 'en')} points (from ${pct(start, 'en')}% to ${pct(end, 'en')}%)`;
  } else {
    vi = `Năm ${year}, ${subject.vi} không thay đổi (${pct(end, 'vi')}%)`;
    en = `In ${year}, ${subject.en} did not change (${pct(end, 'en')}%)`;
  }
  if (input.target && input.verdict) {
    const goal = targetText(input.target, 'vi');
    vi +=
      input.verdict === 'not_met' ? `, ${VERDICT_VI.not_met} (${goal}).` : `, ${VERDICT_VI[input.verdict]}.`;
    en += `, ${VERDICT_EN[input.verdict]} (${targetText(input.target, 'en')}).`;
  } else {
    vi += '.';
    en += '.';
  }
  // Vietnamese sentences start with a capital; so do the English ones after "In …".
  return { vi, en: en.charAt(0).toUpperCase() + en.slice(1) };
}
