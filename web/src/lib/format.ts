// Dates, numbers and percentages as people read them: 04/03/2020, 1.400.000, 19,5 % (English: 1,400,000; 19.5%).
import { formatNumber as groupDigits, formatPercent as percent } from '../../../src/domain/format/numbers.ts';

export type Lang = 'vi' | 'en';

/** The time zone the programme's records are kept in. */
export const VIETNAM = 'Asia/Ho_Chi_Minh';
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function partsInVietnam(iso: string) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: VIETNAM,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    day: get('day'),
    month: get('month'),
    year: get('year'),
    hour: get('hour'),
    minute: get('minute'),
  };
}

/** '2020-03-04' (or a timestamp, read in Vietnam's time zone) → '04/03/2020'; empty → '—'. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const m = ISO_DATE.exec(value);
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  if (Number.isNaN(Date.parse(value))) return value;
  const p = partsInVietnam(value);
  return `${p.day}/${p.month}/${p.year}`;
}

/** A timestamp → '22/11/2026 14:05' in Vietnam's time zone (where the programme's records are kept). */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  if (Number.isNaN(Date.parse(value))) return value;
  const p = partsInVietnam(value);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** 1400000 → '1.400.000' (vi) or '1,400,000' (en); numeric strings (bigint đồng from the API) too. */
export function formatNumber(value: number | string | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? groupDigits(n, lang) : String(value);
}

/** 19.5 → '19,5 %' (vi) or '19.5%' (en). */
export function formatPercent(value: number, lang: Lang, decimals = 1): string {
  return percent(value, lang, decimals);
}

/** Reads a number typed with the language's digit grouping ('1.400.000' or '1,400,000'). */
export function parseGroupedNumber(text: string | undefined, lang: Lang): number | null {
  if (!text) return null;
  const withoutGroups = text.replace(lang === 'vi' ? /\./g : /,/g, '').replace(/\s/g, '');
  const cleaned = lang === 'vi' ? withoutGroups.replace(',', '.') : withoutGroups;
  if (cleaned === '') return null;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : null;
}
