// Rates in percent, computed exactly from counts and rounded only for display (2 decimals, as reports do).

/** Percent of `part` in `whole` (null when the whole is zero: no rate, rather than a false 0 %). */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? (part / whole) * 100 : null;
}

/** Rounds a percentage the way reports print it: two decimals, half away from zero. */
export function round2(x: number): number {
  return (Math.sign(x) * Math.round(Math.abs(x) * 100 + Number.EPSILON)) / 100;
}
