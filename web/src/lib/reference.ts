// Reference data the screens share, fetched once per page load: standards, units by code, villages.
import { api, call } from '../api/client.ts';
import type { Access, ChildUnit, Me, Standard, Unit, Village } from '../api/types.ts';

let standards: Promise<Standard[]> | null = null;
export function loadStandards(): Promise<Standard[]> {
  standards ??= call(() => api.GET('/api/standards')).catch((e: unknown) => {
    standards = null;
    throw e;
  });
  return standards;
}

const units = new Map<string, Promise<Unit>>();
/** The unit with this code today, with its parents. */
export function loadUnit(code: string): Promise<Unit> {
  let p = units.get(code);
  if (!p) {
    p = call(() => api.GET('/api/units/{code}', { params: { path: { code } } }));
    p.catch(() => units.delete(code));
    units.set(code, p);
  }
  return p;
}

export function loadChildren(code: string): Promise<ChildUnit[]> {
  return call(() => api.GET('/api/units/{code}/children', { params: { path: { code } } }));
}

export function loadVillages(communeCode: string): Promise<Village[]> {
  return call(() => api.GET('/api/villages', { params: { query: { communeCode } } }));
}

export interface CommuneOption {
  code: string;
  name: string;
  province: string | null;
  /**
   * The only villages the user may pick there, for a commune the user reaches through village scopes
   * alone (an enumerator); undefined when the whole commune is in scope.
   */
  villageIds?: string[];
}

/** The villages of a commune the user may pick: all of them, or only its own for a village-scoped user. */
export function villagesInScope<V extends { id: string }>(
  villages: readonly V[],
  commune: CommuneOption | undefined,
): V[] {
  const only = commune?.villageIds;
  return only ? villages.filter((v) => only.includes(v.id)) : [...villages];
}

/** A user scoped to villages only (no unit, not everything): it works in those villages, not its commune. */
export function isVillageScoped(me: Me): boolean {
  return !me.scopes.all && me.scopes.read.length === 0 && me.scopes.villages.length > 0;
}

/** The single village of a user with exactly one (to preselect it), with its commune. */
export function onlyVillage(me: Me, access: Access = 'read'): Me['scopes']['villages'][number] | undefined {
  const places = me.scopes.villages.filter((v) => access === 'read' || v.write);
  return places.length === 1 ? places[0] : undefined;
}

/**
 * The communes a user may pick in a search: those in its scopes (a province scope gives the province's
 * communes), and those of its villages, limited to them. Users who see everything pick a province first
 * (see loadProvinceCommunes).
 */
export async function scopeCommunes(me: Me, access: Access = 'read'): Promise<CommuneOption[]> {
  const scopeUnits = access === 'read' ? me.scopes.read : me.scopes.write;
  const seen = new Map<string, CommuneOption>();
  for (const s of scopeUnits) {
    for (const c of await communesUnder(s.code)) if (!seen.has(c.code)) seen.set(c.code, c);
  }
  const byVillage = new Map<string, CommuneOption>();
  for (const v of me.scopes.villages) {
    if (seen.has(v.communeCode) || (access === 'write' && !v.write)) continue;
    const c = byVillage.get(v.communeCode) ?? {
      code: v.communeCode,
      name: v.communeName,
      province: null,
      villageIds: [],
    };
    c.villageIds!.push(v.villageId);
    byVillage.set(v.communeCode, c);
  }
  return [...seen.values(), ...byVillage.values()];
}

export async function communesUnder(code: string): Promise<CommuneOption[]> {
  const unit = await loadUnit(code);
  if (unit.level === 'commune') {
    return [{ code: unit.code, name: unit.name, province: unit.parents.at(-1)?.name ?? null }];
  }
  const children = await loadChildren(code);
  return children
    .filter((c) => c.level === 'commune')
    .map((c) => ({ code: c.code, name: c.name, province: unit.name }));
}
