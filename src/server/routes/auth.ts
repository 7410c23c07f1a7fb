// Sign-in, sign-out, who am I, and the CSRF token every change must carry.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, ROLES } from '../../domain/access/roles.ts';
import { villagePlaces, type VillagePlace } from '../../services/me.ts';
import { signIn } from '../../services/sign-in.ts';
import { errors, signedIn } from './common.ts';

const meSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  permissions: z.object({
    write: z.boolean(),
    personalData: z.boolean(),
    manageUsers: z.boolean(),
    readAudit: z.boolean(),
    manageVillages: z.boolean(),
    /** Settles the conflicts of enumerators' offline changes. */
    resolveConflicts: z.boolean(),
  }),
  today: z
    .string()
    .describe(
      "the server's today in Vietnam (YYYY-MM-DD): the web's date fields default to it and stop at it, as the server's checks do",
    ),
  scopes: z.object({
    all: z.boolean(),
    read: z.array(z.object({ code: z.string(), validFrom: z.string() })),
    write: z.array(z.object({ code: z.string(), validFrom: z.string() })),
    villageIds: z.array(z.string()),
    /** The villages of a village-scoped user with their commune today; empty for unit scopes. */
    villages: z.array(
      z.object({
        villageId: z.string(),
        villageName: z.string(),
        communeCode: z.string(),
        communeName: z.string(),
        write: z.boolean(),
      }),
    ),
  }),
});

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, today } = app.deps;

  app.get(
    '/auth/csrf',
    {
      schema: {
        tags: ['auth'],
        summary: 'CSRF token for this session',
        response: { 200: z.object({ csrfToken: z.string() }) },
      },
    },
    async (_req, reply) => ({ csrfToken: reply.generateCsrf() }),
  );

  app.post(
    '/auth/login',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Đăng nhập / sign in',
        body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
        response: { 200: z.object({ user: meSchema, csrfToken: z.string() }), ...errors(400, 401, 403, 429) },
      },
    },
    async (req, reply) => {
      const actor = await signIn(db, req.body, new Date());
      // A new session id at sign-in: a session fixed before it is worth nothing after.
      await req.session.regenerate();
      req.session.userId = actor.userId;
      const day = today();
      return {
        user: describe(actor, await villagePlaces(db, actor, day), day),
        csrfToken: reply.generateCsrf(),
      };
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'Đăng xuất / sign out', response: { 204: z.null() } } },
    async (req, reply) => {
      await req.session.destroy();
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: meSchema, ...errors(401) } },
    },
    async (req) => {
      const actor = signedIn(req);
      const day = today();
      return describe(actor, await villagePlaces(db, actor, day), day);
    },
  );
};

export function describe(
  p: NonNullable<import('fastify').FastifyRequest['principal']>,
  villages: VillagePlace[],
  /** The server's today (Vietnam). */
  today: string,
) {
  return {
    userId: p.userId,
    username: p.username,
    displayName: p.displayName,
    role: p.role,
    permissions: {
      write: can(p.role, 'registry.write'),
      personalData: can(p.role, 'personal.read'),
      manageUsers: can(p.role, 'users.manage'),
      readAudit: can(p.role, 'audit.read'),
      manageVillages: can(p.role, 'villages.manage'),
      resolveConflicts: can(p.role, 'conflicts.resolve'),
    },
    today,
    scopes: {
      all: p.read.all,
      read: [...p.read.units],
      write: [...p.write.units],
      villageIds: [...p.read.villageIds],
      villages,
    },
  };
}
