// Pure queries over the index: the unit valid at a date, its children, ancestors and lineage.

import type { GeographyIndex } from './geography-index.ts';
import { unitKey } from './geography-index.ts';
import type { AdminUnit, IsoDate, LineageEdge, UnitLevel } from './types.ts';

function checkDate(date: IsoDate): void {
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(date)) throw new RangeError(`Not an ISO date (YYYY-MM-DD): "${date}"`);
}

export function isValidAt(unit: AdminUnit, date: IsoDate): boolean {
  return unit.validFrom <= date && (unit.validTo === null || date <= unit.validTo);
}

/** The version of `code` valid on `date`, or null. */
export function unitAt(index: GeographyIndex, code: string, date: IsoDate): AdminUnit | null {
  checkDate(date);
  return index.versions.get(code)?.find((u) => isValidAt(u, date)) ?? null;
}

/** Every unit valid on `date`, optionally of one level, ordered by code. */
export function unitsAt(index: GeographyIndex, date: IsoDate, level?: UnitLevel): AdminUnit[] {
  checkDate(date);
  return index.units
    .filter((u) => isValidAt(u, date) && (level === undefined || u.level === level))
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** Units directly under `code` on `date` (districts of a province before the reform, communes after). */
export function children(index: GeographyIndex, code: string, date: IsoDate): AdminUnit[] {
  if (!unitAt(index, code, date)) return [];
  return (index.childrenOf.get(code) ?? [])
    .filter((u) => isValidAt(u, date))
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** The unit of `code` on `date` and its ancestors, nearest first: [commune, district, province]. */
export function parentChain(index: GeographyIndex, code: string, date: IsoDate): AdminUnit[] {
  const chain: AdminUnit[] = [];
  let current = unitAt(index, code, date);
  while (current) {
    chain.push(current);
    // A parent link is dated by the child: the parent is the version valid on the same date.
    current = current.parentCode === null ? null : unitAt(index, current.parentCode, date);
  }
  return chain;
}

export interface LineageStep {
  readonly unit: AdminUnit;
  readonly kind: LineageEdge['kind'];
  /** Day the change took effect. */
  readonly effective: IsoDate;
  readonly edge: LineageEdge;
}

export interface Lineage {
  readonly unit: AdminUnit;
  /** Units this one came from (empty for units from before our records). */
  readonly predecessors: LineageStep[];
  /** Units this one went into (empty while it is still valid). */
  readonly successors: LineageStep[];
}

/** Where the unit valid on `date` came from and went to, one reorganisation each way. Null if none. */
export function lineage(index: GeographyIndex, code: string, date: IsoDate): Lineage | null {
  const unit = unitAt(index, code, date);
  if (!unit) return null;
  const key = unitKey(unit.code, unit.validFrom);
  const step = (other: AdminUnit | undefined, edge: LineageEdge): LineageStep[] =>
    other ? [{ unit: other, kind: edge.kind, effective: edge.effective, edge }] : [];
  return {
    unit,
    predecessors: (index.edgesTo.get(key) ?? []).flatMap((e) =>
      step(index.byKey.get(unitKey(e.fromCode, e.fromValidFrom)), e),
    ),
    successors: (index.edgesFrom.get(key) ?? []).flatMap((e) =>
      step(index.byKey.get(unitKey(e.toCode, e.toValidFrom)), e),
    ),
  };
}
