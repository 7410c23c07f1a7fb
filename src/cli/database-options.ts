// The options every database-backed command shares (--db DIR, DATABASE_URL) and opening the database.
import type { Database } from '../db/index.ts';
import { isCalendarDate } from '../domain/standards/facts.ts';
import { AppError, CATALOGUE } from '../services/errors.ts';
import { openReadyDatabase } from '../services/open-database.ts';
import { UsageError } from './command.ts';

export const DATABASE_OPTIONS = { db: { type: 'string' } } as const;

export const DATABASE_HELP = `  --db DIR        thư mục CSDL nhúng / embedded database directory (mặc định / default data/db)
  DATABASE_URL    biến môi trường: dùng PostgreSQL / environment variable: use PostgreSQL`;

/** Today in Vietnam (the CLI is an adapter: it may read the clock; the domain never does). */
export function todayInVietnam(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
}

export function dateOption(value: string | undefined, name = '--at'): string {
  if (value === undefined) return todayInVietnam();
  if (!isCalendarDate(value)) {
    throw new UsageError(
      `${name}: ngày không hợp lệ "${value}" (YYYY-MM-DD) / invalid date "${value}" (YYYY-MM-DD)`,
    );
  }
  return value;
}

/** A refusal from a use case (scope, permission, rule), printed in both languages with its fields. */
export function printAppError(e: AppError): void {
  process.stderr.write(
    `${e.code}: ${e.customMessage?.vi ?? CATALOGUE[e.code].vi} / ${e.customMessage?.en ?? CATALOGUE[e.code].en}\n`,
  );
  for (const f of e.fields) process.stderr.write(`  ${f.path}: ${f.message.vi} / ${f.message.en}\n`);
}

/** Opens the chosen database (created, migrated and loaded on first use), runs `fn`, always closes it. */
export async function withDatabase<T>(
  values: { db?: string | undefined },
  fn: (db: Database) => Promise<T>,
): Promise<T> {
  const db = await openReadyDatabase(
    { dbDir: values.db, databaseUrl: process.env.DATABASE_URL },
    { onProgress: (m) => process.stderr.write(`${m.vi} / ${m.en}\n`) },
  );
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** withDatabase for a command that calls use cases: a refusal (AppError) is printed and exits 1, as a bad row does. */
export function withDatabaseCommand(
  values: { db?: string | undefined },
  fn: (db: Database) => Promise<number>,
): Promise<number> {
  return withDatabase(values, (db) =>
    fn(db).catch((e: unknown) => {
      if (!(e instanceof AppError)) throw e;
      printAppError(e);
      return 1;
    }),
  );
}
