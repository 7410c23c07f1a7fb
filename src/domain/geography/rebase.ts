// Re-basing counts kept against pre-reform units onto post-reform units, exactly or with stated method.

import { apportion } from './apportion.ts';
import type { GeographyIndex } from './geography-index.ts';
import { unitKey } from './geography-index.ts';
import { children, unitAt } from './queries.ts';
import { REFORM_EFFECTIVE } from './reform.ts';
import type { AdminUnit, IsoDate, Message } from './types.ts';

/** Measure → non-negative integer, e.g. { households: 500, poor: 120 }. */
export type Counts = Readonly<Record<string, number>>;

export interface VillageCounts {
  /** The village (thôn, bản, tổ dân phố) id; villages have no national code. */
  readonly village: string;
  /** The post-reform unit the village now belongs to. */
  readonly successorCode: string;
  readonly counts: Counts;
}

export interface RebaseRequest {
  /** The date the counts refer to; they are keyed by the codes valid on that date. */
  readonly date: IsoDate;
  /** Old unit code (commune, district or province) → counts. */
  readonly counts: Readonly<Record<string, Counts>>;
  /** Level of the result (default 'commune'). */
  readonly target?: 'commune' | 'province';
  /** Per old unit: its villages' counts and where each village went. Used first for split units. */
  readonly villages?: Readonly<Record<string, readonly VillageCounts[]>>;
  /** Per old unit: weight per new unit code (any scale). Used for what villages do not cover. */
  readonly shares?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export type RebaseMethod = 'whole' | 'village' | 'share' | 'unallocated';

export interface Contribution {
  readonly fromCode: string;
  readonly fromValidFrom: IsoDate;
  readonly method: Exclude<RebaseMethod, 'unallocated'>;
  readonly values: Readonly<Record<string, number>>;
}

/** Why a new unit's figure may be short: a predecessor's counts were not (all) placed, or not given. */
export interface Gap {
  readonly fromCode: string;
  readonly fromValidFrom: IsoDate;
  readonly reason: 'unallocated' | 'not-in-input';
}

export interface RebasedUnit {
  readonly unit: AdminUnit;
  readonly values: Readonly<Record<string, number>>;
  /** Methods behind the values; 'unallocated' when part of a predecessor could not be placed. */
  readonly methods: RebaseMethod[];
  readonly contributions: Contribution[];
  readonly gaps: Gap[];
  /** True when every predecessor was given and fully placed: the figure is exact. */
  readonly complete: boolean;
}

export interface UnallocatedPart {
  readonly fromCode: string;
  readonly fromValidFrom: IsoDate | null;
  readonly values: Readonly<Record<string, number>>;
  readonly reason: Message;
}

export interface RebaseNote {
  readonly code: string;
  readonly message: Message;
}

export interface RebaseResult {
  readonly date: IsoDate;
  readonly target: 'commune' | 'province';
  readonly units: RebasedUnit[];
  readonly unallocated: UnallocatedPart[];
  /** before = after + unallocated, per measure, always. */
  readonly totals: {
    readonly before: Record<string, number>;
    readonly after: Record<string, number>;
    readonly unallocated: Record<string, number>;
  };
  readonly notes: RebaseNote[];
}

interface Candidate {
  readonly unit: AdminUnit;
  readonly allPopulation: boolean;
}

function checkCounts(where: string, counts: Counts): void {
  for (const [measure, value] of Object.entries(counts)) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${where}: "${measure}" must be a non-negative integer, got ${value}`);
    }
  }
}

const keyOf = (u: AdminUnit) => unitKey(u.code, u.validFrom);

/**
 * Pure. For each old unit: if all its successors (at the target level) are one unit, or one successor
 * took its whole population, the counts move whole (exact). Otherwise villages are placed where they
 * went, the rest is split by the share table (largest remainder, so integers add up), and whatever is
 * left is reported unallocated with the reason. Totals are preserved exactly:
 * before = after + unallocated. Bad input (non-integer counts, bad date) throws a RangeError.
 */
export function rebase(index: GeographyIndex, request: RebaseRequest): RebaseResult {
  const { date } = request;
  const target = request.target ?? 'commune';
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(date)) throw new RangeError(`Not an ISO date (YYYY-MM-DD): "${date}"`);
  const measures = new Set<string>();
  for (const [code, counts] of Object.entries(request.counts)) {
    checkCounts(`counts of ${code}`, counts);
    for (const m of Object.keys(counts)) measures.add(m);
  }
  for (const [code, villages] of Object.entries(request.villages ?? {})) {
    for (const v of villages) checkCounts(`village ${v.village} of ${code}`, v.counts);
  }
  const zero = () => Object.fromEntries([...measures].map((m) => [m, 0]));
  const notes: RebaseNote[] = [];
  const note = (code: string, vi: string, en: string) => notes.push({ code, message: { vi, en } });

  const project = (unit: AdminUnit): AdminUnit | null => {
    if (unit.level === target) return unit;
    if (target === 'commune') return null;
    let current: AdminUnit | null = unit;
    while (current && current.level !== 'province') {
      current = current.parentCode === null ? null : unitAt(index, current.parentCode, current.validFrom);
    }
    return current;
  };
  const successorsOf = (unit: AdminUnit): Candidate[] => {
    if (unit.validTo === null) return [{ unit, allPopulation: true }]; // still valid: it is its own successor
    const out: Candidate[] = [];
    for (const edge of index.edgesFrom.get(keyOf(unit)) ?? []) {
      const next = index.byKey.get(unitKey(edge.toCode, edge.toValidFrom));
      if (next)
        out.push(
          ...successorsOf(next).map((c) => ({
            unit: c.unit,
            allPopulation: c.allPopulation && edge.allPopulation,
          })),
        );
    }
    if (out.length === 0 && target === 'province' && unit.parentCode !== null) {
      // A unit abolished without edges (a district) lies inside its parent, which has them.
      const parent = unitAt(index, unit.parentCode, unit.validFrom);
      if (parent) return successorsOf(parent);
    }
    return out;
  };
  const candidatesOf = (unit: AdminUnit): Candidate[] => {
    const byKey = new Map<string, Candidate>();
    for (const c of successorsOf(unit)) {
      const projected = project(c.unit);
      if (!projected) continue;
      const seen = byKey.get(keyOf(projected));
      byKey.set(keyOf(projected), {
        unit: projected,
        allPopulation: c.allPopulation || (seen?.allPopulation ?? false),
      });
    }
    return [...byKey.values()];
  };
  const resolveNew = (code: string, allowed: readonly Candidate[]): AdminUnit | null => {
    const unit = unitAt(index, code, REFORM_EFFECTIVE);
    const projected = unit ? project(unit) : null;
    if (!projected) return null;
    if (allowed.length > 0 && !allowed.some((c) => keyOf(c.unit) === keyOf(projected))) return null;
    return projected;
  };

  const results = new Map<string, { unit: AdminUnit; contributions: Contribution[]; gaps: Gap[] }>();
  const slot = (unit: AdminUnit) => {
    const key = keyOf(unit);
    let entry = results.get(key);
    if (!entry) {
      entry = { unit, contributions: [], gaps: [] };
      results.set(key, entry);
    }
    return entry;
  };
  const unallocated: UnallocatedPart[] = [];
  const add = (into: Record<string, number>, values: Counts) => {
    for (const [m, v] of Object.entries(values)) into[m] = (into[m] ?? 0) + v;
  };

  const inputCodes = Object.keys(request.counts).sort();
  const inputKeys = new Set<string>();
  for (const code of inputCodes) {
    const old = unitAt(index, code, date);
    if (old) inputKeys.add(keyOf(old));
  }

  for (const code of inputCodes) {
    const counts = { ...zero(), ...request.counts[code] };
    const old = unitAt(index, code, date);
    if (!old) {
      unallocated.push({
        fromCode: code,
        fromValidFrom: null,
        values: counts,
        reason: {
          vi: `Không có đơn vị mã ${code} vào ngày ${date}.`,
          en: `No unit with code ${code} on ${date}.`,
        },
      });
      continue;
    }
    let ancestor = old.parentCode === null ? null : unitAt(index, old.parentCode, date);
    while (ancestor) {
      if (inputKeys.has(keyOf(ancestor))) {
        note(
          code,
          `${old.name} (${code}) và đơn vị cấp trên ${ancestor.name} (${ancestor.code}) đều có số liệu; có thể bị tính hai lần.`,
          `${old.name} (${code}) and its parent unit ${ancestor.name} (${ancestor.code}) both have counts; they may be counted twice.`,
        );
      }
      ancestor = ancestor.parentCode === null ? null : unitAt(index, ancestor.parentCode, date);
    }
    const from = { fromCode: old.code, fromValidFrom: old.validFrom };
    const candidates = candidatesOf(old);
    const carriers = candidates.filter((c) => c.allPopulation);
    const whole = candidates.length === 1 ? candidates[0] : carriers.length === 1 ? carriers[0] : undefined;
    if (whole) {
      slot(whole.unit).contributions.push({ ...from, method: 'whole', values: counts });
      continue;
    }

    const remaining: Record<string, number> = { ...counts };
    const villages = request.villages?.[code];
    if (villages && villages.length > 0) {
      const sums: Record<string, number> = zero();
      for (const v of villages) add(sums, v.counts);
      const over = Object.keys(sums).filter((m) => (sums[m] ?? 0) > (counts[m] ?? 0));
      if (over.length > 0) {
        note(
          code,
          `Tổng số liệu các thôn của ${code} vượt số liệu của xã (${over.join(', ')}); không dùng số liệu thôn.`,
          `The villages of ${code} add up to more than the unit's counts (${over.join(', ')}); village counts not used.`,
        );
      } else {
        for (const v of villages) {
          const to = resolveNew(v.successorCode, candidates);
          if (!to) {
            note(
              code,
              `Thôn ${v.village}: ${v.successorCode} không phải đơn vị kế thừa của ${code}; số liệu của thôn chưa phân bổ.`,
              `Village ${v.village}: ${v.successorCode} is not a successor of ${code}; the village's counts are left unallocated.`,
            );
            unallocated.push({
              ...from,
              values: { ...zero(), ...v.counts },
              reason: {
                vi: `Thôn ${v.village} được gán cho ${v.successorCode}, không phải đơn vị kế thừa.`,
                en: `Village ${v.village} is assigned to ${v.successorCode}, which is not a successor.`,
              },
            });
          } else {
            slot(to).contributions.push({ ...from, method: 'village', values: { ...zero(), ...v.counts } });
          }
          for (const [m, value] of Object.entries(v.counts)) remaining[m] = (remaining[m] ?? 0) - value;
        }
      }
    }

    if (Object.values(remaining).some((v) => v > 0)) {
      const table = request.shares?.[code];
      const weighted: Array<{ unit: AdminUnit; weight: number }> = [];
      for (const [newCode, weight] of Object.entries(table ?? {})) {
        const to = resolveNew(newCode, candidates);
        if (!to || !Number.isFinite(weight) || weight < 0) {
          note(
            code,
            `Bảng tỷ lệ của ${code}: bỏ qua ${newCode} (không phải đơn vị kế thừa hoặc tỷ lệ không hợp lệ).`,
            `Share table of ${code}: ${newCode} ignored (not a successor, or an invalid weight).`,
          );
          continue;
        }
        weighted.push({ unit: to, weight });
      }
      if (table && weighted.every((w) => w.weight === 0)) {
        note(
          code,
          `Bảng tỷ lệ của ${code} không có tỷ lệ dương hợp lệ; không dùng.`,
          `The share table of ${code} has no valid positive weight; not used.`,
        );
      } else if (weighted.length > 0) {
        const parts = weighted.map(() => zero());
        for (const [m, value] of Object.entries(remaining)) {
          apportion(
            value,
            weighted.map((w) => w.weight),
          ).forEach((share, i) => {
            (parts[i] as Record<string, number>)[m] = share;
          });
          remaining[m] = 0;
        }
        weighted.forEach((w, i) =>
          slot(w.unit).contributions.push({
            ...from,
            method: 'share',
            values: parts[i] as Record<string, number>,
          }),
        );
      }
    }

    if (Object.values(remaining).some((v) => v > 0)) {
      const names = candidates.map((c) => c.unit.code).join(', ');
      unallocated.push({
        ...from,
        values: remaining,
        reason:
          candidates.length === 0
            ? {
                vi: `${old.name} (${code}) không có đơn vị kế thừa ở cấp ${target === 'commune' ? 'xã' : 'tỉnh'}; cần bảng tỷ lệ.`,
                en: `${old.name} (${code}) has no successor at ${target} level; a share table is needed.`,
              }
            : {
                vi: `${old.name} (${code}) bị chia cho ${candidates.length} đơn vị (${names}); cần số liệu theo thôn hoặc bảng tỷ lệ.`,
                en: `${old.name} (${code}) was split between ${candidates.length} units (${names}); village counts or a share table are needed.`,
              },
      });
      for (const c of candidates) slot(c.unit).gaps.push({ ...from, reason: 'unallocated' });
    }
  }

  // Predecessors nobody gave counts for: a unit is given if it, an ancestor, or all its children are.
  const covered = new Map<string, boolean>();
  const inInputOrBelow = (unit: AdminUnit): boolean => {
    const key = keyOf(unit);
    const known = covered.get(key);
    if (known !== undefined) return known;
    const kids = children(index, unit.code, date);
    const result = inputKeys.has(key) || (kids.length > 0 && kids.every(inInputOrBelow));
    covered.set(key, result);
    return result;
  };
  const isCovered = (unit: AdminUnit): boolean => {
    for (
      let u: AdminUnit | null = unit;
      u;
      u = u.parentCode === null ? null : unitAt(index, u.parentCode, date)
    ) {
      if (inputKeys.has(keyOf(u))) return true;
    }
    return inInputOrBelow(unit);
  };
  for (const entry of results.values()) {
    for (const edge of index.edgesTo.get(keyOf(entry.unit)) ?? []) {
      const predecessor = index.byKey.get(unitKey(edge.fromCode, edge.fromValidFrom));
      if (!predecessor || unitAt(index, predecessor.code, date) !== predecessor || isCovered(predecessor))
        continue;
      entry.gaps.push({
        fromCode: predecessor.code,
        fromValidFrom: predecessor.validFrom,
        reason: 'not-in-input',
      });
    }
  }

  const units = [...results.values()]
    .sort((a, b) => a.unit.code.localeCompare(b.unit.code))
    .map((entry): RebasedUnit => {
      const values = zero();
      for (const c of entry.contributions) add(values, c.values);
      const methods = [...new Set<RebaseMethod>(entry.contributions.map((c) => c.method))];
      if (entry.gaps.some((g) => g.reason === 'unallocated')) methods.push('unallocated');
      return {
        unit: entry.unit,
        values,
        methods,
        contributions: entry.contributions,
        gaps: entry.gaps,
        complete: entry.gaps.length === 0,
      };
    });
  const before = zero();
  for (const code of inputCodes) add(before, request.counts[code] ?? {});
  const after = zero();
  for (const u of units) add(after, u.values);
  const left = zero();
  for (const u of unallocated) add(left, u.values);
  return { date, target, units, unallocated, totals: { before, after, unallocated: left }, notes };
}
