// ODK/KoBo forms over HTTP (GET /api/forms/xlsform, POST /api/rounds/:roundId/odk-submissions, multipart): the
// XLSForm downloaded as an .xlsx, an export of Phiếu A uploaded into a monthly round (201, the applicant
// screened), a bad file refused as 422 with its rows named and nothing written, a viewer refused (403), a
// round of another commune hidden (404), an unknown standard and a missing file refused (400).
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProcedure } from '../../src/rules-loader/load-procedure.ts';
import { actorByUsername } from '../../src/services/actor.ts';
import { openReviewRound, recordRoundEvents, type RoundView } from '../../src/services/rounds.ts';
import { forEachDatabase } from '../support/databases.ts';
import { multipartForm as form, multipartHeaders } from '../support/multipart.ts';
import { book } from '../support/rules.ts';
import { buildWorld, signedInAs, testServer, type Client, type World } from '../support/server.ts';

const procedure = loadProcedure();
const HEADER =
  'SubmissionDate,grp_household-household_id,grp_household-commune_code,grp_household-village_name,grp_household-survey_date,grp_household-passed,meta-instanceID,KEY,ReviewState';

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    let xa: Client;
    let round: RoundView;
    const csv = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\r\n') + '\r\n', 'utf8');
    const upload = (c: Client, roundId: string, body: Buffer) =>
      c.request('POST', `/api/rounds/${roundId}/odk-submissions`, body, multipartHeaders);

    beforeAll(async () => {
      const db = getDb();
      world = await buildWorld(db);
      app = await testServer(db);
      xa = await signedInAs(app, 'xa');
      const officer = (await actorByUsername(db, 'xa'))!;
      round = await openReviewRound(
        db,
        officer,
        {
          communeCode: world.communeA,
          kind: 'regular',
          year: 2026,
          month: 10,
          applications: [{ householdId: world.h1, applicationDate: '2026-10-10' }],
        },
        { procedure, today: '2026-10-15' },
      );
      round = await recordRoundEvents(
        db,
        officer,
        {
          roundId: round.id,
          expectedCount: round.eventCount,
          events: [{ type: 'close_listing', date: '2026-10-16' }],
        },
        { procedure, today: '2026-10-16', book },
      );
    }, 180_000);

    it("names the standard of this year's review, the forms' default", async () => {
      const res = await xa.get('/api/standards');
      expect(res.statusCode).toBe(200);
      const standards = res.json() as { id: string; inForce: boolean }[];
      // Today (2026-11-22 in the tests) is under Nghị định 07/2021, extended to 2026 by Nghị định 351/2025
      // (rules/review-years.yaml).
      expect(standards.filter((s) => s.inForce).map((s) => s.id)).toEqual(['ND07_2021']);
    });

    describe('the XLSForm', () => {
      it('downloads Phiếu B of a standard as an .xlsx with the sheets survey, choices and settings', async () => {
        const res = await xa.get('/api/forms/xlsform?standard=ND07_2021&form=B');
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toContain('spreadsheetml');
        expect(res.headers['content-disposition']).toContain('giamngheo_phieu_b_nd07_2021.xlsx');
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
        expect(wb.worksheets.map((w) => w.name)).toEqual(['survey', 'choices', 'settings']);
        expect(wb.getWorksheet('survey')!.getRow(1).getCell(3).value).toBe('label::Vietnamese (vi)');
      });

      it('refuses an unknown standard or form (400)', async () => {
        expect((await xa.get('/api/forms/xlsform?standard=XX_1999&form=B')).statusCode).toBe(400);
        expect((await xa.get('/api/forms/xlsform?standard=ND07_2021&form=C')).statusCode).toBe(400);
      });
    });

    describe('uploading submissions', () => {
      const good = () =>
        `2026-10-18T08:00:00Z,${world.h1},${world.communeA},Thôn Nà Phầy,2026-10-18,yes,uuid:a1,uuid:a1,`;

      it('refuses a bad file as 422 naming each row and column; nothing is written', async () => {
        const res = await upload(
          xa,
          round.id,
          form(
            {},
            {
              name: 'a.csv',
              bytes: csv(
                good(),
                `2026-10-18T08:00:00Z,${world.h2},${world.communeA},,2026-10-18,maybe,uuid:a2,uuid:a2,`,
              ),
            },
          ),
        );
        expect(res.statusCode).toBe(422);
        const body = res.json<{
          error: { fields: { path: string; message: { vi: string; en: string } }[]; errorCount: number };
        }>();
        expect(body.error.fields.map((f) => f.path)).toEqual(['row3.grp_household-passed']);
        expect(body.error.fields[0]!.message.vi).toMatch(/^Dòng 3 \[grp_household-passed\]: /u);
        expect(body.error.errorCount).toBe(1);
        const view = await xa.get(`/api/rounds/${round.id}`);
        expect(view.json<{ households: { screening: unknown }[] }>().households[0]!.screening).toBeNull();
      });

      it('imports Phiếu A into the round (201): the applicant goes on to Phiếu B', async () => {
        const res = await upload(xa, round.id, form({ form: 'A' }, { name: 'a.csv', bytes: csv(good()) }));
        expect(res.statusCode).toBe(201);
        expect(res.json()).toMatchObject({
          roundId: round.id,
          form: 'A',
          imported: 1,
          screened: { passed: 1, excluded: 0 },
        });
        const view = await xa.get(`/api/rounds/${round.id}`);
        expect(view.json<{ households: { screening: unknown }[] }>().households[0]!.screening).toEqual({
          date: '2026-10-18',
          passed: true,
        });
      });

      it('refuses a viewer (403), another commune’s officer (404) and a form without its file (400)', async () => {
        const body = form({}, { name: 'a.csv', bytes: csv(good()) });
        expect((await upload(await signedInAs(app, 'xem'), round.id, body)).statusCode).toBe(403);
        expect((await upload(await signedInAs(app, 'xa2'), round.id, body)).statusCode).toBe(404);
        expect((await upload(xa, round.id, form({ form: 'A' }))).statusCode).toBe(400);
      });
    });
  },
  { cleanup: false },
);
