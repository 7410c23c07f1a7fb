// Money on screen: amounts arrive as whole JSON numbers of đồng and are shown as people read them
// (478,93 tỷ đồng) through bigint, never through float arithmetic; typed amounts stay digit strings.
import { formatDong, formatMoney, type Scale } from '../../../src/domain/finance/money.ts';
import type { Lang } from '../lib/format.ts';

/** A whole number of đồng from the API (exact below 2^53, far above 10^15) as a bigint. */
export function vnd(value: number | string | bigint): bigint {
  return typeof value === 'bigint' ? value : BigInt(value);
}

/** 478930000000 → "478,93 tỷ đồng" (vi) / "478.93 billion VND" (en), in the scale that suits it. */
export function money(value: number | string | bigint, lang: Lang, scale?: Scale): string {
  return formatMoney(vnd(value), lang, scale);
}

/** Every đồng: "478.930.000.000 đồng". */
export function exactMoney(value: number | string | bigint, lang: Lang): string {
  return formatDong(vnd(value), lang);
}

/** Digits typed into an amount field, grouped as the language does: "1500000" → "1.500.000". */
export function groupTyped(digits: string, lang: Lang): string {
  const negative = digits.startsWith('-');
  const body = negative ? digits.slice(1) : digits;
  const sep = lang === 'vi' ? '.' : ',';
  const grouped = body.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return negative ? `-${grouped}` : grouped;
}

/** What a person typed, back to a digit string ("1.500.000" → "1500000"); a leading minus kept if allowed. */
export function digitsOf(text: string, signed: boolean): string {
  const negative = signed && text.trim().startsWith('-');
  const digits = text.replace(/\D/g, '').replace(/^0+(?=\d)/, '');
  return negative ? `-${digits}` : digits;
}

/** A rate from the API (62.95) as "62,95 %"; no plan → "—". */
export function rateText(rate: number | null | undefined, percent: (v: number, d?: number) => string) {
  return rate === null || rate === undefined ? '—' : percent(rate, 2);
}
