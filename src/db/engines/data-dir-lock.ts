// One process at a time in an embedded (PGlite) data folder. PGlite keeps no lock of its own: a second
// process opened a folder in use without any error and did not see the first one's committed tables (issue
// #15's audit), so a CLI command run beside `giamngheo serve` would read a stale state or corrupt the files.
// The folder holds a lock file while it is open, made with O_EXCL (created only if absent) and naming the
// process that holds it: its pid, when it started, and the machine's boot. A second opener is refused with
// the folder and the pid named, in Vietnamese and English. A lock whose holder is gone (killed with -9, a
// power cut, a reboot; its pid reused by another program) is taken over. It is removed on close and when the
// process exits.
import { randomUUID } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** The lock file's name inside the data folder (PGlite ignores files it does not know). */
export const LOCK_FILE = 'giamngheo.lock';

/** Who holds a folder, as the lock file records it. */
export interface LockHolder {
  pid: number;
  /** When the holding process started (ISO 8601), for people reading the file or the error. */
  startedAt: string;
  /** The holding process's start in clock ticks since boot (Linux /proc), exact; absent elsewhere. */
  startTicks?: number;
  /** The machine's boot (Linux /proc/sys/kernel/random/boot_id): after a reboot no holder is alive. */
  bootId?: string;
  hostname: string;
  /** Different for every opening, so a release removes only its own lock. */
  token: string;
}

/** A data folder another process (or another opening in this one) holds. */
export class DataFolderInUseError extends Error {
  override readonly name = 'DataFolderInUseError';
  readonly vi: string;
  readonly en: string;
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    const lock = join(dir, LOCK_FILE);
    const vi =
      `Thư mục CSDL nhúng ${dir} đang được tiến trình ${holder.pid} mở (khởi động lúc ${holder.startedAt}); ` +
      `mỗi thư mục dữ liệu chỉ một tiến trình mở được. Hãy dừng máy chủ (giamngheo serve) trước khi chạy lệnh ` +
      `này (sao lưu: dừng máy chủ rồi chạy giamngheo backup), hoặc làm việc này qua chính máy chủ đang chạy ` +
      `(trang web hay API). Nếu chắc chắn không còn tiến trình ${holder.pid} nào dùng thư mục, xoá ${lock}.`;
    const en =
      `The embedded database folder ${dir} is open in process ${holder.pid} (started ${holder.startedAt}); ` +
      `a data folder can be opened by one process only. Stop the server (giamngheo serve) before running ` +
      `this command (to back up: stop the server, then run giamngheo backup), or do this through the running ` +
      `server itself (its web pages or API). If you are sure no process ${holder.pid} uses the folder, ` +
      `delete ${lock}.`;
    super(`${vi}\n${en}`);
    this.vi = vi;
    this.en = en;
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Field 3 (state) and 22 (start time in clock ticks) of /proc/PID/stat; undefined off Linux or if gone. */
function procStat(pid: number): { state: string; startTicks: number } | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const startTicks = Number(fields[19]);
  if (!fields[0] || !Number.isFinite(startTicks)) return undefined;
  return { state: fields[0], startTicks };
}

const BOOT_ID = readText('/proc/sys/kernel/random/boot_id')?.trim() || undefined;
const START_TICKS = procStat(process.pid)?.startTicks;
/** This process's start, the same in every thread of it (process.uptime() counts from the process's start). */
const STARTED_MS = Date.now() - process.uptime() * 1000;

/** Is `holder` this very process (any of its threads)? */
function isThisProcess(holder: LockHolder): boolean {
  if (holder.pid !== process.pid) return false;
  // The same pid may be an earlier process of the same number (pid 1 in a container, restarted; a folder
  // copied from another machine).
  if (holder.bootId !== BOOT_ID || holder.hostname !== hostname()) return false;
  if (holder.startTicks !== undefined && START_TICKS !== undefined) return holder.startTicks === START_TICKS;
  return Math.abs(Date.parse(holder.startedAt) - STARTED_MS) < 2000;
}

/**
 * Is the process `pid` running (a zombie is not)? A pid of another user's process counts as running
 * (EPERM). `startTicks`, when given (Linux), must match too: otherwise the pid was reused.
 */
export function processAlive(pid: number, startTicks?: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(pid);
  if (!stat) return true; // not Linux (or it ended just now): the signal's answer stands
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return startTicks === undefined || stat.startTicks === startTicks;
}

/** Is the lock's holder still there? A lock of this process is held by it (another opening, another thread). */
function holderAlive(holder: LockHolder): boolean {
  if (holder.pid === process.pid) return isThisProcess(holder);
  // Rebooted since, or a folder copied from another machine: that process is not running here.
  if (holder.bootId && BOOT_ID && holder.bootId !== BOOT_ID) return false;
  return processAlive(holder.pid, holder.bootId === BOOT_ID ? holder.startTicks : undefined);
}

function parseHolder(text: string | undefined): LockHolder | undefined {
  if (text === undefined) return undefined;
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.pid === 'number' && typeof h.token === 'string') {
      return {
        pid: h.pid,
        startedAt: String(h.startedAt ?? '?'),
        ...(typeof h.startTicks === 'number' ? { startTicks: h.startTicks } : {}),
        ...(typeof h.bootId === 'string' ? { bootId: h.bootId } : {}),
        hostname: String(h.hostname ?? hostname()),
        token: h.token,
      };
    }
  } catch {
    // a torn or foreign file: treated as no holder (below)
  }
  return undefined;
}

/** Writes `holder` to `path` only if no such file exists (O_EXCL); false if one does. */
function createExclusive(path: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The locks this thread holds (lock file → token), removed at exit if not released before. */
const held = new Map<string, string>();
let exitHook = false;

function removeIfOurs(path: string, token: string): void {
  if (parseHolder(readText(path))?.token !== token) return;
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file (if it is still this opening's). Idempotent. */
  release(): void;
}

/**
 * Takes the lock of the data folder `dir` (which must exist), or throws DataFolderInUseError naming the
 * process that holds it. A lock whose holder is gone is taken over.
 */
export function lockDataDir(dir: string): DataDirLock {
  const path = join(dir, LOCK_FILE);
  const me: LockHolder = {
    pid: process.pid,
    startedAt: new Date(STARTED_MS).toISOString(),
    ...(START_TICKS !== undefined ? { startTicks: START_TICKS } : {}),
    ...(BOOT_ID ? { bootId: BOOT_ID } : {}),
    hostname: hostname(),
    token: randomUUID(),
  };
  for (let attempt = 0; ; attempt++) {
    if (createExclusive(path, me)) break;
    const text = readText(path);
    if (text === undefined) continue; // released meanwhile: try again
    const holder = parseHolder(text);
    // A file cut short by a crash while it was written (or not ours at all) holds nothing; give an opener
    // that is writing it right now a moment first.
    if (holder && holderAlive(holder)) throw new DataFolderInUseError(dir, holder);
    if (!holder && attempt === 0) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      continue;
    }
    if (attempt > 5) throw new Error(`${path}: could not take over the stale lock`);
    // Taken over: moved aside under a name of our own (atomic), then checked to be the stale file judged
    // above; if another opener replaced it with a live lock meanwhile, that one is put back (link(2) never
    // overwrites) and the loop reads it again.
    const aside = `${path}.stale-${me.token}`;
    try {
      renameSync(path, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    if (readText(aside) !== text) {
      try {
        linkSync(aside, path);
      } catch {
        // another opener has made a new lock meanwhile: the loop reads that one
      }
    }
    unlinkSync(aside);
  }
  held.set(path, me.token);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const [file, token] of held) removeIfOurs(file, token);
    });
  }
  return {
    path,
    release() {
      if (held.get(path) !== me.token) return;
      held.delete(path);
      removeIfOurs(path, me.token);
    },
  };
}
