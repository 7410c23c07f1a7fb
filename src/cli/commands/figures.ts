// `giamngheo figures import` and `giamngheo targets import`: published figures and targets from CSV, all or nothing.
import { readFileSync } from 'node:fs';
import { figures, type Database } from '../../db/index.ts';
import { parseFiguresCsv, parseTargetsCsv, type RowError } from '../../domain/measures/figures-csv.ts';
import { loadRuleBook } from '../../rules-loader/load-rule-book.ts';
import { parseOptions, UsageError, type Command } from '../command.ts';
import { DATABASE_HELP, DATABASE_OPTIONS, withDatabase } from '../database-options.ts';

/** unitExists(code, year): some version of the unit was valid during that year. */
async function unitChecker(db: Database) {
  const spans = await figures.unitSpans(db);
  const byCode = new Map<string, typeof spans>();
  for (const s of spans) byCode.set(s.code, [...(byCode.get(s.code) ?? []), s]);
  return (code: string, year: number) =>
    (byCode.get(code) ?? []).some(
      (s) => s.validFrom <= `${year}-12-31` && (s.validTo === null || s.validTo >= `${year}-01-01`),
    );
}

function printErrors(file: string, errors: RowError[]): number {
  for (const e of errors) {
    process.stderr.write(
      `${file}:${e.row}${e.column ? ` [${e.column}]` : ''}: ${e.message.vi} / ${e.message.en}\n`,
    );
  }
  process.stderr.write(`Không nhập gì: ${errors.length} lỗi / Nothing imported: ${errors.length} error(s)\n`);
  return 1;
}

function readUtf8(file: string): string {
  const bytes = readFileSync(file);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(
      `${file}: không phải UTF-8; hãy lưu dưới dạng CSV UTF-8 / not UTF-8; save it as CSV UTF-8`,
    );
  }
}

export const figuresCommand: Command = {
  summary: 'nhập số liệu đã công bố / import published figures (CSV)',
  help: `giamngheo figures import FILE.csv [--db DIR]

Cột / columns: unit,year,standard,group,total_households,poor_households,near_poor_households,poor_rate,near_poor_rate,source
(số hộ hoặc tỷ lệ có thể để trống; tỷ lệ tính bằng %, dấu chấm thập phân; group: all, ethnic_minority, poor_districts, urban, rural)
Dòng sai → lỗi kèm số dòng, không nhập dòng nào / bad rows → errors with row numbers, nothing imported.
${DATABASE_HELP}`,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, DATABASE_OPTIONS);
    const [verb, file] = positionals;
    if (verb !== 'import' || !file) throw new UsageError(this.help);
    const text = readUtf8(file);
    const book = loadRuleBook();
    return withDatabase(values, async (db) => {
      const parsed = parseFiguresCsv(text, {
        standards: new Set(book.standards.keys()),
        unitExists: await unitChecker(db),
      });
      if (!parsed.ok) return printErrors(file, parsed.errors);
      const n = await figures.upsertEnteredFigures(db, parsed.rows, null);
      process.stdout.write(`Đã nhập ${n} dòng số liệu / Imported ${n} figure rows\n`);
      return 0;
    });
  },
};

export const targetsCommand: Command = {
  summary: 'nhập chỉ tiêu giảm nghèo / import targets (CSV)',
  help: `giamngheo targets import FILE.csv [--db DIR]

Cột / columns: unit,group,year_from,year_to,indicator,kind,lower,upper,source
(indicator: poor_rate; kind: reduction_pp với lower và upper tuỳ chọn / with lower and optional upper, hoặc / or max_level với / with upper;
một khoảng nhiều năm là mức mỗi năm / a range of years is per year)
${DATABASE_HELP}`,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, DATABASE_OPTIONS);
    const [verb, file] = positionals;
    if (verb !== 'import' || !file) throw new UsageError(this.help);
    const text = readUtf8(file);
    return withDatabase(values, async (db) => {
      const parsed = parseTargetsCsv(text, { unitExists: await unitChecker(db) });
      if (!parsed.ok) return printErrors(file, parsed.errors);
      const n = await figures.upsertTargets(db, parsed.rows);
      process.stdout.write(`Đã nhập ${n} chỉ tiêu / Imported ${n} targets\n`);
      return 0;
    });
  },
};
