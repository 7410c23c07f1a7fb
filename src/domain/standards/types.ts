// The vocabulary of the rule engine: rule-sets (standards), assessments and verdicts.

export type Area = 'rural' | 'urban';
export const AREAS: readonly Area[] = ['rural', 'urban'];

/** Household classes, from the poorest up (hộ nghèo, hộ cận nghèo, hộ có mức sống trung bình, còn lại). */
export const HOUSEHOLD_CLASSES = ['poor', 'near_poor', 'middle', 'not_poor'] as const;
export type HouseholdClass = (typeof HOUSEHOLD_CLASSES)[number];
export const CLASS_ORDER: readonly HouseholdClass[] = HOUSEHOLD_CLASSES;

export interface Bilingual {
  vi: string;
  en: string;
}

/** A legal value: every number the engine uses carries where it comes from and whether that was checked. */
export interface Parameter {
  value: number;
  unit: string;
  citation: string;
  citationEn: string;
  verified: boolean;
  note?: string;
}

export type ByArea<T> = Record<Area, T>;

/**
 * `single_line` (NĐ 07/2021, NĐ 351/2025): at or below the line, poor with ≥ k deficits, else near-poor.
 * `two_lines` (QĐ 59/2015): at or below the poverty line poor whatever the deficits; between the poverty
 * and near-poor lines, poor with ≥ k deficits, else near-poor.
 */
export type ClassificationRule = 'single_line' | 'two_lines';

export interface ScoreAParameters {
  povertyCutoff: ByArea<Parameter>;
  nearPoorCutoff?: ByArea<Parameter>;
  pointsPerDeficit?: Parameter;
}

export interface StandardParameters {
  povertyLine: ByArea<Parameter>;
  nearPoorLine?: ByArea<Parameter>;
  middleUpperLine?: ByArea<Parameter>;
  deficitThreshold: Parameter;
  scoreA?: ScoreAParameters;
}

export interface DerivationSpec {
  rule: string;
  params: Record<string, unknown>;
  citation: string;
  verified: boolean;
  note?: string;
}

export interface Indicator {
  code: string;
  name: Bilingual;
  dimension: { code: string } & Bilingual;
  citation: string;
  verified: boolean;
  derive: DerivationSpec;
}

export interface LegalBasis {
  document: string;
  short: string;
  shortEn: string;
  issued?: string;
}

export interface Standard {
  id: string;
  kind: 'national' | 'local';
  /** For a local standard: the national standard it derives from. */
  derivedFrom?: string;
  name: Bilingual;
  legalBasis: LegalBasis;
  rule: ClassificationRule;
  parameters: StandardParameters;
  indicators: readonly Indicator[];
  /** Same codes as `indicators`, for O(1) checks. */
  indicatorCodes: ReadonlySet<string>;
}

export interface ReviewYearRange {
  from: number;
  to: number;
  standard: string;
  alsoReviewedUnder: readonly string[];
  citation: string;
  citationEn: string;
  verified: boolean;
  note?: string;
}

export interface RetirementSchedule {
  before: AgeSpan;
  from: { year: number } & AgeSpan;
  stepMonthsPerYear: number;
  until: AgeSpan;
}

export interface AgeSpan {
  years: number;
  months: number;
}

export interface WorkingAgeRule {
  minimumWorkingAge: AgeSpan;
  schedule: Record<Sex, RetirementSchedule>;
  citation: string;
  citationEn: string;
  verified: boolean;
}

export type Sex = 'male' | 'female';

/** Everything loaded from rules/: the standards, the year table, the labour rules. */
export interface RuleBook {
  standards: ReadonlyMap<string, Standard>;
  reviewYears: readonly ReviewYearRange[];
  workingAge: WorkingAgeRule;
  indicatorNames: ReadonlyMap<string, Bilingual>;
}

/** How the household's living standard is measured: income in đồng, or the Phiếu B1 proxy score. */
export type Measure = { kind: 'income'; incomePerCapita: number } | { kind: 'scoreA'; scoreA: number };

export interface ClassificationInput {
  area: Area;
  measure: Measure;
  /** Deficit indicator codes, already validated against the standard and de-duplicated. */
  deficits: readonly string[];
}

/** Which threshold decided the class: it names the parameter so the explanation can cite it. */
export interface Verdict {
  standardId: string;
  area: Area;
  measure: Measure;
  class: HouseholdClass;
  deficits: readonly string[];
  deficitCount: number;
  indicatorCount: number;
  deficitThreshold: number;
  /** The comparisons that led to the class, in the order the law applies them. */
  steps: readonly VerdictStep[];
}

export type LineName = 'povertyLine' | 'nearPoorLine' | 'middleUpperLine';

export type VerdictStep =
  | { kind: 'measure_at_or_below'; line: LineName; threshold: Parameter }
  | { kind: 'measure_above'; line: LineName; threshold: Parameter }
  | { kind: 'deficits_at_least'; threshold: Parameter }
  | { kind: 'deficits_below'; threshold: Parameter };
