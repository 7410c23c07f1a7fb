// Backup and restore (#15, item 2): a logical backup written by our own code, so the same file moves between
// the embedded engine and PostgreSQL. One read-only REPEATABLE READ transaction is the snapshot (consistent
// while the server writes); the file is gzip'd JSON lines: a manifest first (format, migrations, time, rows
// per table, the audit chains' heads), then each table's rows in foreign-key order, then an end mark.
// Restore goes into an empty migrated database only, in one transaction, and commits only when the rows
// counted and the audit chains verified agree with the manifest: all or nothing.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import type { Database, Queryable } from '../db/index.ts';
import { DatabaseError } from '../db/index.ts';
import { verifyAuditChain } from '../db/queries/audit.ts';
import {
  appliedMigrations,
  backupTables,
  insertRows,
  rowCounts,
  tableRows,
  tablesWithRows,
  type BackupTable,
} from '../db/queries/backup.ts';
import { actorByUsername, isSystem, SYSTEM_ACTOR, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { AppError } from './errors.ts';
import { isDiskFull, writeWholeFile, type OpenFile } from './export-file.ts';

export const BACKUP_FORMAT = 'giamngheo-backup';
export const BACKUP_VERSION = 1;

export interface AuditChainHead {
  chain: string;
  count: number;
  head: { seq: number; hash: string };
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** When the snapshot was taken (ISO 8601). */
  createdAt: string;
  /** The engine it was taken from (informative: a backup restores into either). */
  engine: Database['kind'];
  /** The migrations applied to the database backed up (src/db/migrate.ts's schema_migrations). */
  migrations: { name: string; checksum: string }[];
  /** Each table in the order its rows follow, with its columns and rows. */
  tables: { name: string; columns: string[]; rows: number }[];
  /** The audit chains as verified in the snapshot: each chain's entries and last entry. */
  audit: { ok: boolean; count: number; chains: AuditChainHead[] };
}

export interface BackupSummary {
  file: string;
  createdAt: string;
  tables: number;
  rows: number;
  audit: BackupManifest['audit'];
}

/** Rows fetched per round trip, and the most rows or characters sent in one insert. */
const FETCH_ROWS = 100;
const INSERT_ROWS = 500;
const INSERT_CHARS = 4_000_000;

function refuse(vi: string, en: string, details?: Record<string, unknown>): AppError {
  return new AppError('RULE_VIOLATION', [], details, { vi, en });
}

/** Backups hold every household's personal data: only the system administrator, or the first set-up. */
function requireBackupRights(actor: Actor): void {
  if (!isSystem(actor) && actor.role !== 'system_admin') throw new AppError('FORBIDDEN');
}

const nonCitus = (migrations: readonly { name: string; checksum: string }[]) =>
  migrations.filter((m) => !m.name.startsWith('citus/'));

/**
 * The chains the verifier walked, each with its entries and last entry (one chain per province, ADR 0011);
 * none from a verifier that reports only the count of a single chain, which the count then stands for.
 */
const chainsOf = (verified: { ok: true; count: number }): AuditChainHead[] =>
  (verified as { chains?: AuditChainHead[] }).chains ?? [];

/**
 * Writes `text`, waiting for room; throws once the stream is destroyed (its error: a full disk behind a gzip
 * stream), rather than waiting for a 'drain' that will never come.
 */
async function write(out: Writable, text: string): Promise<void> {
  const cut = () => out.errored ?? new Error('the backup stream was closed before the end');
  if (out.destroyed) throw cut();
  if (out.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(cut());
    out.on('drain', onDrain);
    out.on('close', onClose);
  });
}

/**
 * Writes the backup (uncompressed JSON lines) to `out` from one read-only snapshot; returns its manifest.
 * Holds one batch of rows at a time.
 */
export async function writeBackup(
  db: Database,
  out: Writable,
  now: Date = new Date(),
): Promise<BackupManifest> {
  return db.transaction(
    async (tx) => {
      const tables = await backupTables(tx);
      const counts = await rowCounts(
        tx,
        tables.map((t) => t.name),
      );
      const verified = await verifyAuditChain(tx);
      const manifest: BackupManifest = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: now.toISOString(),
        engine: db.kind,
        migrations: await appliedMigrations(tx),
        tables: tables.map((t) => ({ name: t.name, columns: t.columns, rows: counts.get(t.name)! })),
        audit: verified.ok
          ? { ok: true, count: verified.count, chains: chainsOf(verified) }
          : { ok: false, count: verified.count, chains: [] },
      };
      await write(out, `${JSON.stringify(manifest)}\n`);
      for (const table of tables) {
        await write(out, `${JSON.stringify(['table', table.name])}\n`);
        for await (const rows of tableRows(tx, table, FETCH_ROWS)) {
          for (const row of rows) await write(out, `${row}\n`);
        }
      }
      await write(out, `${JSON.stringify(['end'])}\n`);
      return manifest;
    },
    { snapshot: true },
  );
}

/**
 * `giamngheo backup FILE`: the whole database into FILE (gzip), written beside it as FILE.partial and
 * renamed when complete, readable by its owner only; audited as backup.create. Refuses an existing FILE. A
 * full disk (or quota) is DISK_FULL naming FILE, with nothing left behind. `open` stands for the disk in
 * tests.
 */
export async function createBackup(
  db: Database,
  actor: Actor,
  file: string,
  now: Date = new Date(),
  open?: OpenFile,
): Promise<BackupSummary> {
  requireBackupRights(actor);
  if (await exists(file)) {
    throw refuse(
      `Tệp ${file} đã có; chọn tên khác (bản sao lưu không ghi đè)`,
      `${file} already exists; choose another name (a backup never overwrites)`,
    );
  }
  const manifest = await writeWholeFile(
    file,
    async (sink) => {
      const gzip = createGzip();
      const written = pipeline(gzip, sink);
      // Awaited below, after the rows: a disk that fills meanwhile must not count as an unhandled rejection.
      written.catch(() => undefined);
      try {
        const m = await writeBackup(db, gzip, now);
        gzip.end();
        await written;
        return m;
      } catch (e) {
        gzip.destroy();
        // The disk's failure, when that is what cut the backup short, rather than the write it interrupted.
        const failed = await written.then(
          () => undefined,
          (error: unknown) => error,
        );
        throw isDiskFull(failed) ? failed : e;
      }
    },
    { part: `${file}.partial`, mode: 0o600, open },
  );
  const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
  await db.transaction((tx) =>
    recordAudit(tx, actor, {
      action: 'backup.create',
      entityType: 'backup',
      entityId: manifest.createdAt,
      after: {
        file: basename(file),
        createdAt: manifest.createdAt,
        tables: manifest.tables.length,
        rows,
        audit: manifest.audit,
      },
    }),
  );
  return { file, createdAt: manifest.createdAt, tables: manifest.tables.length, rows, audit: manifest.audit };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The lines of a gzip'd file, one at a time; a damaged or cut file is a refusal naming it. */
async function* backupLines(file: string): AsyncGenerator<string> {
  const input = createReadStream(file);
  const gunzip = createGunzip();
  input.on('error', (e) => gunzip.destroy(e));
  input.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  let pending = '';
  try {
    for await (const chunk of gunzip) {
      pending += decoder.write(chunk as Buffer);
      let at: number;
      while ((at = pending.indexOf('\n')) >= 0) {
        yield pending.slice(0, at);
        pending = pending.slice(at + 1);
      }
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw refuse(`Không có tệp ${file}`, `No such file: ${file}`);
    }
    throw refuse(
      `Tệp ${file} hỏng hoặc bị cắt ngắn (${(e as Error).message}); không khôi phục gì`,
      `${file} is damaged or cut short (${(e as Error).message}); nothing was restored`,
    );
  } finally {
    input.destroy();
  }
  pending += decoder.end();
  if (pending.length > 0) yield pending;
}

function parseLine(file: string, line: string, n: number): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw refuse(
      `Tệp ${file} hỏng ở dòng ${n}; không khôi phục gì`,
      `${file} is damaged at line ${n}; nothing was restored`,
    );
  }
}

function checkManifest(file: string, value: unknown): BackupManifest {
  const m = value as Partial<BackupManifest> | null;
  if (
    !m ||
    m.format !== BACKUP_FORMAT ||
    !Array.isArray(m.tables) ||
    !Array.isArray(m.migrations) ||
    !m.audit
  ) {
    throw refuse(`${file} không phải bản sao lưu GiảmNghèo`, `${file} is not a GiảmNghèo backup`);
  }
  if (m.version !== BACKUP_VERSION) {
    throw refuse(
      `${file} có định dạng phiên bản ${String(m.version)}; bản này đọc phiên bản ${BACKUP_VERSION}`,
      `${file} is format version ${String(m.version)}; this release reads version ${BACKUP_VERSION}`,
    );
  }
  return m as BackupManifest;
}

/** The backup must have been taken at exactly this release's migrations (Citus' own ones aside). */
function checkMigrations(
  manifest: BackupManifest,
  here: readonly { name: string; checksum: string }[],
): void {
  const theirs = new Map(nonCitus(manifest.migrations).map((m) => [m.name, m.checksum]));
  const ours = new Map(nonCitus(here).map((m) => [m.name, m.checksum]));
  const missing = [...ours.keys()].filter((n) => !theirs.has(n));
  const extra = [...theirs.keys()].filter((n) => !ours.has(n));
  const changed = [...ours.keys()].filter((n) => theirs.has(n) && theirs.get(n) !== ours.get(n));
  if (missing.length + extra.length + changed.length === 0) return;
  const list = (names: string[]) => names.join(', ');
  const vi: string[] = [];
  const en: string[] = [];
  if (missing.length) {
    vi.push(
      `bản sao lưu thiếu migration ${list(missing)} (sao lưu từ bản cũ hơn: khôi phục bằng bản đó rồi nâng cấp)`,
    );
    en.push(
      `the backup lacks migrations ${list(missing)} (taken by an older release: restore with it, then upgrade)`,
    );
  }
  if (extra.length) {
    vi.push(`bản sao lưu có migration ${list(extra)} mà bản này không có (sao lưu từ bản mới hơn)`);
    en.push(`the backup has migrations ${list(extra)} this release does not (taken by a newer release)`);
  }
  if (changed.length) {
    vi.push(`migration ${list(changed)} khác nội dung`);
    en.push(`migrations ${list(changed)} differ`);
  }
  throw refuse(
    `Bản sao lưu không cùng phiên bản CSDL với bản cài đặt này: ${vi.join('; ')}`,
    `The backup is not of this release's database version: ${en.join('; ')}`,
    { missing, extra, changed },
  );
}

export interface RestoreSummary {
  file: string;
  createdAt: string;
  tables: number;
  rows: number;
  audit: { count: number; chains: AuditChainHead[] };
}

/**
 * `giamngheo restore FILE`: the backup into this database, which must be migrated by this release and hold
 * no row at all (migrate loads no data; open the database without loading the reference data). In one
 * transaction: the rows in foreign-key order, then the rows of every table counted against the manifest and
 * the audit chains verified against its heads; anything else rolls everything back. Recorded as
 * backup.restore by `as` (a system administrator of the backup) or, without it, by the system.
 */
export async function restoreBackup(
  db: Database,
  file: string,
  options: { as?: string | undefined } = {},
): Promise<RestoreSummary> {
  const lines = backupLines(file);
  let lineNo = 1;
  const first = await lines.next();
  if (first.done) throw refuse(`Tệp ${file} rỗng`, `${file} is empty`);
  const manifest = checkManifest(file, parseLine(file, first.value, lineNo));
  if (!manifest.audit.ok) {
    throw refuse(
      'Chuỗi nhật ký kiểm toán đã hỏng khi sao lưu; bản sao lưu không khôi phục được',
      'The audit chain was already broken when the backup was taken; the backup cannot be restored',
    );
  }
  try {
    return await db.transaction(async (tx) => {
      checkMigrations(manifest, await appliedMigrations(tx));
      const tables = await backupTables(tx);
      const byName = new Map(tables.map((t) => [t.name, t]));
      const occupied = await tablesWithRows(
        tx,
        tables.map((t) => t.name),
      );
      if (occupied.length > 0) {
        throw refuse(
          `CSDL đích không trống, các bảng đã có dữ liệu: ${occupied.join(', ')}. Chỉ khôi phục vào một CSDL mới ` +
            '(thư mục --db mới, hoặc CSDL PostgreSQL mới tạo) trước khi chạy máy chủ trên nó',
          `The target database is not empty; these tables hold rows: ${occupied.join(', ')}. Restore only into ` +
            'a new database (a new --db folder, or a newly created PostgreSQL database) before serving from it',
          { tables: occupied },
        );
      }
      const expected = new Set(tables.map((t) => t.name));
      const named = new Set(manifest.tables.map((t) => t.name));
      const differ = [...expected]
        .filter((n) => !named.has(n))
        .concat([...named].filter((n) => !expected.has(n)));
      for (const t of manifest.tables) {
        const here = byName.get(t.name);
        if (here && here.columns.join(',') !== t.columns.join(',')) differ.push(t.name);
      }
      if (differ.length > 0) {
        throw refuse(
          `Các bảng của bản sao lưu khác CSDL này: ${differ.join(', ')}`,
          `The backup's tables differ from this database's: ${differ.join(', ')}`,
        );
      }

      const restored = new Map<string, number>();
      let table: BackupTable | undefined;
      let batch: string[] = [];
      let chars = 0;
      let ended = false;
      const flush = async () => {
        if (!table || batch.length === 0) return;
        try {
          restored.set(table.name, (restored.get(table.name) ?? 0) + (await insertRows(tx, table, batch)));
        } catch (e) {
          if (!(e instanceof DatabaseError)) throw e;
          throw refuse(
            `Không ghi được dữ liệu bảng ${table.name} (gần dòng ${lineNo}): ${e.message}; không khôi phục gì`,
            `Rows of table ${table.name} (near line ${lineNo}) could not be written: ${e.message}; nothing was restored`,
          );
        }
        batch = [];
        chars = 0;
      };
      for await (const line of lines) {
        lineNo += 1;
        if (ended) {
          if (line.trim() === '') continue;
          throw refuse(`Tệp ${file} có dữ liệu sau dấu kết thúc`, `${file} has data after its end mark`);
        }
        if (line.startsWith('{')) {
          if (!table)
            throw refuse(`Tệp ${file} hỏng ở dòng ${lineNo}`, `${file} is damaged at line ${lineNo}`);
          batch.push(line);
          chars += line.length;
          if (batch.length >= INSERT_ROWS || chars >= INSERT_CHARS) await flush();
          continue;
        }
        const mark = parseLine(file, line, lineNo);
        await flush();
        if (
          Array.isArray(mark) &&
          mark[0] === 'table' &&
          typeof mark[1] === 'string' &&
          byName.has(mark[1])
        ) {
          table = byName.get(mark[1]);
        } else if (Array.isArray(mark) && mark[0] === 'end') {
          ended = true;
        } else {
          throw refuse(`Tệp ${file} hỏng ở dòng ${lineNo}`, `${file} is damaged at line ${lineNo}`);
        }
      }
      if (!ended) {
        throw refuse(
          `Tệp ${file} bị cắt ngắn (thiếu dấu kết thúc); không khôi phục gì`,
          `${file} is cut short (no end mark); nothing was restored`,
        );
      }

      await checkCounts(tx, manifest, tables);
      const audit = await checkAudit(tx, manifest);
      const actor = await restoringActor(tx, options.as);
      const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
      await recordAudit(tx, actor, {
        action: 'backup.restore',
        entityType: 'backup',
        entityId: manifest.createdAt,
        after: { file: basename(file), createdAt: manifest.createdAt, engine: manifest.engine, rows, audit },
      });
      return { file, createdAt: manifest.createdAt, tables: manifest.tables.length, rows, audit };
    });
  } finally {
    await lines.return(undefined);
  }
}

async function checkCounts(
  tx: Queryable,
  manifest: BackupManifest,
  tables: readonly BackupTable[],
): Promise<void> {
  const counts = await rowCounts(
    tx,
    tables.map((t) => t.name),
  );
  const wrong = manifest.tables
    .filter((t) => counts.get(t.name) !== t.rows)
    .map((t) => ({ table: t.name, expected: t.rows, restored: counts.get(t.name) ?? 0 }));
  if (wrong.length > 0) {
    const list = wrong.map((w) => `${w.table} ${w.restored}/${w.expected}`).join(', ');
    throw refuse(
      `Số dòng khôi phục khác bản kê của bản sao lưu (${list}); không khôi phục gì`,
      `Rows restored differ from the backup's manifest (${list}); nothing was restored`,
      { counts: wrong },
    );
  }
}

async function checkAudit(tx: Queryable, manifest: BackupManifest): Promise<RestoreSummary['audit']> {
  const verified = await verifyAuditChain(tx);
  if (!verified.ok) {
    const b = verified.firstBroken;
    throw refuse(
      `Chuỗi nhật ký kiểm toán khôi phục không hợp lệ (chuỗi ${b.chain || 'quốc gia'}, mục ${b.seq}: ${b.reason}); không khôi phục gì`,
      `The restored audit chain does not verify (chain ${b.chain || 'national'}, entry ${b.seq}: ${b.reason}); nothing was restored`,
      { firstBroken: b },
    );
  }
  const key = (c: AuditChainHead) => `${c.chain}#${c.count}#${c.head.seq}#${c.head.hash}`;
  const chains = chainsOf(verified);
  const restored = chains.map(key).join('|');
  if (restored !== manifest.audit.chains.map(key).join('|') || verified.count !== manifest.audit.count) {
    throw refuse(
      'Chuỗi nhật ký kiểm toán khôi phục không khớp mục cuối ghi trong bản sao lưu; không khôi phục gì',
      "The restored audit chain does not end at the backup's recorded last entries; nothing was restored",
      { expected: manifest.audit.chains, restored: chains },
    );
  }
  return { count: verified.count, chains };
}

/** Who the restore is recorded under: an active system administrator of the restored data, or the system. */
async function restoringActor(tx: Queryable, username: string | undefined): Promise<Actor> {
  if (username === undefined) return SYSTEM_ACTOR;
  const actor = await actorByUsername(tx, username);
  if (!actor || actor.role !== 'system_admin') {
    throw refuse(
      `--as ${username}: bản sao lưu không có quản trị hệ thống đang hoạt động tên này; không khôi phục gì`,
      `--as ${username}: the backup has no active system administrator of that name; nothing was restored`,
    );
  }
  return actor;
}
