// Builds the `giamngheo` command into dist/cli/ with esbuild, so it starts without transpiling TypeScript
// (docs/adr/0001). Run by `npm run build:cli` and by npm's `prepare` (so `npm ci` builds it).
//
// - Entries: src/cli/main.ts (dist/cli/main.js) and the PGlite worker thread (dist/cli/pglite-worker.js).
//   ESM with code splitting: each command is its own chunk, loaded when it runs.
// - npm packages stay external and load from node_modules, where PGlite finds its wasm and data files.
// - `import.meta.url` in each source file is rewritten to that file's own URL under src/ (as a path
//   relative to dist/cli/, so the repository can move), so every path the sources compute from it —
//   rules/, data/, examples/, web/dist/, src/db/migrations/, createRequire — resolves as under tsx.
// - dist/cli/stamp.json lists every bundled source file with the mtime and size it had before the build;
//   bin/giamngheo.js runs the bundle only while they all still match, else the sources through tsx.
// - With --if-possible (npm's `prepare`), a failed build is a warning: without a stamp the command simply
//   keeps running the sources through tsx, so an install never fails for want of the bundle.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const OUT_DIR = join(ROOT, 'dist', 'cli');
export const STAMP_FILE = join(OUT_DIR, 'stamp.json');

/** The PGlite engine starts its worker from a .js entry beside it that registers tsx; the bundle has its own. */
const WORKER_SOURCE = 'src/db/engines/pglite.ts';
const WORKER_URL_IN_SOURCE = "new URL('./pglite-worker-entry.js', import.meta.url)";
const WORKER_URL_IN_BUNDLE = "new URL('./pglite-worker.js', import.meta.url)";

export interface Stamp {
  builtAt: string;
  esbuild: string;
  /** Repository-relative path (with /) → [mtimeMs, size] before the build read it. */
  inputs: Record<string, [number, number]>;
}

const posix = (path: string) => path.split(sep).join('/');

function snapshot(dir: string, into: Map<string, [number, number]>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) snapshot(path, into);
    else if (entry.isFile()) {
      const s = statSync(path);
      into.set(posix(relative(ROOT, path)), [s.mtimeMs, s.size]);
    }
  }
}

/** Gives each source module its own location as `import.meta.url` instead of the chunk's. */
function sourceLocations(warnings: string[]): Plugin {
  return {
    name: 'source-locations',
    setup(b) {
      b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
        const path = posix(relative(ROOT, args.path));
        if (!path.startsWith('src/')) return undefined;
        const own = JSON.stringify(posix(relative(OUT_DIR, args.path)));
        let contents = readFileSync(args.path, 'utf8').replace(
          /\bimport\.meta\.url\b/g,
          `new URL(${own}, import.meta.url).href`,
        );
        if (path === WORKER_SOURCE) {
          const workerUrl = WORKER_URL_IN_SOURCE.replace(
            'import.meta.url',
            `new URL(${own}, import.meta.url).href`,
          );
          if (contents.includes(workerUrl)) contents = contents.replace(workerUrl, WORKER_URL_IN_BUNDLE);
          else
            warnings.push(
              `${WORKER_SOURCE}: ${WORKER_URL_IN_SOURCE} not found; the bundle starts the PGlite worker through tsx`,
            );
        }
        const loader = /\.tsx$/.test(path) ? 'tsx' : /\.[cm]?ts$/.test(path) ? 'ts' : 'js';
        return { contents, loader };
      });
    },
  };
}

/** The bundled source files that changed since the build (bin/giamngheo.js makes the same check). */
export function changedSince(stamp: Stamp): string[] {
  return Object.entries(stamp.inputs)
    .filter(([path, [mtimeMs, size]]) => {
      const s = statSync(join(ROOT, path), { throwIfNoEntry: false });
      return !s || s.mtimeMs !== mtimeMs || s.size !== size;
    })
    .map(([path]) => path);
}

export async function buildCli(): Promise<{ stamp: Stamp; warnings: string[]; ms: number }> {
  const t0 = performance.now();
  const { build, version } = await import('esbuild');
  rmSync(OUT_DIR, { recursive: true, force: true });
  const before = new Map<string, [number, number]>();
  snapshot(join(ROOT, 'src'), before);
  const warnings: string[] = [];
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: {
      main: 'src/cli/main.ts',
      'pglite-worker': 'src/db/engines/pglite-worker.ts',
    },
    outdir: OUT_DIR,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // Chunks beside the entries: the rewritten import.meta.url paths are relative to dist/cli/.
    chunkNames: '[name]-[hash]',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceLocations(warnings)],
  });
  const inputs: Stamp['inputs'] = {};
  for (const input of Object.keys(result.metafile.inputs).sort()) {
    const path = posix(input);
    const seen = before.get(path);
    if (!seen) throw new Error(`build-cli: ${path} was bundled but is not under src/`);
    inputs[path] = seen;
  }
  const stamp: Stamp = { builtAt: new Date().toISOString(), esbuild: version, inputs };
  // Written last: a build that failed midway leaves no stamp, and the command keeps using tsx.
  writeFileSync(STAMP_FILE, `${JSON.stringify(stamp)}\n`);
  return { stamp, warnings, ms: performance.now() - t0 };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const { stamp, warnings, ms } = await buildCli();
    for (const w of warnings) process.stderr.write(`build-cli: warning: ${w}\n`);
    process.stderr.write(
      `build-cli: ${Object.keys(stamp.inputs).length} source files → ${posix(relative(ROOT, OUT_DIR))}/ in ${Math.round(ms)} ms (esbuild ${stamp.esbuild})\n`,
    );
  } catch (e) {
    if (!process.argv.includes('--if-possible')) throw e;
    rmSync(STAMP_FILE, { force: true });
    process.stderr.write(
      `build-cli: warning: the command was not bundled, giamngheo will run the sources through tsx (slower start):\n${String((e as Error).stack ?? e)}\n`,
    );
  }
}
