// GET /api/v1/rounds/{roundId}/results (docs/api-v1.md): a review round's results — each household's class
// before and after, its transition and deficits — through the same use case as the web's result lists
// (src/services/rounds.ts: the round's commune in the read scope, or only the reader's villages; 404 otherwise).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Transition } from '../../contract/flows.ts';
import { HouseholdClass } from '../../contract/household-class.ts';
import { loadProcedure } from '../../../rules-loader/load-procedure.ts';
import { RESULT_LISTS, roundResultList } from '../../../services/rounds.ts';
import { errors, signedIn, uuid } from '../common.ts';
import { V1_TAG, v1RateLimit } from './common.ts';

const V1RoundResults = z
  .object({
    round: z.object({
      roundId: z.string(),
      communeCode: z.string(),
      kind: z.enum(['periodic', 'regular']).describe('periodic: định kỳ (yearly); regular: thường xuyên'),
      year: z.number().int(),
      month: z.number().int().nullable(),
      status: z
        .enum(['open', 'recognised', 'reported'])
        .describe('open: results are provisional until the commune chairman recognises them'),
      decisionNumber: z.string().nullable(),
      decisionDate: z.string().nullable(),
    }),
    households: z.array(
      z.object({
        householdId: z.string(),
        headName: z.string(),
        villageId: z.string(),
        villageName: z.string(),
        address: z.string().nullable(),
        previousClass: HouseholdClass.nullable(),
        finalClass: HouseholdClass.nullable(),
        transition: Transition,
        deficits: z.array(z.string()).describe('indicator codes of the standard'),
      }),
    ),
  })
  .meta({ id: 'V1RoundResults' });

export const v1RoundRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, today } = app.deps;
  const procedure = loadProcedure();

  app.get(
    '/rounds/:roundId/results',
    {
      config: { rateLimit: v1RateLimit },
      schema: {
        tags: [V1_TAG],
        summary: 'Kết quả một đợt rà soát / the results of a review round',
        description:
          'Every household the round decided on (list=all), or one of the posted lists. A user scoped to ' +
          'villages gets only those villages’ households; a round of a commune outside the read scope is 404.',
        params: z.object({ roundId: uuid }),
        querystring: z.object({ list: z.enum(RESULT_LISTS).default('all') }),
        response: { 200: V1RoundResults, ...errors(400, 401, 403, 404, 429) },
      },
    },
    async (req) => {
      const { round, rows } = await roundResultList(
        db,
        signedIn(req),
        { roundId: req.params.roundId, list: req.query.list },
        { procedure, today: today() },
      );
      return {
        round: {
          roundId: round.id,
          communeCode: round.communeCode,
          kind: round.kind === 'regular' ? ('regular' as const) : ('periodic' as const),
          year: round.year,
          month: round.month,
          status: round.status,
          decisionNumber: round.decisionNumber,
          decisionDate: round.decisionDate,
        },
        households: rows.map((r) => ({
          householdId: r.householdId,
          headName: r.headName,
          villageId: r.villageId,
          villageName: r.villageName,
          address: r.address,
          previousClass: HouseholdClass.nullable().parse(r.previousClass),
          finalClass: HouseholdClass.nullable().parse(r.finalClass),
          transition: Transition.parse(r.transition),
          deficits: r.deficits,
        })),
      };
    },
  );
};
