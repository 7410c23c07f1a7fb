// `giamngheo outputs import FILE.csv`: other outputs (Thông tư 10/2022) from CSV, every row checked first, all
// rows written or none (exit 1 with each bad row's number), each record audited.
import { readFileSync } from 'node:fs';
import { importOutputs } from '../../services/outputs.ts';
import { parseOptions, UsageError, type Command } from '../command.ts';
import { actingAs, AS_HELP, AS_OPTION } from '../acting-as.ts';
import { DATABASE_HELP, DATABASE_OPTIONS, todayInVietnam, withDatabaseCommand } from '../database-options.ts';
import { printRowErrors } from './finance.ts';

const HELP = `giamngheo outputs import FILE.csv [--as USERNAME] [--db DIR]

Cột / columns: unit,year,indicator,planned,achieved,source
  unit        mã đơn vị (đơn vị có mã đó vào 01/01 của năm) / unit code (the unit holding it on 1 January)
  indicator   mã chỉ tiêu trong rules/outputs/tt10-outputs.yaml (vocational_trained, jobs_found, …)
  planned     kế hoạch, số không âm, tối đa 2 chữ số thập phân (có thể để trống) / planned (may be empty)
  achieved    thực hiện (có thể để trống, nhưng không trống cả hai) / achieved (not both empty)
  source      nguồn số liệu / where the figure comes from

Dòng sai → lỗi kèm số dòng, không nhập dòng nào (mã thoát 1) / bad rows → errors with row numbers, nothing imported (exit 1).
${AS_HELP}
${DATABASE_HELP}`;

export const outputsCommand: Command = {
  summary: 'nhập kết quả thực hiện (TT 10/2022) / import outputs (CSV)',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, { ...DATABASE_OPTIONS, ...AS_OPTION });
    const [verb, file] = positionals;
    if (verb !== 'import' || !file || positionals.length > 2) throw new UsageError(HELP);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
    } catch (e) {
      throw new UsageError(
        `${file}: không đọc được hoặc không phải UTF-8 / cannot read or not UTF-8 (${(e as Error).message})`,
      );
    }
    return withDatabaseCommand(values, async (db) => {
      const actor = await actingAs(db, values.as);
      const result = await importOutputs(db, actor, text, { today: todayInVietnam() });
      if (!result.ok) return printRowErrors(file, result.errors);
      process.stdout.write(`Đã nhập ${result.count} chỉ tiêu / Imported ${result.count} output records\n`);
      return 0;
    });
  },
};
