// The catalogue of errors an assessment can have: stable codes, Vietnamese and English messages, the field.
import type { Bilingual } from './types.ts';

export type AssessmentErrorCode =
  | 'INVALID_JSON'
  | 'LINE_TOO_LONG'
  | 'NOT_AN_OBJECT'
  | 'MISSING_STANDARD'
  | 'UNKNOWN_STANDARD'
  | 'UNKNOWN_REVIEW_YEAR'
  | 'INVALID_AREA'
  | 'MISSING_MEASURE'
  | 'AMBIGUOUS_MEASURE'
  | 'INVALID_INCOME'
  | 'INVALID_SCORE'
  | 'SCORE_A_NOT_SUPPORTED'
  | 'MISSING_DEFICITS'
  | 'AMBIGUOUS_DEFICITS'
  | 'INVALID_DEFICITS'
  | 'UNKNOWN_INDICATOR'
  | 'INVALID_FACTS'
  | 'MISSING_FACTS';

export interface AssessmentError {
  code: AssessmentErrorCode;
  message: Bilingual;
  /** The input field the error concerns, as a path (`incomePerCapita`, `members[2].birthDate`). */
  field?: string;
}

export function assessmentError(
  code: AssessmentErrorCode,
  message: Bilingual,
  field?: string,
): AssessmentError {
  return field === undefined ? { code, message } : { code, message, field };
}
