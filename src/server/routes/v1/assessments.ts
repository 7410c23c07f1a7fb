// POST /api/v1/households/{householdId}/assessments (docs/api-v1.md): another system pushes a household's
// assessment (Phiếu B answers) through the same use case as the web (src/services/assessments.ts
// recordAssessment: registry.write, the household in the write scope, the rule book, the audit). A read token
// is refused before (403, src/server/auth/bearer.ts). An Idempotency-Key header is not honoured in v1.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HouseholdClass } from '../../contract/household-class.ts';
import { recordAssessment } from '../../../services/assessments.ts';
import { bilingualSchema, errors, isoDate, signedIn, uuid } from '../common.ts';
import { V1_TAG, v1RateLimit } from './common.ts';

/** The answers, as `giamngheo classify` and the web's form take them (a copy: v1 stays as it is). */
const V1AssessmentInput = z
  .object({
    standard: z.string().max(40).optional().describe('e.g. ND07_2021; or reviewYear'),
    reviewYear: z.number().int().min(2000).max(2100).optional(),
    area: z.enum(['rural', 'urban']).optional().describe('default: the commune’s'),
    incomePerCapita: z.number().nonnegative().optional().describe('đồng/người/tháng'),
    scoreA: z.number().nonnegative().optional().describe('Phiếu A score, instead of income'),
    deficits: z.array(z.string().max(40)).max(40).optional().describe('indicator codes lacking'),
    surveyDate: isoDate.optional().describe('YYYY-MM-DD; default: today'),
    members: z.array(z.record(z.string(), z.unknown())).max(40).optional(),
    dwelling: z.record(z.string(), z.unknown()).optional(),
  })
  .describe('standard or reviewYear; incomePerCapita or scoreA; deficits or members+dwelling facts')
  .meta({ id: 'V1AssessmentInput' });

const V1RecordedAssessment = z
  .object({
    householdId: z.string(),
    householdVersion: z.number().int(),
    assessment: z.object({
      assessmentId: z.string(),
      standard: z.string(),
      surveyDate: z.string(),
      class: HouseholdClass,
      deficits: z.array(z.string()),
      deficitCount: z.number().int(),
      explanation: bilingualSchema,
    }),
    recognisedClass: HouseholdClass.nullable().describe(
      'unchanged by an assessment: only a recognised round decides it',
    ),
  })
  .meta({ id: 'V1RecordedAssessment' });

export const v1AssessmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, book, today } = app.deps;

  app.post(
    '/households/:householdId/assessments',
    {
      config: { rateLimit: v1RateLimit },
      schema: {
        tags: [V1_TAG],
        summary: 'Gửi kết quả Phiếu B của một hộ / push a household’s assessment (Phiếu B)',
        description:
          'Classified with the rule book and recorded, superseding the household’s previous assessment of the ' +
          'same standard; audited as the token’s user. Needs a write token whose user may change the ' +
          'household (403 otherwise; 404 outside the read scope). The Idempotency-Key header is not honoured ' +
          'in v1: a retried request records the assessment again.',
        params: z.object({ householdId: uuid }),
        body: V1AssessmentInput,
        response: { 201: V1RecordedAssessment, ...errors(400, 401, 403, 404, 429) },
      },
    },
    async (req, reply) => {
      const view = await recordAssessment(
        db,
        signedIn(req),
        { householdId: req.params.householdId, answers: req.body },
        { book, today: today() },
      );
      // The one just recorded: the newest assessment in force.
      const a = view.assessments
        .filter((x) => !x.superseded)
        .reduce((newest, x) => (x.createdAt > newest.createdAt ? x : newest));
      return reply.code(201).send({
        householdId: view.householdId,
        householdVersion: view.version,
        assessment: {
          assessmentId: a.assessmentId,
          standard: a.standardId,
          surveyDate: a.surveyDate,
          class: a.class,
          deficits: a.deficits,
          deficitCount: a.deficitCount,
          explanation: a.explanation,
        },
        recognisedClass: view.standing.recognised?.class ?? null,
      });
    },
  );
};
