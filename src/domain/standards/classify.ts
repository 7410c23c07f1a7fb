// Classifies one household under one standard: the rule of the standard applied to its measure and deficits.
import type {
  Area,
  ClassificationInput,
  HouseholdClass,
  LineName,
  Measure,
  Parameter,
  Standard,
  Verdict,
  VerdictStep,
} from './types.ts';

/** The thresholds that apply to a measure: lines in đồng for income, Phiếu B1 cut-offs for score A. */
export interface Thresholds {
  poverty: Parameter;
  nearPoor?: Parameter;
  middleUpper?: Parameter;
}

export function thresholdsFor(
  standard: Standard,
  area: Area,
  measure: Measure['kind'],
): Thresholds | undefined {
  const p = standard.parameters;
  if (measure === 'income') {
    return {
      poverty: p.povertyLine[area],
      nearPoor: p.nearPoorLine?.[area],
      middleUpper: p.middleUpperLine?.[area],
    };
  }
  // A score A only separates poor and near-poor from the rest: the middle band needs income in đồng.
  if (!p.scoreA) return undefined;
  return { poverty: p.scoreA.povertyCutoff[area], nearPoor: p.scoreA.nearPoorCutoff?.[area] };
}

export const measureValue = (m: Measure): number => (m.kind === 'income' ? m.incomePerCapita : m.scoreA);

/**
 * The caller has checked that thresholds exist for the measure (see `thresholdsFor`).
 * NĐ 07/2021/NĐ-CP, Điều 3 (and NĐ 351/2025 likewise): "từ … trở xuống" — at or below the line.
 * QĐ 59/2015/QĐ-TTg, Điều 2: at or below the poverty line a household is poor whatever its deficits.
 */
export function classify(standard: Standard, input: ClassificationInput, t: Thresholds): Verdict {
  const x = measureValue(input.measure);
  const k = standard.parameters.deficitThreshold;
  const d = input.deficits.length;
  const steps: VerdictStep[] = [];
  const at = (line: LineName, threshold: Parameter) =>
    steps.push({ kind: 'measure_at_or_below', line, threshold });
  const above = (line: LineName, threshold: Parameter) =>
    steps.push({ kind: 'measure_above', line, threshold });
  const byDeficits = (): HouseholdClass => {
    steps.push({ kind: d >= k.value ? 'deficits_at_least' : 'deficits_below', threshold: k });
    return d >= k.value ? 'poor' : 'near_poor';
  };

  let cls: HouseholdClass;
  if (standard.rule === 'two_lines' && t.nearPoor) {
    if (x <= t.poverty.value) {
      at('povertyLine', t.poverty);
      cls = 'poor';
    } else if (x <= t.nearPoor.value) {
      above('povertyLine', t.poverty);
      at('nearPoorLine', t.nearPoor);
      cls = byDeficits();
    } else {
      above('nearPoorLine', t.nearPoor);
      cls = upperClass(x, t, above, at);
    }
  } else if (x <= t.poverty.value) {
    at('povertyLine', t.poverty);
    cls = byDeficits();
  } else {
    above('povertyLine', t.poverty);
    cls = upperClass(x, t, above, at);
  }

  return {
    standardId: standard.id,
    area: input.area,
    measure: input.measure,
    class: cls,
    deficits: input.deficits,
    deficitCount: d,
    indicatorCount: standard.indicators.length,
    deficitThreshold: k.value,
    steps,
  };
}

function upperClass(
  x: number,
  t: Thresholds,
  above: (line: LineName, p: Parameter) => void,
  at: (line: LineName, p: Parameter) => void,
): HouseholdClass {
  if (!t.middleUpper) return 'not_poor';
  if (x <= t.middleUpper.value) {
    at('middleUpperLine', t.middleUpper);
    return 'middle';
  }
  above('middleUpperLine', t.middleUpper);
  return 'not_poor';
}

/** The class of a household from its measure and number of deficits, or undefined when no threshold applies. */
export type ClassOf = (
  area: Area,
  measure: Measure['kind'],
  value: number,
  deficitCount: number,
) => HouseholdClass | undefined;

/**
 * The same rule as `classify`, compiled once per standard into plain number comparisons: the class alone,
 * without the verdict's steps (no allocation per household), for bulk work such as a roll-up over a whole
 * register. `compileClassOf(s)(area, kind, x, d) === classify(s, …, thresholdsFor(s, area, kind)).class`.
 */
export function compileClassOf(standard: Standard): ClassOf {
  const k = standard.parameters.deficitThreshold.value;
  const twoLines = standard.rule === 'two_lines';
  const compiled = (t: Thresholds | undefined) => {
    if (!t) return undefined;
    const pov = t.poverty.value;
    const near = t.nearPoor?.value;
    const upper = t.middleUpper?.value;
    const upperClass = (x: number): HouseholdClass =>
      upper === undefined || x > upper ? 'not_poor' : 'middle';
    if (twoLines && near !== undefined)
      return (x: number, d: number): HouseholdClass =>
        x <= pov ? 'poor' : x <= near ? (d >= k ? 'poor' : 'near_poor') : upperClass(x);
    return (x: number, d: number): HouseholdClass =>
      x <= pov ? (d >= k ? 'poor' : 'near_poor') : upperClass(x);
  };
  const income = {
    rural: compiled(thresholdsFor(standard, 'rural', 'income')),
    urban: compiled(thresholdsFor(standard, 'urban', 'income')),
  };
  const scoreA = {
    rural: compiled(thresholdsFor(standard, 'rural', 'scoreA')),
    urban: compiled(thresholdsFor(standard, 'urban', 'scoreA')),
  };
  return (area, measure, value, deficitCount) =>
    (measure === 'income' ? income : scoreA)[area]?.(value, deficitCount);
}
