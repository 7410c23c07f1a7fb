// The demo's boundary layers: the MIT-licensed shapes of the 34 provinces and of Thái Nguyên's communes
// (from 1 July 2025), read from ../shared/data/boundaries beside the repository when that folder exists.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../db/index.ts';
import * as maps from '../db/queries/maps.ts';
import { SYSTEM_ACTOR } from './actor.ts';
import { loadMapLayer, type MapLayerInput } from './map-layers.ts';

export const DEMO_BOUNDARIES = fileURLToPath(new URL('../../../shared/data/boundaries', import.meta.url));

const LICENCE = 'MIT (thanglequoc/vietnamese-provinces-database)';
const ATTRIBUTION =
  'Ranh giới hành chính: NXB Tài nguyên, Môi trường và Bản đồ Việt Nam (sapnhap.bando.com.vn), qua bộ dữ liệu vietnamese-provinces-database (MIT)';

/** The GPL-licensed district file of old Bắc Kạn is deliberately not among them: it stays outside the repository. */
const DEMO_LAYERS: (Omit<MapLayerInput, 'content'> & { file: string })[] = [
  {
    id: 'provinces-2025',
    name: '34 tỉnh, thành phố từ 01/07/2025',
    level: 'province',
    validOn: '2025-07-01',
    licence: LICENCE,
    attribution: ATTRIBUTION,
    file: 'provinces-2025-07-01.topo.json',
  },
  {
    id: 'thai-nguyen-communes-2025',
    name: 'Các xã, phường tỉnh Thái Nguyên từ 01/07/2025',
    level: 'commune',
    validOn: '2025-07-01',
    licence: LICENCE,
    attribution: ATTRIBUTION,
    file: 'thai-nguyen-19-communes-2025-07-01.topo.json',
  },
];

/** Loads the demo layers not loaded yet; quietly does nothing when the folder is absent. Returns the ids loaded. */
export async function loadDemoMaps(db: Database, dir: string = DEMO_BOUNDARIES): Promise<string[]> {
  const loaded: string[] = [];
  for (const { file, ...layer } of DEMO_LAYERS) {
    const path = join(dir, file);
    if (!existsSync(path) || (await maps.layerInfo(db, layer.id))) continue;
    const content: unknown = JSON.parse(readFileSync(path, 'utf8'));
    await loadMapLayer(db, { ...layer, content }, SYSTEM_ACTOR);
    loaded.push(layer.id);
  }
  return loaded;
}
