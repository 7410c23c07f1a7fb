// ODK Collect / KoBoCollect over HTTP (issue #13, part 5): the XLSForm of Phiếu A or B for a standard, to load
// into ODK Central or KoBoToolbox, and the upload of their submission export into a round. The handlers parse
// and present only; src/services/odk-forms.ts checks the access, the rows and the round's rules, writes all
// or nothing and audits.
import multipart from '@fastify/multipart';
import { validatorCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ImportError } from '../../domain/imports/rows.ts';
import { loadProcedure } from '../../rules-loader/load-procedure.ts';
import { exportXlsForm, importOdkSubmissions, type OdkImportResult } from '../../services/odk-forms.ts';
import {
  ODK_SUBMISSIONS_DESCRIPTION,
  OdkSubmissionsFields,
  OdkSubmissionsForm,
  OdkSubmissionsImported,
  OdkSubmissionsParams,
  XlsFormQuery,
} from '../contract/odk-forms.ts';
import { uploadLimits } from '../../services/imports/limits.ts';
import { sharedUploadQuota } from '../../services/imports/upload-quota.ts';
import { AppError } from '../errors.ts';
import { errors, signedIn } from './common.ts';
import { withUploadForm } from '../upload-form.ts';

/** Largest export accepted (data/limits/uploads.json): a commune's round is a few thousand submissions. */
export const ODK_FILE_LIMIT = uploadLimits().odkMaxFileBytes;
/** Row errors sent back; the message says how many there are in all. */
const SHOWN_ERRORS = 200;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The errors of the file as a 422: each names its row and column (path row<N>.<column>), in both languages. */
function rowErrors(list: ImportError[]): AppError {
  const where = (e: ImportError, row: string) =>
    `${e.sheet ? `${e.sheet}, ` : ''}${row} ${e.row ?? '?'}${e.column ? ` [${e.column}]` : ''}`;
  return new AppError(
    'RULE_VIOLATION',
    list.slice(0, SHOWN_ERRORS).map((e) => ({
      path: `row${e.row ?? 0}${e.column ? `.${e.column}` : ''}`,
      message: { vi: `${where(e, 'Dòng')}: ${e.message.vi}`, en: `${where(e, 'Row')}: ${e.message.en}` },
    })),
    { errorCount: list.length },
    {
      vi: `Tệp ODK/KoBo có ${list.length} lỗi; không ghi gì`,
      en: `The ODK/KoBo file has ${list.length} error(s); nothing was written`,
    },
  );
}

function answer(r: OdkImportResult) {
  if (!r.ok) throw rowErrors(r.errors);
  const { ok: _ok, ...imported } = r;
  return imported;
}

/** Params are validated as everywhere; the body is documented, not validated (withUploadForm reads its parts). */
const paramsOnly: typeof validatorCompiler = (route) =>
  route.httpPart === 'body' ? () => ({ value: undefined }) : validatorCompiler(route);

export const odkFormRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, book, today } = app.deps;
  const procedure = loadProcedure();
  // The user's uploads on every route of this server counted together (imports, opening lists, ODK exports).
  const quota = sharedUploadQuota(app.deps, uploadLimits());
  await app.register(multipart, { limits: { fileSize: ODK_FILE_LIMIT, files: 1, fields: 10 } });

  app.get(
    '/forms/xlsform',
    {
      schema: {
        tags: ['review'],
        summary:
          'Tải biểu mẫu XLSForm Phiếu A/Phiếu B cho ODK Collect, KoBoCollect / download form A or B as an XLSForm (.xlsx) for ODK Collect or KoBoCollect',
        description: 'Sheets survey, choices, settings; labels in Vietnamese (default) and English.',
        querystring: XlsFormQuery,
        produces: [XLSX],
        response: errors(400, 401, 403),
      },
    },
    async (req, reply) => {
      const out = await exportXlsForm(signedIn(req), req.query, { book, procedure, today: today() });
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="${out.filename}"`)
        .send(out.content as never); // (the declared responses are the errors; the 200 is the file)
    },
  );

  app.post(
    '/rounds/:roundId/odk-submissions',
    {
      bodyLimit: ODK_FILE_LIMIT,
      validatorCompiler: paramsOnly as never, // (fastify types a route's compiler by the whole schema)
      schema: {
        tags: ['review'],
        summary:
          'Nhập tệp phiếu ODK/KoBo (Phiếu A, Phiếu B) vào đợt rà soát, tất cả hoặc không / import an ODK/KoBo export of forms A or B into a round, all or nothing',
        description: ODK_SUBMISSIONS_DESCRIPTION,
        consumes: ['multipart/form-data'],
        params: OdkSubmissionsParams,
        body: OdkSubmissionsForm,
        response: { 201: OdkSubmissionsImported, ...errors(400, 401, 403, 404, 413, 415, 422, 429) },
      },
    },
    async (req, reply) => {
      const actor = signedIn(req);
      const result = await withUploadForm(
        req,
        {
          fields: OdkSubmissionsFields,
          tempPrefix: 'giamngheo-odk-',
          quota: { of: quota, userId: actor.userId, maxFileBytes: ODK_FILE_LIMIT },
          missingFile: { vi: 'Thiếu tệp xuất từ ODK/KoBo', en: 'The ODK/KoBo export is missing' },
        },
        (upload) =>
          importOdkSubmissions(
            db,
            actor,
            { roundId: req.params.roundId, ...upload },
            { book, procedure, today: today() },
          ),
      );
      return reply.code(201).send(answer(result));
    },
  );
};
