// `giamngheo maps load|list`: boundary layers for the dashboard's choropleths (GeoJSON or TopoJSON keyed by unit code).
import { readFileSync } from 'node:fs';
import * as maps from '../../db/queries/maps.ts';
import type { MapLevel } from '../../db/queries/maps.ts';
import { loadMapLayer, MAP_LEVELS, MapLayerError } from '../../services/map-layers.ts';
import { parseOptions, UsageError, type Command } from '../command.ts';
import { actingAs, AS_HELP, AS_OPTION } from '../acting-as.ts';
import { DATABASE_HELP, DATABASE_OPTIONS, withDatabase, withDatabaseCommand } from '../database-options.ts';

const HELP = `giamngheo maps load FILE --id ID --level province|district|commune --valid-on YYYY-MM-DD
                    --licence TEXT --attribution TEXT [--name TEXT] [--as USERNAME] [--db DIR]
giamngheo maps list [--db DIR]

Nạp ranh giới hành chính (GeoJSON hoặc TopoJSON; mỗi ranh giới có properties.code = mã đơn vị còn hiệu lực
ngày --valid-on). Giấy phép và dòng ghi nguồn là bắt buộc; dòng ghi nguồn hiện trên mọi bản đồ dùng lớp này.
Loads administrative boundaries (GeoJSON or TopoJSON; each feature's properties.code = a unit code valid on
--valid-on). Licence and attribution are required; the attribution shows on every map using the layer.
${AS_HELP}
${DATABASE_HELP}`;

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: không đọc được / cannot read (${(e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${file}: không phải JSON / not JSON`);
  }
}

export const mapsCommand: Command = {
  summary: 'nạp lớp bản đồ ranh giới / load boundary layers',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, {
      ...DATABASE_OPTIONS,
      ...AS_OPTION,
      id: { type: 'string' },
      name: { type: 'string' },
      level: { type: 'string' },
      'valid-on': { type: 'string' },
      licence: { type: 'string' },
      attribution: { type: 'string' },
    });
    const [verb, file] = positionals;
    if (verb === 'list')
      return withDatabase(values, async (db) => {
        for (const l of await maps.listLayers(db))
          process.stdout.write(`${l.id}\t${l.level}\t${l.validOn}\t${l.features}\t${l.licence}\n`);
        return 0;
      });
    if (verb !== 'load' || !file) throw new UsageError(HELP);
    if (!values.id || !values.level || !values['valid-on'])
      throw new UsageError(`--id, --level, --valid-on: bắt buộc / required\n\n${HELP}`);
    if (!MAP_LEVELS.includes(values.level as MapLevel))
      throw new UsageError(`--level: province, district, commune (${values.level})`);
    const content = readJson(file);
    return withDatabaseCommand(values, async (db) => {
      try {
        const layer = await loadMapLayer(
          db,
          {
            id: values.id!,
            name: values.name,
            level: values.level as MapLevel,
            validOn: values['valid-on']!,
            licence: values.licence ?? '',
            attribution: values.attribution ?? '',
            content,
          },
          await actingAs(db, values.as),
        );
        process.stdout.write(
          `Đã nạp lớp ${layer.id}: ${layer.features} ranh giới / loaded layer ${layer.id}: ${layer.features} features\n`,
        );
        return 0;
      } catch (e) {
        if (!(e instanceof MapLayerError)) throw e;
        for (const p of e.problems)
          process.stderr.write(`${file} ${p.path}: ${p.message.vi} / ${p.message.en}\n`);
        process.stderr.write('Không nạp gì / Nothing loaded\n');
        return 1;
      }
    });
  },
};
