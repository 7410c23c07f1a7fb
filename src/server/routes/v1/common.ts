// What the versioned API for other systems (/api/v1/…, docs/api-v1.md) shares: its tag in the OpenAPI document
// and its rate of use. Within v1 only additive changes are made; the web client's own routes (/api/…) may
// change at any time and are not for other systems.
import type { FastifyRequest } from 'fastify';
import { bearerToken } from '../../auth/bearer.ts';

export const V1_TAG = 'v1';

/** Requests a minute one token (or, without a token, one address) may make to /api/v1 (429 beyond). */
export const V1_REQUESTS_PER_MINUTE = 600;

/** The rate limit of every v1 route: counted per token (its public prefix), else per client address. */
export const v1RateLimit = {
  max: V1_REQUESTS_PER_MINUTE,
  timeWindow: '1 minute',
  keyGenerator: (req: FastifyRequest) => {
    const token = bearerToken(req);
    return token ? `token:${token.slice(0, 15)}` : `ip:${req.ip}`;
  },
};
