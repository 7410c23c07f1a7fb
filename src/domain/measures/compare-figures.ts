// Entered against derived: where a published figure and the registry's own roll-up exist for the same
// unit, year, standard and group, both are shown and a difference beyond rounding is flagged.
//
// The rule: counts are exact, so any difference in households, poor or near-poor households counts. A
// rate differs when the derived rate (unrounded) lies outside the interval the published rate rounds
// from: half a unit of its last decimal (26,93 % covers 26,925–26,935; 26,9 % covers 26,85–26,95), and at
// least 0,005 point, the two decimals reports print. A rate computed from entered counts is compared the
// same way at two decimals.

export interface ComparableFigure {
  households: number | null;
  poor: number | null;
  nearPoor: number | null;
  /** Percent, unrounded for a derived figure. */
  poorRate: number | null;
}

export interface FigureDifference {
  /** Derived − entered, in points; null where either rate is missing. */
  poorRatePoints: number | null;
  /** Derived − entered counts, null where the entered figure gives none. */
  households: number | null;
  poor: number | null;
  nearPoor: number | null;
  differs: boolean;
}

/** Decimals of a published number as written ('26.93' → 2, '17' → 0). */
export function decimalsOf(text: string | null): number {
  if (text === null) return 2;
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.replace(/0+$/u, '').length - dot - 1;
}

export function compareFigures(
  derived: ComparableFigure,
  entered: ComparableFigure & { poorRateText?: string | null },
): FigureDifference {
  const diff = (d: number | null, e: number | null) => (d === null || e === null ? null : d - e);
  const households = diff(derived.households, entered.households);
  const poor = diff(derived.poor, entered.poor);
  const nearPoor = diff(derived.nearPoor, entered.nearPoor);
  const points = diff(derived.poorRate, entered.poorRate);
  const decimals = Math.min(decimalsOf(entered.poorRateText ?? null), 2);
  const tolerance = 0.5 * 10 ** -decimals + 1e-9;
  const differs =
    [households, poor, nearPoor].some((x) => x !== null && x !== 0) ||
    (points !== null && Math.abs(points) > tolerance);
  return {
    poorRatePoints: points === null ? null : Math.round(points * 1e4) / 1e4,
    households,
    poor,
    nearPoor,
    differs,
  };
}
