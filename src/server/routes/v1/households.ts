// GET /api/v1/units/{code}/households (docs/api-v1.md): the households of a unit with their recognised class,
// a page at a time after an opaque cursor — the household search's rows, scope and (absent) personal data,
// through src/services/households.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HouseholdClass } from '../../contract/household-class.ts';
import { unitHouseholdPage } from '../../../services/households.ts';
import { errors, invalid, signedIn, unitCodeSchema } from '../common.ts';
import { V1_TAG, v1RateLimit } from './common.ts';

export const V1_MAX_PAGE = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The cursor after a household: opaque to integrators (today its id, base64url). */
const cursorAfter = (householdId: string) => Buffer.from(householdId, 'utf8').toString('base64url');

/** The household a cursor points after; a 400 naming the cursor when it is not one this API gave. */
function readCursor(cursor: string | undefined): string | null {
  if (cursor === undefined) return null;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!UUID.test(id))
    throw invalid([
      {
        path: 'querystring.cursor',
        message: {
          vi: 'querystring.cursor: con trỏ không hợp lệ; hãy dùng nextCursor của trang trước',
          en: 'querystring.cursor: not a cursor this API gave; use the previous page’s nextCursor',
        },
      },
    ]);
  return id;
}

const V1HouseholdPage = z
  .object({
    unit: z.object({ code: z.string(), name: z.string(), level: z.string() }),
    households: z.array(
      z.object({
        householdId: z.string(),
        headName: z.string(),
        address: z.string().nullable(),
        villageId: z.string(),
        villageName: z.string(),
        communeCode: z.string(),
        communeName: z.string(),
        memberCount: z.number().int(),
        recognisedClass: HouseholdClass.nullable().describe(
          'phân loại đã được công nhận (quyết định gần nhất) / the recognised class (latest decision); null: none',
        ),
        decisionNumber: z.string().nullable(),
        decisionDate: z.string().nullable(),
        provisionalClass: HouseholdClass.nullable().describe(
          'assessed after that decision, not yet recognised (provisional)',
        ),
        version: z.number().int(),
      }),
    ),
    nextCursor: z
      .string()
      .nullable()
      .describe('pass as ?cursor= for the next page; null: this was the last page'),
  })
  .meta({ id: 'V1HouseholdPage' });

export const v1HouseholdRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, today } = app.deps;

  app.get(
    '/units/:code/households',
    {
      config: { rateLimit: v1RateLimit },
      schema: {
        tags: [V1_TAG],
        summary: 'Danh sách hộ của một đơn vị / the households of a unit, with their recognised class',
        description:
          'Households living today in the unit (a province or a commune) and within the token user’s read ' +
          'scope — a user scoped to villages gets only those villages’ households. Ordered by householdId; ' +
          `keyset paging: at most limit (1–${V1_MAX_PAGE}, default 100) per page, then ?cursor=<nextCursor>. ` +
          'No national ID, phone or income is listed, for any role.',
        params: z.object({ code: unitCodeSchema }),
        querystring: z.object({
          status: HouseholdClass.optional().describe('only households recognised in this class'),
          cursor: z.string().min(1).max(200).optional(),
          limit: z.coerce.number().int().min(1).max(V1_MAX_PAGE).default(100),
        }),
        response: { 200: V1HouseholdPage, ...errors(400, 401, 403, 404, 429) },
      },
    },
    async (req) => {
      const { code } = req.params;
      const { status, cursor, limit } = req.query;
      const after = readCursor(cursor);
      const page = await unitHouseholdPage(
        db,
        signedIn(req),
        { unitCode: code, status, after, limit },
        today(),
      );
      const last = page.rows.at(-1);
      return {
        unit: page.unit,
        households: page.rows.map((r) => ({
          householdId: r.householdId,
          headName: r.headName,
          address: r.address,
          villageId: r.villageId,
          villageName: r.villageName,
          communeCode: r.communeCode,
          communeName: r.communeName,
          memberCount: r.memberCount,
          recognisedClass: r.status,
          decisionNumber: r.decisionNumber,
          decisionDate: r.decisionDate,
          provisionalClass: r.provisionalClass,
          version: r.version,
        })),
        nextCursor: page.more && last ? cursorAfter(last.householdId) : null,
      };
    },
  );
};
