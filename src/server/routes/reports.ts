// Reports over HTTP: the catalogue with its parameters, and one report built for a unit and rendered as
// JSON (for screens), xlsx or pdf (streamed while built) or CSV. A unit outside the reader's scope is 404.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FORMATS, CONTENT_TYPES, contentDisposition, render } from '../../reports/render/index.ts';
import { reportJsonSchema } from '../../reports/render/json.ts';
import { buildReport, reportCatalogue } from '../../services/reports-read.ts';
import { errors, signedIn } from './common.ts';

const text = z.object({ vi: z.string(), en: z.string() });

/** A report file's name: its title, unit and year. */
const fileName = (title: string, params: Record<string, unknown>) =>
  [title, params.unit, params.year].filter((x) => x !== undefined).join(' - ');

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
                  label: text,
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
    async (req) =>
      reportCatalogue(signedIn(req)).map((r) => ({
        id: r.id,
        title: r.title,
        description: r.description,
        formats: [...FORMATS],
        parameters: r.parameters,
      })),
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
      const { format, lang, ...raw } = req.query;
      const { doc, params } = await buildReport(
        db,
        signedIn(req),
        { id: req.params.id, raw },
        { book, today: today(), now: new Date().toISOString() },
      );
      const out = render(doc, format, lang);
      if (out.kind === 'json') return out.body;
      void reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', contentDisposition(fileName(doc.title[lang], params), format));
      // Files bypass the JSON schema: streams and text go out as they are.
      return reply.send(out.body as never);
    },
  );
};
