// All API routes, mounted under /api.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { assessmentRoutes } from './assessments.ts';
import { auditRoutes } from './audit.ts';
import { authRoutes } from './auth.ts';
import { bearerAuthentication } from '../auth/bearer.ts';
import { financeRoutes } from './finance.ts';
import { figureRoutes } from './figures.ts';
import { householdRoutes } from './households.ts';
import { memberRoutes } from './members.ts';
import { reviewRoutes } from './review.ts';
import { unitRoutes } from './units.ts';
import { userRoutes } from './users.ts';

export const registerRoutes: FastifyPluginAsyncZod = async (app) => {
  // Requests with `Authorization: Bearer <API token>` act as the token's user (before any route below).
  bearerAuthentication(app);
  await app.register(authRoutes);
  await app.register(unitRoutes);
  await app.register(householdRoutes);
  await app.register(memberRoutes);
  await app.register(assessmentRoutes);
  await app.register(userRoutes);
  await app.register(auditRoutes);
  await app.register(reviewRoutes);
  await app.register(financeRoutes);
  await app.register(figureRoutes);
  await app.register((await import('./imports.ts')).importRoutes);
  await app.register((await import('./maps.ts')).mapRoutes);
  await app.register((await import('./dashboard.ts')).dashboardRoutes);
  await app.register((await import('./figures-import.ts')).figureImportRoutes);
  await app.register((await import('./recomputes.ts')).recomputeRoutes);
  await app.register((await import('./works.ts')).workRoutes);
  await app.register((await import('./production-projects.ts')).productionProjectRoutes);
  await app.register((await import('./outputs.ts')).outputRoutes);
  await app.register((await import('./finance-tiles.ts')).financeTileRoutes);
  await app.register((await import('./reports.ts')).reportRoutes);
  await app.register((await import('./round-documents.ts')).roundDocumentRoutes);
  await app.register((await import('./exports.ts')).exportRoutes);
  await app.register((await import('./opening-list.ts')).openingListRoutes);
  await app.register((await import('./odk-forms.ts')).odkFormRoutes);
  await app.register((await import('./tokens.ts')).tokenRoutes);
  await app.register((await import('./field.ts')).fieldRoutes);
  await app.register((await import('./v1/index.ts')).v1Routes, { prefix: '/v1' });
};
