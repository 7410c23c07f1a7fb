// The deficit profile a roll-up keeps: households by class and number of deficits, with how many of them
// lack each indicator. It sums up the unit tree by addition and yields, for any cut-off k, the
// per-indicator headcounts provinces report and the Alkire–Foster measures, without the households.
import type { AlkireFosterResult } from './alkire-foster.ts';

export type ProfileClass = 'poor' | 'near_poor' | 'other';
export const PROFILE_CLASSES: readonly ProfileClass[] = ['poor', 'near_poor', 'other'];

export interface ProfileCell {
  households: number;
  /** Of those households, how many lack each indicator. */
  indicators: Record<string, number>;
}

/** class → deficit count (as a string key, JSON-friendly) → cell. */
export type DeficitProfile = Partial<Record<ProfileClass, Record<string, ProfileCell>>>;

export function profileClassOf(finalClass: string | null): ProfileClass {
  return finalClass === 'poor' || finalClass === 'near_poor' ? finalClass : 'other';
}

/** The profile of a list of households (class and deficit codes each); a repeated code counts once. */
export function profileOf(
  households: Iterable<{ finalClass: string | null; deficits: readonly string[] }>,
): DeficitProfile {
  const out: DeficitProfile = {};
  for (const h of households) {
    const codes = [...new Set(h.deficits)];
    const byCount = (out[profileClassOf(h.finalClass)] ??= {});
    const cell = (byCount[String(codes.length)] ??= { households: 0, indicators: {} });
    cell.households++;
    for (const c of codes) cell.indicators[c] = (cell.indicators[c] ?? 0) + 1;
  }
  return out;
}

/** The sum of profiles (a parent's from its children's). Inputs are left as they are. */
export function addProfiles(profiles: Iterable<DeficitProfile>): DeficitProfile {
  const out: DeficitProfile = {};
  for (const p of profiles)
    for (const cls of PROFILE_CLASSES)
      for (const [count, cell] of Object.entries(p[cls] ?? {})) {
        const into = ((out[cls] ??= {})[count] ??= { households: 0, indicators: {} });
        into.households += cell.households;
        for (const [code, n] of Object.entries(cell.indicators))
          into.indicators[code] = (into.indicators[code] ?? 0) + n;
      }
  return out;
}

function cellsOf(profile: DeficitProfile, classes: readonly ProfileClass[]) {
  return classes.flatMap((cls) =>
    Object.entries(profile[cls] ?? {}).map(([count, cell]) => ({ count: Number(count), cell })),
  );
}

/** Households of the given classes (all three by default). */
export function householdsIn(
  profile: DeficitProfile,
  classes: readonly ProfileClass[] = PROFILE_CLASSES,
): number {
  return cellsOf(profile, classes).reduce((s, x) => s + x.cell.households, 0);
}

/**
 * Per indicator: how many households of the given classes lack it, and their share of those households
 * (the way provinces report "x % of poor households lack clean water"); share is null with no household.
 */
export function indicatorHeadcounts(
  profile: DeficitProfile,
  indicators: readonly string[],
  classes: readonly ProfileClass[] = PROFILE_CLASSES,
): { indicator: string; households: number; share: number | null }[] {
  const cells = cellsOf(profile, classes);
  const total = cells.reduce((s, x) => s + x.cell.households, 0);
  return indicators.map((indicator) => {
    const households = cells.reduce((s, x) => s + (x.cell.indicators[indicator] ?? 0), 0);
    return { indicator, households, share: total > 0 ? households / total : null };
  });
}

/**
 * Alkire–Foster over every household in the profile, equal weights 1/d and cut-off k: the same result as
 * `alkireFoster` on the households themselves (deficit codes outside `indicators` are not counted there,
 * so a profile must be built from codes of the standard's own list).
 */
export function alkireFosterOfProfile(
  profile: DeficitProfile,
  indicators: readonly string[],
  k: number,
): AlkireFosterResult {
  const d = indicators.length;
  const cells = cellsOf(profile, PROFILE_CLASSES);
  const n = cells.reduce((s, x) => s + x.cell.households, 0);
  let q = 0;
  let sumShares = 0;
  const censored = Object.fromEntries(indicators.map((c) => [c, 0])) as Record<string, number>;
  for (const { count, cell } of cells) {
    if (count < k) continue;
    q += cell.households;
    sumShares += (cell.households * count) / d;
    for (const c of indicators) censored[c]! += cell.indicators[c] ?? 0;
  }
  const H = n > 0 ? q / n : 0;
  const A = q > 0 ? sumShares / q : 0;
  const M0 = H * A;
  const result: AlkireFosterResult['indicators'] = {};
  for (const c of indicators) {
    const censoredHeadcount = n > 0 ? censored[c]! / n : 0;
    result[c] = { censoredHeadcount, contribution: M0 > 0 ? censoredHeadcount / d / M0 : 0 };
  }
  return { n, q, H, A, M0, indicators: result };
}
