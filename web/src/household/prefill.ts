// A re-survey starts from the household's last answers (issue #13): the newest current Phiếu B — income or
// score A, area, standard and deficits — never a blank form. The survey date is the day of the new survey.
import type { Assessment, ClassifyInput } from '../api/types.ts';

export interface LastAnswers {
  /** The assessment the answers come from (its survey date is named on the form). */
  from: Assessment;
  standard: string;
  area: ClassifyInput['area'];
  measure: 'income' | 'scoreA';
  incomePerCapita: number | null;
  scoreA: number | null;
  deficits: string[];
}

/** The household's newest current (not superseded) assessment, by survey date then recording time. */
export function latestAssessment(list: readonly Assessment[]): Assessment | undefined {
  return list
    .filter((a) => !a.superseded)
    .reduce<Assessment | undefined>(
      (best, a) =>
        !best ||
        a.surveyDate > best.surveyDate ||
        (a.surveyDate === best.surveyDate && a.createdAt > best.createdAt)
          ? a
          : best,
      undefined,
    );
}

/** The answers of the last assessment, to prefill a new one; undefined when the household has none. */
export function lastAnswers(list: readonly Assessment[]): LastAnswers | undefined {
  const a = latestAssessment(list);
  if (!a) return undefined;
  const byScore = a.scoreA !== null && a.incomePerCapita === null;
  return {
    from: a,
    standard: a.standardId,
    area: a.area === 'urban' ? 'urban' : 'rural',
    measure: byScore ? 'scoreA' : 'income',
    incomePerCapita: a.incomePerCapita === null ? null : Number(a.incomePerCapita),
    scoreA: a.scoreA,
    deficits: [...a.deficits],
  };
}
