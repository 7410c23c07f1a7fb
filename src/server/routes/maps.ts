// Map layers over HTTP: list them, read one's GeoJSON, find the layer outlining a unit's children (for the
// dashboard's choropleth), and load a layer (system administrators and province officers; audited).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type * as maps from '../../db/queries/maps.ts';
import {
  childrenMapLayer,
  listMapLayers,
  loadMapLayer,
  MAP_LEVELS,
  MapLayerError,
  readMapLayer,
} from '../../services/map-layers.ts';
import { AppError } from '../errors.ts';
import { errors, isoDate, signedIn } from './common.ts';

const layerSchema = z.object({
  id: z.string(),
  name: z.string(),
  level: z.enum(['province', 'district', 'commune']),
  validOn: z.string(),
  licence: z.string(),
  attribution: z.string(),
  features: z.number(),
  loadedAt: z.string(),
});
const geojsonSchema = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) });

const plain = (l: maps.MapLayerInfo) => ({ ...l, loadedAt: new Date(l.loadedAt).toISOString() });
type GeoJson = z.infer<typeof geojsonSchema>;
/** A layer refused, its problems named by the request's fields (the file's under body.content). */
const refused = (e: MapLayerError) =>
  new AppError(
    'VALIDATION_FAILED',
    e.problems.map((p) => ({
      path: p.path === 'file' || p.path.startsWith('features') ? `body.content.${p.path}` : `body.${p.path}`,
      message: p.message,
    })),
  );
/** Boundary files are large; 16 MB takes a province's communes at full detail. */
const MAP_BODY_LIMIT = 16 * 1024 * 1024;

export const mapRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, today } = app.deps;

  app.get(
    '/maps',
    {
      schema: {
        tags: ['maps'],
        summary: 'Các lớp bản đồ ranh giới / the boundary layers loaded',
        response: { 200: z.array(layerSchema), ...errors(401, 403) },
      },
    },
    async (req) => (await listMapLayers(db, signedIn(req))).map(plain),
  );

  app.get(
    '/maps/children',
    {
      schema: {
        tags: ['maps'],
        summary:
          'Lớp bản đồ của các đơn vị trực thuộc / the layer outlining a unit’s children (only their shapes)',
        querystring: z.object({ unitCode: z.string().regex(/^\d{2,5}$/), date: isoDate.optional() }),
        response: {
          200: z.object({
            layer: layerSchema.nullable(),
            geojson: geojsonSchema.nullable(),
            /** Children with a shape, of all children. */
            covered: z.number(),
            children: z.number(),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const r = await childrenMapLayer(db, signedIn(req), req.query, today());
      return { ...r, layer: r.layer && plain(r.layer), geojson: r.geojson as GeoJson | null };
    },
  );

  app.get(
    '/maps/:id',
    {
      schema: {
        tags: ['maps'],
        summary: 'Một lớp bản đồ dạng GeoJSON / one layer as GeoJSON',
        params: z.object({ id: z.string().max(63) }),
        response: {
          200: z.object({ layer: layerSchema, geojson: geojsonSchema }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (req) => {
      const { layer, geojson } = await readMapLayer(db, signedIn(req), req.params.id);
      return { layer: plain(layer), geojson: geojson as GeoJson };
    },
  );

  app.post(
    '/maps',
    {
      bodyLimit: MAP_BODY_LIMIT,
      schema: {
        tags: ['maps'],
        summary:
          'Nạp lớp bản đồ (GeoJSON hoặc TopoJSON, properties.code = mã đơn vị) / load a layer (GeoJSON or TopoJSON keyed by unit code)',
        body: z.object({
          id: z.string(),
          name: z.string().max(200).optional(),
          level: z.enum(MAP_LEVELS),
          validOn: isoDate,
          licence: z.string().max(300),
          attribution: z.string().max(1000),
          content: z.unknown(),
        }),
        response: { 201: layerSchema, ...errors(400, 401, 403, 413) },
      },
    },
    async (req, reply) => {
      try {
        return reply.code(201).send(plain(await loadMapLayer(db, req.body, signedIn(req))));
      } catch (e) {
        throw e instanceof MapLayerError ? refused(e) : e;
      }
    },
  );
};
