// A commune's opening list over HTTP (POST /api/communes/:code/opening-list, multipart): an .xlsx written
// with exceljs and a CSV (BOM, semicolons) each record the commune's opening round — recognised, with a
// result per household — audited under the officer; one bad row writes nothing and names the row; a second
// list, a viewer, another commune's officer, an unreadable file and a missing field are refused.
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are read as JSON. */
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { review } from '../../src/db/index.ts';
import { searchAudit } from '../../src/db/queries/audit.ts';
import { forEachDatabase } from '../support/databases.ts';
import { removeTempDirs, tempDir, writeWorkbook } from '../support/import-files.ts';
import { multipartForm as form, multipartHeaders } from '../support/multipart.ts';
import { buildWorld, signedInAs, testServer, type Client, type World } from '../support/server.ts';

const csv = (lines: string[], bom = true) =>
  Buffer.from(`${bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`, 'utf8');

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    let xa: Client;
    let xa2: Client;
    let xem: Client;
    let workbook: Buffer;
    const decision = { decisionNumber: '12/QĐ-UBND', decisionDate: '2026-03-15' };

    const upload = (c: Client, commune: string, body: Buffer) =>
      c.request('POST', `/api/communes/${commune}/opening-list`, body, multipartHeaders);
    /** Whether the commune (its version since the 2025 reform) has any round, the opening one included. */
    const hasRounds = (commune: string) =>
      review.communeHasRounds(getDb(), { code: commune, validFrom: '2025-07-01' });

    beforeAll(async () => {
      world = await buildWorld(getDb());
      app = await testServer(getDb());
      xa = await signedInAs(app, 'xa');
      xa2 = await signedInAs(app, 'xa2');
      xem = await signedInAs(app, 'xem');
      const path = join(tempDir(), 'danh-sach-dau-ky.xlsx');
      await writeWorkbook(path, [
        {
          name: 'Danh sách',
          rows: [
            ['DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO'],
            ['STT', 'Mã hộ', 'Số định danh chủ hộ', 'Phân loại'],
            [1, world.h1, null, 'Hộ nghèo'],
            [2, null, '006080009999', 'Hộ cận nghèo'],
          ],
        },
        {
          name: 'Ghi chú',
          rows: [
            ['Mã hộ', 'Phân loại'],
            ['not-read', 'không đọc'],
          ],
        },
      ]);
      workbook = readFileSync(path);
    }, 180_000);
    afterAll(async () => {
      await app?.close();
      removeTempDirs();
    });

    describe('POST /api/communes/:communeCode/opening-list', () => {
      it('refuses a file with one bad row whole, naming the row and the column (422)', async () => {
        const file = csv([
          'Mã hộ;Họ và tên chủ hộ;Thôn;Phân loại',
          `${world.h1};;;Hộ nghèo`,
          ';Triệu Văn Sơn;Thôn Khuổi Trả;Hộ khá giả',
        ]);
        const res = await upload(xa, world.communeA, form(decision, { name: 'ds.csv', bytes: file }));
        expect(res.statusCode).toBe(422);
        const error = res.json().error;
        expect(error.code).toBe('RULE_VIOLATION');
        expect(error.message.vi).toMatch(/1 lỗi; không ghi gì/);
        expect(error.fields).toEqual([
          {
            path: 'row3.class',
            message: {
              vi: expect.stringMatching(/^Dòng 3 \[Phân loại\]: Phân loại "Hộ khá giả" không hợp lệ/),
              en: expect.stringMatching(/^Row 3 \[Phân loại\]: "Hộ khá giả" is not a class/),
            },
          },
        ]);
        // A row naming no household of the commune is the service's error, named the same way.
        const stranger = csv(['Số định danh chủ hộ;Phân loại', '006180004444;Hộ nghèo']);
        const res2 = await upload(xa, world.communeA, form(decision, { name: 'ds.csv', bytes: stranger }));
        expect(res2.statusCode).toBe(422);
        expect(res2.json().error.fields[0]).toMatchObject({
          path: 'row2.headNationalId',
          message: { en: expect.stringMatching(/^Row 2 \[Số định danh chủ hộ\]: No such household/) },
        });
        expect(await hasRounds(world.communeA)).toBe(false);
      });

      it('refuses a viewer (403), another commune’s officer (404), a missing field, an unreadable file', async () => {
        const body = form(decision, { name: 'ds.xlsx', bytes: workbook });
        expect((await upload(xem, world.communeA, body)).statusCode).toBe(403);
        expect((await upload(xa2, world.communeA, body)).statusCode).toBe(404);
        const noDecision = await upload(xa, world.communeA, form({ decisionDate: '2026-03-15' }));
        expect(noDecision.statusCode).toBe(400);
        expect(noDecision.json().error.fields.map((f: any) => f.path)).toEqual(['decisionNumber', 'file']);
        const notExcel = await upload(
          xa,
          world.communeA,
          form(decision, { name: 'ds.xlsx', bytes: Buffer.from('not a workbook') }),
        );
        expect(notExcel.statusCode).toBe(400);
        expect(notExcel.json().error.message.en).toMatch(/ends in \.xlsx but is not a valid Excel file/);
        const notUtf8 = await upload(
          xa,
          world.communeA,
          form(decision, {
            name: 'ds.csv',
            bytes: Buffer.from('Mã hộ,Phân loại\nx,H\xf4 ngh\xe8o\n', 'latin1'),
          }),
        );
        expect(notUtf8.statusCode).toBe(400);
        expect(notUtf8.json().error.fields[0]).toMatchObject({ path: 'file' });
        const json = await xa.post(`/api/communes/${world.communeA}/opening-list`, decision);
        expect(json.statusCode).toBe(415);
        expect(await hasRounds(world.communeA)).toBe(false);
      });

      it('records an .xlsx list (first sheet) as the recognised opening round, audited; a second is refused', async () => {
        const before = await xa.get(`/api/communes/${world.communeA}/opening-list`);
        expect(before.json()).toEqual({ openingList: null, canImport: true });
        expect((await xa2.get(`/api/communes/${world.communeA}/opening-list`)).statusCode).toBe(404);
        const res = await upload(xa, world.communeA, form(decision, { name: 'ds.xlsx', bytes: workbook }));
        expect(res.statusCode, res.body).toBe(201);
        const body = res.json();
        expect(body).toEqual({
          roundId: expect.any(String),
          decisionNumber: '12/QĐ-UBND',
          decisionDate: '2026-03-15',
          poor: 1,
          nearPoor: 1,
        });
        const round = await review.getRound(getDb(), body.roundId);
        expect(round).toMatchObject({
          kind: 'opening',
          status: 'recognised',
          communeCode: world.communeA,
          decisionNumber: '12/QĐ-UBND',
          decisionDate: '2026-03-15',
        });
        const results = await review.roundResults(getDb(), body.roundId);
        expect(results.map((r) => [r.householdId, r.finalClass]).sort()).toEqual(
          [
            [world.h1, 'poor'],
            [world.h2, 'near_poor'],
          ].sort(),
        );
        const audit = (await searchAudit(getDb(), { action: 'round.opening_list', page: 1, pageSize: 10 }))
          .rows;
        expect(audit).toHaveLength(1);
        expect(audit[0]).toMatchObject({ actorName: 'Người dùng xa (xa)', unitCode: world.communeA });

        // Read back by anyone who reads the commune (a viewer too): the decision and the counts.
        expect((await xem.get(`/api/communes/${world.communeA}/opening-list`)).json()).toEqual({
          openingList: {
            roundId: body.roundId,
            communeCode: world.communeA,
            decisionNumber: '12/QĐ-UBND',
            decisionDate: '2026-03-15',
            poor: 1,
            nearPoor: 1,
          },
          canImport: false,
        });
        const again = await upload(xa, world.communeA, form(decision, { name: 'ds.xlsx', bytes: workbook }));
        // (The whole answer on failure: in CI runs this second reading of the same file once found no header —
        // exceljs had lost the shared strings, see src/services/imports/read-xlsx.ts.)
        expect(again.statusCode, again.body).toBe(422);
        expect(again.json().error.fields[0].message.en, again.body).toMatch(
          /imported once, before the first round/,
        );
        const after = await searchAudit(getDb(), { action: 'round.opening_list', page: 1, pageSize: 10 });
        expect(after.rows).toHaveLength(1);
      });

      it('records a CSV list (BOM, semicolons) matching households by head and village', async () => {
        const file = csv(['Họ và tên chủ hộ;Thôn;Phân loại', 'LÝ THỊ HOA;thon ban chang;cận nghèo']);
        const res = await upload(
          xa2,
          world.communeB,
          form({ decisionNumber: '7/QĐ-UBND', decisionDate: '2026-02-01' }, { name: 'ds.csv', bytes: file }),
        );
        expect(res.statusCode, res.body).toBe(201);
        expect(res.json()).toMatchObject({ decisionNumber: '7/QĐ-UBND', poor: 0, nearPoor: 1 });
        const results = await review.roundResults(getDb(), res.json().roundId);
        expect(results.map((r) => [r.householdId, r.finalClass])).toEqual([[world.h3, 'near_poor']]);
      });
    });
  },
  { cleanup: false },
);
