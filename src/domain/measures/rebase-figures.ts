// A figure of a year before a reform, re-based onto a unit of today: the counts of the units that made it
// up on that date, moved along the lineage by the geography's pure rebase (whole merges exact, split
// units by a known share or left unallocated), with a footnote in Vietnamese and English saying how.
import type { GeographyIndex } from '../geography/geography-index.ts';
import { unitKey } from '../geography/geography-index.ts';
import { rebase, type Counts } from '../geography/rebase.ts';
import type { AdminUnit, Message } from '../geography/types.ts';
import { formatPercent } from '../format/numbers.ts';
import { rate } from './rates.ts';

export interface SourceFigure {
  code: string;
  households: number | null;
  poor: number | null;
  nearPoor: number | null;
  poorRate: number | null;
}

export interface RebasedFigure {
  households: number | null;
  poor: number | null;
  nearPoor: number | null;
  poorRate: number | null;
  /** Every predecessor had a figure with counts and was placed whole or by share. */
  complete: boolean;
  footnote: Message;
}

/** The versions that made up `unit` on `date`: walking its lineage backwards to those valid then. */
export function predecessorsOn(index: GeographyIndex, unit: AdminUnit, date: string): AdminUnit[] {
  const out = new Map<string, AdminUnit>();
  const seen = new Set<string>();
  const walk = (u: AdminUnit) => {
    const key = unitKey(u.code, u.validFrom);
    if (seen.has(key)) return;
    seen.add(key);
    if (u.validFrom <= date && (u.validTo === null || u.validTo >= date)) {
      out.set(key, u);
      return;
    }
    for (const e of index.edgesTo.get(key) ?? []) {
      const from = index.byKey.get(unitKey(e.fromCode, e.fromValidFrom));
      if (from) walk(from);
    }
  };
  walk(unit);
  return [...out.values()].sort((a, b) => a.code.localeCompare(b.code));
}

const label = (u: AdminUnit) => `${u.name} (${u.code})`;

/**
 * Re-bases one year's figures (one per predecessor code, same standard and group) onto `unit`.
 * `shares`: per predecessor, weights of its successors (from lineage shares); without one, a split
 * predecessor is left unallocated. Rates are not summable: a predecessor with a rate only is left out,
 * unless it alone makes up the unit whole (then its rate carries over).
 */
export function rebaseFigures(
  index: GeographyIndex,
  unit: AdminUnit,
  date: string,
  figures: readonly SourceFigure[],
  shares: Readonly<Record<string, Readonly<Record<string, number>>>>,
): RebasedFigure | null {
  const preds = predecessorsOn(index, unit, date);
  const byCode = new Map(figures.map((f) => [f.code, f]));
  const given = preds.filter((p) => byCode.has(p.code));
  if (given.length === 0) return null;
  const withCounts = given.filter(
    (p) => byCode.get(p.code)!.households !== null && byCode.get(p.code)!.poor !== null,
  );
  const rateOnly = given.filter((p) => !withCounts.includes(p));
  const withNear = withCounts.every((p) => byCode.get(p.code)!.nearPoor !== null);
  const counts: Record<string, Counts> = {};
  for (const p of withCounts) {
    const f = byCode.get(p.code)!;
    counts[p.code] = {
      households: f.households!,
      poor: f.poor!,
      ...(withNear ? { nearPoor: f.nearPoor! } : {}),
    };
  }
  const target = unit.level === 'province' ? 'province' : 'commune';
  const result = withCounts.length ? rebase(index, { date, counts, target, shares }) : null;
  const mine = result?.units.find((u) => u.unit.code === unit.code && u.unit.validFrom === unit.validFrom);
  const vi: string[] = [];
  const en: string[] = [];
  const head = { vi: `Tính lại theo địa giới của ${label(unit)}`, en: `Re-based onto ${label(unit)}` };

  // One predecessor with a rate only, which makes up the unit whole: its rate is the unit's.
  if (preds.length === 1 && rateOnly.length === 1 && withCounts.length === 0) {
    const whole = (index.edgesTo.get(unitKey(unit.code, unit.validFrom)) ?? []).length <= 1;
    const f = byCode.get(rateOnly[0]!.code)!;
    if (whole && f.poorRate !== null)
      return {
        households: null,
        poor: null,
        nearPoor: null,
        poorRate: f.poorRate,
        complete: true,
        footnote: {
          vi: `${head.vi}: số liệu của ${label(rateOnly[0]!)}, cùng địa giới (chính xác).`,
          en: `${head.en}: the figure of ${label(rateOnly[0]!)}, the same territory (exact).`,
        },
      };
  }
  for (const c of mine?.contributions ?? []) {
    const p = preds.find((x) => x.code === c.fromCode)!;
    if (c.method === 'share') {
      const table = shares[c.fromCode] ?? {};
      const total = Object.values(table).reduce((s, x) => s + x, 0);
      const share = total > 0 ? (table[unit.code] ?? 0) / total : 0;
      vi.push(`${label(p)} theo tỷ lệ ${formatPercent(share * 100, 'vi', 0)} (làm tròn đến hộ)`);
      en.push(`${label(p)} by a share of ${formatPercent(share * 100, 'en', 0)} (rounded to households)`);
    } else {
      vi.push(`${label(p)} toàn bộ (chính xác)`);
      en.push(`${label(p)} whole (exact)`);
    }
  }
  const unallocated = (mine?.gaps ?? []).filter((g) => g.reason === 'unallocated').map((g) => g.fromCode);
  if (result && !mine) unallocated.push(...withCounts.map((p) => p.code));
  for (const code of [...new Set(unallocated)]) {
    const p = preds.find((x) => x.code === code)!;
    vi.push(`${label(p)} chỉ nhập một phần, chưa rõ tỷ lệ: không phân bổ`);
    en.push(`${label(p)} merged in part with no known share: left unallocated`);
  }
  for (const p of rateOnly) {
    vi.push(`${label(p)} chỉ có tỷ lệ, không cộng được: không tính`);
    en.push(`${label(p)} has a rate only, which cannot be added: left out`);
  }
  for (const p of preds.filter((x) => !byCode.has(x.code))) {
    vi.push(`${label(p)} không có số liệu`);
    en.push(`${label(p)} has no figure`);
  }
  const values = mine?.values;
  const complete =
    !!mine &&
    mine.gaps.length === 0 &&
    rateOnly.length === 0 &&
    given.length === preds.length &&
    unallocated.length === 0;
  return {
    households: values?.households ?? null,
    poor: values?.poor ?? null,
    nearPoor: withNear && values ? (values.nearPoor ?? null) : null,
    poorRate: values ? rate(values.poor!, values.households!) : null,
    complete,
    footnote: {
      vi: `${head.vi}: ${vi.join('; ')}${complete ? '.' : '. Số liệu chưa đầy đủ.'}`,
      en: `${head.en}: ${en.join('; ')}${complete ? '.' : '. The figure is incomplete.'}`,
    },
  };
}
