// Figures over HTTP: entering, series with breaks, progress, children ranked and suppressed, scope.
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are read as JSON. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { profileOf } from '../../src/domain/measures/deficit-profile.ts';
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
      ).toBe(404);
    });

    it('measures: people, rates, deficits by indicator, Alkire–Foster for the rule’s k and another, flows', async () => {
      const profile = profileOf([
        { finalClass: 'poor', deficits: ['water', 'sanitation', 'employment'] },
        { finalClass: 'poor', deficits: ['water', 'housing_area', 'nutrition', 'telecom'] },
        { finalClass: 'near_poor', deficits: ['water'] },
        { finalClass: null, deficits: [] },
      ]);
      const flows = {
        poor: {
          start: 2,
          escapedToNearPoor: 1,
          escapedAboveNearPoor: 0,
          movedOut: 0,
          new: 1,
          rePoor: 0,
          end: 2,
        },
        nearPoor: { start: 0, toPoor: 0, escaped: 0, movedOut: 0, new: 1, fromPoor: 1, end: 1 },
      };
      await getDb().query(
        `insert into rollups (unit_code, unit_valid_from, year, standard, grp, households, poor, near_poor, people,
           poor_people, near_poor_people, deficit_profile, flows, communes)
         values ($1, '2025-07-01', 2025, 'ND07_2021', 'all', 4, 2, 1, 10, 5, 2, $2::jsonb, $3::jsonb, 1)`,
        [world.communeA, JSON.stringify(profile), JSON.stringify(flows)],
      );
      const tinh = await signedInAs(app, 'tinh');
      const m = (await tinh.get(`/api/figures/measures?unitCode=${world.communeA}&year=2025`)).json();
      expect(m).toMatchObject({
        standard: 'ND07_2021',
        households: 4,
        people: 10,
        poor: { households: 2, people: 5, rate: 50, peopleRate: 50 },
        nearPoor: { households: 1, people: 2, rate: 25, peopleRate: 20 },
        flows,
      });
      const water = m.indicators.find((i: any) => i.code === 'water');
      expect(water).toEqual({
        code: 'water',
        name: { vi: 'Nguồn nước sinh hoạt', en: 'Drinking water source' },
        poor: { households: 2, share: 100 },
        all: { households: 3, share: 75 },
      });
      expect(m.indicators).toHaveLength(12);
      // Default k = 3 of 12 (rules/measures/alkire-foster.yaml): both poor households; A = (3 + 4) / 12 / 2.
      expect(m.alkireFoster).toMatchObject({ k: 3, d: 12, q: 2, n: 4, H: 0.5, verified: false });
      expect(m.alkireFoster.A).toBeCloseTo(7 / 24, 12);
      // Water: censored headcount 2/4, contribution (1/2 / 12) / (7/48) = 2/7.
      expect(m.alkireFoster.indicators.find((i: any) => i.code === 'water').contribution).toBeCloseTo(
        2 / 7,
        12,
      );
      const k4 = (await tinh.get(`/api/figures/measures?unitCode=${world.communeA}&year=2025&k=4`)).json();
      expect(k4.alkireFoster).toMatchObject({ k: 4, q: 1, H: 0.25 });
      expect(k4.alkireFoster.A).toBeCloseTo(4 / 12, 12);
      // The province has no roll-up that year; k above the standard's indicators is refused; scope holds.
      expect((await tinh.get('/api/figures/measures?unitCode=19&year=2025')).statusCode).toBe(404);
      const tooBig = await tinh.get(`/api/figures/measures?unitCode=${world.communeA}&year=2025&k=13`);
      expect(tooBig.statusCode).toBe(400);
      expect(tooBig.body).toContain('querystring.k');
      const xa2 = await signedInAs(app, 'xa2');
      expect((await xa2.get(`/api/figures/measures?unitCode=${world.communeA}&year=2025`)).statusCode).toBe(
        404,
      );
    });

    it('derived and entered side by side: a difference beyond rounding is flagged', async () => {
      const tinh = await signedInAs(app, 'tinh');
      // Commune A derived 120 / 400 = 30 %; published 30,00 % with the same counts: no difference.
      // Commune B derived 3 / 300 = 1 %; published 1,2 %: 0,2 point apart, beyond the 0,05 of one decimal.
      for (const [unitCode, extra] of [
        [world.communeA, { totalHouseholds: 400, poorHouseholds: 120, poorRate: 30 }],
        [world.communeB, { poorRate: 1.2 }],
      ] as const) {
        const res = await tinh.post('/api/figures', {
          unitCode,
          year: 2026,
          standard: 'ND07_2021',
          group: 'all',
          source: 'Báo cáo của xã (số liệu mẫu / demo value)',
          ...extra,
        });
        expect(res.statusCode, res.body).toBe(201);
      }
      const a = (await tinh.get(`/api/figures?unitCode=${world.communeA}`)).json();
      expect(a.figures.filter((f: any) => f.year === 2026).map((f: any) => [f.derived, f.differs])).toEqual([
        [true, false],
        [false, false],
      ]);
      expect(a.comparisons).toEqual([
        expect.objectContaining({
          year: 2026,
          derivedRate: 30,
          enteredRate: 30,
          poorRatePoints: 0,
          differs: false,
        }),
      ]);
      const b = (await tinh.get(`/api/figures?unitCode=${world.communeB}`)).json();
      expect(b.comparisons[0]).toMatchObject({
        derivedRate: 1,
        enteredRate: 1.2,
        poorRatePoints: -0.2,
        households: null,
        differs: true,
      });
      expect(b.figures.every((f: any) => f.differs === true)).toBe(true);
    });

    it('basis=today re-bases Thái Nguyên’s pre-reform years from former Bắc Kạn and Thái Nguyên, with a footnote', async () => {
      const tinh = await signedInAs(app, 'tinh');
      for (const [unitCode, year, total, poor] of [
        ['06', 2024, 80_000, 16_000],
        ['19', 2024, 320_000, 24_000],
        ['06', 2023, 79_000, 17_400],
        ['19', 2023, 321_000, 26_600],
      ] as const) {
        const res = await tinh.post('/api/figures', {
          unitCode,
          year,
          standard: 'ND07_2021',
          group: 'ethnic_minority',
          totalHouseholds: total,
          poorHouseholds: poor,
          source: 'Báo cáo tỉnh (số liệu mẫu / demo value)',
        });
        expect(res.statusCode, res.body).toBe(201);
      }
      const asWas = (await tinh.get('/api/figures?unitCode=19&group=ethnic_minority')).json();
      expect(asWas.figures.map((f: any) => [f.year, f.households, f.poorRate, f.rebased])).toEqual([
        [2023, 321_000, 8.29, false],
        [2024, 320_000, 7.5, false],
      ]);
      expect(asWas.footnotes).toEqual([]);
      const today = (await tinh.get('/api/figures?unitCode=19&group=ethnic_minority&basis=today')).json();
      // 80.000 + 320.000 households, 16.000 + 24.000 poor: 10 %, exact (both merged whole).
      expect(today.figures.map((f: any) => [f.year, f.households, f.poor, f.poorRate, f.rebased])).toEqual([
        [2023, 400_000, 44_000, 11, true],
        [2024, 400_000, 40_000, 10, true],
      ]);
      expect(today.footnotes).toHaveLength(1);
      expect(today.footnotes[0].vi).toContain('Tỉnh Bắc Kạn (06) toàn bộ (chính xác)');
      expect(today.footnotes[0].en).toContain('whole (exact)');
      expect(today.footnotes[0].vi).not.toContain('chưa đầy đủ');
      // Progress on either basis: 8,29 → 7,5 % for former Thái Nguyên alone, 11 → 10 % re-based.
      const progress = async (basis: string) =>
        (
          await tinh.get(
            `/api/figures/progress?unitCode=19&group=ethnic_minority&from=2024&to=2024&basis=${basis}`,
          )
        )
          .json()
          .map((p: any) => [p.year, p.start, p.end, p.change]);
      expect(await progress('as_was')).toEqual([[2024, 8.29, 7.5, 0.79]]);
      expect(await progress('today')).toEqual([[2024, 11, 10, 1]]);
    });

    it('interop: DHIS2 dataValueSets of the roll-ups, and the series and children tables as CSV', async () => {
      const tinh = await signedInAs(app, 'tinh');
      const res = await tinh.get('/api/figures/dhis2?unitCode=19&year=2026');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['x-id-scheme']).toBe('CODE');
      const { dataValues } = res.json();
      // Two communes × three data elements (the province itself has no roll-up in this world).
      expect(dataValues).toHaveLength(6);
      expect(dataValues).toContainEqual({
        dataElement: 'GN_HH_POOR',
        period: '2026',
        orgUnit: world.communeA,
        categoryOptionCombo: 'default',
        value: '120',
      });
      const children = await tinh.get('/api/figures/children/csv?unitCode=19&year=2026');
      expect(children.headers['content-type']).toContain('text/csv');
      const lines = children.body
        .replace(/^\uFEFF/u, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toContain('Tỷ lệ hộ nghèo % (poor rate)');
      expect(lines.slice(1).map((l) => l.split(',').slice(0, 1).concat(l.split(',').slice(2, 6)))).toEqual([
        [world.communeA, '400', '120', '40', '30'],
        [world.communeB, '300', '3', '30', '1'],
      ]);
      const series = await tinh.get(`/api/figures/csv?unitCode=${world.communeB}`);
      expect(series.body.startsWith('\uFEFF')).toBe(true);
      expect(series.body).toContain('2026,ND07_2021,300,3,30,1,tổng hợp / derived,true');
      expect(
        (await (await signedInAs(app, 'xa2')).get('/api/figures/dhis2?unitCode=19&year=2026')).statusCode,
      ).toBe(404);
    });

    it('a commune officer does not read the province’s figures', async () => {
      const xa2 = await signedInAs(app, 'xa2');
      expect((await xa2.get('/api/figures?unitCode=19')).statusCode).toBe(404);
      expect((await xa2.get(`/api/figures?unitCode=${world.communeB}`)).statusCode).toBe(200);
    });
  },
  { cleanup: false },
);
