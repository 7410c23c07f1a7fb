// Figures over HTTP: entering, series with breaks, progress, children ranked and suppressed, scope.
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are read as JSON. */
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
      // Two communes' derived figures for 2026, as recognition would have left them.
      for (const [code, households, poor, near] of [
        [world.communeA, 400, 120, 40],
        [world.communeB, 300, 3, 30],
      ] as const) {
        await getDb().query(
          `insert into rollups (unit_code, unit_valid_from, year, standard, grp, households, poor, near_poor, communes)
           values ($1, '2025-07-01', 2026, 'ND07_2021', 'all', $2, $3, $4, 1)`,
          [code, households, poor, near],
        );
      }
    }, 180_000);
    afterAll(async () => app?.close());

    it('enters figures with their source and reads the series with the break and the progress', async () => {
      const tinh = await signedInAs(app, 'tinh');
      for (const [year, standard, rate] of [
        [2021, 'QD59_2015', 17.02],
        [2021, 'ND07_2021', 26.93],
        [2022, 'ND07_2021', 24.71],
        [2023, 'ND07_2021', 21.95],
      ] as const) {
        const res = await tinh.post('/api/figures', {
          unitCode: '19',
          year,
          standard,
          group: 'all',
          poorRate: rate,
          source: 'Báo cáo tỉnh (ví dụ)',
        });
        expect(res.statusCode, res.body).toBe(201);
      }
      const series = (await tinh.get('/api/figures?unitCode=19')).json();
      expect(series.breaks).toEqual([{ year: 2021, from: 'QD59_2015', to: 'ND07_2021' }]);
      expect(series.figures.filter((f: any) => !f.derived)).toHaveLength(4);
      const progress = (await tinh.get('/api/figures/progress?unitCode=19&from=2022&to=2023')).json();
      expect(progress.map((p: any) => [p.year, p.change])).toEqual([
        [2022, 2.22],
        [2023, 2.76],
      ]);
      const bad = await tinh.post('/api/figures', {
        unitCode: '19',
        year: 2024,
        standard: 'ND07_2021',
        group: 'all',
        source: 'x',
      });
      expect(bad.statusCode).toBe(400);
    });

    it('ranks children, and the public table suppresses small cells', async () => {
      const tinh = await signedInAs(app, 'tinh');
      const ranked = (await tinh.get('/api/figures/children?unitCode=19&year=2026')).json();
      expect(ranked.map((r: any) => [r.unit, r.poorRate])).toEqual([
        [world.communeA, 30],
        [world.communeB, 1],
      ]);
      const pub = (await tinh.get('/api/figures/children?unitCode=19&year=2026&public=true')).json();
      expect(pub.find((r: any) => r.unit === world.communeB)).toMatchObject({
        poor: null,
        poorRate: null,
        suppressed: true,
      });
    });

    it('officers of today’s province answer for the figures of the provinces merged into it', async () => {
      const tinh = await signedInAs(app, 'tinh');
      const old = await tinh.post('/api/figures', {
        unitCode: '06',
        year: 2023,
        standard: 'ND07_2021',
        group: 'all',
        poorRate: 21.95,
        source: 'Báo cáo UBND tỉnh Bắc Kạn (ví dụ)',
      });
      expect(old.statusCode).toBe(201);
      expect((await tinh.get('/api/figures?unitCode=06')).json().figures).toHaveLength(1);
      const xa = await signedInAs(app, 'xa');
      expect(
        (
          await xa.post('/api/figures', {
            unitCode: '06',
            year: 2023,
            standard: 'ND07_2021',
            group: 'all',
            poorRate: 1,
            source: 'x x x',
          })
        ).statusCode,
      ).toBe(403);
    });

    it('a commune officer does not read the province’s figures', async () => {
      const xa2 = await signedInAs(app, 'xa2');
      expect((await xa2.get('/api/figures?unitCode=19')).statusCode).toBe(404);
      expect((await xa2.get(`/api/figures?unitCode=${world.communeB}`)).statusCode).toBe(200);
    });
  },
  { cleanup: false },
);
