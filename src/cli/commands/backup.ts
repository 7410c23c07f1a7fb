// `giamngheo backup FILE` and `giamngheo restore FILE` (#15, item 2): a logical backup of the whole database
// into one file, and its restore into a new database, through the use cases of src/services/backup.ts.
import { mkdirSync } from 'node:fs';
import { migrate, openDatabase, type Database } from '../../db/index.ts';
import { createBackup, restoreBackup } from '../../services/backup.ts';
import { AppError } from '../../services/errors.ts';
import { DEFAULT_DATA_DIR } from '../../services/open-database.ts';
import { actingAs, AS_HELP, AS_OPTION } from '../acting-as.ts';
import { parseOptions, UsageError, writeOut, type Command } from '../command.ts';
import { DATABASE_HELP, DATABASE_OPTIONS, printAppError, withDatabaseCommand } from '../database-options.ts';

const BACKUP_HELP = `giamngheo backup FILE [--db DIR] --as USERNAME

Sao lưu toàn bộ CSDL vào một tệp (JSON nén gzip): mọi bảng, theo một ảnh chụp nhất quán (một giao dịch chỉ
đọc REPEATABLE READ), kèm bản kê (migration, thời điểm, số dòng từng bảng, bản ghi cuối của các chuỗi nhật
ký kiểm toán). Tệp chỉ chủ sở hữu đọc được (chứa dữ liệu cá nhân); không ghi đè tệp đã có. Chỉ quản trị hệ
thống. Cùng một tệp khôi phục được vào CSDL nhúng hoặc PostgreSQL.
PostgreSQL (DATABASE_URL): sao lưu khi máy chủ đang chạy. CSDL nhúng (--db): chỉ một tiến trình mở được thư
mục dữ liệu, nên phải dừng máy chủ trước khi sao lưu.
Backs the whole database up into one file (gzip'd JSON): every table, from one consistent snapshot (a
read-only REPEATABLE READ transaction), with a manifest (migrations, time, rows per table, the audit
chains' last entries). The file is readable by its owner only (it holds personal data); an existing file
is never overwritten. System administrators only. The same file restores into the embedded database or
PostgreSQL.
PostgreSQL (DATABASE_URL): runs while the server runs. Embedded database (--db): a data folder can be opened
by one process only, so stop the server first.
${AS_HELP}
${DATABASE_HELP}`;

const RESTORE_HELP = `giamngheo restore FILE [--db DIR] [--as USERNAME]

Khôi phục một bản sao lưu vào một CSDL MỚI (thư mục --db mới, hoặc CSDL PostgreSQL vừa tạo, trống): CSDL
được tạo bảng theo bản này, phải chưa có dòng dữ liệu nào (kể cả danh mục đơn vị: khôi phục trước khi chạy
máy chủ trên nó). Bản sao lưu phải cùng migration với bản này. Trong một giao dịch: ghi mọi dòng, đếm lại
từng bảng theo bản kê và kiểm tra chuỗi nhật ký kiểm toán; sai một điểm thì không ghi gì. --as: quản trị
hệ thống có trong bản sao lưu, ghi tên vào nhật ký (mặc định 'system').
Restores a backup into a NEW database (a new --db folder, or a newly created, empty PostgreSQL database):
migrated by this release and holding no row at all (not even the official units: restore before serving
from it). The backup must have this release's migrations. In one transaction: every row written, each
table counted against the manifest and the audit chains verified; any difference and nothing is written.
--as: a system administrator of the backup, named in the audit entry (default 'system').
${DATABASE_HELP}`;

async function json(value: unknown): Promise<number> {
  await writeOut(`${JSON.stringify(value, null, 2)}\n`);
  return 0;
}

function fileArgument(positionals: string[], help: string): string {
  if (positionals.length !== 1 || !positionals[0]) throw new UsageError(help);
  return positionals[0];
}

export const backupCommand: Command = {
  summary: 'sao lưu CSDL vào một tệp / back the database up into a file',
  help: BACKUP_HELP,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, { ...DATABASE_OPTIONS, ...AS_OPTION });
    const file = fileArgument(positionals, BACKUP_HELP);
    return withDatabaseCommand(values, async (db) => {
      const actor = await actingAs(db, values.as);
      const summary = await createBackup(db, actor, file);
      process.stderr.write(
        `Đã sao lưu ${summary.rows} dòng của ${summary.tables} bảng vào ${file} / ` +
          `Backed up ${summary.rows} rows of ${summary.tables} tables into ${file}\n`,
      );
      return json(summary);
    });
  },
};

/**
 * The database to restore into, migrated but without the reference data every other command loads (the
 * backup brings its own): a restore needs it empty.
 */
async function openForRestore(dbDir: string | undefined): Promise<Database> {
  const url = process.env.DATABASE_URL;
  let db: Database;
  if (dbDir || !url) {
    const dataDir = dbDir ?? DEFAULT_DATA_DIR;
    mkdirSync(dataDir, { recursive: true });
    db = await openDatabase({ kind: 'pglite', dataDir });
  } else {
    db = await openDatabase({ kind: 'postgres', url });
  }
  try {
    await migrate(db);
    return db;
  } catch (e) {
    await db.close();
    throw e;
  }
}

export const restoreCommand: Command = {
  summary: 'khôi phục CSDL mới từ bản sao lưu / restore a backup into a new database',
  help: RESTORE_HELP,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, { ...DATABASE_OPTIONS, ...AS_OPTION });
    const file = fileArgument(positionals, RESTORE_HELP);
    const db = await openForRestore(values.db);
    try {
      const summary = await restoreBackup(db, file, { as: values.as });
      process.stderr.write(
        `Đã khôi phục ${summary.rows} dòng của ${summary.tables} bảng; chuỗi nhật ký kiểm toán toàn vẹn ` +
          `(${summary.audit.count} bản ghi) / Restored ${summary.rows} rows of ${summary.tables} tables; ` +
          `the audit chain verifies (${summary.audit.count} entries)\n`,
      );
      return await json(summary);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      printAppError(e);
      return 1;
    } finally {
      await db.close();
    }
  },
};
