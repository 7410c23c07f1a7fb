// Personal API tokens for other systems as the API takes and answers them (issue #13, part 6). The full token
// is in the answer to its creation only; lists show its prefix.
import { z } from 'zod';
import { isoDate, uuid } from './primitives.ts';

export const NewApiToken = z
  .object({
    userId: uuid
      .optional()
      .describe(
        'Người dùng được cấp (chỉ quản trị viên, cho người khác) / whose token (administrators only, for others); default: yourself',
      ),
    name: z
      .string()
      .trim()
      .min(1, 'bắt buộc / required')
      .max(120)
      .describe('Tên gợi nhớ / a name to recognise it by'),
    access: z
      .enum(['read', 'write'])
      .describe('read: chỉ GET / GET only; write: như quyền của người dùng / as the user may'),
    expiresOn: isoDate
      .nullable()
      .optional()
      .describe('Ngày cuối còn hiệu lực / last day it works (YYYY-MM-DD); none: until revoked'),
  })
  .strict()
  .meta({ id: 'NewApiToken' });

export const ApiToken = z
  .object({
    tokenId: z.string(),
    userId: z.string(),
    username: z.string(),
    name: z.string(),
    access: z.enum(['read', 'write']),
    prefix: z.string().describe('gn_<prefix>_… — never the secret'),
    expiresOn: z.string().nullable(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    state: z.enum(['active', 'expired', 'revoked']),
  })
  .meta({ id: 'ApiToken' });

export const CreatedApiToken = ApiToken.extend({
  token: z
    .string()
    .describe('Mã đầy đủ, chỉ hiện một lần / the full token, shown this once: Authorization: Bearer <token>'),
}).meta({ id: 'CreatedApiToken' });

export const ApiTokenParams = z.object({ tokenId: uuid });
