// A unit's yearly figures as series: a change is computed only between two figures of the same standard,
// so a change of standard (2021: QĐ 59/2015 then NĐ 07/2021) ends one series and starts the next.

export interface YearFigure {
  year: number;
  standard: string;
  /** Poverty rate in percent. */
  rate: number;
}

export interface YearChange {
  year: number;
  standard: string;
  start: number;
  end: number;
  /** start − end: positive when the rate fell. */
  change: number;
}

export interface SeriesBreak {
  year: number;
  from: string;
  to: string;
}

/** Changes between consecutive years under the same standard, and where the standard changes. */
export function changesOf(figures: readonly YearFigure[]): { changes: YearChange[]; breaks: SeriesBreak[] } {
  const byStandard = new Map<string, YearFigure[]>();
  for (const f of figures) byStandard.set(f.standard, [...(byStandard.get(f.standard) ?? []), f]);
  const changes: YearChange[] = [];
  for (const [standard, list] of byStandard) {
    const sorted = [...list].sort((a, b) => a.year - b.year);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      const cur = sorted[i]!;
      if (cur.year !== prev.year + 1) continue;
      changes.push({
        year: cur.year,
        standard,
        start: prev.rate,
        end: cur.rate,
        change: prev.rate - cur.rate,
      });
    }
  }
  // A break: the first year of a standard that follows figures under another one.
  // Two series starting the same year (2021) are ordered by where they end: the older one ends first.
  const firsts = [...byStandard.entries()]
    .map(([standard, list]) => ({
      standard,
      year: Math.min(...list.map((f) => f.year)),
      last: Math.max(...list.map((f) => f.year)),
    }))
    .sort((a, b) => a.year - b.year || a.last - b.last);
  const breaks: SeriesBreak[] = [];
  for (let i = 1; i < firsts.length; i++)
    breaks.push({ year: firsts[i]!.year, from: firsts[i - 1]!.standard, to: firsts[i]!.standard });
  return { changes: changes.sort((a, b) => a.year - b.year || a.standard.localeCompare(b.standard)), breaks };
}
