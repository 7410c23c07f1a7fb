// Public tables: cells counting fewer households than a threshold are suppressed (so nobody can be
// recognised in a small village), and so are the rates computed from them and the cells that would give
// them away.
import { rate } from './rates.ts';

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

type Column = 'households' | 'poor' | 'nearPoor';
const COLUMNS: readonly Column[] = ['households', 'poor', 'nearPoor'];

/**
 * `rows` are siblings whose total (their parent's figure) is published too. Rules:
 * 1. a count below `threshold` (but not zero) is hidden; a rate is hidden when a count it uses is;
 * 2. in a row, when exactly one of poor and near-poor is hidden, the other is hidden too (secondary
 *    suppression, as before);
 * 3. in a column, when exactly one sibling's cell is hidden, the smallest other cell is hidden too: with
 *    the parent's total published, a single hidden cell would be the total minus the others.
 * Rules 2 and 3 repeat until nothing changes. `threshold` is configurable (default 5).
 */
export function suppressSmallCells(rows: readonly PublicRow[], threshold = 5): SuppressedRow[] {
  const small = (n: number) => n > 0 && n < threshold;
  const hidden = rows.map((r) => new Set<Column>(COLUMNS.filter((c) => small(r[c]))));
  for (let changed = true; changed;) {
    changed = false;
    for (const h of hidden) {
      if (!h.has('households') && h.has('poor') !== h.has('nearPoor')) {
        h.add('poor').add('nearPoor');
        changed = true;
      }
    }
    if (rows.length < 2) break;
    for (const c of COLUMNS) {
      // A household count hidden for the row hides its whole row: it counts as hidden in every column.
      const isHidden = (i: number) => hidden[i]!.has(c) || hidden[i]!.has('households');
      const hiddenRows = rows.map((_, i) => i).filter(isHidden);
      if (hiddenRows.length !== 1) continue;
      let pick = -1;
      rows.forEach((r, i) => {
        if (!isHidden(i) && (pick < 0 || r[c] < rows[pick]![c])) pick = i;
      });
      if (pick >= 0) {
        hidden[pick]!.add(c);
        changed = true;
      }
    }
  }
  return rows.map((r, i) => {
    const h = hidden[i]!;
    const hideAll = h.has('households');
    const hidePoor = hideAll || h.has('poor');
    return {
      unit: r.unit,
      name: r.name,
      households: hideAll ? null : r.households,
      poor: hidePoor ? null : r.poor,
      nearPoor: hideAll || h.has('nearPoor') ? null : r.nearPoor,
      poorRate: hidePoor ? null : rate(r.poor, r.households, 'fraction'),
      suppressed: h.size > 0,
    };
  });
}
