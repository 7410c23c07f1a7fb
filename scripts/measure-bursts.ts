// The burst of #14 part 2, measured with autocannon on PostgreSQL (docs/scaling.md, "Staying up under
// bursts"): a scratch database with the test world, the server on a port with a pool of 10, the household
// tables locked by another connection so that name searches cannot finish; 200 connections search for
// 10 s while 10 connections ask /api/auth/me; then, the lock still held, how many of the abandoned
// statements are still running, /api/auth/me again, and the commune list once the lock is gone.
//
//   TEST_DATABASE_URL=postgres://root@127.0.0.1:5432/test node --import tsx scripts/measure-bursts.ts [ROOT]
//
// ROOT (default: this checkout) is the source tree to measure, e.g. a worktree of an older commit.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import {
  lockHouseholdTables,
  openSideConnection,
  runningStatements,
  scratchDatabase,
} from '../test/support/side-connection.ts';

interface Result {
  requests: { average: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
// autocannon runs in processes of its own: in the server's process it would compete with it for the event
// loop and measure itself.
const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
function autocannon(target: string, connections: number, duration: number, cookie: string): Promise<Result> {
  return new Promise((resolveResult, reject) => {
    const args = [AUTOCANNON, '-j', '-c', String(connections), '-d', String(duration), '-t', '10'];
    const child = spawn(process.execPath, [...args, '-H', `cookie=${cookie}`, target], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += String(chunk)));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolveResult(JSON.parse(out) as Result);
      } catch (e) {
        reject(e);
      }
    });
  });
}

const root = resolve(process.argv[2] ?? new URL('..', import.meta.url).pathname);
const adminUrl = process.env.TEST_DATABASE_URL;
if (!adminUrl) throw new Error('TEST_DATABASE_URL is required');

const { buildServer } = await import(`${root}/src/server/app.ts`);
const { migrate, openDatabase } = await import(`${root}/src/db/index.ts`);
const { buildWorld, PASSWORD, TODAY } = await import(`${root}/test/support/server.ts`);
const { book } = await import(`${root}/test/support/rules.ts`);

const name = `giamngheo_burst_${process.pid}`;
const admin = await openSideConnection(adminUrl);
const scratch = await scratchDatabase(admin, adminUrl, name);
const url = scratch.url;
const db = await openDatabase({ kind: 'postgres', url, max: 10 });
await migrate(db);
const world = await buildWorld(db);
const { createWriteStream } = await import('node:fs');
const app = await buildServer({
  db,
  book,
  today: () => TODAY,
  sessionSecret: 'x'.repeat(40),
  webDir: null,
  ...(process.env.BURST_LOG ? { logger: true, logStream: createWriteStream(process.env.BURST_LOG) } : {}),
});
const base = await app.listen({ port: 0, host: '127.0.0.1' });

const csrf = await fetch(`${base}/api/auth/csrf`);
const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: {
    cookie: csrf.headers.getSetCookie()[0]!.split(';')[0]!,
    'content-type': 'application/json',
    'x-csrf-token': ((await csrf.json()) as { csrfToken: string }).csrfToken,
  },
  body: JSON.stringify({ username: 'xa', password: PASSWORD }),
});
const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;

const me = `${base}/api/auth/me`;
const list = `${base}/api/households?communeCode=${world.communeA}`;
const search = `${base}/api/households?name=Ho%C3%A0ng`;
const load = (target: string, connections: number, duration: number) =>
  autocannon(target, connections, duration, cookie);
const line = (what: string, r: Result) =>
  console.log(
    `${what}: ${r.requests.average} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms, ` +
      `non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}, statuses ${JSON.stringify(
        Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])),
      )}`,
  );

const side = await openSideConnection(url);
const watcher = await openSideConnection(url);
const running = () => runningStatements(watcher, [side.pid]);

try {
  console.log(`root ${root}`);
  line('idle  /api/auth/me, 10 connections, 5 s', await load(me, 10, 5));
  line('idle  commune list, 10 connections, 5 s', await load(list, 10, 5));

  const lock = await lockHouseholdTables(side);
  const [burst, during] = await Promise.all([load(search, 200, 10), load(me, 10, 10)]);
  line('burst name search, 200 connections, 10 s (tables locked)', burst);
  line('burst /api/auth/me, 10 connections, during it', during);
  await new Promise((r) => setTimeout(r, 3000));
  console.log(`3 s after the burst, lock still held: ${await running()} statements still running`);
  line('after /api/auth/me, 10 connections, 5 s (lock still held)', await load(me, 10, 5));
  await lock.release();
  line('after commune list, 10 connections, 5 s (lock released)', await load(list, 10, 5));
} finally {
  await side.end();
  await watcher.end();
  await app.close();
  await db.close();
  await scratch.drop();
  await admin.end();
}
