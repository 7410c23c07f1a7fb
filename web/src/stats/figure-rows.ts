// The figures table's rows: derived and entered figures side by side, newest first, each carrying the other
// kind's rate when the server flags the two as differing (beyond the published figure's rounding).
import type { Figure } from './types.ts';

export interface FigureRow extends Figure {
  key: string;
  /** The other kind's rate for the same year and standard when they differ, else null. */
  differsFrom: number | null;
}

export function figureRows(figures: readonly Figure[]): FigureRow[] {
  return figures
    .map((f, i) => {
      const other = f.differs
        ? figures.find(
            (g) => g !== f && g.year === f.year && g.standard === f.standard && g.derived !== f.derived,
          )
        : undefined;
      return {
        ...f,
        key: `${f.year}-${f.standard}-${f.derived ? 'd' : 'e'}-${i}`,
        differsFrom: other?.poorRate ?? null,
      };
    })
    .sort(
      (a, b) =>
        b.year - a.year || a.standard.localeCompare(b.standard) || Number(b.derived) - Number(a.derived),
    );
}
