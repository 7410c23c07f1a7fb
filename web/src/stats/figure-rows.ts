// The figures table's rows: derived and entered figures side by side, each flagged when the other kind for the
// same year and standard gives a rate more than 0,01 point away.
import type { Figure } from './types.ts';

export interface FigureRow extends Figure {
  key: string;
  /** The other kind's rate when it differs (derived vs entered), else null. */
  differsFrom: number | null;
}

export function figureRows(figures: readonly Figure[]): FigureRow[] {
  return figures
    .map((f, i) => {
      const other = figures.find(
        (g) => g !== f && g.year === f.year && g.standard === f.standard && g.derived !== f.derived,
      );
      const differs =
        other &&
        other.poorRate !== null &&
        f.poorRate !== null &&
        Math.abs(other.poorRate - f.poorRate) > 0.01;
      return {
        ...f,
        key: `${f.year}-${f.standard}-${f.derived ? 'd' : 'e'}-${i}`,
        differsFrom: differs ? other.poorRate : null,
      };
    })
    .sort(
      (a, b) =>
        b.year - a.year || a.standard.localeCompare(b.standard) || Number(b.derived) - Number(a.derived),
    );
}
