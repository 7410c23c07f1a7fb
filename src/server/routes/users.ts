// User administration over HTTP (system administrators): accounts, roles, read and write scopes; the use
// cases, with their audit, are in src/services/users.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/access/roles.ts';
import { changeAccount, createAccount, listAccounts } from '../../services/users.ts';
import { errors, signedIn, uuid } from './common.ts';

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
    async (req) => listAccounts(db, signedIn(req), new Date()),
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
    async (req, reply) => reply.code(201).send(await createAccount(db, signedIn(req), req.body, new Date())),
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
    async (req) => changeAccount(db, signedIn(req), req.params.userId, req.body, new Date()),
  );
};
