// A commune's opening list over HTTP (issue #12): the chairman's decision and the file of the list as a
// multipart form; the handler saves the file, calls importOpeningListFile (src/services/opening-list-file.ts)
// and answers the opening round (201) or the errors by row (422, nothing written).
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { validatorCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  OPENING_LIST_FORM_DESCRIPTION,
  OpeningListFields,
  OpeningListForm,
  OpeningListImported,
  OpeningListParams,
  OpeningListState,
} from '../contract/opening-list.ts';
import { loadProcedure } from '../../rules-loader/load-procedure.ts';
import {
  importOpeningListFile,
  type OpeningListFileError,
  type OpeningListFileResult,
} from '../../services/opening-list-file.ts';
import { openingListOf } from '../../services/opening-list.ts';
import { AppError } from '../errors.ts';
import { errors, signedIn } from './common.ts';

/** Largest file accepted: a commune's list is small; 200 000 rows of CSV stay well below this. */
export const OPENING_LIST_FILE_LIMIT = 50 * 1024 * 1024;
/** Row errors sent back; the message says how many there are in all. */
const SHOWN_ERRORS = 200;

interface Form {
  decisionNumber: string;
  decisionDate: string;
  path: string;
  filename: string;
}

/** Saves the form's file to a temporary directory and checks its fields; the directory is removed after `use`. */
async function withForm<T>(req: FastifyRequest, use: (form: Form) => Promise<T>): Promise<T> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  const dir = await mkdtemp(join(tmpdir(), 'giamngheo-opening-'));
  try {
    const fields: Record<string, string> = {};
    let filename: string | null = null;
    for await (const part of req.parts()) {
      if (part.type === 'field') fields[part.fieldname] = String(part.value);
      else if (part.fieldname === 'file' && filename === null) {
        filename = part.filename || 'upload';
        await pipeline(part.file, createWriteStream(join(dir, 'upload')));
      } else part.file.resume();
    }
    const parsed = OpeningListFields.safeParse(fields);
    const missing =
      filename === null
        ? [{ path: 'file', message: { vi: 'Thiếu tệp danh sách', en: 'The file of the list is missing' } }]
        : [];
    const bad = parsed.success
      ? []
      : parsed.error.issues.map((i) => ({
          path: i.path.join('.'),
          message: {
            vi: `${i.path.join('.')}: không hợp lệ (${i.message})`,
            en: `${i.path.join('.')}: ${i.message}`,
          },
        }));
    if (!parsed.success || filename === null) throw new AppError('VALIDATION_FAILED', [...bad, ...missing]);
    return await use({ ...parsed.data, path: join(dir, 'upload'), filename });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw new AppError('BODY_TOO_LARGE');
    throw e;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The errors of the list as a 422: each names its row and column (path row<N>.<column>), in both languages. */
function rowErrors(list: OpeningListFileError[]): AppError {
  const where = (e: OpeningListFileError, row: string) =>
    `${row} ${e.row}${e.header ? ` [${e.header}]` : ''}`;
  return new AppError(
    'RULE_VIOLATION',
    list.slice(0, SHOWN_ERRORS).map((e) => ({
      path: `row${e.row}${e.column ? `.${e.column}` : ''}`,
      message: { vi: `${where(e, 'Dòng')}: ${e.message.vi}`, en: `${where(e, 'Row')}: ${e.message.en}` },
    })),
    { errorCount: list.length },
    {
      vi: `Danh sách đầu kỳ có ${list.length} lỗi; không ghi gì`,
      en: `The opening list has ${list.length} error(s); nothing was written`,
    },
  );
}

function answer(r: OpeningListFileResult) {
  if (!r.ok) throw rowErrors(r.errors);
  const { ok: _ok, ...imported } = r;
  return imported;
}

/** Params are validated as everywhere; the body is documented, not validated (withForm reads its parts). */
const paramsOnly: typeof validatorCompiler = (route) =>
  route.httpPart === 'body' ? () => ({ value: undefined }) : validatorCompiler(route);

export const openingListRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, today } = app.deps;
  const procedure = loadProcedure();
  await app.register(multipart, { limits: { fileSize: OPENING_LIST_FILE_LIMIT, files: 1, fields: 10 } });

  app.get(
    '/communes/:communeCode/opening-list',
    {
      schema: {
        tags: ['review'],
        summary: 'Danh sách đầu kỳ của xã / the commune’s opening list (decision, counts), if imported',
        params: OpeningListParams,
        response: { 200: OpeningListState, ...errors(400, 401, 404) },
      },
    },
    async (req) => openingListOf(db, signedIn(req), req.params.communeCode, today()),
  );

  app.post(
    '/communes/:communeCode/opening-list',
    {
      bodyLimit: OPENING_LIST_FILE_LIMIT,
      validatorCompiler: paramsOnly as never, // (fastify types a route's compiler by the whole schema)
      schema: {
        tags: ['review'],
        summary:
          'Nhập danh sách hộ nghèo, cận nghèo đầu kỳ (quyết định công nhận gần nhất trước khi dùng hệ thống) / import the commune’s opening list, all or nothing',
        description: OPENING_LIST_FORM_DESCRIPTION,
        consumes: ['multipart/form-data'],
        params: OpeningListParams,
        body: OpeningListForm,
        response: { 201: OpeningListImported, ...errors(400, 401, 403, 404, 413, 415, 422) },
      },
    },
    async (req, reply) => {
      const actor = signedIn(req);
      const result = await withForm(req, (form) =>
        importOpeningListFile(
          db,
          actor,
          { communeCode: req.params.communeCode, ...form },
          { procedure, today: today() },
        ),
      );
      return reply.code(201).send(answer(result));
    },
  );
};
