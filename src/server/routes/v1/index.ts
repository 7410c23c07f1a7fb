// The versioned API for other systems, mounted under /api/v1 (docs/api-v1.md). A request authenticates with
// `Authorization: Bearer <token>` (src/server/auth/bearer.ts, hooked on the /api plugin this sits in).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v1AssessmentRoutes } from './assessments.ts';
import { v1FigureRoutes } from './figures.ts';
import { v1HouseholdRoutes } from './households.ts';
import { v1RoundRoutes } from './rounds.ts';

export const v1Routes: FastifyPluginAsyncZod = async (app) => {
  await app.register(v1FigureRoutes);
  await app.register(v1HouseholdRoutes);
  await app.register(v1RoundRoutes);
  await app.register(v1AssessmentRoutes);
};
