// Assessments over HTTP: classify a household with the rule engine (preview, or recorded with history),
// and the standards the engine knows.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HouseholdClass } from '../contract/household-class.ts';
import { standardForYear } from '../../domain/standards/build-rule-book.ts';
import type { Assessment } from '../../domain/standards/assessment.ts';
import type { RuleBook } from '../../domain/standards/types.ts';
import { upliftFor } from '../../domain/standards/uplift.ts';
import { evaluateAssessment, recordAssessment } from '../../services/assessments.ts';
import { errors, signedIn, uuid } from './common.ts';
import { householdSchema } from './member-schemas.ts';

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
              inForce: z
                .boolean()
                .describe(
                  'Chuẩn áp dụng cho kỳ rà soát của năm nay / the standard for this year’s review (the forms’ default)',
                ),
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
    async () => {
      const current = standardForYear(book, Number(today().slice(0, 4)));
      return [...book.standards.values()].map((s) => ({
        id: s.id,
        name: s.name,
        legalBasis: s.legalBasis.document,
        inForce: s.id === current,
        indicators: s.indicators.map((i) => ({
          code: i.code,
          name: i.name,
          dimension: { vi: i.dimension.vi, en: i.dimension.en },
        })),
      }));
    },
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
      return present(book, evaluateAssessment(book, req.body, req.body.area));
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
      const input = { householdId: req.params.householdId, answers: req.body };
      const out = await recordAssessment(db, signedIn(req), input, { book, today: today() });
      return reply.code(201).send(out);
    },
  );
};
