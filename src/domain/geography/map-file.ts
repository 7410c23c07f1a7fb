// Reads a boundary file (GeoJSON or TopoJSON) into one GeoJSON FeatureCollection keyed by unit code, or the
// problems that stop it from being used: pure, no I/O (the codes are checked against the units elsewhere).
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Objects, Topology } from 'topojson-specification';

export interface MapProblem {
  /** Where: 'file', or 'features[12]' (0-based, in file order). */
  path: string;
  message: { vi: string; en: string };
}

export type MapFeature = Feature<Geometry, { code: string; name?: string }>;

export type MapFileResult =
  | { ok: true; geojson: FeatureCollection<Geometry, { code: string; name?: string }>; codes: string[] }
  | { ok: false; problems: MapProblem[] };

/** At most this many problems are listed (a wrong file would otherwise list every feature). */
const MAX_PROBLEMS = 20;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The features of a GeoJSON FeatureCollection, or of every object of a TopoJSON Topology, in file order. */
function featuresOf(json: unknown): Feature[] | MapProblem {
  if (isObject(json) && json.type === 'FeatureCollection' && Array.isArray(json.features))
    return json.features as Feature[];
  if (isObject(json) && json.type === 'Topology' && isObject(json.objects) && Array.isArray(json.arcs)) {
    const topology = json as unknown as Topology<Objects>;
    const out: Feature[] = [];
    for (const object of Object.values(topology.objects)) {
      const converted = feature(topology, object as GeometryCollection);
      if ('features' in converted) out.push(...(converted.features as Feature[]));
      else out.push(converted as Feature);
    }
    return out;
  }
  return {
    path: 'file',
    message: {
      vi: 'Tệp không phải GeoJSON (FeatureCollection) hay TopoJSON (Topology)',
      en: 'The file is neither GeoJSON (a FeatureCollection) nor TopoJSON (a Topology)',
    },
  };
}

/** The file as a FeatureCollection whose features carry properties.code (and name when given), each once. */
export function readMapFile(json: unknown): MapFileResult {
  const features = featuresOf(json);
  if (!Array.isArray(features)) return { ok: false, problems: [features] };
  if (features.length === 0)
    return {
      ok: false,
      problems: [
        { path: 'file', message: { vi: 'Tệp không có ranh giới nào', en: 'The file has no features' } },
      ],
    };
  const problems: MapProblem[] = [];
  const seen = new Set<string>();
  const kept: MapFeature[] = [];
  features.forEach((f, i) => {
    const path = `features[${i}]`;
    const props: Record<string, unknown> = isObject(f?.properties) ? f.properties : {};
    const raw = props.code;
    const code = typeof raw === 'number' ? String(raw) : raw;
    if (typeof code !== 'string' || !/^\d{2,5}$/.test(code.trim())) {
      problems.push({
        path,
        message: {
          vi: `Ranh giới thứ ${i + 1} thiếu properties.code (mã đơn vị hành chính)`,
          en: `Feature ${i + 1} lacks properties.code (the administrative unit code)`,
        },
      });
      return;
    }
    if (seen.has(code)) {
      problems.push({
        path,
        message: { vi: `Mã ${code} xuất hiện hai lần`, en: `Code ${code} appears twice` },
      });
      return;
    }
    seen.add(code);
    if (!f.geometry) {
      problems.push({
        path,
        message: { vi: `Ranh giới mã ${code} không có hình`, en: `Feature ${code} has no geometry` },
      });
      return;
    }
    const name = typeof props.name === 'string' ? props.name : undefined;
    kept.push({
      type: 'Feature',
      geometry: f.geometry,
      properties: name === undefined ? { code } : { code, name },
    });
  });
  if (problems.length > 0) return { ok: false, problems: problems.slice(0, MAX_PROBLEMS) };
  return { ok: true, geojson: { type: 'FeatureCollection', features: kept }, codes: [...seen] };
}
