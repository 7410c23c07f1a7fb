// Assessments over HTTP: classify a household with the rule engine (preview, or recorded with history),
// and the standards the engine knows.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HouseholdClass } from '../contract/household-class.ts';
import { households, units } from '../../db/index.ts';
import { assess, parseAssessment, type Assessment } from '../../domain/standards/assessment.ts';
import type { AssessmentError } from '../../domain/standards/errors.ts';
import type { RuleBook } from '../../domain/standards/types.ts';
import { upliftFor } from '../../domain/standards/uplift.ts';
import { recordAudit } from '../../services/audit.ts';
import { AppError } from '../errors.ts';
import { errors, signedIn, uuid } from './common.ts';
import { householdSchema, presentHousehold } from './households.ts';
import { writableHousehold } from '../../services/access.ts';

/** The same shape as one line of `giamngheo classify` (see README), without the id. */
const assessmentBody = z
  .object({
    standard: z.string().max(40).optional(),
    reviewYear: z.number().int().min(2000).max(2100).optional(),
    area: z.enum(['rural', 'urban']).optional(),
    incomePerCapita: z.number().nonnegative().optional(),
    scoreA: z.number().nonnegative().optional(),
    deficits: z.array(z.string().max(40)).max(40).optional(),
    surveyDate: z.string().optional(),
    members: z.array(z.record(z.string(), z.unknown())).max(40).optional(),
    dwelling: z.record(z.string(), z.unknown()).optional(),
  })
  .describe('standard or reviewYear; incomePerCapita or scoreA; deficits or members+dwelling facts');

const verdictSchema = z.object({
  standard: z.string(),
  class: HouseholdClass,
  deficitCount: z.number(),
  deficits: z.array(z.string()),
  explanation: z.object({ vi: z.string(), en: z.string() }),
  deficitsFrom: z.enum(['codes', 'facts']),
  uplift: z.unknown().nullable(),
});

function invalid(e: AssessmentError): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    [{ path: `body.${e.field ?? ''}`.replace(/\.$/, ''), message: e.message }],
    {
      assessmentError: e.code,
    },
  );
}

function evaluate(
  book: RuleBook,
  body: z.infer<typeof assessmentBody>,
  area: 'rural' | 'urban' | undefined,
): Assessment {
  const req = parseAssessment(book, { ...body, area: body.area ?? area });
  if (!req.ok) throw invalid(req.error);
  const result = assess(book, req.value);
  if (!result.ok) throw invalid(result.error);
  return result.value;
}

function present(book: RuleBook, a: Assessment) {
  const standard = book.standards.get(a.verdict.standardId)!;
  return {
    standard: a.verdict.standardId,
    class: a.verdict.class,
    deficitCount: a.verdict.deficitCount,
    deficits: [...a.verdict.deficits],
    explanation: a.explanation,
    deficitsFrom: a.deficitsFrom,
    uplift: upliftFor(standard, a.verdict) ?? null,
  };
}

export const assessmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, book, today } = app.deps;

  app.get(
    '/standards',
    {
      schema: {
        tags: ['standards'],
        summary: 'Các chuẩn nghèo và chỉ số / poverty standards and their indicators',
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              name: z.object({ vi: z.string(), en: z.string() }),
              legalBasis: z.string(),
              indicators: z.array(
                z.object({
                  code: z.string(),
                  name: z.object({ vi: z.string(), en: z.string() }),
                  dimension: z.object({ vi: z.string(), en: z.string() }),
                }),
              ),
            }),
          ),
        },
      },
    },
    async () =>
      [...book.standards.values()].map((s) => ({
        id: s.id,
        name: s.name,
        legalBasis: s.legalBasis.document,
        indicators: s.indicators.map((i) => ({
          code: i.code,
          name: i.name,
          dimension: { vi: i.dimension.vi, en: i.dimension.en },
        })),
      })),
  );

  app.post(
    '/classify',
    {
      schema: {
        tags: ['standards'],
        summary: 'Phân loại thử (không lưu) / classify without recording, for live forms',
        body: assessmentBody.extend({ area: z.enum(['rural', 'urban']) }),
        response: { 200: verdictSchema, ...errors(400, 401) },
      },
    },
    async (req) => {
      signedIn(req);
      return present(book, evaluate(book, req.body, req.body.area));
    },
  );

  app.post(
    '/households/:householdId/assessments',
    {
      schema: {
        tags: ['households'],
        summary: 'Ghi kết quả phân loại hộ / record an assessment (supersedes the previous one)',
        params: z.object({ householdId: uuid }),
        body: assessmentBody,
        response: { 201: householdSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const who = signedIn(req, 'registry.write');
      const out = await db.transaction(async (tx) => {
        const h = await writableHousehold(tx, who, req.params.householdId, today());
        const view = await presentHousehold(tx, who, h.householdId, today());
        const commune = view.communeCode ? await units.currentVersion(tx, view.communeCode) : undefined;
        const communeArea = commune?.area;
        const area = communeArea === 'urban' ? 'urban' : communeArea === 'rural' ? 'rural' : undefined;
        const a = evaluate(book, req.body, area);
        const v = a.verdict;
        const stored = await households.recordAssessment(tx, {
          householdId: h.householdId,
          reviewRoundId: null,
          standardId: v.standardId,
          surveyDate: req.body.surveyDate ?? today(),
          area: v.area,
          incomePerCapita: v.measure.kind === 'income' ? BigInt(Math.round(v.measure.incomePerCapita)) : null,
          scoreA: v.measure.kind === 'scoreA' ? Math.round(v.measure.scoreA) : null,
          answers: req.body,
          deficits: [...v.deficits],
          class: v.class,
          explanation: a.explanation,
          recordedBy: who.username,
        });
        await recordAudit(tx, who, {
          action: 'assessment.create',
          entityType: 'assessment',
          entityId: stored.assessmentId,
          householdId: h.householdId,
          unitCode: view.communeCode,
          after: { standard: v.standardId, class: v.class, deficits: v.deficits },
        });
        return presentHousehold(tx, who, h.householdId, today());
      });
      return reply.code(201).send(out);
    },
  );
};
