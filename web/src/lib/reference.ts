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
}

/**
 * The communes a user may pick in a search: those in its scopes (a province scope gives the province's
 * communes). Users who see everything pick a province first (see loadProvinceCommunes).
 */
export async function scopeCommunes(me: Me, access: Access = 'read'): Promise<CommuneOption[]> {
  const scopeUnits = access === 'read' ? me.scopes.read : me.scopes.write;
  const seen = new Map<string, CommuneOption>();
  for (const s of scopeUnits) {
    for (const c of await communesUnder(s.code)) if (!seen.has(c.code)) seen.set(c.code, c);
  }
  return [...seen.values()];
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
