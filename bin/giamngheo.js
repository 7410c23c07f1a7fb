#!/usr/bin/env node
// Entry of the `giamngheo` command (docs/adr/0001). Runs the esbuild bundle in dist/cli/ (built by
// `npm run build:cli` and by `npm ci`) while it matches the sources, else the TypeScript sources through
// tsx, so an edited file is never run from a stale bundle. dist/cli/stamp.json lists each bundled source
// file with the mtime and size it had when built; one stat per file (≈ 230, about 2 ms) decides.
// GIAMNGHEO_CLI=tsx forces the sources, GIAMNGHEO_CLI=dist the bundle (without the check).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// A reader that stops early (`giamngheo units children 19 | head`) closes the pipe: that is the end of
// the output, not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const root = fileURLToPath(new URL('../', import.meta.url));
const bundle = join(root, 'dist', 'cli');

/** True when the bundle exists and every source file it was built from is unchanged. */
function bundleIsFresh() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(bundle, 'stamp.json'), 'utf8'));
  } catch {
    return false;
  }
  for (const [path, [mtimeMs, size]] of Object.entries(stamp.inputs)) {
    const s = statSync(join(root, path), { throwIfNoEntry: false });
    if (!s || s.mtimeMs !== mtimeMs || s.size !== size) return false;
  }
  return true;
}

const mode = process.env.GIAMNGHEO_CLI;
let main;
if (mode === 'dist' || (mode !== 'tsx' && bundleIsFresh())) {
  ({ main } = await import(new URL('../dist/cli/main.js', import.meta.url).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
