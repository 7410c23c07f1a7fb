// `giamngheo report export ID --unit CODE --year Y [--format xlsx|pdf|csv|json] --out FILE`: any report of
// the catalogue to a file, built and rendered exactly as the server does (the CLI sees every unit).
import { Readable } from 'node:stream';
import { EVERYTHING } from '../../db/queries/scope.ts';
import { defaultRuleBook } from '../../rules-loader/load-rule-book.ts';
import { REPORTS, reportById, ReportParameterError } from '../../reports/catalogue.ts';
import { describeParameters, parseParameters } from '../../reports/parameters.ts';
import { FORMATS, render, type ReportFormat } from '../../reports/render/index.ts';
import { AppError } from '../../services/errors.ts';
import { writeExportFile } from '../../services/export-file.ts';
import { parseOptions, UsageError } from '../command.ts';
import {
  DATABASE_HELP,
  DATABASE_OPTIONS,
  printAppError,
  todayInVietnam,
  withDatabase,
} from '../database-options.ts';

/** Every parameter any report takes, as a string option (each report's schema then checks its own). */
const PARAMETER_NAMES = [...new Set(REPORTS.flatMap((r) => Object.keys(r.parameters.shape)))];

export const EXPORT_HELP = `giamngheo report export ID --unit CODE --year YEAR [--format xlsx|pdf|csv|json] --out FILE [--lang vi|en]

Xuất một báo cáo ra tệp (định dạng theo --format hoặc đuôi tệp). / Export a report to a file (format from
--format or the file's extension).
${REPORTS.map(
  (r) =>
    `  ${r.id.padEnd(16)} ${r.title.vi}\n${describeParameters(r.parameters)
      .map(
        (p) =>
          `      --${p.name}${p.required ? '' : ' (tuỳ chọn)'}  ${p.values ? `${p.values.join('|')}  ` : ''}${p.description}`,
      )
      .join('\n')}`,
).join('\n')}
${DATABASE_HELP}`;

function formatOf(given: string | undefined, out: string): ReportFormat {
  const f = given ?? out.split('.').pop()?.toLowerCase();
  if (!f || !(FORMATS as readonly string[]).includes(f))
    throw new UsageError(`--format: ${FORMATS.join(' | ')} (${given ?? out})`);
  return f as ReportFormat;
}

export async function runExport(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, {
    ...DATABASE_OPTIONS,
    ...Object.fromEntries(PARAMETER_NAMES.map((n) => [n, { type: 'string' as const }])),
    format: { type: 'string' },
    out: { type: 'string' },
    lang: { type: 'string', default: 'vi' },
  });
  const id = positionals[0];
  const entry = id ? reportById(id) : undefined;
  if (!entry)
    throw new UsageError(`${id ? `Báo cáo không tồn tại / Unknown report: ${id}\n\n` : ''}${EXPORT_HELP}`);
  const out = values.out as string | undefined;
  if (!out) throw new UsageError(`--out FILE\n\n${EXPORT_HELP}`);
  const format = formatOf(values.format as string | undefined, out);
  const lang = values.lang === 'en' ? 'en' : 'vi';
  const given = values as Record<string, string | boolean | undefined>;
  const raw = Object.fromEntries(
    PARAMETER_NAMES.filter((n) => given[n] !== undefined).map((n) => [n, given[n]]),
  );
  const parsed = parseParameters(entry.parameters, raw);
  if (!parsed.ok)
    throw new UsageError(
      parsed.errors.map((e) => `--${e.path}: ${e.message.vi} / ${e.message.en}`).join('\n'),
    );
  return withDatabase(values, async (db) => {
    let doc;
    try {
      doc = await entry.build({
        db,
        book: defaultRuleBook(),
        today: todayInVietnam(),
        now: new Date().toISOString(),
        scope: EVERYTHING,
        params: parsed.value as Record<string, unknown>,
      });
    } catch (e) {
      if (!(e instanceof ReportParameterError)) throw e;
      process.stderr.write(`--${e.path}: ${e.text.vi} / ${e.text.en}\n`);
      return 1;
    }
    const rendered = render(doc, format, lang);
    const body =
      rendered.kind === 'stream'
        ? rendered.body
        : Readable.from([
            rendered.kind === 'json' ? `${JSON.stringify(rendered.body, null, 2)}\n` : rendered.body,
          ]);
    // Written beside the target and renamed at the end: a failed export leaves no half file; a full disk
    // is said in both languages.
    try {
      await writeExportFile(body, out);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      printAppError(e);
      return 1;
    }
    process.stderr.write(`${doc.title.vi} → ${out}\n`);
    return 0;
  });
}
