// Alkire–Foster multidimensional poverty measures: headcount H, intensity A, adjusted headcount M0 and
// each indicator's contribution, with equal weights and a poverty cut-off k (3 of 12 by default).

export interface AlkireFosterResult {
  /** Households counted. */
  n: number;
  /** Households deprived in at least k indicators. */
  q: number;
  /** Headcount ratio q/n. */
  H: number;
  /** Average share of indicators the poor lack. */
  A: number;
  /** Adjusted headcount ratio H × A. */
  M0: number;
  /** Per indicator: censored headcount (poor and lacking it, over n) and share of M0 it explains. */
  indicators: Record<string, { censoredHeadcount: number; contribution: number }>;
}

/**
 * `deprivations`: each household's deficit codes; `indicators`: the standard's codes (equal weights
 * 1/d); `k`: the least number of deficits that makes a household multidimensionally poor.
 */
export function alkireFoster(
  deprivations: readonly (readonly string[])[],
  indicators: readonly string[],
  k = 3,
): AlkireFosterResult {
  const d = indicators.length;
  const n = deprivations.length;
  const counts = Object.fromEntries(indicators.map((c) => [c, 0])) as Record<string, number>;
  let q = 0;
  let sumShares = 0;
  for (const household of deprivations) {
    const own = indicators.filter((c) => household.includes(c));
    if (own.length < k) continue;
    q++;
    sumShares += own.length / d;
    for (const c of own) counts[c]! += 1;
  }
  const H = n > 0 ? q / n : 0;
  const A = q > 0 ? sumShares / q : 0;
  const M0 = H * A;
  const result: AlkireFosterResult['indicators'] = {};
  for (const c of indicators) {
    const censoredHeadcount = n > 0 ? counts[c]! / n : 0;
    result[c] = { censoredHeadcount, contribution: M0 > 0 ? censoredHeadcount / d / M0 : 0 };
  }
  return { n, q, H, A, M0, indicators: result };
}
