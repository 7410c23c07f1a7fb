// Map layers: TopoJSON converted and GeoJSON kept, codes checked against the units of the layer's level and
// date, licence and attribution required, refusals leave nothing behind, every load audited.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/db/index.ts';
import * as maps from '../../src/db/queries/maps.ts';
import { readMapFile } from '../../src/domain/geography/map-file.ts';
import { DEMO_BOUNDARIES, loadDemoMaps } from '../../src/services/demo-maps.ts';
import { loadMapLayer, MapLayerError, type MapLayerInput } from '../../src/services/map-layers.ts';
import { ensureReferenceData } from '../../src/services/reference-data.ts';
import { forEachDatabase } from '../support/databases.ts';
import { SYSTEM_ACTOR } from '../../src/services/actor.ts';

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

/** Two communes of today's Thái Nguyên as GeoJSON. */
const GEOJSON = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { code: '01864', name: 'Bằng Thành' }, geometry: square(105, 22) },
    { type: 'Feature', properties: { code: '01906', name: 'Ba Bể' }, geometry: square(106, 22) },
  ],
};

/**
 * The same two communes as a hand-made TopoJSON: two squares sharing an edge. Quantized with scale 1 and
 * translate (105, 22), so arc 0 (the shared edge) runs from (106, 22) up to (106, 23) in delta encoding.
 */
const TOPOJSON = {
  type: 'Topology',
  transform: { scale: [1, 1], translate: [105, 22] },
  arcs: [
    [
      [1, 0],
      [0, 1],
    ],
    [
      [1, 1],
      [-1, 0],
      [0, -1],
      [1, 0],
    ],
    [
      [1, 0],
      [1, 0],
      [0, 1],
      [-1, 0],
    ],
  ],
  objects: {
    communes: {
      type: 'GeometryCollection',
      geometries: [
        { type: 'Polygon', arcs: [[0, 1]], properties: { code: '01864' } },
        { type: 'Polygon', arcs: [[2, ~0]], properties: { code: '01906' } },
      ],
    },
  },
};

const base = (content: unknown, over: Partial<MapLayerInput> = {}): MapLayerInput => ({
  id: 'test-layer',
  level: 'commune',
  validOn: '2025-07-01',
  licence: 'CC0',
  attribution: 'Bản đồ thử nghiệm',
  content,
  ...over,
});
const SYSTEM = SYSTEM_ACTOR;

describe('readMapFile (pure)', () => {
  it('converts TopoJSON to GeoJSON with the shared edge in both polygons', () => {
    const r = readMapFile(TOPOJSON);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.codes).toEqual(['01864', '01906']);
    const [a, b] = r.geojson.features;
    // Ring of the first square: (106,22) → (106,23) → (105,23) → (105,22) → (106,22).
    expect(a!.geometry).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [106, 22],
          [106, 23],
          [105, 23],
          [105, 22],
          [106, 22],
        ],
      ],
    });
    // The second walks the shared edge backwards (~0): (106,23) → (106,22) closes its ring.
    const ring = (b!.geometry as { coordinates: number[][][] }).coordinates[0]!;
    expect(ring.at(-2)).toEqual([106, 23]);
    expect(ring.at(-1)).toEqual([106, 22]);
  });

  it('names what is wrong: no code, a code twice, not a map file at all', () => {
    const bad = readMapFile({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { ten: 'x' }, geometry: square(0, 0) },
        { type: 'Feature', properties: { code: '01864' }, geometry: square(0, 0) },
        { type: 'Feature', properties: { code: '01864' }, geometry: square(1, 0) },
      ],
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.map((p) => p.path)).toEqual(['features[0]', 'features[2]']);
    expect(bad.problems[0]!.message.vi).toContain('properties.code');
    expect(bad.problems[1]!.message.en).toBe('Code 01864 appears twice');
    const notMap = readMapFile({ type: 'Feature' });
    expect(!notMap.ok && notMap.problems[0]!.message.en).toMatch(/neither GeoJSON/);
  });
});

forEachDatabase(
  (getDb) => {
    beforeAll(async () => {
      await ensureReferenceData(getDb());
    }, 180_000);

    it('loads GeoJSON, then TopoJSON under the same id (replacing it), each audited', async () => {
      const db = getDb();
      const first = await loadMapLayer(db, base(GEOJSON, { name: 'Thử' }), SYSTEM);
      expect(first).toMatchObject({ id: 'test-layer', name: 'Thử', level: 'commune', features: 2 });
      const again = await loadMapLayer(db, base(TOPOJSON), SYSTEM);
      expect(again.features).toBe(2);
      const geo = (await maps.layerGeoJson(db, 'test-layer')) as {
        features: { properties: { code: string } }[];
      };
      expect(geo.features.map((f) => f.properties.code)).toEqual(['01864', '01906']);
      const only = (await maps.layerGeoJson(db, 'test-layer', ['01906'])) as { features: unknown[] };
      expect(only.features).toHaveLength(1);
      expect(await maps.bestLayerFor(db, ['01906', '01900', '99999'], 'commune')).toEqual({
        id: 'test-layer',
        covered: 1,
      });
      expect(await maps.bestLayerFor(db, ['01906'], 'province')).toBeUndefined();
      const { rows } = await audit.searchAudit(db, {
        action: 'map_layer.load',
        entityId: 'test-layer',
        page: 1,
        pageSize: 10,
      });
      expect(rows).toHaveLength(2);
      // Newest first: the replacement names the layer it replaced.
      expect(rows[0]!.before).toMatchObject({ id: 'test-layer', name: 'Thử' });
      expect(rows[1]!.before).toBeNull();
    });

    it('refuses codes that are not units of the level on the date, and keeps nothing', async () => {
      const db = getDb();
      const withProvince = {
        ...GEOJSON,
        features: [
          ...GEOJSON.features,
          { type: 'Feature', properties: { code: '19' }, geometry: square(0, 0) },
        ],
      };
      const err = await loadMapLayer(db, base(withProvince, { id: 'bad-level' }), SYSTEM).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(MapLayerError);
      expect((err as MapLayerError).problems).toEqual([
        {
          path: 'features[2]',
          message: {
            vi: 'Mã 19 không phải đơn vị cấp xã còn hiệu lực ngày 2025-07-01',
            en: 'Code 19 is not a commune valid on 2025-07-01',
          },
        },
      ]);
      // Districts were abolished on 1 July 2025: Thành phố Bắc Kạn (058) is a district in January only.
      const district = {
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { code: '058' }, geometry: square(105, 22) }],
      };
      const late = base(district, { id: 'too-late', level: 'district', validOn: '2025-07-01' });
      const refused = await loadMapLayer(db, late, SYSTEM).catch((e: unknown) => e);
      expect((refused as MapLayerError).problems[0]!.message.en).toBe(
        'Code 058 is not a district valid on 2025-07-01',
      );
      expect(await maps.layerInfo(db, 'too-late')).toBeUndefined();
      const before = await loadMapLayer(
        db,
        { ...late, id: 'districts-2025-01', validOn: '2025-01-01' },
        SYSTEM,
      );
      expect(before.features).toBe(1);
      expect(await maps.layerInfo(db, 'bad-level')).toBeUndefined();
    });

    it('requires the licence and the attribution', async () => {
      const err = (await loadMapLayer(
        getDb(),
        base(GEOJSON, { id: 'no-licence', licence: ' ', attribution: '' }),
        SYSTEM,
      ).catch((e: unknown) => e)) as MapLayerError;
      expect(err.problems.map((p) => p.path)).toEqual(['licence', 'attribution']);
      expect(err.problems[1]!.message.vi).toContain('nguồn');
    });

    it.skipIf(!existsSync(DEMO_BOUNDARIES))(
      'loads the demo layers once: 34 provinces and 92 communes',
      async () => {
        const db = getDb();
        expect(await loadDemoMaps(db)).toEqual(['provinces-2025', 'thai-nguyen-communes-2025']);
        expect(await loadDemoMaps(db)).toEqual([]);
        const layers = await maps.listLayers(db);
        expect(layers.map((l) => [l.id, l.features])).toEqual(
          expect.arrayContaining([
            ['provinces-2025', 34],
            ['thai-nguyen-communes-2025', 92],
          ]),
        );
        const raw = JSON.parse(
          readFileSync(join(DEMO_BOUNDARIES, 'thai-nguyen-19-communes-2025-07-01.topo.json'), 'utf8'),
        );
        expect(raw.type).toBe('Topology');
        expect(
          layers
            .filter((l) => l.id.endsWith('-2025'))
            .every((l) => l.attribution.includes('vietnamese-provinces-database')),
        ).toBe(true);
      },
    );
  },
  { cleanup: false },
);
