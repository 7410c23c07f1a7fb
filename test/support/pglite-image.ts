// A new PGlite database runs initdb (3–5 s on this machine), and the test suite opens one per test file and
// engine, and per browser test file: a few minutes of CI. Instead each opens a copy of a saved data
// directory (PgliteConfig.image, ≈ 1 s), made once per machine for this set of migrations and kept in the
// temporary folder under a key of everything that shapes it. `migrate()` still runs on the copy and checks
// each migration's checksum, so a copy that did not match the code would fail loudly, not pass quietly.
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { migrate, openDatabase } from '../../src/db/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MIGRATIONS = join(ROOT, 'src/db/migrations');
const IMAGES = join(tmpdir(), 'giamngheo-pglite-images');

/** What the image holds: a new cluster only, or one with every migration applied. */
export type PgliteImageKind = 'empty' | 'migrated';

/** The key of this checkout's images: PGlite's version, the migrations and the code applying them. */
function imageKey(): string {
  const hash = createHash('sha256');
  const pglite = join(ROOT, 'node_modules/@electric-sql/pglite/package.json');
  const pgliteVersion = (JSON.parse(readFileSync(pglite, 'utf8')) as { version: string }).version;
  hash.update(`pglite ${pgliteVersion}\n`);
  hash.update(readFileSync(join(ROOT, 'src/db/migrate.ts')));
  for (const name of readdirSync(MIGRATIONS)
    .filter((n) => n.endsWith('.sql'))
    .sort()) {
    hash.update(`\n${name}\n`);
    hash.update(readFileSync(join(MIGRATIONS, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

const made = new Map<PgliteImageKind, Promise<string>>();

/** The path of the image (made now when this machine has none for this checkout). */
export function pgliteImage(kind: PgliteImageKind): Promise<string> {
  let path = made.get(kind);
  if (!path) {
    path = makeImage(kind);
    made.set(kind, path);
  }
  return path;
}

async function makeImage(kind: PgliteImageKind): Promise<string> {
  const key = imageKey();
  const path = join(IMAGES, `${key}-${kind}.tar`);
  if (existsSync(path)) return path;
  mkdirSync(IMAGES, { recursive: true });
  // Made through the application's own engine and migrate(), on disk, then saved by PGlite itself.
  const dir = mkdtempSync(join(tmpdir(), 'gn-pglite-image-'));
  try {
    const db = await openDatabase({ kind: 'pglite', dataDir: dir });
    if (kind === 'migrated') await migrate(db);
    await db.close();
    const lite = await PGlite.create({ dataDir: dir, extensions: { pg_trgm } });
    const tar = await lite.dumpDataDir('none');
    await lite.close();
    // Two test files may make it at once: each writes its own file and renames it into place (atomic).
    const partial = `${path}.${process.pid}-${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, new Uint8Array(await tar.arrayBuffer()));
    renameSync(partial, path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // Images of other keys (earlier migrations) are dropped after a day, not left to fill the disk (not at once:
  // another checkout's suite may be reading its own).
  for (const name of readdirSync(IMAGES)) {
    const other = join(IMAGES, name);
    if (!name.startsWith(key) && Date.now() - statSync(other).mtimeMs > 86_400_000)
      rmSync(other, { force: true });
  }
  return path;
}
