// Public tables: cells counting fewer households than a threshold are suppressed (so nobody can be
// recognised in a small village), and so are the rates computed from them.

export interface PublicRow {
  unit: string;
  name: string;
  households: number;
  poor: number;
  nearPoor: number;
}

export interface SuppressedRow {
  unit: string;
  name: string;
  households: number | null;
  poor: number | null;
  nearPoor: number | null;
  poorRate: number | null;
  suppressed: boolean;
}

/**
 * A count below `threshold` (but not zero) is hidden; a rate is hidden when its numerator is hidden.
 * When exactly one cell of a row is hidden, the complementary one is hidden too, so it cannot be
 * recovered from the total (secondary suppression). `threshold` is configurable (default 5).
 */
export function suppressSmallCells(rows: readonly PublicRow[], threshold = 5): SuppressedRow[] {
  const small = (n: number) => n > 0 && n < threshold;
  return rows.map((r) => {
    let hidePoor = small(r.poor);
    let hideNear = small(r.nearPoor);
    const hideAll = small(r.households);
    if (hidePoor !== hideNear && !hideAll) {
      hidePoor = true;
      hideNear = true;
    }
    return {
      unit: r.unit,
      name: r.name,
      households: hideAll ? null : r.households,
      poor: hideAll || hidePoor ? null : r.poor,
      nearPoor: hideAll || hideNear ? null : r.nearPoor,
      poorRate:
        hideAll || hidePoor || r.households === 0 ? null : Math.round((r.poor / r.households) * 10000) / 100,
      suppressed: hideAll || hidePoor || hideNear,
    };
  });
}
