// The session key of a trial machine (issue #15: an unset SESSION_SECRET signed everyone out at each restart).
// Outside production, without SESSION_SECRET, `giamngheo serve` on the embedded database keeps a key it made
// once in the data folder, readable by the server's own user only (0600, as the folder is 0700), so a restart
// signs no one out. In production SESSION_SECRET is required (config-check.ts); on PostgreSQL without it the
// key stays random per start (there is no folder of ours to keep it in).
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECRET_FILE = 'giamngheo-session-secret';

/** A key shorter than this in the file is not ours (or was cut): a new one replaces it. */
const MIN_LENGTH = 32;

export interface KeptSecret {
  secret: string;
  path: string;
  /** Made at this start (the first on this folder, or the file was unusable). */
  created: boolean;
}

/** The key kept in `dataDir` (which exists: the database opened it), made and written there when missing. */
export function keptSessionSecret(dataDir: string): KeptSecret {
  const path = join(dataDir, SECRET_FILE);
  const kept = readKept(path);
  if (kept) return { secret: kept, path, created: false };
  const secret = randomBytes(32).toString('hex');
  try {
    // 'wx' would refuse an existing file; an unusable one is replaced, with the same owner-only mode.
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'w' });
    chmodSync(path, 0o600);
  } catch (e) {
    throw new Error(`cannot keep the session key in ${path}: ${(e as Error).message}`, { cause: e });
  }
  return { secret, path, created: true };
}

function readKept(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw e;
  }
  if (text.length < MIN_LENGTH || /\s/.test(text)) return undefined;
  // Made readable by others since (a copy, an umask): back to the owner's only.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return text;
}
