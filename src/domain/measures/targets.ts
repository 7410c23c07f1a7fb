// Targets against results: a reduction in percentage points (a range "2–2,5" or a minimum "trên 3%"),
// or a level to stay under; verdicts not_met / met / exceeded (beyond the upper end of a range).

export type Target =
  { kind: 'reduction_pp'; lower: number; upper: number | null } | { kind: 'max_level'; upper: number };

export const VERDICTS = ['not_met', 'met', 'exceeded'] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * Reaching the lower end counts as met, and so does reaching the upper end exactly; only going beyond
 * the upper end of a range is "exceeded". A minimum with no upper end is met or not met.
 * Figures are compared at the two decimals reports print, so 2,50 meets "2–2,5" however it was computed.
 */
export function verdictOf(target: Target, start: number, end: number): Verdict {
  const r2 = (x: number) => Math.round(x * 100) / 100;
  if (target.kind === 'max_level') return r2(end) <= r2(target.upper) ? 'met' : 'not_met';
  const change = r2(start - end);
  if (change < r2(target.lower)) return 'not_met';
  if (target.upper !== null && change > r2(target.upper)) return 'exceeded';
  return 'met';
}
