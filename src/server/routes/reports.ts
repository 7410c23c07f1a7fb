// Reports over HTTP: the catalogue with its parameters, and one report built for a unit and rendered as
// JSON (for screens), xlsx or pdf (streamed while built) or CSV. A unit outside the reader's scope is 404.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { units, type Queryable } from '../../db/index.ts';
import { can } from '../../domain/access/roles.ts';
import { reportById, REPORTS, ReportParameterError } from '../../reports/catalogue.ts';
import { describeParameters, parseParameters } from '../../reports/parameters.ts';
import { contentDisposition, CONTENT_TYPES, FORMATS, render } from '../../reports/render/index.ts';
import { reportJsonSchema } from '../../reports/render/json.ts';
import type { Principal } from '../auth/principal.ts';
import { AppError } from '../errors.ts';
import { errors, signedIn } from './common.ts';
import { unitOrSuccessorInScope } from '../../services/access.ts';

const text = z.object({ vi: z.string(), en: z.string() });

/** Figures of units that no longer exist are read through their successors (as in figures.ts). */
async function mayRead(db: Queryable, who: Principal, code: string, today: string) {
  if (who.read.all) return;
  const versions = await units.unitVersions(db, code);
  for (const v of versions) if (await unitOrSuccessorInScope(db, who.read, code, v.validFrom, today)) return;
  throw new AppError('NOT_FOUND');
}

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, book, today } = app.deps;

  app.get(
    '/reports',
    {
      schema: {
        tags: ['reports'],
        summary: 'Danh mục báo cáo và tham số / the report catalogue with its parameters',
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              title: text,
              description: text,
              formats: z.array(z.enum(FORMATS)),
              parameters: z.array(
                z.object({
                  name: z.string(),
                  description: z.string(),
                  required: z.boolean(),
                  type: z.string(),
                  values: z.array(z.string()).optional(),
                  default: z.unknown().optional(),
                }),
              ),
            }),
          ),
          ...errors(401),
        },
      },
    },
    async (req) => {
      const who = signedIn(req);
      return REPORTS.filter((r) => can(who.role, r.permission ?? 'registry.read')).map((r) => ({
        id: r.id,
        title: r.title,
        description: r.description,
        formats: [...FORMATS],
        parameters: describeParameters(r.parameters),
      }));
    },
  );

  app.get(
    '/reports/:id',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Một báo cáo: json (màn hình), xlsx, pdf hoặc csv; tham số theo danh mục / one report as json, xlsx, pdf or csv; parameters as in the catalogue',
        params: z.object({ id: z.string().max(60) }),
        querystring: z.looseObject({
          format: z.enum(FORMATS).default('json'),
          lang: z.enum(['vi', 'en']).default('vi'),
        }),
        response: { 200: reportJsonSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const who = signedIn(req);
      const entry = reportById(req.params.id);
      if (!entry) throw new AppError('NOT_FOUND');
      if (!can(who.role, entry.permission ?? 'registry.read')) throw new AppError('FORBIDDEN');
      const { format, lang, ...raw } = req.query;
      const parsed = parseParameters(entry.parameters, raw);
      if (!parsed.ok)
        throw new AppError(
          'VALIDATION_FAILED',
          parsed.errors.map((e) => ({ path: `querystring.${e.path}`, message: e.message })),
        );
      const params = parsed.value as Record<string, unknown>;
      const day = today();
      if (typeof params.unit === 'string') await mayRead(db, who, params.unit, day);
      let doc;
      try {
        doc = await entry.build({
          db,
          book,
          today: day,
          now: new Date().toISOString(),
          scope: who.read,
          params,
        });
      } catch (e) {
        if (e instanceof ReportParameterError)
          throw new AppError('VALIDATION_FAILED', [{ path: `querystring.${e.path}`, message: e.text }]);
        throw e;
      }
      const out = render(doc, format, lang);
      if (out.kind === 'json') return out.body;
      const name = [doc.title[lang], params.unit, params.year].filter((x) => x !== undefined).join(' - ');
      void reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', contentDisposition(name, format));
      // Files bypass the JSON schema: streams and text go out as they are.
      return reply.send(out.body as never);
    },
  );
};
