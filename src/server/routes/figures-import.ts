// Published figures and targets from CSV over HTTP (the columns of `giamngheo figures|targets import`): every
// row checked, all or nothing, each row's unit within the caller's write scope, audited; and a unit's targets.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FIGURE_GROUPS, type RowError } from '../../domain/measures/figures-csv.ts';
import {
  importFigures,
  importTargets,
  targetsOfUnit,
  type FiguresImportResult,
} from '../../services/entered-figures.ts';
import { AppError } from '../errors.ts';
import { errors, signedIn } from './common.ts';

/** A CSV export of a province's figures over ten years is far below this. */
const CSV_LIMIT = 2_000_000;
const csvBody = z.object({ csv: z.string().min(1).max(CSV_LIMIT) });
const imported = z.object({ imported: z.number() });

function rowErrors(list: RowError[]): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    list.slice(0, 100).map((e) => ({
      path: `csv.row${e.row}${e.column ? `.${e.column}` : ''}`,
      message: {
        vi: `Dòng ${e.row}${e.column ? ` [${e.column}]` : ''}: ${e.message.vi}`,
        en: `Row ${e.row}${e.column ? ` [${e.column}]` : ''}: ${e.message.en}`,
      },
    })),
  );
}

export const figureImportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, book, today } = app.deps;
  const answer = (r: FiguresImportResult) => {
    if (!r.ok) throw rowErrors(r.errors);
    return { imported: r.count };
  };

  app.post(
    '/figures/import',
    {
      bodyLimit: CSV_LIMIT * 2,
      schema: {
        tags: ['figures'],
        summary:
          'Nhập số liệu đã công bố từ CSV (unit,year,standard,group,total_households,poor_households,near_poor_households,poor_rate,near_poor_rate,source) / import published figures from CSV, all or nothing',
        body: csvBody,
        response: { 200: imported, ...errors(400, 401, 403, 413) },
      },
    },
    async (req) => answer(await importFigures(db, signedIn(req), req.body.csv, { book, today: today() })),
  );

  app.post(
    '/targets/import',
    {
      bodyLimit: CSV_LIMIT * 2,
      schema: {
        tags: ['figures'],
        summary:
          'Nhập chỉ tiêu từ CSV (unit,group,year_from,year_to,indicator,kind,lower,upper,source) / import targets from CSV, all or nothing',
        body: csvBody,
        response: { 200: imported, ...errors(400, 401, 403, 413) },
      },
    },
    async (req) => answer(await importTargets(db, signedIn(req), req.body.csv, { today: today() })),
  );

  app.get(
    '/targets',
    {
      schema: {
        tags: ['figures'],
        summary: 'Chỉ tiêu giảm tỷ lệ hộ nghèo của một đơn vị / a unit’s poverty-rate targets',
        querystring: z.object({
          unitCode: z.string().regex(/^\d{2,5}$/),
          group: z.enum(FIGURE_GROUPS).default('all'),
        }),
        response: {
          200: z.array(
            z.object({
              yearFrom: z.number(),
              yearTo: z.number(),
              kind: z.enum(['reduction_pp', 'max_level']),
              lower: z.number().nullable(),
              upper: z.number().nullable(),
              source: z.string(),
            }),
          ),
          ...errors(400, 401, 404),
        },
      },
    },
    async (req) => {
      return (await targetsOfUnit(db, signedIn(req), req.query, today())).map((t) => ({
        ...t,
        lower: t.lower === null ? null : Number(t.lower),
        upper: t.upper === null ? null : Number(t.upper),
      }));
    },
  );
};
