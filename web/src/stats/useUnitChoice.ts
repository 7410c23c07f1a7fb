// The unit and year the statistics screens show, kept in the address (?unit=19&year=2025) so a view can be
// shared; the units offered are the user's scope units and the units directly under them.
import { useSearchParams } from 'react-router';
import { useMe } from '../auth.tsx';
import { loadChildren, loadUnit } from '../lib/reference.ts';
import { useAsync } from '../lib/useAsync.ts';

export interface UnitOption {
  code: string;
  name: string;
  level: string;
  /** Nesting under the scope unit it came from (0: the scope unit itself). */
  depth: number;
}

async function scopeUnits(codes: readonly string[]): Promise<UnitOption[]> {
  const out: UnitOption[] = [];
  const seen = new Set<string>();
  for (const code of codes) {
    const unit = await loadUnit(code);
    if (!seen.has(unit.code)) out.push({ code: unit.code, name: unit.name, level: unit.level, depth: 0 });
    seen.add(unit.code);
    if (unit.level === 'commune') continue;
    for (const c of await loadChildren(code)) {
      if (seen.has(c.code)) continue;
      seen.add(c.code);
      out.push({ code: c.code, name: c.name, level: c.level, depth: 1 });
    }
  }
  return out;
}

export function useUnitChoice(defaultYear: number) {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const codes = me.scopes.read.map((s) => s.code);
  const asked = params.get('unit');
  // A unit named in the address but not offered (a former unit, e.g. old Bắc Kạn 06) is added with its name.
  const options = useAsync(async () => {
    const list = await scopeUnits(codes);
    if (asked && !list.some((o) => o.code === asked)) {
      const u = await loadUnit(asked).catch(() => null);
      list.push({ code: asked, name: u?.name ?? asked, level: u?.level ?? '', depth: 0 });
    }
    return list;
  }, [codes, asked]);
  const unit = asked ?? options.data?.[0]?.code ?? null;
  const yearText = params.get('year');
  const year = yearText && /^\d{4}$/.test(yearText) ? Number(yearText) : defaultYear;
  const set = (next: { unit?: string; year?: number; [k: string]: string | number | undefined }) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next))
      if (v === undefined) merged.delete(k);
      else merged.set(k, String(v));
    setParams(merged, { replace: true });
  };
  return {
    unit,
    year,
    options,
    /** A system administrator's scope is everything: it types any unit code. */
    typeCode: me.scopes.all,
    params,
    set,
  };
}
