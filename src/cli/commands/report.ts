// `giamngheo report progress`: progress against targets over years, as JSON or as the report's sentences;
// `giamngheo report disbursement`: programme money at a date (commands/disbursement.ts).
import { FIGURE_GROUPS, type FigureGroup } from '../../domain/measures/figures-csv.ts';
import { progressReport } from '../../services/progress-report.ts';
import { parseOptions, UsageError, writeOut, type Command } from '../command.ts';
import { DISBURSEMENT_HELP, runDisbursementReport } from './disbursement.ts';
import { DATABASE_HELP, DATABASE_OPTIONS, withDatabase } from '../database-options.ts';

const HELP = `giamngheo report progress --unit CODE [--group G] --from YEAR --to YEAR [--json]

Mỗi năm có số liệu so sánh được với năm trước (cùng chuẩn nghèo): tỷ lệ đầu kỳ, cuối kỳ, mức giảm, chỉ tiêu,
đánh giá và câu nhận xét. / One entry per year with a comparable previous figure (same standard): start,
end, change, target, verdict and the report sentence.
  --group  ${FIGURE_GROUPS.join(' | ')} (mặc định / default all)
${DATABASE_HELP}

${DISBURSEMENT_HELP}

giamngheo report export ID --unit CODE --year YEAR --out FILE  ("giamngheo report export" không tham số: danh sách / without arguments: the list)`;

export const reportCommand: Command = {
  summary: 'báo cáo tiến độ, giải ngân, xuất báo cáo / progress, disbursement, report export',
  help: HELP,
  async run(argv) {
    if (argv[0] === 'disbursement') return runDisbursementReport(argv.slice(1));
    if (argv[0] === 'export') return (await import('./export.ts')).runExport(argv.slice(1));
    const { values, positionals } = parseOptions(argv, {
      ...DATABASE_OPTIONS,
      unit: { type: 'string' },
      group: { type: 'string', default: 'all' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals[0] !== 'progress' || !values.unit || !values.from || !values.to)
      throw new UsageError(HELP);
    const group = values.group as FigureGroup;
    if (!FIGURE_GROUPS.includes(group)) throw new UsageError(`--group: ${FIGURE_GROUPS.join(' | ')}`);
    const from = Number(values.from);
    const to = Number(values.to);
    if (!Number.isInteger(from) || !Number.isInteger(to) || to < from)
      throw new UsageError('--from/--to: YEAR, from ≤ to');
    return withDatabase(values, async (db) => {
      const entries = await progressReport(db, { unit: values.unit!, group, from, to });
      if (values.json) {
        await writeOut(
          `${JSON.stringify(
            entries.map(({ sources: _s, differences: _d, ...e }) => e),
            null,
            2,
          )}\n`,
        );
      } else {
        for (const e of entries) await writeOut(`${e.sentence.vi}\n  ${e.sentence.en}\n`);
      }
      return 0;
    });
  },
};
