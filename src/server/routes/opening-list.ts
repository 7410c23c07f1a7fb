// A commune's opening list over HTTP (issue #12): the chairman's decision and the file of the list as a
// multipart form; the handler saves the file, calls importOpeningListFile (src/services/opening-list-file.ts)
// and answers the opening round (201) or the errors by row (422, nothing written).
import multipart from '@fastify/multipart';
import { validatorCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
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
import { uploadLimits } from '../../services/imports/limits.ts';
import { sharedUploadQuota } from '../../services/imports/upload-quota.ts';
import { AppError } from '../errors.ts';
import { errors, signedIn } from './common.ts';
import { withUploadForm } from '../upload-form.ts';

/**
 * Largest file accepted (data/limits/uploads.json): a commune's list is small; 200 000 rows of CSV stay well
 * below it.
 */
export const OPENING_LIST_FILE_LIMIT = uploadLimits().openingListMaxFileBytes;
/** Row errors sent back; the message says how many there are in all. */
const SHOWN_ERRORS = 200;

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

/** Params are validated as everywhere; the body is documented, not validated (withUploadForm reads its parts). */
const paramsOnly: typeof validatorCompiler = (route) =>
  route.httpPart === 'body' ? () => ({ value: undefined }) : validatorCompiler(route);

export const openingListRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, today } = app.deps;
  const procedure = loadProcedure();
  // The user's uploads on every route of this server counted together (imports, opening lists, ODK exports).
  const quota = sharedUploadQuota(app.deps, uploadLimits());
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
        response: { 201: OpeningListImported, ...errors(400, 401, 403, 404, 413, 415, 422, 429) },
      },
    },
    async (req, reply) => {
      const actor = signedIn(req);
      const result = await withUploadForm(
        req,
        {
          fields: OpeningListFields,
          tempPrefix: 'giamngheo-opening-',
          quota: { of: quota, userId: actor.userId, maxFileBytes: OPENING_LIST_FILE_LIMIT },
          missingFile: { vi: 'Thiếu tệp danh sách', en: 'The file of the list is missing' },
        },
        (form) =>
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
