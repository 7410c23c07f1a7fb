// User administration (system administrators): accounts, roles, read and write scopes — all audited.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessions, users, villages, type Queryable } from '../../db/index.ts';
import { ROLES } from '../../domain/access/roles.ts';
import { hashPassword } from '../auth/passwords.ts';
import { recordAudit } from '../../services/audit.ts';
import { AppError } from '../errors.ts';
import { errors, signedIn, uuid } from './common.ts';
import { DatabaseError } from '../../db/index.ts';

const scopeEntry = z.union([
  z.object({
    access: z.enum(['read', 'write']),
    unitCode: z.string().regex(/^\d{2,5}$/),
    unitValidFrom: z.string(),
  }),
  z.object({ access: z.enum(['read', 'write']), villageId: uuid }),
]);

const userSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  active: z.boolean(),
  locked: z.boolean(),
  version: z.number(),
  scopes: z.array(
    z.object({
      access: z.string(),
      unitCode: z.string().nullable(),
      unitValidFrom: z.string().nullable(),
      villageId: z.string().nullable(),
      villageName: z.string().nullable().describe('the village of a village scope'),
      villageCommuneCode: z.string().nullable().describe('the commune that village belongs to now'),
    }),
  ),
});

const password = z.string().min(10, 'ít nhất 10 ký tự / at least 10 characters').max(256);

async function present(db: Queryable, userId: string) {
  const u = (await users.getUser(db, userId))!;
  return {
    userId: u.userId,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    active: u.active,
    locked: !!u.lockedUntil && u.lockedUntil > new Date(),
    version: u.version,
    scopes: await presentScopes(db, await users.scopesOf(db, userId)),
  };
}

/** A village scope is shown by the village's name and commune, never by its id alone. */
async function presentScopes(db: Queryable, scopes: Awaited<ReturnType<typeof users.scopesOf>>) {
  const villageIds = scopes.flatMap((s) => (s.villageId ? [s.villageId] : []));
  const labels = new Map((await villages.villageLabels(db, villageIds)).map((v) => [v.id, v]));
  return scopes.map((s) => {
    const village = s.villageId ? labels.get(s.villageId) : undefined;
    return {
      access: s.access,
      unitCode: s.unitCode ?? null,
      unitValidFrom: s.unitValidFrom ?? null,
      villageId: s.villageId ?? null,
      villageName: village?.name ?? null,
      villageCommuneCode: village?.communeCode ?? null,
    };
  });
}

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Danh sách người dùng / users',
        response: { 200: z.array(userSchema), ...errors(401, 403) },
      },
    },
    async (req) => {
      signedIn(req, 'users.manage');
      const list = await users.listUsers(db);
      return Promise.all(list.map((u) => present(db, u.userId)));
    },
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Tạo người dùng / create a user',
        body: z.object({
          username: z
            .string()
            .trim()
            .regex(/^[a-z0-9._-]{3,40}$/i, '3–40 chữ, số, . _ - / letters, digits, . _ -'),
          displayName: z.string().trim().min(1).max(120),
          password,
          role: z.enum(ROLES),
          scopes: z.array(scopeEntry).max(50),
        }),
        response: { 201: userSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const who = signedIn(req, 'users.manage');
      const { password: plain, ...rest } = req.body;
      const passwordHash = await hashPassword(plain);
      const out = await db
        .transaction(async (tx) => {
          const u = await users.createUser(tx, { ...rest, passwordHash, scopes: req.body.scopes });
          await recordAudit(tx, who, {
            action: 'user.create',
            entityType: 'user',
            entityId: u.userId,
            after: rest,
          });
          return present(tx, u.userId);
        })
        .catch((e: unknown) => {
          if (e instanceof DatabaseError && e.code === '23505') {
            throw new AppError('VALIDATION_FAILED', [
              { path: 'body.username', message: { vi: 'Tên đăng nhập đã có', en: 'Username already taken' } },
            ]);
          }
          throw e;
        });
      return reply.code(201).send(out);
    },
  );

  app.patch(
    '/users/:userId',
    {
      schema: {
        tags: ['users'],
        summary: 'Sửa người dùng / change a user (role, scopes, active, password)',
        params: z.object({ userId: uuid }),
        body: z.object({
          version: z.number().int().min(1),
          displayName: z.string().trim().min(1).max(120).optional(),
          role: z.enum(ROLES).optional(),
          active: z.boolean().optional(),
          password: password.optional(),
          scopes: z.array(scopeEntry).max(50).optional(),
        }),
        response: { 200: userSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const who = signedIn(req, 'users.manage');
      const { version, password: plain, scopes, ...change } = req.body;
      const passwordHash = plain ? await hashPassword(plain) : undefined;
      return db.transaction(async (tx) => {
        const before = await users.getUser(tx, req.params.userId);
        if (!before) throw new AppError('NOT_FOUND');
        const beforeView = await present(tx, before.userId);
        const after = await users.updateUser(tx, before.userId, version, {
          ...change,
          ...(passwordHash ? { passwordHash } : {}),
        });
        if (!after) throw new AppError('STALE_VERSION', [], { current: beforeView });
        if (scopes) await users.setScopes(tx, before.userId, scopes);
        // A changed password, role or deactivation ends the user's sessions.
        if (passwordHash || change.role || change.active === false)
          await sessions.deleteSessionsOfUser(tx, before.userId);
        const view = await present(tx, before.userId);
        await recordAudit(tx, who, {
          action: 'user.update',
          entityType: 'user',
          entityId: before.userId,
          before: { ...beforeView, ...(plain ? { password: '(đã đổi / changed)' } : {}) },
          after: { ...view, ...(plain ? { password: '(đã đổi / changed)' } : {}) },
        });
        return view;
      });
    },
  );
};
