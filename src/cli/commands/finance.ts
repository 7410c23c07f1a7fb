// `giamngheo finance import-plans|import-adjustments|import-payments FILE.csv`: programme money from CSV,
// every row checked first, all rows written or none (exit 1 with each bad row's number).
import type { RowError } from '../../domain/finance/csv.ts';
import { importAdjustments, importPayments, importPlans, type ImportResult } from '../../services/finance.ts';
import { defaultFinanceRules } from '../../rules-loader/load-finance.ts';
import { parseOptions, UsageError, type Command } from '../command.ts';
import { readUtf8 } from '../read-utf8.ts';
import { actingAs, AS_HELP, AS_OPTION } from '../acting-as.ts';
import { DATABASE_HELP, DATABASE_OPTIONS, todayInVietnam, withDatabaseCommand } from '../database-options.ts';

const HELP = `giamngheo finance import-plans FILE.csv [--as USERNAME] [--db DIR]
giamngheo finance import-adjustments FILE.csv [--as USERNAME] [--db DIR]
giamngheo finance import-payments FILE.csv [--as USERNAME] [--db DIR]

Kế hoạch vốn / plans:      unit,year,project,source,amount_vnd,decision[,decision_date]
Điều chỉnh / adjustments:  unit,year,project,source,date,amount_vnd,decision[,reason]   (amount_vnd có dấu / signed)
Giải ngân / payments:      unit,year,project,source,date,amount_vnd,decision

  unit        mã đơn vị hành chính (đơn vị có mã đó vào 01/01 của năm) / unit code (the unit holding it on 1 January)
  project     DA1…DA7 hoặc / or DA1.TDA1 (2021–2025); DA1…DA5 (2016–2020); HP1, HP2 hoặc / or HP1.ND1…HP1.ND10, HP2.ND1…HP2.ND5 (2026–2035), theo rules/programmes/
  source      central_investment | central_recurrent | local_counterpart | integrated | policy_credit | people
  amount_vnd  số nguyên đồng, chỉ chữ số / whole đồng, digits only (760800000000)
  date        YYYY-MM-DD, trong năm kế hoạch (hoặc năm sau nếu đã chuyển nguồn; vốn 2021–2025 chuyển nguồn: đến 31/12/2026) / within the plan year (or the next if carried over; 2021–2025 funds carried over: until 31/12/2026)

Dòng sai (kể cả đơn vị ngoài phạm vi được giao) → lỗi kèm số dòng, không nhập dòng nào (mã thoát 1)
Bad rows (a unit outside the --as user's write scope too) → errors with row numbers, nothing imported (exit 1).
Mỗi dòng được ghi nhật ký như khi nhập trên web / each row is audited as the same entry on the web is.
${AS_HELP}
${DATABASE_HELP}`;

const IMPORTS: Record<string, { run: typeof importPlans; what: { vi: string; en: string } }> = {
  'import-plans': { run: importPlans, what: { vi: 'dòng kế hoạch vốn', en: 'plan lines' } },
  'import-adjustments': { run: importAdjustments, what: { vi: 'điều chỉnh kế hoạch', en: 'adjustments' } },
  'import-payments': { run: importPayments, what: { vi: 'khoản giải ngân', en: 'payments' } },
};

export function printRowErrors(file: string, errors: readonly RowError[]): number {
  for (const e of errors) {
    process.stderr.write(
      `${file}:${e.row}${e.column ? ` [${e.column}]` : ''}: Dòng ${e.row}: ${e.message.vi} / Row ${e.row}: ${e.message.en}\n`,
    );
  }
  process.stderr.write(`Không nhập gì: ${errors.length} lỗi / Nothing imported: ${errors.length} error(s)\n`);
  return 1;
}

export const financeCommand: Command = {
  summary: 'nhập kế hoạch vốn, điều chỉnh, giải ngân / import plans, adjustments, payments (CSV)',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, { ...DATABASE_OPTIONS, ...AS_OPTION });
    const [verb, file] = positionals;
    const action = verb ? IMPORTS[verb] : undefined;
    if (!action || !file || positionals.length > 2) throw new UsageError(HELP);
    const text = readUtf8(file);
    const rules = defaultFinanceRules();
    return withDatabaseCommand(values, async (db) => {
      const actor = await actingAs(db, values.as);
      const result: ImportResult = await action.run(db, actor, text, { rules, today: todayInVietnam() });
      if (!result.ok) return printRowErrors(file, result.errors);
      process.stdout.write(
        `Đã nhập ${result.count} ${action.what.vi} / Imported ${result.count} ${action.what.en}\n`,
      );
      return 0;
    });
  },
};
