// A commune's opening list as the API takes it (issue #12): a multipart form with the chairman's decision
// (number and date) and the file of the list (.xlsx first sheet, or CSV UTF-8), and what it answers: the
// opening round and how many poor and near-poor households it recognised.
import { z } from 'zod';
import { isoDate, uuid } from './primitives.ts';

export const OpeningListParams = z.object({ communeCode: z.string().regex(/^\d{5}$/) });

/** The form's text fields, checked once the upload is read (multipart fields are not a JSON body). */
export const OpeningListFields = z.object({
  decisionNumber: z
    .string()
    .trim()
    .min(1, 'bắt buộc / required')
    .max(100)
    .describe(
      'Số quyết định công nhận của Chủ tịch UBND xã / the chairman’s decision number, e.g. 12/QĐ-UBND',
    ),
  decisionDate: isoDate.describe('Ngày quyết định / decision date (YYYY-MM-DD)'),
});

/** The form as the OpenAPI document shows it; the server reads the parts as a stream (never validates this). */
export const OpeningListForm = OpeningListFields.extend({
  file: z
    .string()
    .meta({ format: 'binary' })
    .describe('.xlsx (trang đầu / first sheet) hoặc / or .csv UTF-8 ("," hoặc / or ";")'),
}).meta({ id: 'OpeningListForm' });

export const OpeningListImported = z
  .object({
    roundId: uuid,
    decisionNumber: z.string(),
    decisionDate: z.string(),
    poor: z.number().int(),
    nearPoor: z.number().int(),
  })
  .meta({ id: 'OpeningListImported' });

/** The form as documented in the OpenAPI description (the server reads it as a stream, not as this schema). */
export const OPENING_LIST_FORM_DESCRIPTION = `multipart/form-data: decisionNumber (text), decisionDate (YYYY-MM-DD), file (.xlsx — first sheet — or .csv UTF-8, "," or ";").
Cột / columns: "Mã hộ"/household_id, "Số định danh chủ hộ"/"CCCD chủ hộ"/head_national_id, "Họ và tên chủ hộ"/head_name + "Thôn"/village, "Phân loại"/class ("Hộ nghèo"/poor, "Hộ cận nghèo"/near_poor).
Một dòng sai → 422, không ghi gì, lỗi theo dòng (path row<N>.<column>) / one bad row → 422, nothing written, errors by row.`;

/** A commune's opening list as read back: null when none was imported; whether one may still be. */
export const OpeningListState = z
  .object({
    openingList: z
      .object({
        roundId: uuid,
        communeCode: z.string(),
        decisionNumber: z.string(),
        decisionDate: z.string(),
        poor: z.number().int(),
        nearPoor: z.number().int(),
      })
      .nullable(),
    canImport: z.boolean().describe('no round and no opening list yet in this commune'),
  })
  .meta({ id: 'OpeningListState' });
