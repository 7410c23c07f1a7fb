// Dashboard over HTTP: the review's progress by commune (counts hand-checked, scope), and map layers loaded,
// refused and found for a unit's children.
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are read as JSON. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { reviewRounds, units } from '../../src/db/index.ts';
import { forEachDatabase } from '../support/databases.ts';
import { buildWorld, signedInAs, testServer, TODAY, type World } from '../support/server.ts';

const square = (x: number, y: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + 1, y],
      [x + 1, y + 1],
      [x, y + 1],
      [x, y],
    ],
  ],
});

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    let communesOf19: string[];
    beforeAll(async () => {
      world = await buildWorld(getDb());
      app = await testServer(getDb());
      communesOf19 = (await units.children(getDb(), '19', TODAY)).map((c) => c.code);
      // 2026: commune A recognised, commune B still reviewing; a 2025 round of A reported (another year).
      const a = await reviewRounds.createReviewRound(getDb(), {
        communeCode: world.communeA,
        date: TODAY,
        kind: 'periodic',
        year: 2026,
      });
      await reviewRounds.createReviewRound(getDb(), {
        communeCode: world.communeB,
        date: TODAY,
        kind: 'periodic',
        year: 2026,
      });
      await reviewRounds.createReviewRound(getDb(), {
        communeCode: world.communeA,
        date: TODAY,
        kind: 'regular',
        year: 2026,
        month: 3,
      });
      await getDb().query(`update review_rounds set status = 'recognised' where id = $1`, [a.id]);
    }, 180_000);
    afterAll(async () => app?.close());

    it('counts the communes of the province by the status of their periodic round of the year', async () => {
      const tinh = await signedInAs(app, 'tinh');
      const res = await tinh.get('/api/dashboard/review-progress?unitCode=19&year=2026');
      expect(res.statusCode).toBe(200);
      const body = res.json<any>();
      expect(body.date).toBe(TODAY);
      // Regular (monthly) rounds do not count: one recognised, one open, the rest not started.
      expect(body.counts).toEqual({
        none: communesOf19.length - 2,
        open: 1,
        recognised: 1,
        reported: 0,
        total: communesOf19.length,
      });
      expect(body.communes.find((c: any) => c.code === world.communeA)).toMatchObject({
        status: 'recognised',
      });
      const y2025 = await tinh.get('/api/dashboard/review-progress?unitCode=19&year=2025');
      expect(y2025.json<any>().counts.none).toBe(y2025.json<any>().counts.total);
      expect(y2025.json<any>().date).toBe('2025-12-31');
    });

    it('keeps a commune officer to her commune', async () => {
      const xa = await signedInAs(app, 'xa');
      const own = await xa.get(`/api/dashboard/review-progress?unitCode=${world.communeA}&year=2026`);
      expect(own.json<any>().counts).toEqual({ none: 0, open: 0, recognised: 1, reported: 0, total: 1 });
      expect((await xa.get('/api/dashboard/review-progress?unitCode=19&year=2026')).statusCode).toBe(404);
      expect(
        (await xa.get(`/api/dashboard/review-progress?unitCode=${world.communeB}&year=2026`)).statusCode,
      ).toBe(404);
      expect((await xa.get('/api/dashboard/review-progress?unitCode=1x&year=2026')).statusCode).toBe(400);
    });

    it('loads a layer (province officer), refuses bad files with their error and others’ attempts', async () => {
      const tinh = await signedInAs(app, 'tinh');
      const layer = {
        id: 'tn-test',
        level: 'commune',
        validOn: '2025-07-01',
        licence: 'CC0',
        attribution: 'Bản đồ thử',
        content: {
          type: 'FeatureCollection',
          features: [
            { type: 'Feature', properties: { code: world.communeA }, geometry: square(105, 22) },
            { type: 'Feature', properties: { code: world.communeB }, geometry: square(106, 22) },
          ],
        },
      };
      const bad = await tinh.post('/api/maps', {
        ...layer,
        attribution: '',
        content: {
          type: 'FeatureCollection',
          features: [{ type: 'Feature', properties: {}, geometry: square(0, 0) }],
        },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json<any>().error.fields).toEqual([
        {
          path: 'body.attribution',
          message: {
            vi: 'Cần ghi nguồn (dòng ghi công hiện trên bản đồ)',
            en: 'The attribution (the credit line shown on the map) is required',
          },
        },
      ]);
      const noCode = await tinh.post('/api/maps', {
        ...layer,
        content: {
          type: 'FeatureCollection',
          features: [{ type: 'Feature', properties: {}, geometry: square(0, 0) }],
        },
      });
      expect(noCode.json<any>().error.fields[0].path).toBe('body.content.features[0]');
      const xa = await signedInAs(app, 'xa');
      expect((await xa.post('/api/maps', layer)).statusCode).toBe(403);
      const ok = await tinh.post('/api/maps', layer);
      expect(ok.statusCode).toBe(201);
      expect(ok.json<any>()).toMatchObject({ id: 'tn-test', features: 2, attribution: 'Bản đồ thử' });

      const list = await xa.get('/api/maps');
      expect(list.json<any>().map((l: any) => l.id)).toEqual(['tn-test']);
      const children = (await tinh.get('/api/maps/children?unitCode=19')).json<any>();
      expect(children).toMatchObject({ covered: 2, children: communesOf19.length, layer: { id: 'tn-test' } });
      expect(children.geojson.features.map((f: any) => f.properties.code).sort()).toEqual(
        [world.communeA, world.communeB].sort(),
      );
      // A commune has no children: no layer. Another province is out of the officer's scope.
      expect((await xa.get(`/api/maps/children?unitCode=${world.communeA}`)).json<any>().layer).toBeNull();
      expect((await xa.get('/api/maps/children?unitCode=19')).statusCode).toBe(404);
      expect((await tinh.get('/api/maps/tn-test')).json<any>().geojson.features).toHaveLength(2);
      expect((await tinh.get('/api/maps/nothing')).statusCode).toBe(404);
    });

    it('imports figures and targets from CSV, all or nothing, rows outside the scope refused', async () => {
      const tinh = await signedInAs(app, 'tinh');
      const head =
        'unit,year,standard,group,total_households,poor_households,near_poor_households,poor_rate,near_poor_rate,source';
      const bad = await tinh.post('/api/figures/import', {
        csv: `${head}\n19,2022,ND07_2021,all,,,,24.71,,BC 01\n19,2023,NO_SUCH,all,,,,21.95,,BC 02\n`,
      });
      expect(bad.statusCode).toBe(400);
      const fields = bad.json<any>().error.fields;
      expect(fields).toHaveLength(1);
      expect(fields[0].path).toMatch(/^csv\.row3/);
      expect(fields[0].message.vi).toMatch(/^Dòng 3/);
      expect((await tinh.get('/api/figures?unitCode=19')).json<any>().figures).toEqual([]);

      const ok = await tinh.post('/api/figures/import', {
        csv: `\uFEFF${head}\n19,2022,ND07_2021,all,,,,24.71,,BC 01\n19,2023,ND07_2021,all,1000,220,,,,BC 02\n`,
      });
      expect(ok.json<any>()).toEqual({ imported: 2 });
      const rates = (await tinh.get('/api/figures?unitCode=19'))
        .json<any>()
        .figures.map((f: any) => [f.year, f.poorRate]);
      expect(rates).toEqual([
        [2022, 24.71],
        [2023, 22],
      ]);
      const xa = await signedInAs(app, 'xa');
      const outside = await xa.post('/api/figures/import', {
        csv: `${head}\n${world.communeA},2026,ND07_2021,all,,,,10,,BC xã\n19,2026,ND07_2021,all,,,,9,,BC tỉnh\n`,
      });
      expect(outside.statusCode).toBe(400);
      expect(outside.json<any>().error.fields.map((f: any) => f.path)).toEqual(['csv.row3.unit']);
      expect((await xa.post('/api/figures/import', { csv: `${head}\n` })).statusCode).toBe(200);

      const targets = await tinh.post('/api/targets/import', {
        csv: 'unit,group,year_from,year_to,indicator,kind,lower,upper,source\n19,all,2022,2025,poor_rate,reduction_pp,2,2.5,NQ HĐND\n',
      });
      expect(targets.json<any>()).toEqual({ imported: 1 });
      expect((await tinh.get('/api/targets?unitCode=19')).json<any>()).toEqual([
        { yearFrom: 2022, yearTo: 2025, kind: 'reduction_pp', lower: 2, upper: 2.5, source: 'NQ HĐND' },
      ]);
      expect((await xa.get('/api/targets?unitCode=19')).statusCode).toBe(404);
      const viewer = await signedInAs(app, 'xem');
      expect((await viewer.post('/api/targets/import', { csv: 'x' })).statusCode).toBe(403);
    });
  },
  { cleanup: false },
);
