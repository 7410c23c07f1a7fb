// The same households under two standards: the from-class × to-class matrix (e.g. for the 2027 changeover).
import { CLASS_ORDER, type HouseholdClass } from './types.ts';

export type ReclassificationMatrix = Record<HouseholdClass, Record<HouseholdClass, number>>;

export function emptyMatrix(): ReclassificationMatrix {
  const row = () => Object.fromEntries(CLASS_ORDER.map((c) => [c, 0])) as Record<HouseholdClass, number>;
  return Object.fromEntries(CLASS_ORDER.map((c) => [c, row()])) as ReclassificationMatrix;
}

export function addToMatrix(m: ReclassificationMatrix, from: HouseholdClass, to: HouseholdClass): void {
  m[from][to] += 1;
}

export function reclassificationMatrix(
  pairs: Iterable<readonly [HouseholdClass, HouseholdClass]>,
): ReclassificationMatrix {
  const m = emptyMatrix();
  for (const [from, to] of pairs) addToMatrix(m, from, to);
  return m;
}

/** A plain-text table for a terminal: rows are the first standard's classes, columns the second's. */
export function formatMatrix(m: ReclassificationMatrix, fromId: string, toId: string): string {
  const label: Record<HouseholdClass, string> = {
    poor: 'nghèo/poor',
    near_poor: 'cận nghèo/near_poor',
    middle: 'trung bình/middle',
    not_poor: 'không nghèo/not_poor',
  };
  const head = `${fromId} \\ ${toId}`;
  const w0 = Math.max(head.length, ...CLASS_ORDER.map((c) => label[c].length), 'Tổng/Total'.length);
  const cols = [...CLASS_ORDER.map((c) => label[c]), 'Tổng/Total'];
  const widths = cols.map((c) => Math.max(c.length, 8));
  const line = (first: string, cells: string[]) =>
    [first.padEnd(w0), ...cells.map((c, i) => c.padStart(widths[i]!))].join('  ');
  const rows = [line(head, cols)];
  const colTotals = CLASS_ORDER.map(() => 0);
  for (const from of CLASS_ORDER) {
    const counts = CLASS_ORDER.map((to, j) => {
      colTotals[j]! += m[from][to];
      return m[from][to];
    });
    rows.push(line(label[from], [...counts, counts.reduce((a, b) => a + b, 0)].map(String)));
  }
  rows.push(line('Tổng/Total', [...colTotals, colTotals.reduce((a, b) => a + b, 0)].map(String)));
  return rows.join('\n');
}
