// The temporary folders uploads are saved in (an import's file, an opening list's, an ODK export's), named
// after the process that made them: giamngheo-<kind>-pid<PID>-XXXXXX under the temporary directory. A process
// killed while a file was still arriving leaves its folder behind, before any job records it (so the jobs'
// recovery, which deletes the uploads of the jobs it marks interrupted, never hears of it). At start the
// server sweeps the folders whose process is no longer running; those of a running process — this one,
// another server on the same machine — are left alone.
import { lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processAlive } from '../db/engines/data-dir-lock.ts';

/** giamngheo-<kind>-pid<PID>-<mkdtemp's six characters>: nothing else is ever swept. */
const UPLOAD_DIR = /^giamngheo-[a-z]+-pid(\d+)-[A-Za-z0-9]{6}$/;

/** A new temporary folder for an upload; `prefix` is giamngheo-<kind>- (e.g. 'giamngheo-import-'). */
export async function makeUploadDir(prefix: string): Promise<string> {
  if (!/^giamngheo-[a-z]+-$/.test(prefix)) throw new Error(`upload folder prefix: ${prefix}`);
  return mkdtemp(join(tmpdir(), `${prefix}pid${process.pid}-`));
}

/**
 * Removes the upload folders under `dir` (default: the temporary directory) whose process has ended;
 * returns their paths. A folder that cannot be read or removed is skipped (another user's, say).
 */
export async function sweepOrphanUploads(dir: string = tmpdir()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  // A restarted server often has the pid of the one killed (pid 1 in a container): a folder with this
  // process's pid is that one's when it is older than this process.
  const startedAt = Date.now() - process.uptime() * 1000;
  for (const name of names) {
    const pid = Number(UPLOAD_DIR.exec(name)?.[1]);
    if (!pid || (pid !== process.pid && processAlive(pid))) continue;
    const path = join(dir, name);
    try {
      const info = await lstat(path);
      if (!info.isDirectory() || (pid === process.pid && info.mtimeMs >= startedAt)) continue;
      await rm(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}
