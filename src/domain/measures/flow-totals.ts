// A roll-up's flows: the round's FlowTotals rebuilt from frozen results, and their sum up the unit tree.
import { computeFlows, type FlowTotals } from '../review/flows.ts';
import type { HouseholdClass } from '../standards/types.ts';

export function emptyFlowTotals(): FlowTotals {
  return computeFlows([]).totals;
}

export interface FrozenResult {
  previousClass: string | null;
  finalClass: string | null;
  transition: string;
  movedIn?: boolean;
}

/**
 * Totals of frozen review results. The stored transition is authoritative (it was decided with the
 * household's earlier escapes in view), so "escaped before" is read back from it: computeFlows then
 * yields exactly the totals recognition computed, without a second copy of its counting rules.
 */
export function flowTotalsOf(results: Iterable<FrozenResult>): FlowTotals {
  const inputs = [...results].map((r, i) => ({
    householdId: String(i),
    previous:
      r.previousClass === 'poor' || r.previousClass === 'near_poor'
        ? (r.previousClass as 'poor' | 'near_poor')
        : null,
    final: r.finalClass as HouseholdClass | null,
    escapedBefore: r.transition === 're_poor',
    movedIn: r.movedIn ?? false,
    groups: [],
    deficits: [],
  }));
  return computeFlows(inputs).totals;
}

/** The sum of flow totals (a parent's from its children's); missing fields count as zero. */
export function addFlowTotals(list: Iterable<Partial<FlowTotals>>): FlowTotals {
  const out = emptyFlowTotals();
  for (const t of list)
    for (const side of ['poor', 'nearPoor'] as const) {
      const into = out[side] as unknown as Record<string, number>;
      for (const [k, v] of Object.entries(t[side] ?? {})) into[k] = (into[k] ?? 0) + Number(v);
    }
  return out;
}
