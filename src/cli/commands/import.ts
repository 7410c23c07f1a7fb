// `giamngheo import`: imports households, members and Phiếu B from .xlsx or CSV (all or nothing), or writes
// the template. Acts as the user named by --as (required once accounts exist), or as 'system' at first set-up.
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Database } from '../../db/index.ts';
import { can } from '../../domain/access/roles.ts';
import { standardForYear } from '../../domain/standards/build-rule-book.ts';
import type { JobProgress } from '../../jobs/registry.ts';
import { loadRuleBook } from '../../rules-loader/load-rule-book.ts';
import { isSystem } from '../../services/actor.ts';
import { actingAs } from '../acting-as.ts';
import { writeErrorReport } from '../../services/imports/error-report.ts';
import { importActor, runImport, type ImportReport } from '../../services/imports/run-import.ts';
import { writeTemplate } from '../../services/imports/template.ts';
import { parseOptions, UsageError, writeOut, type Command } from '../command.ts';
import { DATABASE_HELP, DATABASE_OPTIONS, todayInVietnam, withDatabase } from '../database-options.ts';

const HELP = `giamngheo import FILE.xlsx|FILE.csv [--as USERNAME] [--check] [--errors REPORT.xlsx] [--json]
giamngheo import --template FILE.xlsx [--standard ID]

Nhập hộ, thành viên và Phiếu B từ tệp .xlsx (trang "Hộ và thành viên", "Phiếu B") hoặc CSV UTF-8 (mỗi tệp
một loại trang). Tất cả hoặc không: có một lỗi thì không ghi gì và liệt kê mọi lỗi (dòng, cột). Nhập lại
cùng tệp không tạo bản trùng. Tiến độ in ra stderr.
Imports households, members and Form B answers from .xlsx or UTF-8 CSV (one file per sheet kind). All or
nothing: with any error nothing is written and every error is listed (row, column). Importing the same
file again creates no duplicates. Progress goes to stderr.

  --as USERNAME    ghi nhật ký với tên người dùng này và chỉ trong phạm vi được sửa của họ
                   record the audit as this user, within their write scope; required once accounts
                   exist (before that, the first set-up imports as 'system', everything)
  --check          chỉ kiểm tra, không ghi / check only, write nothing
  --errors FILE    ghi báo cáo lỗi .xlsx / write the error report as .xlsx
  --json           kết quả dạng JSON / print the outcome as JSON
  --template FILE  ghi tệp mẫu .xlsx / write the template
  --standard ID    chuẩn cho các cột chỉ số của mẫu / the standard of the template's indicator columns
${DATABASE_HELP}`;

function progressPrinter(): (p: JobProgress) => void {
  let last = 0;
  let phase = '';
  const tty = process.stderr.isTTY;
  return (p) => {
    const now = Date.now();
    // Each new phase is shown; within a phase, a line now and then.
    if (p.phase === phase && now - last < (tty ? 200 : 2000)) return;
    last = now;
    phase = p.phase;
    const share =
      p.total !== null && p.total > 0
        ? ` (${Math.floor((100 * p.done) / p.total)} %)`
        : p.bytesTotal
          ? ` (${Math.floor((100 * (p.bytesRead ?? 0)) / p.bytesTotal)} % tệp / of the file)`
          : '';
    const label: Record<string, string> = {
      reading: 'Đọc dòng / reading rows',
      checking: 'Kiểm tra CSDL / checking the database',
      writing: 'Ghi hộ / writing households',
      done: 'Xong / done',
    };
    const line = `${label[p.phase] ?? p.phase}: ${p.done.toLocaleString('vi-VN')}${p.total !== null ? `/${p.total.toLocaleString('vi-VN')}` : ''}${share}`;
    process.stderr.write(tty ? `\r${line.padEnd(78)}` : `${line}\n`);
  };
}

function summary(report: ImportReport): string {
  const c = report.counts!;
  return [
    `Hộ / households: ${c.households.created} tạo mới / created, ${c.households.updated} cập nhật / updated, ${c.households.unchanged} không đổi / unchanged`,
    `Thành viên / members: ${c.members.created} tạo mới / created, ${c.members.updated} cập nhật / updated, ${c.members.unchanged} không đổi / unchanged`,
    `Phiếu B: ${c.assessments.recorded} kết quả ghi mới / recorded, ${c.assessments.unchanged} không đổi / unchanged`,
  ].join('\n');
}

async function writeFileFrom(
  path: string,
  write: (out: NodeJS.WritableStream & import('node:stream').Writable) => Promise<void>,
) {
  const out = createWriteStream(path);
  await write(out);
  await finished(out);
}

export const importCommand: Command = {
  summary: 'nhập hộ, thành viên, Phiếu B từ xlsx/CSV / import households from xlsx/CSV',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, {
      ...DATABASE_OPTIONS,
      as: { type: 'string' },
      check: { type: 'boolean', default: false },
      errors: { type: 'string' },
      json: { type: 'boolean', default: false },
      template: { type: 'string' },
      standard: { type: 'string' },
    });
    const book = loadRuleBook();
    if (values.template) {
      const standardId =
        values.standard ?? standardForYear(book, Number(todayInVietnam().slice(0, 4))) ?? 'ND07_2021';
      if (!book.standards.has(standardId))
        throw new UsageError(`--standard: ${[...book.standards.keys()].join(' | ')}`);
      await writeFileFrom(values.template, (out) => writeTemplate(out, book, standardId));
      process.stderr.write(`Đã ghi mẫu / template written: ${values.template} (${standardId})\n`);
      return 0;
    }
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new UsageError(HELP);
    await stat(file).catch(() => {
      throw new UsageError(`Không có tệp / no such file: ${file}`);
    });
    const today = todayInVietnam();
    const report = await withDatabase(values, async (db: Database) => {
      const actor = await actingAs(db, values.as);
      if (!can(actor.role, 'registry.write'))
        throw new UsageError(`--as: "${values.as}" không có quyền sửa sổ hộ / may not write the registry`);
      const principal = isSystem(actor) ? null : actor;
      return runImport({
        db,
        book,
        today,
        // No one waits behind an operator's command: the whole file in one transaction on either engine.
        atomic: true,
        actor: importActor(principal),
        path: file,
        filename: basename(file),
        importId: `cli:${basename(file)}:${new Date().toISOString()}`,
        onProgress: progressPrinter(),
        checkOnly: values.check,
      });
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (values.errors && !report.ok) {
      await writeFileFrom(values.errors, (out) =>
        writeErrorReport(out, report.errors, { total: report.errorCount }),
      );
    }
    if (values.json) {
      const { errors, ...rest } = report;
      await writeOut(`${JSON.stringify({ ...rest, errors }, null, 2)}\n`);
      return report.ok ? 0 : 1;
    }
    if (report.ok) {
      await writeOut(
        report.counts
          ? `${summary(report)}\n`
          : `Tệp hợp lệ, chưa ghi gì (--check) / the file is valid; nothing written (--check): ${report.rows.members} dòng thành viên / member rows, ${report.rows.formB} dòng Phiếu B / Form B rows\n`,
      );
      return 0;
    }
    const lines = report.errors.map(
      (e) =>
        `${e.sheet ? `[${e.sheet}] ` : ''}${e.row !== null ? `dòng/row ${e.row}` : 'tệp/file'}${e.column ? `, cột/column "${e.column}"` : ''}: ${e.message.vi} / ${e.message.en}`,
    );
    await writeOut(
      `${lines.join('\n')}\n${report.errorCount} lỗi, không ghi gì / ${report.errorCount} errors, nothing written${
        report.errorCount > report.errors.length ? ` (${report.errors.length} listed)` : ''
      }\n`,
    );
    return 1;
  },
};
