// Requests from other systems: `Authorization: Bearer gn_<prefix>_<secret>` acts as the token's user, never
// through a cookie session (so the CSRF check, which protects sessions, does not apply to them). The token is
// checked, and its use audited once, before the body is read; a bad token is a 401 whatever the route.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { useToken } from '../../services/tokens.ts';
import type { Principal } from './principal.ts';

const actors = new WeakMap<FastifyRequest, Principal>();

/** The token a request presents in its Authorization header, if it presents one. */
export function bearerToken(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}

/** True when the request was authenticated by an API token (not a signed-in session). */
export const throughToken = (req: FastifyRequest): boolean => actors.has(req);

/** Adds the hooks that authenticate bearer requests on the routes of `app` (the /api plugin). */
export function bearerAuthentication(app: FastifyInstance): void {
  const { db, today } = app.deps;
  app.addHook('onRequest', async (req) => {
    const token = bearerToken(req);
    if (token === null && req.headers.authorization === undefined) return;
    const route = req.routeOptions.url ?? 'unmatched';
    actors.set(req, await useToken(db, token ?? '', { method: req.method, route }, today()));
  });
  // After the session's own preHandler: a bearer request acts as the token's user, never the cookie's.
  app.addHook('preHandler', async (req) => {
    const actor = actors.get(req);
    if (actor) req.principal = actor;
  });
}
