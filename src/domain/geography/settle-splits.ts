// Makes the edges of a split commune consistent: all 'part', at most one carrying the whole population.

import type { ConversionRow, RowReport } from './parse-conversion.ts';
import type { LineageEdge } from './types.ts';

/**
 * An old unit with several successors was split: its edges are all `part`, whatever the note says
 * ("Nhập toàn bộ diện tích" next to "Nhập một phần dân số" moves the land whole but the people in
 * parts). At most one edge of a split may carry the whole population.
 */
export function settleSplits(
  edges: ReadonlyArray<{ row: ConversionRow; edge: LineageEdge }>,
  warn: RowReport,
): LineageEdge[] {
  const groups = new Map<string, Array<{ row: ConversionRow; edge: LineageEdge }>>();
  for (const item of edges) groups.set(item.edge.fromCode, [...(groups.get(item.edge.fromCode) ?? []), item]);
  const settled = new Map<{ row: ConversionRow; edge: LineageEdge }, LineageEdge>();
  for (const [code, group] of groups) {
    if (group.length === 1) {
      const only = group[0]!;
      if (only.edge.kind === 'part') {
        warn(
          only.row,
          `Xã cũ ${code} chỉ có một đơn vị kế thừa nhưng ghi "${only.row.note}"; phần còn lại không có trong bảng.`,
          `Old commune ${code} has a single successor but the note says "${only.row.note}"; the rest is not in the table.`,
        );
      }
      continue;
    }
    const successors = group.map((g) => g.edge.toCode).join(', ');
    for (const item of group) {
      if (item.edge.kind !== 'part') {
        warn(
          item.row,
          `Xã cũ ${code} có ${group.length} đơn vị kế thừa (${successors}) nên "${item.row.note}" được hiểu là nhập một phần.`,
          `Old commune ${code} has ${group.length} successors (${successors}), so "${item.row.note}" is read as a part merge.`,
        );
        settled.set(item, { ...item.edge, kind: 'part', allPopulation: false });
      }
    }
    const carriers = group.filter((g) => (settled.get(g) ?? g.edge).allPopulation);
    if (carriers.length > 1) {
      for (const item of carriers) {
        warn(
          item.row,
          `Xã cũ ${code}: nhiều dòng cùng ghi "toàn bộ dân số"; không dùng thông tin này khi phân bổ.`,
          `Old commune ${code}: several rows claim "all of the population"; ignored for allocation.`,
        );
        settled.set(item, { ...(settled.get(item) ?? item.edge), allPopulation: false });
      }
    }
  }
  return edges.map((item) => settled.get(item) ?? item.edge);
}
