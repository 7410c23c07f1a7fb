// Personal API tokens over HTTP (issue #13, part 6): create one (for yourself, or for anyone as the
// administrator), list them without their secret, revoke one. The use cases are in src/services/tokens.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { throughToken } from '../auth/bearer.ts';
import { ApiToken, ApiTokenParams, CreatedApiToken, NewApiToken } from '../contract/tokens.ts';
import { createToken, listTokens, revokeToken } from '../../services/tokens.ts';
import { errors, signedIn } from './common.ts';

export const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, today } = app.deps;

  app.post(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Tạo mã truy cập API / create a personal API token (shown once)',
        body: NewApiToken,
        response: { 201: CreatedApiToken, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await createToken(db, signedIn(req), { ...req.body, throughToken: throughToken(req) }, today()),
        ),
  );

  app.get(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Mã truy cập API của bạn (quản trị viên: tất cả) / your API tokens (administrators: all)',
        response: { 200: ApiToken.array(), ...errors(401) },
      },
    },
    async (req) => listTokens(db, signedIn(req), today()),
  );

  app.delete(
    '/tokens/:tokenId',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Thu hồi mã truy cập API / revoke an API token',
        params: ApiTokenParams,
        response: { 200: ApiToken, ...errors(401, 403, 404) },
      },
    },
    async (req) => revokeToken(db, signedIn(req), req.params.tokenId, today()),
  );
};
