// Reports over HTTP: the catalogue, each format's content type and file name, the read scope (another
// commune is 404, as if it did not exist) and parameter errors (400, in Vietnamese and English).
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are read as JSON. */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachDatabase } from '../support/databases.ts';
import { buildWorld, signedInAs, testServer, type World } from '../support/server.ts';

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    beforeAll(async () => {
      world = await buildWorld(getDb());
      app = await testServer(getDb());
      for (const [code, households, poor, near] of [
        [world.communeA, 400, 120, 40],
        [world.communeB, 300, 3, 30],
        ['19', 700, 123, 70],
      ] as const)
        await getDb().query(
          `insert into rollups (unit_code, unit_valid_from, year, standard, grp, households, poor, near_poor, communes)
           values ($1, '2025-07-01', 2026, 'ND07_2021', 'all', $2, $3, $4, 1)`,
          [code, households, poor, near],
        );
    }, 300_000);
    afterAll(async () => app?.close());

    it('lists the catalogue with described parameters', async () => {
      const xa = await signedInAs(app, 'xa');
      const res = await xa.get('/api/reports');
      expect(res.statusCode).toBe(200);
      const list = res.json();
      const review = list.find((r: any) => r.id === 'review-results');
      expect(review.title.vi).toBe('Kết quả rà soát hộ nghèo, hộ cận nghèo');
      expect(review.formats).toEqual(['json', 'xlsx', 'pdf', 'csv']);
      expect(review.parameters.map((p: any) => [p.name, p.required])).toEqual([
        ['unit', true],
        ['year', true],
        ['standard', false],
      ]);
      expect(review.parameters[0].description).toContain('Mã đơn vị');
      const monitoring = list.find((r: any) => r.id === 'monitoring-tt10');
      expect(monitoring.parameters.find((p: any) => p.name === 'period')).toMatchObject({
        type: 'enum',
        values: ['six_month', 'annual'],
        default: 'annual',
      });
      expect((await app.inject({ method: 'GET', url: '/api/reports' })).statusCode).toBe(401);
    });

    it('renders the commune officer’s own commune in every format', async () => {
      const xa = await signedInAs(app, 'xa');
      const base = `/api/reports/review-results?unit=${world.communeA}&year=2026`;
      const json = await xa.get(base);
      expect(json.statusCode, json.body).toBe(200);
      expect(json.headers['content-type']).toContain('application/json');
      const rows = json.json().sections[0].table.rows;
      expect(rows[0].cells).toMatchObject({
        unit: 'Xã Bằng Thành',
        households: 400,
        poor: 120,
        poorRate: 30,
      });

      const xlsx = await xa.get(`${base}&format=xlsx`);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(xlsx.headers['content-disposition']).toBe(
        `attachment; filename="Ket-qua-ra-soat-ho-ngheo-ho-can-ngheo-01864-2026.xlsx"; filename*=UTF-8''K%E1%BA%BFt%20qu%E1%BA%A3%20r%C3%A0%20so%C3%A1t%20h%E1%BB%99%20ngh%C3%A8o%2C%20h%E1%BB%99%20c%E1%BA%ADn%20ngh%C3%A8o%20-%2001864%20-%202026.xlsx`,
      );
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      expect(wb.worksheets[0]!.getCell('A1').value).toBe('Kết quả rà soát hộ nghèo, hộ cận nghèo');

      const pdf = await xa.get(`${base}&format=pdf&lang=en`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.headers['content-disposition']).toContain(
        'filename="Results-of-the-review-of-poor-and-near-poor-households-01864-2026.pdf"',
      );

      const csv = await xa.get(`${base}&format=csv`);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.body).toContain('Xã Bằng Thành,400,120,30');
    });

    it('a commune officer asking for another commune gets 404; the province officer gets it', async () => {
      const xa = await signedInAs(app, 'xa');
      const res = await xa.get(`/api/reports/review-results?unit=${world.communeB}&year=2026&format=xlsx`);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
      expect((await xa.get(`/api/reports/review-results?unit=19&year=2026`)).statusCode).toBe(404);
      const tinh = await signedInAs(app, 'tinh');
      expect(
        (await tinh.get(`/api/reports/review-results?unit=${world.communeB}&year=2026`)).statusCode,
      ).toBe(200);
      expect((await tinh.get(`/api/reports/no-such-report?unit=19&year=2026`)).statusCode).toBe(404);
    });

    it('bad parameters are 400 with the field named in Vietnamese and English', async () => {
      const tinh = await signedInAs(app, 'tinh');
      const missing = await tinh.get('/api/reports/review-results?unit=19');
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.fields).toEqual([
        {
          path: 'querystring.year',
          message: {
            vi: 'Tham số year: thiếu hoặc sai kiểu dữ liệu',
            en: expect.stringContaining('Parameter year:'),
          },
        },
      ]);
      const format = await tinh.get('/api/reports/review-results?unit=19&year=2026&format=docx');
      expect(format.statusCode).toBe(400);
      expect(format.json().error.fields[0].path).toBe('querystring.format');
      const threshold = await tinh.get('/api/reports/public-table?unit=19&year=2026&threshold=0');
      expect(threshold.statusCode).toBe(400);
      expect(threshold.json().error.fields[0].message.vi).toBe('Tham số threshold: quá nhỏ hoặc quá ngắn');
      const gone = await tinh.get('/api/reports/review-results?unit=19&year=2001');
      expect(gone.statusCode).toBe(400);
      expect(gone.json().error.fields[0].path).toBe('querystring.standard');
    });
  },
  { cleanup: false },
);
