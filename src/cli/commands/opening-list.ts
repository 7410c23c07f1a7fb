// `giamngheo opening-list import`: a commune's opening list (the last list of poor and near-poor households its
// chairman recognised before the commune used the system) from an .xlsx or CSV file, all or nothing — the
// same use case as `POST /api/communes/:communeCode/opening-list` (scope, audit, errors by row).
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { loadProcedure } from '../../rules-loader/load-procedure.ts';
import { importOpeningListFile, type OpeningListFileError } from '../../services/opening-list-file.ts';
import { actingAs, AS_HELP, AS_OPTION } from '../acting-as.ts';
import { parseOptions, UsageError, type Command } from '../command.ts';
import {
  DATABASE_HELP,
  DATABASE_OPTIONS,
  dateOption,
  todayInVietnam,
  withDatabaseCommand,
} from '../database-options.ts';

const OPTIONS = {
  ...DATABASE_OPTIONS,
  ...AS_OPTION,
  commune: { type: 'string' },
  decision: { type: 'string' },
  date: { type: 'string' },
} as const;

function printErrors(file: string, errors: OpeningListFileError[]): number {
  for (const e of errors)
    process.stderr.write(
      `${file}:${e.row}${e.header ? ` [${e.header}]` : ''}: ${e.message.vi} / ${e.message.en}\n`,
    );
  process.stderr.write(`Không nhập gì: ${errors.length} lỗi / Nothing imported: ${errors.length} error(s)\n`);
  return 1;
}

export const openingListCommand: Command = {
  summary: 'nhập danh sách hộ nghèo, cận nghèo đầu kỳ / import a commune’s opening list (xlsx/CSV)',
  help: `giamngheo opening-list import --commune CODE --decision "12/QĐ-UBND" --date YYYY-MM-DD FILE [--as USERNAME] [--db DIR]

Danh sách hộ nghèo, hộ cận nghèo Chủ tịch UBND xã công nhận gần nhất trước khi xã dùng hệ thống (số và ngày
quyết định); nhập một lần, trước đợt rà soát đầu tiên. / The last list of poor and near-poor households the
commune chairman recognised before the commune used the system (decision number and date); imported once,
before the first round.
Tệp / file: .xlsx (trang đầu / first sheet) hoặc / or CSV UTF-8 ("," hoặc / or ";").
Cột / columns: "Mã hộ" (household_id), hoặc / or "Số định danh chủ hộ"/"CCCD chủ hộ" (head_national_id), hoặc / or
"Họ và tên chủ hộ" (head_name) và / and "Thôn" (village); "Phân loại" (class): "Hộ nghèo" (poor) | "Hộ cận nghèo" (near_poor).
Dòng sai → lỗi kèm số dòng, không nhập dòng nào / bad rows → errors with row numbers, nothing imported.
${AS_HELP}
${DATABASE_HELP}`,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, OPTIONS);
    const [verb, file] = positionals;
    if (verb !== 'import' || !file || !values.commune || !values.decision || !values.date)
      throw new UsageError(this.help);
    const decisionDate = dateOption(values.date, '--date');
    if (!statSync(file, { throwIfNoEntry: false })?.isFile())
      throw new UsageError(`${file}: không có tệp này / no such file`);
    const procedure = loadProcedure();
    return withDatabaseCommand(values, async (db) => {
      const actor = await actingAs(db, values.as);
      const input = { communeCode: values.commune!, decisionNumber: values.decision!, decisionDate };
      const result = await importOpeningListFile(
        db,
        actor,
        { ...input, path: file, filename: basename(file) },
        { procedure, today: todayInVietnam() },
      );
      if (!result.ok) return printErrors(file, result.errors);
      process.stdout.write(
        `Đã nhập danh sách đầu kỳ của xã ${input.communeCode} (QĐ ${result.decisionNumber} ngày ${result.decisionDate}): ${result.poor} hộ nghèo, ${result.nearPoor} hộ cận nghèo; đợt ${result.roundId}\n` +
          `Imported the opening list of commune ${input.communeCode} (decision ${result.decisionNumber} of ${result.decisionDate}): ${result.poor} poor, ${result.nearPoor} near-poor households; round ${result.roundId}\n`,
      );
      return 0;
    });
  },
};
