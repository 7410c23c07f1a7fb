// ODK Collect / KoBoCollect forms as the API takes and gives them (issue #13, part 5): the XLSForm of Phiếu A
// or Phiếu B for a standard, and the upload of a submission export into a round (a multipart form) with what
// it answers: how many submissions became round steps, and the provisional classes of those surveyed.
import { z } from 'zod';
import { FORM_KINDS } from '../../domain/forms/xlsform.ts';
import { uuid } from './primitives.ts';

export const OdkFormKind = z
  .enum(FORM_KINDS)
  .describe(
    'A: Phiếu A, nhận dạng nhanh hộ đề nghị / quick screen of applicants; B: Phiếu B, rà soát / survey',
  );

export const XlsFormQuery = z.object({
  standard: z.string().min(1).max(40).describe('chuẩn nghèo / poverty standard, e.g. ND07_2021'),
  form: OdkFormKind.default('B'),
});

export const OdkSubmissionsParams = z.object({ roundId: uuid });

/** The form's text fields, checked once the upload is read (multipart fields are not a JSON body). */
export const OdkSubmissionsFields = z.object({
  form: OdkFormKind.optional().describe(
    'A hoặc B; mặc định: theo các cột của tệp / default: told from the columns',
  ),
});

/** The form as the OpenAPI document shows it; the server reads the parts as a stream (never validates this). */
export const OdkSubmissionsForm = OdkSubmissionsFields.extend({
  file: z
    .string()
    .meta({ format: 'binary' })
    .describe(
      'Tệp xuất từ ODK Central, Briefcase hoặc KoBoToolbox / export of ODK Central, Briefcase or KoBo: .csv or .xlsx',
    ),
}).meta({ id: 'OdkSubmissionsForm' });

export const OdkSubmissionsImported = z
  .object({
    roundId: uuid,
    form: OdkFormKind,
    standard: z.string(),
    imported: z.number().int().describe('bản ghi đã ghi vào đợt / submissions recorded as round steps'),
    skipped: z.number().int().describe('bị từ chối trên ODK Central, KoBo / rejected in ODK Central or KoBo'),
    alreadyImported: z.number().int().describe('đã nhập trước đó / imported before'),
    classes: z.object({
      poor: z.number().int(),
      near_poor: z.number().int(),
      middle: z.number().int(),
      not_poor: z.number().int(),
    }),
    screened: z.object({ passed: z.number().int(), excluded: z.number().int() }),
  })
  .meta({ id: 'OdkSubmissionsImported' });

export const ODK_SUBMISSIONS_DESCRIPTION = `multipart/form-data: file (.csv or .xlsx as ODK Central, Briefcase or KoBoToolbox export it), form (A|B, optional).
Cột theo tên câu hỏi của biểu mẫu XLSForm (GET /api/forms/xlsform), có hoặc không có tiền tố nhóm ("grp_household-household_id", "grp_household/household_id"); mã bản ghi: meta-instanceID, KEY hoặc _uuid. / Columns by the XLSForm's question names, with or without their group path; the submission id from meta-instanceID, KEY or _uuid.
Một dòng sai → 422, không ghi gì, lỗi theo dòng (path row<N>.<column>) / one bad row → 422, nothing written, errors by row.`;
