// An immutable in-memory index over units and lineage edges, for the pure queries.

import type { AdminUnit, IsoDate, LineageEdge } from './types.ts';

/** The identity of a unit version: code + first day of validity. */
export function unitKey(code: string, validFrom: IsoDate): string {
  return `${code}@${validFrom}`;
}

export interface GeographyIndex {
  readonly units: readonly AdminUnit[];
  readonly edges: readonly LineageEdge[];
  /** Versions of each code, oldest first. */
  readonly versions: ReadonlyMap<string, readonly AdminUnit[]>;
  readonly byKey: ReadonlyMap<string, AdminUnit>;
  /** Units by parent code (children of every version; filter by date). */
  readonly childrenOf: ReadonlyMap<string, readonly AdminUnit[]>;
  /** Edges by the key of their old unit, and of their new unit. */
  readonly edgesFrom: ReadonlyMap<string, readonly LineageEdge[]>;
  readonly edgesTo: ReadonlyMap<string, readonly LineageEdge[]>;
}

function group<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export function indexGeography(units: readonly AdminUnit[], edges: readonly LineageEdge[]): GeographyIndex {
  const versions = group(units, (u) => u.code);
  for (const list of versions.values()) list.sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  return {
    units,
    edges,
    versions,
    byKey: new Map(units.map((u) => [unitKey(u.code, u.validFrom), u])),
    childrenOf: group(
      units.filter((u) => u.parentCode !== null),
      (u) => u.parentCode as string,
    ),
    edgesFrom: group(edges, (e) => unitKey(e.fromCode, e.fromValidFrom)),
    edgesTo: group(edges, (e) => unitKey(e.toCode, e.toValidFrom)),
  };
}
