// `giamngheo villages`: villages (thôn, bản, tổ dân phố) under communes, and their moves across the 2025 reform.
import { villages, type Database } from '../../db/index.ts';
import { DataRuleError } from '../../db/errors.ts';
import { assignVillage, createVillage, VILLAGE_KINDS } from '../../services/villages.ts';
import { actingAs, AS_HELP, AS_OPTION } from '../acting-as.ts';
import { parseOptions, UsageError, writeOut, type Command } from '../command.ts';
import {
  DATABASE_HELP,
  DATABASE_OPTIONS,
  dateOption,
  todayInVietnam,
  withDatabaseCommand,
} from '../database-options.ts';

const HELP = `giamngheo villages create COMMUNE NAME [--kind thon|ban|to_dan_pho|other] [--at YYYY-MM-DD] [--as USERNAME]
giamngheo villages list COMMUNE [--at YYYY-MM-DD]
giamngheo villages show VILLAGE_ID [--at YYYY-MM-DD]
giamngheo villages unassigned [--commune CODE]
giamngheo villages assign VILLAGE_ID COMMUNE [--note TEXT] [--as USERNAME]

Thôn của một xã chuyển nguyên vẹn sang xã kế thừa; thôn của xã bị chia phải được gán cho một xã kế thừa,
và cho đến lúc đó được liệt kê trong "unassigned".
A village moves whole to its commune's successor; a village of a split commune must be assigned to one
successor, and until then is listed by "unassigned". Output is JSON.
${AS_HELP}
${DATABASE_HELP}`;

/** The database's rule codes in the user's two languages. */
const RULES: Record<string, { vi: string; en: string }> = {
  commune_not_found: {
    vi: 'Không có xã nào mang mã này vào ngày đó',
    en: 'No commune has this code on that date',
  },
  village_not_found: { vi: 'Không tìm thấy thôn', en: 'Village not found' },
  village_retired: { vi: 'Thôn đã giải thể', en: 'The village was retired' },
  commune_not_ended: {
    vi: 'Xã của thôn vẫn còn hiệu lực: không cần gán',
    en: "The village's commune has not ended: nothing to assign",
  },
  commune_not_split: {
    vi: 'Xã của thôn nhập nguyên vẹn vào một xã: thôn tự động chuyển theo',
    en: "The village's commune merged whole into one commune: the village moves automatically",
  },
  not_a_successor: {
    vi: 'Xã này không kế thừa xã cũ của thôn',
    en: "This commune is not a successor of the village's commune",
  },
};

async function json(value: unknown): Promise<number> {
  await writeOut(`${JSON.stringify(value, null, 2)}\n`);
  return 0;
}

export const villagesCommand: Command = {
  summary: 'thôn, bản, tổ dân phố / villages',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, {
      ...DATABASE_OPTIONS,
      ...AS_OPTION,
      at: { type: 'string' },
      kind: { type: 'string', default: 'thon' },
      commune: { type: 'string' },
      note: { type: 'string' },
    });
    const [verb, a, b] = positionals;
    const at = dateOption(values.at);
    const kind = values.kind as (typeof VILLAGE_KINDS)[number];
    if (!VILLAGE_KINDS.includes(kind)) throw new UsageError(`--kind: ${VILLAGE_KINDS.join(' | ')}`);
    const run = async (db: Database): Promise<number> => {
      switch (verb) {
        case 'create':
          if (!a || !b) throw new UsageError(HELP);
          return json(
            await createVillage(db, await actingAs(db, values.as), {
              communeCode: a,
              name: b,
              kind,
              date: at,
            }),
          );
        case 'list':
          if (!a) throw new UsageError(HELP);
          return json(await villages.listVillages(db, a, at));
        case 'show': {
          if (!a) throw new UsageError(HELP);
          const village = await villages.getVillage(db, a);
          if (!village) throw new DataRuleError('village_not_found', a);
          return json({ ...village, placement: await villages.villagePlacement(db, a, at) });
        }
        case 'unassigned':
          return json(
            await villages.unassignedVillages(db, values.commune ? { candidateCode: values.commune } : {}),
          );
        case 'assign':
          if (!a || !b) throw new UsageError(HELP);
          return json(
            await assignVillage(
              db,
              await actingAs(db, values.as),
              { villageId: a, communeCode: b, note: values.note },
              todayInVietnam(),
            ),
          );
        default:
          throw new UsageError(HELP);
      }
    };
    try {
      return await withDatabaseCommand(values, run);
    } catch (e) {
      if (e instanceof DataRuleError) {
        const m = RULES[e.rule] ?? { vi: e.message, en: e.message };
        process.stderr.write(`${m.vi} / ${m.en} (${e.rule}: ${e.message})\n`);
        return 1;
      }
      throw e;
    }
  },
};
