// `npm run dev`: the server restarting on every change (tsx watch on scripts/dev-server.ts, i.e. `giamngheo
// serve`) and Vite's dev server for the client with hot reload, /api proxied to the server. Arguments go to
// `serve`: `npm run dev -- --db /tmp/gn-dev --no-demo`. PORT (default 3000) is the server's, WEB_PORT (default
// 5173) Vite's; both listen on 127.0.0.1. Ctrl-C (or SIGTERM) stops both; when one stops, so does the other.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(import.meta.url);
const TSX = require.resolve('tsx/cli');
const VITE = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');

const host = '127.0.0.1';
const port = process.env.PORT ?? '3000';
const webPort = process.env.WEB_PORT ?? '5173';
const serveArgs = process.argv.slice(2);
let stopping = false;

interface Child {
  name: string;
  process: ChildProcess;
  /** In its own process group, so Ctrl-C reaches it only through stop(). */
  detached: boolean;
}

function start(
  name: string,
  args: string[],
  options: { detached?: boolean; env?: NodeJS.ProcessEnv },
): Child {
  const detached = options.detached ?? false;
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // A process group of its own must not read the terminal (it would be stopped by SIGTTIN).
    stdio: [detached ? 'ignore' : 'inherit', 'inherit', 'inherit'],
    detached,
    env: { ...process.env, ...options.env },
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`[dev] ${name} stopped (${signal ?? code}); stopping the other\n`);
      stop(code ?? 1);
    }
  });
  return { name, process: child, detached };
}

// The server gets exactly one SIGTERM, from stop() through tsx watch, and closes its database before exiting:
// on Ctrl-C a terminal signals the whole foreground group, and a second signal makes tsx watch kill the
// server outright (SIGKILL), which an embedded database in data/db should not suffer.
// The rules are read once at start, so a change to rules/ restarts the server too.
const server = start(
  'server',
  [
    TSX,
    'watch',
    '--clear-screen=false',
    '--include',
    'rules/**/*',
    'scripts/dev-server.ts',
    '--host',
    host,
    '--port',
    port,
    ...serveArgs,
  ],
  { detached: true },
);
const web = start('vite', [VITE, 'web', '--host', host, '--port', webPort, '--strictPort'], {
  env: { GIAMNGHEO_API: `http://${host}:${port}` },
});
process.stderr.write(`[dev] client: http://${host}:${webPort} (API proxied to http://${host}:${port})\n`);

const running = (c: Child) => c.process.exitCode === null && c.process.signalCode === null;

function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  const children = [server, web].filter(running);
  let left = children.length;
  if (left === 0) process.exit(code);
  for (const c of children) {
    c.process.once('exit', () => {
      if (--left === 0) process.exit(code);
    });
    c.process.kill('SIGTERM');
  }
  // A child that ignores SIGTERM is not waited for forever; a detached one is killed with its group.
  setTimeout(() => {
    for (const c of children.filter(running)) {
      process.stderr.write(`[dev] ${c.name} did not stop in 15 s: killed\n`);
      if (c.detached && c.process.pid) process.kill(-c.process.pid, 'SIGKILL');
      else c.process.kill('SIGKILL');
    }
    process.exit(code);
  }, 15_000).unref();
}

process.on('SIGINT', () => stop(130));
process.on('SIGTERM', () => stop(143));
process.on('SIGHUP', () => stop(129));
