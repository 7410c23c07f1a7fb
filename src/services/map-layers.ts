// Loading a boundary layer: the file read (GeoJSON or TopoJSON), every code checked against the units of the
// layer's level valid on its date, licence and attribution required, saved and audited in one transaction.
import { units, type Database, type Queryable } from '../db/index.ts';
import * as maps from '../db/queries/maps.ts';
import type { MapLevel } from '../db/queries/maps.ts';
import { readMapFile, type MapProblem } from '../domain/geography/map-file.ts';
import { isCalendarDate } from '../domain/standards/facts.ts';
import { authorId, requirePermission, type Actor } from './actor.ts';
import { requireUnitOrSuccessorInScope } from './access.ts';
import { recordAudit } from './audit.ts';
import { AppError } from './errors.ts';

export const MAP_LEVELS: readonly MapLevel[] = ['province', 'district', 'commune'];

const LEVEL_NAMES: Record<MapLevel, { vi: string; en: string }> = {
  province: { vi: 'tỉnh', en: 'province' },
  district: { vi: 'huyện', en: 'district' },
  commune: { vi: 'xã', en: 'commune' },
};

export interface MapLayerInput {
  id: string;
  name?: string | undefined;
  level: MapLevel;
  validOn: string;
  licence: string;
  attribution: string;
  /** The parsed file (GeoJSON FeatureCollection or TopoJSON Topology). */
  content: unknown;
}

/** A layer refused: what is wrong, by field or feature, in both languages. Nothing was saved. */
export class MapLayerError extends Error {
  override readonly name = 'MapLayerError';
  constructor(readonly problems: MapProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message.en}`).join('; '));
  }
}

function checkMetadata(input: MapLayerInput): MapProblem[] {
  const problems: MapProblem[] = [];
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(input.id))
    problems.push({
      path: 'id',
      message: {
        vi: 'Mã lớp bản đồ chỉ gồm chữ thường không dấu, số và dấu gạch ngang (2–63 ký tự)',
        en: 'The layer id takes lowercase letters, digits and hyphens (2–63 characters)',
      },
    });
  if (!MAP_LEVELS.includes(input.level))
    problems.push({
      path: 'level',
      message: {
        vi: 'Cấp phải là province, district hoặc commune',
        en: 'Level must be province, district or commune',
      },
    });
  if (!isCalendarDate(input.validOn))
    problems.push({
      path: 'validOn',
      message: { vi: 'Ngày hiệu lực không hợp lệ (YYYY-MM-DD)', en: 'Invalid valid-on date (YYYY-MM-DD)' },
    });
  if (!input.licence.trim())
    problems.push({
      path: 'licence',
      message: { vi: 'Cần ghi giấy phép của tệp ranh giới', en: 'The boundary file’s licence is required' },
    });
  if (!input.attribution.trim())
    problems.push({
      path: 'attribution',
      message: {
        vi: 'Cần ghi nguồn (dòng ghi công hiện trên bản đồ)',
        en: 'The attribution (the credit line shown on the map) is required',
      },
    });
  return problems;
}

/** Loads (or replaces) the layer; throws MapLayerError listing the problems when it cannot be used. */
export async function loadMapLayer(
  db: Database,
  input: MapLayerInput,
  actor: Actor,
): Promise<maps.MapLayerInfo> {
  requirePermission(actor, 'maps.load');
  const meta = checkMetadata(input);
  if (meta.length > 0) throw new MapLayerError(meta);
  const file = readMapFile(input.content);
  if (!file.ok) throw new MapLayerError(file.problems);
  const valid = await maps.codesValidOn(db, file.codes, input.level, input.validOn);
  const level = LEVEL_NAMES[input.level];
  const unknown: MapProblem[] = file.geojson.features
    .map((f, i) => ({ code: f.properties.code, i }))
    .filter((f) => !valid.has(f.code))
    .slice(0, 20)
    .map(({ code, i }) => ({
      path: `features[${i}]`,
      message: {
        vi: `Mã ${code} không phải đơn vị cấp ${level.vi} còn hiệu lực ngày ${input.validOn}`,
        en: `Code ${code} is not a ${level.en} valid on ${input.validOn}`,
      },
    }));
  if (unknown.length > 0) throw new MapLayerError(unknown);
  return db.transaction(async (tx) => {
    const before = await maps.layerInfo(tx, input.id);
    await maps.saveLayer(tx, {
      id: input.id,
      name: input.name?.trim() || input.id,
      level: input.level,
      validOn: input.validOn,
      licence: input.licence.trim(),
      attribution: input.attribution.trim(),
      geojson: file.geojson,
      loadedBy: authorId(actor),
    });
    const after = (await maps.layerInfo(tx, input.id))!;
    await recordAudit(tx, actor, {
      action: 'map_layer.load',
      entityType: 'map_layer',
      entityId: input.id,
      before: before ?? null,
      after: { ...after, codes: file.codes.length },
    });
    return after;
  });
}

// ---- Reading layers (registry.read) ------------------------------------------------------------------

/** The boundary layers loaded. */
export async function listMapLayers(db: Queryable, actor: Actor): Promise<maps.MapLayerInfo[]> {
  requirePermission(actor, 'registry.read');
  return maps.listLayers(db);
}

/** One layer with its GeoJSON; 404 when there is none with the id. */
export async function readMapLayer(db: Queryable, actor: Actor, id: string) {
  requirePermission(actor, 'registry.read');
  const layer = await maps.layerInfo(db, id);
  if (!layer) throw new AppError('NOT_FOUND');
  return { layer, geojson: await maps.layerGeoJson(db, id) };
}

/**
 * The layer outlining a unit's children (only their shapes), for the dashboard's choropleth: the unit
 * must be in the read scope on the date, itself or through a successor (404). No layer: nulls, with how
 * many children there are.
 */
export async function childrenMapLayer(
  db: Queryable,
  actor: Actor,
  q: { unitCode: string; date?: string | undefined },
  today: string,
) {
  requirePermission(actor, 'registry.read');
  const date = q.date ?? today;
  await requireUnitOrSuccessorInScope(db, actor, q.unitCode, date, today);
  const kids = await units.children(db, q.unitCode, date);
  const level = kids[0]?.level;
  const codes = kids.filter((k) => k.level === level).map((k) => k.code);
  const best = level ? await maps.bestLayerFor(db, codes, level) : undefined;
  if (!best) return { layer: null, geojson: null, covered: 0, children: kids.length };
  const layer = (await maps.layerInfo(db, best.id))!;
  const geojson = await maps.layerGeoJson(db, best.id, codes);
  return { layer, geojson, covered: best.covered, children: kids.length };
}
