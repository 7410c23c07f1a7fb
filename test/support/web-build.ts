// Builds the web client (npm run build:web) when web/dist is missing or older than its sources, so the
// browser tests always drive the client as it is in the tree. Used as vitest's globalSetup.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_DIST = join(ROOT, 'web', 'dist');
const BUILT = join(WEB_DIST, 'index.html');
// Everything the bundle is made from (the client also imports pure modules of src/domain and src/reports).
const SOURCES = [
  'web/src',
  'web/public',
  'web/index.html',
  'web/vite.config.ts',
  'src/domain',
  'src/reports',
  'package-lock.json',
];

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

export function webBuildIsStale(): boolean {
  if (!existsSync(BUILT)) return true;
  const built = statSync(BUILT).mtimeMs;
  return SOURCES.some((s) => newestChange(join(ROOT, s)) > built);
}

export function ensureWebBuild(): void {
  if (!webBuildIsStale()) return;
  const r = spawnSync('npm', ['run', 'build:web', '--silent'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production', NO_COLOR: '1' },
  });
  if (r.status !== 0) throw new Error(`npm run build:web failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

/** vitest globalSetup: one build before any test file runs, never two in parallel. */
export default function setup(): void {
  ensureWebBuild();
}
