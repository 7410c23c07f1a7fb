// Rates in percent, computed exactly from counts and rounded only for display (2 decimals, as reports do).

/**
 * How a rate is rounded. Two display conventions were in use before the rate had one function, and each
 * caller keeps its own so that no screen or report changes; they differ on exact halves, where the percent
 * is not exact in binary: 23 of 160 households is 14.375 %, 'percent' gives 14.37 and 'fraction' 14.38.
 * - 'exact': not rounded (stored, compared and re-based; rounded where shown);
 * - 'percent': the percent rounded by round2 (the figures screens, the measures of a roll-up);
 * - 'fraction': the fraction rounded to 1/10 000, then in percent (report tables, public tables).
 */
export type RateRounding = 'exact' | 'percent' | 'fraction';

/**
 * The rate of `part` among `whole` in percent — the poor rate is rate(poor, households). Null when the
 * whole is missing or not positive: no rate, rather than a false 0 %.
 */
export function rate(
  part: number,
  whole: number | null | undefined,
  rounding: RateRounding = 'exact',
): number | null {
  if (whole === null || whole === undefined || !(whole > 0)) return null;
  const share = part / whole;
  if (rounding === 'fraction') return Math.round(share * 10000) / 100;
  return rounding === 'percent' ? round2(share * 100) : share * 100;
}

/** Percent of `part` in `whole`, unrounded (null when the whole is zero): rate(part, whole). */
export function percent(part: number, whole: number): number | null {
  return rate(part, whole);
}

/** Rounds a percentage the way reports print it: two decimals, half away from zero. */
export function round2(x: number): number {
  return (Math.sign(x) * Math.round(Math.abs(x) * 100 + Number.EPSILON)) / 100;
}
