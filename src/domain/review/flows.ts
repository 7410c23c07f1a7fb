// Household flows at recognition: who entered and left poverty and near-poverty, and the round's totals
// (start + moved in − escaped − moved out + new = end), overall and by group and by deficit indicator.
// "Start" is the commune's own list before the round; a household that arrived from another commune with a
// recognised class enters through "moved in" instead, so the identity holds for every commune.
import type { HouseholdClass } from '../standards/types.ts';
import { addMonths } from './working-days.ts';

export const TRANSITIONS = [
  'new_poor',
  're_poor',
  'escaped_to_near_poor',
  'escaped_above_near_poor',
  'new_near_poor',
  'escaped_near_poor',
  'unchanged',
  'moved_out',
] as const;
export type Transition = (typeof TRANSITIONS)[number];

export const GROUPS = [
  'ethnic_minority',
  'person_of_merit',
  'social_protection',
  'no_labour_capacity',
] as const;
export type Group = (typeof GROUPS)[number];

export interface FlowInput {
  householdId: string;
  /** Recognised class before this round (null: neither poor nor near-poor). */
  previous: 'poor' | 'near_poor' | null;
  /** The class recognised by this round; null when the household moved out of the commune. */
  final: HouseholdClass | null;
  /** The household escaped poverty at some earlier time (a return to poverty is "re-poor"). */
  escapedBefore: boolean;
  /** `previous` was recognised by another commune: the household moved in with it (not in the start). */
  movedIn?: boolean;
  groups: readonly Group[];
  /** Deficit indicators of the final assessment. */
  deficits: readonly string[];
}

export interface FlowTotals {
  poor: {
    start: number;
    movedIn: number;
    escapedToNearPoor: number;
    escapedAboveNearPoor: number;
    movedOut: number;
    new: number;
    rePoor: number;
    end: number;
  };
  nearPoor: {
    start: number;
    movedIn: number;
    toPoor: number;
    escaped: number;
    movedOut: number;
    new: number;
    fromPoor: number;
    end: number;
  };
}

export interface FlowResult {
  transitions: Record<string, Transition>;
  totals: FlowTotals;
  byGroup: Record<Group, FlowTotals>;
  /** Final poor and near-poor households lacking each indicator. */
  byIndicator: Record<string, { poor: number; nearPoor: number }>;
}

export function transitionOf(h: FlowInput): Transition {
  if (h.final === null) return h.previous ? 'moved_out' : 'unchanged';
  const above = h.final === 'middle' || h.final === 'not_poor';
  switch (h.previous) {
    case 'poor':
      return h.final === 'poor'
        ? 'unchanged'
        : h.final === 'near_poor'
          ? 'escaped_to_near_poor'
          : 'escaped_above_near_poor';
    case 'near_poor':
      if (h.final === 'poor') return h.escapedBefore ? 're_poor' : 'new_poor';
      return above ? 'escaped_near_poor' : 'unchanged';
    default:
      if (h.final === 'poor') return h.escapedBefore ? 're_poor' : 'new_poor';
      return h.final === 'near_poor' ? 'new_near_poor' : 'unchanged';
  }
}

function emptyTotals(): FlowTotals {
  return {
    poor: {
      start: 0,
      movedIn: 0,
      escapedToNearPoor: 0,
      escapedAboveNearPoor: 0,
      movedOut: 0,
      new: 0,
      rePoor: 0,
      end: 0,
    },
    nearPoor: { start: 0, movedIn: 0, toPoor: 0, escaped: 0, movedOut: 0, new: 0, fromPoor: 0, end: 0 },
  };
}

function add(t: FlowTotals, h: FlowInput, tr: Transition): void {
  const entry = h.movedIn ? 'movedIn' : 'start';
  if (h.previous === 'poor') t.poor[entry]++;
  if (h.previous === 'near_poor') t.nearPoor[entry]++;
  if (h.final === 'poor') t.poor.end++;
  if (h.final === 'near_poor') t.nearPoor.end++;
  switch (tr) {
    case 'escaped_to_near_poor':
      t.poor.escapedToNearPoor++;
      t.nearPoor.new++;
      t.nearPoor.fromPoor++;
      break;
    case 'escaped_above_near_poor':
      t.poor.escapedAboveNearPoor++;
      break;
    case 'new_poor':
    case 're_poor':
      t.poor.new++;
      if (tr === 're_poor') t.poor.rePoor++;
      if (h.previous === 'near_poor') t.nearPoor.toPoor++;
      break;
    case 'new_near_poor':
      t.nearPoor.new++;
      break;
    case 'escaped_near_poor':
      t.nearPoor.escaped++;
      break;
    case 'moved_out':
      if (h.previous === 'poor') t.poor.movedOut++;
      else t.nearPoor.movedOut++;
      break;
    case 'unchanged':
      break;
  }
}

/** The identities every total must satisfy; used by tests and checked before results are frozen. */
export function balances(t: FlowTotals): boolean {
  const p = t.poor;
  const n = t.nearPoor;
  return (
    p.start + p.movedIn - p.escapedToNearPoor - p.escapedAboveNearPoor - p.movedOut + p.new === p.end &&
    n.start + n.movedIn - n.toPoor - n.escaped - n.movedOut + n.new === n.end
  );
}

export function computeFlows(households: readonly FlowInput[]): FlowResult {
  const transitions: Record<string, Transition> = {};
  const totals = emptyTotals();
  const byGroup = Object.fromEntries(GROUPS.map((g) => [g, emptyTotals()])) as Record<Group, FlowTotals>;
  const byIndicator: Record<string, { poor: number; nearPoor: number }> = {};
  for (const h of households) {
    const tr = transitionOf(h);
    transitions[h.householdId] = tr;
    add(totals, h, tr);
    for (const g of h.groups) add(byGroup[g], h, tr);
    if (h.final === 'poor' || h.final === 'near_poor') {
      for (const code of h.deficits) {
        const row = (byIndicator[code] ??= { poor: 0, nearPoor: 0 });
        if (h.final === 'poor') row.poor++;
        else row.nearPoor++;
      }
    }
  }
  return { transitions, totals, byGroup, byIndicator };
}

/** "Hộ mới thoát nghèo": escaped within the given number of months before the date. */
export function isNewlyEscaped(escapedOn: string | null, onDate: string, months: number): boolean {
  return escapedOn !== null && escapedOn <= onDate && onDate < addMonths(escapedOn, months);
}
