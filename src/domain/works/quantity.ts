// Output quantities (persons, houses, activities…) as exact decimals: text in the database (numeric), and
// hundredths as bigint for sums and rates, so no value passes through floating point.
import { rateHundredths } from '../finance/money.ts';

/** "12", "12.5", "12,5" → hundredths (1250n); at most two decimals, not negative; else null. */
export function parseQuantity(text: string): bigint | null {
  const m = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

/** Hundredths → the decimal text PostgreSQL and JSON read ("12.5", "12"). */
export function quantityText(hundredths: bigint): string {
  const whole = hundredths / 100n;
  const frac = (hundredths % 100n).toString().padStart(2, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

/** A numeric value as the database returns it ("12.50", "3") → hundredths; null stays null. */
export function fromNumeric(value: string | null): bigint | null {
  if (value === null) return null;
  const [w, f = ''] = value.split('.');
  return BigInt(w!) * 100n + BigInt((f + '00').slice(0, 2));
}

/** achieved / planned in hundredths of a percent; null without a plan. */
export const achievementRate = (achieved: bigint, planned: bigint): bigint | null =>
  rateHundredths(achieved, planned);
