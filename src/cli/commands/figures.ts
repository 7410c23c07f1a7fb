// `giamngheo figures import` and `giamngheo targets import`: published figures and targets from CSV, all or
// nothing — the same use cases as `POST /figures/import` and `POST /targets/import` (scope, audit).
import type { RowError } from '../../domain/measures/figures-csv.ts';
import { importFigures, importTargets } from '../../services/entered-figures.ts';
import { loadRuleBook } from '../../rules-loader/load-rule-book.ts';
import { actingAs, AS_HELP, AS_OPTION } from '../acting-as.ts';
import { parseOptions, UsageError, type Command } from '../command.ts';
import { readUtf8 } from '../read-utf8.ts';
import { DATABASE_HELP, DATABASE_OPTIONS, todayInVietnam, withDatabaseCommand } from '../database-options.ts';

function printErrors(file: string, errors: RowError[]): number {
  for (const e of errors) {
    process.stderr.write(
      `${file}:${e.row}${e.column ? ` [${e.column}]` : ''}: ${e.message.vi} / ${e.message.en}\n`,
    );
  }
  process.stderr.write(`Không nhập gì: ${errors.length} lỗi / Nothing imported: ${errors.length} error(s)\n`);
  return 1;
}

const OPTIONS = { ...DATABASE_OPTIONS, ...AS_OPTION };

export const figuresCommand: Command = {
  summary: 'nhập số liệu đã công bố / import published figures (CSV)',
  help: `giamngheo figures import FILE.csv [--as USERNAME] [--db DIR]

Cột / columns: unit,year,standard,group,total_households,poor_households,near_poor_households,poor_rate,near_poor_rate,source
(số hộ hoặc tỷ lệ có thể để trống; tỷ lệ tính bằng %, dấu chấm thập phân; group: all, ethnic_minority, poor_districts, urban, rural)
Dòng sai → lỗi kèm số dòng, không nhập dòng nào / bad rows → errors with row numbers, nothing imported.
${AS_HELP}
${DATABASE_HELP}`,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, OPTIONS);
    const [verb, file] = positionals;
    if (verb !== 'import' || !file) throw new UsageError(this.help);
    const text = readUtf8(file);
    const book = loadRuleBook();
    return withDatabaseCommand(values, async (db) => {
      const actor = await actingAs(db, values.as);
      const result = await importFigures(db, actor, text, { book, today: todayInVietnam() });
      if (!result.ok) return printErrors(file, result.errors);
      process.stdout.write(`Đã nhập ${result.count} dòng số liệu / Imported ${result.count} figure rows\n`);
      return 0;
    });
  },
};

export const targetsCommand: Command = {
  summary: 'nhập chỉ tiêu giảm nghèo / import targets (CSV)',
  help: `giamngheo targets import FILE.csv [--as USERNAME] [--db DIR]

Cột / columns: unit,group,year_from,year_to,indicator,kind,lower,upper,source
(indicator: poor_rate; kind: reduction_pp với lower và upper tuỳ chọn / with lower and optional upper, hoặc / or max_level với / with upper;
một khoảng nhiều năm là mức mỗi năm / a range of years is per year)
${AS_HELP}
${DATABASE_HELP}`,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, OPTIONS);
    const [verb, file] = positionals;
    if (verb !== 'import' || !file) throw new UsageError(this.help);
    const text = readUtf8(file);
    return withDatabaseCommand(values, async (db) => {
      const actor = await actingAs(db, values.as);
      const result = await importTargets(db, actor, text, { today: todayInVietnam() });
      if (!result.ok) return printErrors(file, result.errors);
      process.stdout.write(`Đã nhập ${result.count} chỉ tiêu / Imported ${result.count} targets\n`);
      return 0;
    });
  },
};
