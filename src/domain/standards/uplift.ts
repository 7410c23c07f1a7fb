// "What it would take": the smallest change that moves a poor or near-poor household up one class,
// so officials can aim support at the households expected to escape poverty.
import { classify, measureValue, thresholdsFor } from './classify.ts';
import { CLASS_ORDER, type HouseholdClass, type Measure, type Standard, type Verdict } from './types.ts';

export interface Uplift {
  from: HouseholdClass;
  /** The smallest rise in income (đồng per person per month) or score A (points), deficits unchanged. */
  byMeasure?: { increase: number; unit: 'VND' | 'points'; reaches: HouseholdClass };
  /** The fewest deficits to resolve, income unchanged; any of `candidates` will do. */
  byDeficits?: { resolve: number; candidates: readonly string[]; reaches: HouseholdClass };
}

const rank = (c: HouseholdClass) => CLASS_ORDER.indexOf(c);

function withMeasure(m: Measure, value: number): Measure {
  return m.kind === 'income' ? { kind: 'income', incomePerCapita: value } : { kind: 'scoreA', scoreA: value };
}

/** Undefined for households already above near-poor: there is nothing to plan for them. */
export function upliftFor(standard: Standard, verdict: Verdict): Uplift | undefined {
  if (verdict.class !== 'poor' && verdict.class !== 'near_poor') return undefined;
  const t = thresholdsFor(standard, verdict.area, verdict.measure.kind);
  if (!t) return undefined;
  const current = rank(verdict.class);
  const x = measureValue(verdict.measure);
  const reclassify = (value: number, deficits: readonly string[]) =>
    classify(standard, { area: verdict.area, measure: withMeasure(verdict.measure, value), deficits }, t)
      .class;

  const result: Uplift = { from: verdict.class };
  // Incomes and scores are whole numbers of đồng and points: the next step above a line is line + 1.
  const lines = [t.poverty, t.nearPoor, t.middleUpper]
    .filter((p) => p !== undefined)
    .map((p) => p.value)
    .filter((v) => v >= x)
    .sort((a, b) => a - b);
  for (const line of lines) {
    const target = Math.floor(line) + 1;
    const reaches = reclassify(target, verdict.deficits);
    if (rank(reaches) > current) {
      result.byMeasure = {
        increase: target - x,
        unit: verdict.measure.kind === 'income' ? 'VND' : 'points',
        reaches,
      };
      break;
    }
  }
  for (let n = 1; n <= verdict.deficits.length; n++) {
    const reaches = reclassify(x, verdict.deficits.slice(n));
    if (rank(reaches) > current) {
      result.byDeficits = { resolve: n, candidates: verdict.deficits, reaches };
      break;
    }
  }
  return result;
}
