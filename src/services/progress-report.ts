// Progress against targets over years, for a unit and group: the figures (derived or entered), the change
// from the previous year under the same standard, the target's verdict and the report sentence.
import type { Queryable } from '../db/index.ts';
import { figures } from '../db/index.ts';
import { figureSeries, type Basis } from './figures-series.ts';
import { compareFigures } from '../domain/measures/compare-figures.ts';
import type { FigureGroup } from '../domain/measures/figures-csv.ts';
import { round2 } from '../domain/measures/rates.ts';
import { progressSentence } from '../domain/measures/sentence.ts';
import { changesOf } from '../domain/measures/series.ts';
import { verdictOf, type Target, type Verdict } from '../domain/measures/targets.ts';

export interface ProgressEntry {
  unit: string;
  group: FigureGroup;
  year: number;
  standard: string;
  start: number;
  end: number;
  change: number;
  target: { lower: number | null; upper: number | null } | null;
  verdict: Verdict | null;
  sentence: { vi: string; en: string };
  /** Which figures were used: derived from recognised rounds, or entered (with their source). */
  sources: { start: string; end: string };
  /** Where a derived and an entered figure disagree (by more than 0,01 point), both are given. */
  differences: { year: number; derived: number; entered: number }[];
}

export async function progressReport(
  db: Queryable,
  input: {
    unit: string;
    group: FigureGroup;
    from: number;
    to: number;
    /** 'today': years before today's unit existed are re-based from its predecessors (needs `today`). */
    basis?: Basis;
    today?: string;
  },
): Promise<ProgressEntry[]> {
  const rows =
    input.basis === 'today' && input.today
      ? (
          await figureSeries(db, {
            unitCode: input.unit,
            group: input.group,
            basis: 'today',
            today: input.today,
          })
        ).figures
      : await figures.figuresOf(db, input.unit, input.group);
  // One figure per year and standard: the derived one when it exists (it is the registry's own count).
  const chosen = new Map<string, (typeof rows)[number]>();
  const differences = new Map<string, { year: number; derived: number; entered: number }>();
  for (const r of rows) {
    if (r.poorRate === null) continue;
    const key = `${r.year}|${r.standard}`;
    const other = chosen.get(key);
    if (!other || (r.derived && !other.derived)) chosen.set(key, r);
    const derived = r.derived ? r : other;
    const entered = r.derived ? other : r;
    // Same rule as /api/figures: a difference beyond the rounding of the published figure.
    if (derived && entered && derived !== entered && compareFigures(derived, entered).differs) {
      differences.set(key, {
        year: r.year,
        derived: round2(derived.poorRate ?? 0),
        entered: round2(entered.poorRate ?? 0),
      });
    }
  }
  const list = [...chosen.values()];
  const { changes } = changesOf(
    list.map((f) => ({ year: f.year, standard: f.standard, rate: round2(f.poorRate!) })),
  );
  const targets = await figures.targetsOf(db, input.unit, input.group);
  return changes
    .filter((c) => c.year >= input.from && c.year <= input.to)
    .map((c) => {
      const t = targets.find((x) => x.yearFrom <= c.year && c.year <= x.yearTo);
      const target: Target | null = t
        ? t.kind === 'max_level'
          ? { kind: 'max_level', upper: Number(t.upper) }
          : { kind: 'reduction_pp', lower: Number(t.lower), upper: t.upper === null ? null : Number(t.upper) }
        : null;
      const verdict = target ? verdictOf(target, c.start, c.end) : null;
      const src = (year: number) => chosen.get(`${year}|${c.standard}`)?.source ?? '';
      return {
        unit: input.unit,
        group: input.group,
        year: c.year,
        standard: c.standard,
        start: c.start,
        end: c.end,
        change: round2(c.change),
        target: target
          ? { lower: target.kind === 'reduction_pp' ? target.lower : null, upper: target.upper }
          : null,
        verdict,
        sentence: progressSentence({
          year: c.year,
          group: input.group,
          start: c.start,
          end: c.end,
          target,
          verdict,
        }),
        sources: { start: src(c.year - 1), end: src(c.year) },
        differences: [...differences.values()].filter((d) => d.year === c.year || d.year === c.year - 1),
      };
    });
}
