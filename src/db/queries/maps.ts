// Map layers: boundary shapes keyed by unit code, their licence and attribution; which layer covers a unit's
// children; the unit codes valid on a layer's date.
import type { Queryable } from '../database.ts';
import { validOn } from './units.ts';

export type MapLevel = 'province' | 'district' | 'commune';

export interface MapLayerInfo {
  id: string;
  name: string;
  level: MapLevel;
  validOn: string;
  licence: string;
  attribution: string;
  features: number;
  loadedAt: Date;
}

const INFO = `m.id, m.name, m.level, m.valid_on::text as "validOn", m.licence, m.attribution,
  jsonb_array_length(m.geojson->'features') as features, m.loaded_at as "loadedAt"`;

/** Which of `codes` name a unit of `level` valid on `date`. */
export async function codesValidOn(
  db: Queryable,
  codes: readonly string[],
  level: MapLevel,
  date: string,
): Promise<Set<string>> {
  const rows = await db.query<{ code: string }>(
    `select distinct u.code from admin_units u
     where u.code = any($1::text[]) and u.level = $2 and ${validOn('u', '$3')}`,
    [codes, level, date],
  );
  return new Set(rows.map((r) => r.code));
}

export async function layerInfo(db: Queryable, id: string): Promise<MapLayerInfo | undefined> {
  const [row] = await db.query<MapLayerInfo>(`select ${INFO} from map_layers m where m.id = $1`, [id]);
  return row;
}

/** Inserts the layer, or replaces the one with the same id. */
export async function saveLayer(
  db: Queryable,
  layer: Omit<MapLayerInfo, 'features' | 'loadedAt'> & { geojson: object; loadedBy: string | null },
): Promise<void> {
  await db.query(
    `insert into map_layers (id, name, level, valid_on, geojson, licence, attribution, loaded_by, loaded_at)
     values ($1, $2, $3, $4::date, $5::jsonb, $6, $7, $8, now())
     on conflict (id) do update set name = excluded.name, level = excluded.level, valid_on = excluded.valid_on,
       geojson = excluded.geojson, licence = excluded.licence, attribution = excluded.attribution,
       loaded_by = excluded.loaded_by, loaded_at = excluded.loaded_at`,
    [
      layer.id,
      layer.name,
      layer.level,
      layer.validOn,
      JSON.stringify(layer.geojson),
      layer.licence,
      layer.attribution,
      layer.loadedBy,
    ],
  );
}

export async function listLayers(db: Queryable): Promise<MapLayerInfo[]> {
  return db.query<MapLayerInfo>(`select ${INFO} from map_layers m order by m.level, m.id`);
}

/** The layer's GeoJSON FeatureCollection, or only the features whose code is in `codes` when given. */
export async function layerGeoJson(
  db: Queryable,
  id: string,
  codes?: readonly string[],
): Promise<object | undefined> {
  const [row] = await db.query<{ geojson: object }>(
    codes === undefined
      ? `select geojson from map_layers where id = $1`
      : `select jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(
           (select jsonb_agg(f) from jsonb_array_elements(m.geojson->'features') f
            where f->'properties'->>'code' = any($2::text[])), '[]'::jsonb)) as geojson
         from map_layers m where m.id = $1`,
    codes === undefined ? [id] : [id, codes],
  );
  return row?.geojson;
}

/**
 * The layer that outlines the most of `codes` (units of `level`), with how many it covers; none when no
 * layer covers any. Ties go to the most recent shapes.
 */
export async function bestLayerFor(
  db: Queryable,
  codes: readonly string[],
  level: MapLevel,
): Promise<{ id: string; covered: number } | undefined> {
  if (codes.length === 0) return undefined;
  const [row] = await db.query<{ id: string; covered: number }>(
    `select m.id, count(*)::int as covered
     from map_layers m cross join lateral jsonb_array_elements(m.geojson->'features') f
     where m.level = $2 and f->'properties'->>'code' = any($1::text[])
     group by m.id, m.valid_on
     order by covered desc, m.valid_on desc, m.id
     limit 1`,
    [codes, level],
  );
  return row;
}
