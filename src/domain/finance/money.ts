// Money as integer đồng (bigint) and how people read it: đồng, triệu, tỷ with Vietnamese formatting
// ("478,93 tỷ đồng"), and rates computed with integer arithmetic, rounded only for display.
export type Lang = 'vi' | 'en';
export type Scale = 'dong' | 'trieu' | 'ty';

export const DONG_PER: Record<Scale, bigint> = { dong: 1n, trieu: 1_000_000n, ty: 1_000_000_000n };

/** The largest amount one row may carry: 10^15 đồng (a million tỷ); more is surely a typing error. */
export const MAX_ROW_AMOUNT = 10n ** 15n;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

const UNIT_WORDS: Record<Scale, Record<Lang, string>> = {
  dong: { vi: 'đồng', en: 'VND' },
  trieu: { vi: 'triệu đồng', en: 'million VND' },
  ty: { vi: 'tỷ đồng', en: 'billion VND' },
};

/** "760800000000" or "-5000" → bigint; anything else (spaces, separators, decimals, exponents) → null. */
export function parseVnd(text: string): bigint | null {
  return /^-?\d{1,19}$/.test(text) ? BigInt(text) : null;
}

/** a / b rounded half away from zero; b must be positive. */
export function divRound(a: bigint, b: bigint): bigint {
  if (b <= 0n) throw new RangeError('divRound: the divisor must be positive');
  const q = a / b;
  const r = a % b;
  if (2n * (r < 0n ? -r : r) >= b) return a < 0n ? q - 1n : q + 1n;
  return q;
}

/** a / b rounded up (towards +∞); b must be positive. */
export function divCeil(a: bigint, b: bigint): bigint {
  if (b <= 0n) throw new RangeError('divCeil: the divisor must be positive');
  const q = a / b;
  return a % b > 0n ? q + 1n : q;
}

function groupDigits(digits: string, lang: Lang): string {
  const sep = lang === 'vi' ? '.' : ',';
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += sep;
    out += digits[i];
  }
  return out;
}

/** A fixed-point value given in hundredths, with 0–2 decimals (trailing zeros trimmed) or exactly 2. */
function hundredthsText(hundredths: bigint, lang: Lang, fixed: boolean): string {
  const negative = hundredths < 0n;
  const abs = negative ? -hundredths : hundredths;
  const whole = groupDigits((abs / 100n).toString(), lang);
  let frac = (abs % 100n).toString().padStart(2, '0');
  if (!fixed) frac = frac.replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? (lang === 'vi' ? ',' : '.') + frac : ''}`;
}

/** The number of a scale, at most 2 decimals, trailing zeros trimmed: 760800000000n in tỷ → "760,8". */
export function scaledNumber(value: bigint, scale: Scale, lang: Lang): string {
  return hundredthsText(divRound(value * 100n, DONG_PER[scale]), lang, false);
}

/** The scale a report would use for an amount: tỷ from 1 tỷ, triệu from 1 triệu, else đồng. */
export function scaleFor(value: bigint): Scale {
  const abs = value < 0n ? -value : value;
  if (abs >= DONG_PER.ty) return 'ty';
  if (abs >= DONG_PER.trieu) return 'trieu';
  return 'dong';
}

export function unitWord(scale: Scale, lang: Lang): string {
  return UNIT_WORDS[scale][lang];
}

/** 760800000000n → "760.800.000.000 đồng" / "760,800,000,000 VND". */
export function formatDong(value: bigint, lang: Lang = 'vi'): string {
  return `${scaledNumber(value, 'dong', lang)} ${unitWord('dong', lang)}`;
}

/** 760800000000n → "760.800 triệu đồng" / "760,800 million VND". */
export function formatTrieu(value: bigint, lang: Lang = 'vi'): string {
  return `${scaledNumber(value, 'trieu', lang)} ${unitWord('trieu', lang)}`;
}

/** 478930000000n → "478,93 tỷ đồng" / "478.93 billion VND". */
export function formatTy(value: bigint, lang: Lang = 'vi'): string {
  return `${scaledNumber(value, 'ty', lang)} ${unitWord('ty', lang)}`;
}

/** In the scale given, or the one that suits the amount. */
export function formatMoney(value: bigint, lang: Lang = 'vi', scale: Scale = scaleFor(value)): string {
  return `${scaledNumber(value, scale, lang)} ${unitWord(scale, lang)}`;
}

/**
 * part / whole in hundredths of a percent, rounded half up: 478,93 of 760,8 tỷ → 6295n (62,95 %).
 * null when the whole is zero (no plan: no rate).
 */
export function rateHundredths(part: bigint, whole: bigint): bigint | null {
  if (whole === 0n) return null;
  if (whole < 0n) return divRound(-part * 10_000n, -whole);
  return divRound(part * 10_000n, whole);
}

/** 6295n → 62.95 (the percentage as a JSON number with two decimals); null stays null. */
export function rateNumber(hundredths: bigint | null): number | null {
  return hundredths === null ? null : Number(hundredths) / 100;
}

/** 6295n → "62,95" (vi) / "62.95" (en): always two decimals, as reports print rates. */
export function formatRate(hundredths: bigint, lang: Lang = 'vi'): string {
  return hundredthsText(hundredths, lang, true);
}

/** A value in hundredths with exactly two decimals and grouped digits: 35810810811n → "358.108.108,11". */
export function formatHundredths(hundredths: bigint, lang: Lang = 'vi'): string {
  return hundredthsText(hundredths, lang, true);
}

/** An amount as a JSON number, refused if it could not be exact (beyond 2^53 − 1 đồng). */
export function amountToJson(value: bigint): number {
  if (value > MAX_SAFE || value < -MAX_SAFE) {
    throw new RangeError(
      `Số tiền ${value} đồng vượt quá giới hạn số nguyên chính xác của JSON / amount ${value} exceeds JSON's exact integers`,
    );
  }
  return Number(value);
}

/** An exact fraction. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

/** "0.1" → 1/10, "0.125" → 125/1000, "1" → 1/1; a non-negative dot decimal, else null. */
export function parseRatio(text: string): Ratio | null {
  const m = /^(\d{1,6})(?:\.(\d{1,8}))?$/.exec(text.trim());
  if (!m) return null;
  const frac = m[2] ?? '';
  const den = 10n ** BigInt(frac.length);
  return { num: BigInt(m[1]!) * den + BigInt(frac || '0'), den };
}

/** A ratio in hundredths of a percent, rounded half up: 1/10 → 1000n (10,00 %). */
export function ratioHundredths(r: Ratio): bigint {
  return divRound(r.num * 10_000n, r.den);
}
