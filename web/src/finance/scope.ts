// The units a user may pick on the finance screens: those of its scopes and the units right below them
// (a province officer picks the province or one of its communes), named as they are today.
import { can } from '../../../src/domain/access/roles.ts';
import { api, call } from '../api/client.ts';
import type { Access, Me } from '../api/types.ts';
import { loadChildren, loadUnit } from '../lib/reference.ts';

export interface UnitOption {
  code: string;
  name: string;
  level: string;
  /** A unit of the scope itself (not one below it). */
  top: boolean;
}

const collator = new Intl.Collator('vi');

/** The scope units first, then those below each, by name in Vietnamese order. */
export async function financeUnits(me: Me, access: Access): Promise<UnitOption[]> {
  const scope = access === 'read' ? [...me.scopes.read, ...me.scopes.write] : me.scopes.write;
  const seen = new Map<string, UnitOption>();
  for (const s of scope) {
    if (seen.has(s.code)) continue;
    const unit = await loadUnit(s.code).catch(() => null);
    if (!unit) continue;
    seen.set(unit.code, { code: unit.code, name: unit.name, level: unit.level, top: true });
    const below = (await loadChildren(unit.code).catch(() => [])).sort((a, b) =>
      collator.compare(a.name, b.name),
    );
    for (const c of below)
      if (!seen.has(c.code)) seen.set(c.code, { code: c.code, name: c.name, level: c.level, top: false });
  }
  return [...seen.values()];
}

/**
 * A unit typed by its code, as it was on `at` (Bắc Kạn, 06, for the years before the 2025 reform); the
 * server still decides whether the user may read it.
 */
export async function unitByCode(code: string, at: string): Promise<UnitOption | null> {
  const unit = await call(() =>
    api.GET('/api/units/{code}', { params: { path: { code }, query: { at } } }),
  ).catch(() => null);
  return unit && { code: unit.code, name: unit.name, level: unit.level, top: true };
}

export const canWriteFinance = (me: Me): boolean => can(me.role, 'finance.write');

/** Finance is read by anyone with a unit in a scope (a village enumerator's scope is villages only). */
export const canReadFinance = (me: Me): boolean =>
  me.scopes.all || me.scopes.read.length > 0 || me.scopes.write.length > 0;
