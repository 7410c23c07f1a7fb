// One assessment from raw input to explained verdict: parse and check the input, find the deficits, classify.
import { assessmentError as err, type AssessmentError } from './errors.ts';
import { standardForYear } from './build-rule-book.ts';
import { classify, compileClassOf, thresholdsFor, type ClassOf } from './classify.ts';
import { deriveDeficits } from './derive-deficits.ts';
import { explain } from './explain.ts';
import { householdFactsSchema, type HouseholdFacts } from './facts.ts';
import type { Area, Bilingual, HouseholdClass, Measure, RuleBook, Standard, Verdict } from './types.ts';

/** An assessment request whose shape has been checked (not yet against a particular standard's codes). */
export interface AssessmentRequest {
  standardId: string;
  area: Area;
  measure: Measure;
  /** Phiếu B2 answers as codes, or facts to derive them from: exactly one is present. */
  deficitCodes?: readonly string[];
  facts?: HouseholdFacts;
}

export interface Assessment {
  verdict: Verdict;
  explanation: Bilingual;
  deficitsFrom: 'codes' | 'facts';
  /** Codes given that this standard does not have (only when assessing under another standard). */
  ignoredCodes: string[];
  /** Indicators of this standard nobody answered (only when assessing under another standard). */
  unanswered: string[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AssessmentError };
const fail = (error: AssessmentError): { ok: false; error: AssessmentError } => ({ ok: false, error });

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const has = (o: Record<string, unknown>, k: string) => o[k] !== undefined && o[k] !== null;

/** Reads one raw assessment (a parsed JSON line or an API body). `defaultStandard` applies when it names none. */
export function parseAssessment(
  book: RuleBook,
  raw: unknown,
  defaultStandard?: string,
): Result<AssessmentRequest> {
  if (!isObject(raw)) {
    return fail(
      err('NOT_AN_OBJECT', {
        vi: 'Mỗi dòng phải là một đối tượng JSON',
        en: 'Each line must be a JSON object',
      }),
    );
  }
  const standard = resolveStandard(book, raw, defaultStandard);
  if (!standard.ok) return standard;
  const standardId = standard.value;

  if (raw.area !== 'rural' && raw.area !== 'urban') {
    return fail(
      err(
        'INVALID_AREA',
        {
          vi: 'Khu vực phải là "rural" (nông thôn) hoặc "urban" (thành thị)',
          en: 'area must be "rural" or "urban"',
        },
        'area',
      ),
    );
  }
  const area: Area = raw.area;

  const measure = parseMeasure(raw);
  if (!measure.ok) return measure;
  if (measure.value.kind === 'scoreA' && !book.standards.get(standardId)?.parameters.scoreA) {
    return fail(scoreANotSupported(standardId));
  }

  const hasCodes = has(raw, 'deficits');
  const hasFacts = has(raw, 'members') || has(raw, 'dwelling');
  if (hasCodes && hasFacts) {
    return fail(
      err('AMBIGUOUS_DEFICITS', {
        vi: 'Chỉ nhập một trong hai: "deficits" (mã chỉ số) hoặc "members"/"dwelling" (thông tin hộ)',
        en: 'Give either "deficits" (indicator codes) or "members"/"dwelling" (facts), not both',
      }),
    );
  }
  if (hasCodes) {
    const codes = raw.deficits;
    if (!Array.isArray(codes) || !codes.every((c) => typeof c === 'string')) {
      return fail(
        err(
          'INVALID_DEFICITS',
          {
            vi: '"deficits" phải là danh sách mã chỉ số',
            en: '"deficits" must be a list of indicator codes',
          },
          'deficits',
        ),
      );
    }
    return { ok: true, value: { standardId, area, measure: measure.value, deficitCodes: codes } };
  }
  if (hasFacts) {
    const surveyDate =
      raw.surveyDate ?? (typeof raw.reviewYear === 'number' ? `${raw.reviewYear}-10-01` : undefined);
    const parsed = householdFactsSchema.safeParse({
      surveyDate,
      members: raw.members,
      dwelling: raw.dwelling ?? {},
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = formatPath(issue.path);
      const missingDate = field === 'surveyDate' && surveyDate === undefined;
      return fail(
        err(
          'INVALID_FACTS',
          missingDate
            ? {
                vi: 'Cần ngày khảo sát "surveyDate" (YYYY-MM-DD)',
                en: 'surveyDate (YYYY-MM-DD) is required with facts',
              }
            : {
                vi: `Thông tin hộ không hợp lệ tại ${field}: ${issue.message}`,
                en: `Invalid facts at ${field}: ${issue.message}`,
              },
          field,
        ),
      );
    }
    return { ok: true, value: { standardId, area, measure: measure.value, facts: parsed.data } };
  }
  return fail(
    err('MISSING_DEFICITS', {
      vi: 'Thiếu "deficits" (mã chỉ số thiếu hụt) hoặc "members"/"dwelling" (thông tin hộ)',
      en: 'Missing "deficits" (indicator codes) or "members"/"dwelling" (facts)',
    }),
  );
}

function resolveStandard(book: RuleBook, raw: Record<string, unknown>, fallback?: string): Result<string> {
  if (has(raw, 'standard')) {
    const id = raw.standard;
    if (typeof id !== 'string' || !book.standards.has(id)) return fail(unknownStandard(String(id)));
    return { ok: true, value: id };
  }
  if (has(raw, 'reviewYear')) {
    const year = raw.reviewYear;
    const id = typeof year === 'number' && Number.isInteger(year) ? standardForYear(book, year) : undefined;
    if (!id) {
      return fail(
        err(
          'UNKNOWN_REVIEW_YEAR',
          {
            vi: `Không có chuẩn nghèo nào cho năm rà soát ${String(year)}`,
            en: `No poverty standard applies to review year ${String(year)}`,
          },
          'reviewYear',
        ),
      );
    }
    return { ok: true, value: id };
  }
  if (fallback !== undefined) {
    if (!book.standards.has(fallback)) return fail(unknownStandard(fallback));
    return { ok: true, value: fallback };
  }
  return fail(
    err(
      'MISSING_STANDARD',
      { vi: 'Thiếu "standard" hoặc "reviewYear"', en: 'Missing "standard" or "reviewYear"' },
      'standard',
    ),
  );
}

export function unknownStandard(id: string): AssessmentError {
  return err(
    'UNKNOWN_STANDARD',
    { vi: `Chuẩn nghèo "${id}" không tồn tại`, en: `Unknown poverty standard "${id}"` },
    'standard',
  );
}

function scoreANotSupported(id: string): AssessmentError {
  return err(
    'SCORE_A_NOT_SUPPORTED',
    {
      vi: `Chuẩn ${id} chưa có ngưỡng điểm A (phần B1): cần nhập thu nhập bình quân "incomePerCapita"`,
      en: `Standard ${id} has no score-A cut-offs yet: give "incomePerCapita" instead`,
    },
    'scoreA',
  );
}

function parseMeasure(raw: Record<string, unknown>): Result<Measure> {
  const hasIncome = has(raw, 'incomePerCapita');
  const hasScore = has(raw, 'scoreA');
  if (hasIncome && hasScore) {
    return fail(
      err('AMBIGUOUS_MEASURE', {
        vi: 'Chỉ nhập một trong hai: thu nhập "incomePerCapita" hoặc điểm "scoreA"',
        en: 'Give either "incomePerCapita" or "scoreA", not both',
      }),
    );
  }
  if (hasIncome) {
    const v = raw.incomePerCapita;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      return fail(
        err(
          'INVALID_INCOME',
          {
            vi: 'Thu nhập bình quân "incomePerCapita" phải là số đồng không âm',
            en: '"incomePerCapita" must be a non-negative amount in đồng',
          },
          'incomePerCapita',
        ),
      );
    }
    return { ok: true, value: { kind: 'income', incomePerCapita: v } };
  }
  if (hasScore) {
    const v = raw.scoreA;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      return fail(
        err(
          'INVALID_SCORE',
          { vi: 'Điểm A "scoreA" phải là số không âm', en: '"scoreA" must be a non-negative number' },
          'scoreA',
        ),
      );
    }
    return { ok: true, value: { kind: 'scoreA', scoreA: v } };
  }
  return fail(
    err(
      'MISSING_MEASURE',
      {
        vi: 'Thiếu thu nhập bình quân "incomePerCapita" hoặc điểm A "scoreA"',
        en: 'Missing "incomePerCapita" or "scoreA"',
      },
      'incomePerCapita',
    ),
  );
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
}

/**
 * Assesses a request under a standard: its own (`standardId` omitted) or another one, for side-by-side
 * comparisons. Under its own standard an unknown code is an error; under another, codes that standard
 * lacks are set aside and its indicators nobody answered are listed.
 */
export function assess(
  book: RuleBook,
  req: AssessmentRequest,
  standardId = req.standardId,
): Result<Assessment> {
  const standard = book.standards.get(standardId);
  if (!standard) return fail(unknownStandard(standardId));
  const thresholds = thresholdsFor(standard, req.area, req.measure.kind);
  if (!thresholds) return fail(scoreANotSupported(standardId));
  const own = standardId === req.standardId;

  let deficits: string[];
  let ignoredCodes: string[] = [];
  let unanswered: string[] = [];
  if (req.facts) {
    const derived = deriveDeficits(standard, req.facts, book.workingAge);
    if (!derived.ok) {
      return fail(
        err(
          'MISSING_FACTS',
          {
            vi: `Thiếu thông tin để xác định chỉ số thiếu hụt: ${derived.missing.join(', ')}`,
            en: `Facts needed to derive the deficits are missing: ${derived.missing.join(', ')}`,
          },
          derived.missing[0],
        ),
      );
    }
    deficits = derived.deficits;
  } else {
    const given = [...new Set(req.deficitCodes ?? [])];
    const unknown = given.filter((c) => !standard.indicatorCodes.has(c));
    if (own && unknown.length > 0) {
      return fail(
        err(
          'UNKNOWN_INDICATOR',
          {
            vi: `Mã chỉ số không thuộc chuẩn ${standardId}: ${unknown.join(', ')}`,
            en: `Indicator codes not in standard ${standardId}: ${unknown.join(', ')}`,
          },
          'deficits',
        ),
      );
    }
    ignoredCodes = unknown;
    // A repeated code counts once; deficits are listed in the standard's order, whatever the input order.
    const set = new Set(given);
    deficits = standard.indicators.filter((i) => set.has(i.code)).map((i) => i.code);
    if (!own) {
      const source = book.standards.get(req.standardId);
      unanswered = standard.indicators
        .map((i) => i.code)
        .filter((c) => source && !source.indicatorCodes.has(c));
    }
  }
  const verdict = classify(standard, { area: req.area, measure: req.measure, deficits }, thresholds);
  return {
    ok: true,
    value: {
      verdict,
      explanation: explain(standard, verdict),
      deficitsFrom: req.facts ? 'facts' : 'codes',
      ignoredCodes,
      unanswered,
    },
  };
}

const compiledRules = new WeakMap<Standard, ClassOf>();

/**
 * The class `assess(book, req)` gives, checked the same way (unknown codes and missing facts are the same
 * errors), without building the verdict's steps or its explanation: the hot loop of bulk classification
 * and roll-ups. The rule is compiled once per standard (`compileClassOf`).
 */
export function classOfRequest(book: RuleBook, req: AssessmentRequest): Result<HouseholdClass> {
  const standard = book.standards.get(req.standardId);
  if (!standard) return fail(unknownStandard(req.standardId));
  let classOf = compiledRules.get(standard);
  if (!classOf) compiledRules.set(standard, (classOf = compileClassOf(standard)));
  let count: number;
  const codes = req.deficitCodes;
  if (codes && !req.facts) {
    count = 0;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]!;
      if (!standard.indicatorCodes.has(c)) return assess(book, req) as Result<never>; // the same error
      if (codes.indexOf(c) === i) count++; // a repeated code counts once
    }
  } else {
    const full = assess(book, req);
    return full.ok ? { ok: true, value: full.value.verdict.class } : full;
  }
  const m = req.measure;
  const cls = classOf(req.area, m.kind, m.kind === 'income' ? m.incomePerCapita : m.scoreA, count);
  return cls ? { ok: true, value: cls } : fail(scoreANotSupported(req.standardId));
}
