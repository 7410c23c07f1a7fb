// Assessments as use cases: classify answers with the rule engine (a preview, nothing stored), and record
// a household's assessment (superseding the previous one) within the actor's write scope, audited.
import { households, units, type Queryable } from '../db/index.ts';
import { assess, parseAssessment, type Assessment } from '../domain/standards/assessment.ts';
import type { AssessmentError } from '../domain/standards/errors.ts';
import type { RuleBook } from '../domain/standards/types.ts';
import { writableHousehold } from './access.ts';
import { requirePermission, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { AppError } from './errors.ts';
import { householdView, type HouseholdView } from './household-view.ts';

/** The same shape as one line of `giamngheo classify` (see README), without the id. */
export interface AssessmentAnswers {
  standard?: string | undefined;
  reviewYear?: number | undefined;
  area?: 'rural' | 'urban' | undefined;
  incomePerCapita?: number | undefined;
  scoreA?: number | undefined;
  deficits?: string[] | undefined;
  surveyDate?: string | undefined;
  members?: Record<string, unknown>[] | undefined;
  dwelling?: Record<string, unknown> | undefined;
}

function invalid(e: AssessmentError): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    [{ path: `body.${e.field ?? ''}`.replace(/\.$/, ''), message: e.message }],
    {
      assessmentError: e.code,
    },
  );
}

/** The rule engine's verdict on the answers (the area given, else `area`); 400 naming the field otherwise. */
export function evaluateAssessment(
  book: RuleBook,
  answers: AssessmentAnswers,
  area: 'rural' | 'urban' | undefined,
): Assessment {
  const req = parseAssessment(book, { ...answers, area: answers.area ?? area });
  if (!req.ok) throw invalid(req.error);
  const result = assess(book, req.value);
  if (!result.ok) throw invalid(result.error);
  return result.value;
}

/** Records the household's assessment (the commune's area unless the answers give one). */
export async function recordAssessment(
  db: Queryable,
  actor: Actor,
  input: { householdId: string; answers: AssessmentAnswers },
  context: { book: RuleBook; today: string },
): Promise<HouseholdView> {
  requirePermission(actor, 'registry.write');
  const { book, today } = context;
  const { answers } = input;
  return db.transaction(async (tx) => {
    const h = await writableHousehold(tx, actor, input.householdId, today);
    const view = await householdView(tx, actor, h.householdId, today);
    const commune = view.communeCode ? await units.currentVersion(tx, view.communeCode) : undefined;
    const communeArea = commune?.area;
    const area = communeArea === 'urban' ? 'urban' : communeArea === 'rural' ? 'rural' : undefined;
    const a = evaluateAssessment(book, answers, area);
    const v = a.verdict;
    const stored = await households.recordAssessment(tx, {
      householdId: h.householdId,
      reviewRoundId: null,
      standardId: v.standardId,
      surveyDate: answers.surveyDate ?? today,
      area: v.area,
      incomePerCapita: v.measure.kind === 'income' ? BigInt(Math.round(v.measure.incomePerCapita)) : null,
      scoreA: v.measure.kind === 'scoreA' ? Math.round(v.measure.scoreA) : null,
      answers,
      deficits: [...v.deficits],
      class: v.class,
      explanation: a.explanation,
      recordedBy: actor.username,
    });
    await recordAudit(tx, actor, {
      action: 'assessment.create',
      entityType: 'assessment',
      entityId: stored.assessmentId,
      householdId: h.householdId,
      unitCode: view.communeCode,
      after: { standard: v.standardId, class: v.class, deficits: v.deficits },
    });
    return householdView(tx, actor, h.householdId, today);
  });
}
