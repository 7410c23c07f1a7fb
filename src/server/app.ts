// The HTTP server: plugins (security headers, sessions, CSRF, rate limits, OpenAPI), error catalogue, routes.
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import session from '@fastify/session';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { existsSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, SlowQuery } from '../db/index.ts';
import type { RuleBook } from '../domain/standards/types.ts';
import { onAccountChanged } from '../services/account-events.ts';
import { bearerToken } from './auth/bearer.ts';
import { loadPrincipal, type Principal } from './auth/principal.ts';
import { SessionCache, type SessionCacheOptions } from './auth/session-cache.ts';
import { databaseSessionStore } from './auth/session-store.ts';
import { DEFAULT_BUDGETS, requestKind, type Budgets } from './budget.ts';
import { AppError, registerErrorHandling } from './errors.ts';
import { healthRoutes } from './health.ts';
import { cleanInput } from './clean-input.ts';
import { refuseNulCharacters } from './no-nul.ts';
import { registerRoutes } from './routes/index.ts';
import { registerSecurityHeaders } from './security-headers.ts';

declare module 'fastify' {
  interface Session {
    userId?: string;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    deps: ServerDeps;
  }
}

export interface ServerDeps {
  db: Database;
  book: RuleBook;
  /** Today in Vietnam; injected so tests can fix the date. */
  today: () => string;
}

export interface ServerOptions extends ServerDeps {
  /** Signs session cookies; at least 32 characters. */
  sessionSecret: string;
  /** Send cookies only over HTTPS (behind a TLS proxy in production). */
  secureCookies?: boolean;
  /**
   * Which proxies' X-Forwarded-For to believe (Fastify's trustProxy: addresses or ranges, comma-separated): only
   * the reverse proxy's. None by default — a forged X-Forwarded-For would otherwise give every request a new
   * address and slip past the sign-in rate limit.
   */
  trustProxy?: string | boolean;
  logger?: boolean;
  /** Where log lines go (default stdout); tests read them to check no personal data is logged. */
  logStream?: NodeJS.WritableStream;
  /** Serve the built web client from this folder (default web/dist when it exists). */
  webDir?: string | null;
  /** Statement timeouts by kind of request (src/server/budget.ts); defaults for the kinds not given. */
  budgets?: Partial<Budgets>;
  /** Statements of a request taking this long or longer are logged, without their parameters (default 500). */
  slowQueryMs?: number;
  /** The in-memory sessions and users (src/server/auth/session-cache.ts). */
  sessionCache?: SessionCacheOptions;
}

/** How a slow statement is logged: its text on one line, cut at 2.000 characters; never its parameters. */
export function slowQueryEntry(q: SlowQuery, kind: string) {
  const sql = q.sql.replace(/\s+/g, ' ').trim();
  return {
    slowQuery: {
      sql: sql.length > 2000 ? `${sql.slice(0, 2000)}…` : sql,
      durationMs: q.durationMs,
      kind,
      ...(q.failed ? { failed: q.failed } : {}),
    },
  };
}

const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    // Route plugins register dozens of zod schemas; on a busy 2-core machine that can pass Fastify's 10 s
    // default and fail the start for no fault of the routes.
    pluginTimeout: 60_000,
    // Request logs carry the route pattern, never the URL: search queries hold names and national IDs.
    logger: options.logger
      ? {
          level: 'info',
          ...(options.logStream ? { stream: options.logStream } : {}),
          serializers: {
            req: (req) => ({ method: req.method, route: req.routeOptions?.url ?? 'unmatched', id: req.id }),
            res: (res) => ({ statusCode: res.statusCode }),
          },
        }
      : false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('deps', { db: options.db, book: options.book, today: options.today });
  app.decorateRequest('principal', null);
  registerErrorHandling(app);
  cleanInput(app);
  refuseNulCharacters(app);

  // Every request runs under its database budget (src/server/budget.ts): its statement timeout, the pool's
  // queue limits, and a signal that cancels its statements when the client goes away before the answer.
  const budgets: Budgets = { ...DEFAULT_BUDGETS, ...options.budgets };
  const slowQueryMs = options.slowQueryMs ?? 500;
  app.addHook('onRequest', (req, reply, done) => {
    const controller = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) controller.abort();
    });
    const kind = requestKind(req.method, req.routeOptions.url ?? '');
    options.db.withBudget(
      {
        signal: controller.signal,
        statementTimeoutMs: budgets[kind],
        slowQueryMs,
        onSlowQuery: (q) => req.log.warn(slowQueryEntry(q, kind), 'slow query'),
      },
      () => done(),
    );
  });

  // Sessions and signed-in users are kept in memory (one server process); a change of account in this
  // process drops its user's entries at once.
  const cache = new SessionCache(options.sessionCache);
  const stopListening = onAccountChanged((userId) => cache.forgetUser(userId));
  // Users being loaded again in the background (one load each at a time).
  const loadingActors = new Set<string>();
  app.addHook('onClose', async () => {
    stopListening();
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // antd writes style attributes; scripts stay strictly same-origin.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
        // Communes often serve the app over plain HTTP on their own network: do not force HTTPS here.
        upgradeInsecureRequests: null,
      },
    },
  });
  registerSecurityHeaders(app, { secureCookies: options.secureCookies });
  // brotli or gzip for API answers and for built files without a .br/.gz twin (those are sent as they are).
  await app.register(compress, { encodings: ['br', 'gzip'], globalDecompression: false });
  await app.register(rateLimit, { global: false });
  await app.register(cookie);
  await app.register(session, {
    secret: options.sessionSecret,
    cookieName: 'gn_session',
    store: databaseSessionStore(options.db, cache),
    saveUninitialized: false,
    cookie: {
      httpOnly: true,
      // Lax, not Strict: Chrome leaves a Strict cookie off a navigation it starts itself (the installed app
      // opened from the home screen, a typed address) once a service worker controls the site, signing the
      // enumerator out. Cross-site writes are still refused: Lax keeps the cookie off cross-site POSTs, and
      // every change carries the session's CSRF token.
      sameSite: 'lax',
      secure: options.secureCookies ?? false,
      path: '/',
      maxAge: 8 * 3600 * 1000,
    },
  });
  await app.register(csrf, {
    sessionPlugin: '@fastify/session',
    getToken: (req) => req.headers['x-csrf-token'] as string,
  });

  // Every state-changing request carries the CSRF token of its session (GET /api/auth/csrf gives one).
  app.addHook('onRequest', (req, reply, done) => {
    // A request with an API token has no cookie session to forge: the token itself is checked (auth/bearer.ts).
    if (SAFE_METHODS.has(req.method) || !req.url.startsWith('/api/') || bearerToken(req)) return done();
    app.csrfProtection(req, reply, done);
  });
  app.addHook('preHandler', async (req) => {
    const userId = req.session.userId;
    if (userId) {
      const hit = cache.actor(userId);
      let principal = hit?.value;
      if (!hit || (hit.stale && !loadingActors.has(userId))) {
        const generation = cache.generation;
        loadingActors.add(userId);
        // Loaded apart from the request (its signal, its timeout): a load in the background outlives it.
        const fetch = () => loadPrincipal(options.db, userId);
        const loading = hit ? options.db.withBudget({ statementTimeoutMs: budgets.read }, fetch) : fetch();
        const load = loading.then((actor) => {
          if (actor) cache.actorLoaded(actor, generation);
          // Deactivated or deleted by another process: gone from the next request on.
          else if (generation === cache.generation) cache.forgetUser(userId);
          return actor;
        });
        void load.finally(() => loadingActors.delete(userId)).catch(() => undefined);
        // A stale user is served at once and loaded again in the background (see session-store.ts).
        if (hit) load.catch(() => undefined);
        else principal = await load;
      }
      req.principal = principal ?? null;
      if (!req.principal) {
        // Deactivated or deleted while signed in: the session ends here.
        await req.session.destroy();
        throw new AppError('UNAUTHENTICATED');
      }
    }
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'GiảmNghèo API',
        description:
          'API của hệ thống quản lý Chương trình MTQG Giảm nghèo bền vững / API of the Sustainable Poverty Reduction Programme system. Errors: `{ error: { code, message: { vi, en }, fields? } }`.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gn_session' },
          // Personal API tokens for other systems (POST /api/tokens): `Authorization: Bearer gn_…`.
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'gn_<prefix>_<secret>' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
    // Schemas named with .meta({ id }) (src/server/contract/) become components the routes refer to, so the
    // generated client has one type per concept (components['schemas']['Round'], …).
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes);
  await app.register(registerRoutes, { prefix: '/api' });

  const webDir = options.webDir === undefined ? (existsSync(WEB_DIST) ? WEB_DIST : null) : options.webDir;
  if (webDir) {
    // The build writes a .br and a .gz next to each file (web/vite.config.ts): sent as they are, never compressed
    // per request. Hashed files are kept a year; index.html and the rest are checked again on every load.
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      wildcard: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, path) => {
        const hashed = relative(resolve(webDir), path).split(sep)[0] === 'assets';
        reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    // A file built after the server started (a rebuild while it runs) has no route of its own: served from
    // here when it exists under webDir. Every other path is a client route (/households/…) and loads index.html.
    app.get('/*', { schema: { hide: true } }, (req, reply) => {
      if (req.url.startsWith('/api/')) return reply.callNotFound();
      const file = builtFile(webDir, req.url);
      return file ? reply.sendFile(file) : reply.sendFile('index.html');
    });
  }
  return app;
}

/** The path under `root` that `url` names, when it is a file there; never a path outside `root`. */
function builtFile(root: string, url: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(url.split('?')[0]!).replace(/^\/+/, '');
  } catch {
    return null;
  }
  if (!path || path.split('/').includes('..')) return null;
  const full = resolve(root, path);
  if (!full.startsWith(resolve(root) + sep)) return null;
  try {
    return statSync(full).isFile() ? relative(resolve(root), full) : null;
  } catch {
    return null;
  }
}
