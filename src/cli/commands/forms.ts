// `giamngheo forms`: ODK Collect / KoBoCollect (issue #13, part 5). `xlsform` writes the XLSForm of Phiếu A or B
// for a standard of the rule book; `import-odk` imports an ODK Central, Briefcase or KoBo export (CSV or xlsx)
// into a round, all or nothing — the same use cases as GET /api/forms/xlsform and POST
// /api/rounds/:roundId/odk-submissions (scope, the round's rules, audit, errors by row).
import { statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { FORM_KINDS, type FormKind } from '../../domain/forms/xlsform.ts';
import type { ImportError } from '../../domain/imports/rows.ts';
import { loadProcedure } from '../../rules-loader/load-procedure.ts';
import { loadRuleBook } from '../../rules-loader/load-rule-book.ts';
import { SYSTEM_ACTOR } from '../../services/actor.ts';
import { AppError } from '../../services/errors.ts';
import { exportXlsForm, importOdkSubmissions } from '../../services/odk-forms.ts';
import { actingAs, AS_HELP, AS_OPTION } from '../acting-as.ts';
import { parseOptions, UsageError, type Command } from '../command.ts';
import {
  DATABASE_HELP,
  DATABASE_OPTIONS,
  printAppError,
  todayInVietnam,
  withDatabaseCommand,
} from '../database-options.ts';

const OPTIONS = {
  ...DATABASE_OPTIONS,
  ...AS_OPTION,
  standard: { type: 'string' },
  form: { type: 'string' },
  out: { type: 'string' },
} as const;

function formOption(value: string | undefined, fallback: FormKind | undefined): FormKind | undefined {
  if (value === undefined) return fallback;
  const v = value.toUpperCase();
  if (!(FORM_KINDS as readonly string[]).includes(v))
    throw new UsageError(`--form: A hoặc B / A or B, không phải / not "${value}"`);
  return v as FormKind;
}

function printErrors(file: string, errors: ImportError[]): number {
  for (const e of errors)
    process.stderr.write(
      `${file}:${e.sheet ? `${e.sheet}:` : ''}${e.row ?? ''}${e.column ? ` [${e.column}]` : ''}: ${e.message.vi} / ${e.message.en}\n`,
    );
  process.stderr.write(`Không nhập gì: ${errors.length} lỗi / Nothing imported: ${errors.length} error(s)\n`);
  return 1;
}

export const formsCommand: Command = {
  summary: 'biểu mẫu ODK/KoBo (XLSForm), nhập phiếu vào đợt rà soát / ODK/KoBo forms and submissions',
  help: `giamngheo forms xlsform --standard ND07_2021 [--form A|B] --out FILE.xlsx
giamngheo forms import-odk ROUND_ID FILE [--form A|B] [--as USERNAME] [--db DIR]

xlsform: biểu mẫu XLSForm Phiếu A (nhận dạng nhanh hộ đề nghị) hoặc Phiếu B (rà soát: thu nhập hoặc điểm A, các
chỉ số thiếu hụt theo chiều) của một chuẩn nghèo, để nạp vào ODK Central hoặc KoBoToolbox (mặc định Phiếu B). /
the XLSForm of form A (applicants' quick screen) or form B (income or score A, the deficits by dimension) of a
standard, to load into ODK Central or KoBoToolbox (default form B). Nothing is read from the database.
import-odk: tệp xuất từ ODK Central, Briefcase hoặc KoBoToolbox (.csv, .xlsx trang đầu) vào đợt rà soát; mỗi bản
ghi thành bước Phiếu A/Phiếu B của hộ. Dòng sai → lỗi kèm số dòng và cột, không nhập dòng nào. / an ODK Central,
Briefcase or KoBo export (.csv, first sheet of .xlsx) into a round, each submission the household's form A/B
step; bad rows → errors with row and column, nothing imported.
${AS_HELP}
${DATABASE_HELP}`,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, OPTIONS);
    const [verb, ...rest] = positionals;
    const procedure = loadProcedure();
    const book = loadRuleBook();
    const today = todayInVietnam();
    if (verb === 'xlsform') {
      if (!values.standard || !values.out || rest.length) throw new UsageError(this.help);
      try {
        // The form is the rule book's, public: no database, no account needed.
        const out = await exportXlsForm(
          SYSTEM_ACTOR,
          { standard: values.standard, form: formOption(values.form, 'B')! },
          { book, procedure, today },
        );
        writeFileSync(values.out, out.content);
        process.stdout.write(
          `Đã ghi ${out.form.title.vi} (${out.form.formId}, phiên bản ${out.form.version}) vào ${values.out}\n` +
            `Wrote ${out.form.title.en} (${out.form.formId}, version ${out.form.version}) to ${values.out}\n`,
        );
        return 0;
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        printAppError(e);
        return 1;
      }
    }
    if (verb !== 'import-odk') throw new UsageError(this.help);
    const [roundId, file] = rest;
    if (!roundId || !file || rest.length > 2) throw new UsageError(this.help);
    if (!statSync(file, { throwIfNoEntry: false })?.isFile())
      throw new UsageError(`${file}: không có tệp này / no such file`);
    const form = formOption(values.form, undefined);
    return withDatabaseCommand(values, async (db) => {
      const actor = await actingAs(db, values.as);
      const r = await importOdkSubmissions(
        db,
        actor,
        { roundId, path: file, filename: basename(file), form },
        { book, procedure, today },
      );
      if (!r.ok) return printErrors(file, r.errors);
      const c = r.classes;
      const detail =
        r.form === 'B'
          ? {
              vi: `nghèo ${c.poor}, cận nghèo ${c.near_poor}, trung bình ${c.middle}, khác ${c.not_poor}`,
              en: `poor ${c.poor}, near-poor ${c.near_poor}, middle ${c.middle}, other ${c.not_poor}`,
            }
          : {
              vi: `tiếp tục Phiếu B ${r.screened.passed}, loại ${r.screened.excluded}`,
              en: `on to form B ${r.screened.passed}, screened out ${r.screened.excluded}`,
            };
      process.stdout.write(
        `Đã nhập ${r.imported} Phiếu ${r.form} (${r.standard}) vào đợt ${r.roundId}: ${detail.vi}; bỏ qua ${r.skipped} bị từ chối, ${r.alreadyImported} đã nhập trước\n` +
          `Imported ${r.imported} form ${r.form} submissions (${r.standard}) into round ${r.roundId}: ${detail.en}; skipped ${r.skipped} rejected, ${r.alreadyImported} imported before\n`,
      );
      return 0;
    });
  },
};
