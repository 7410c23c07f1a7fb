// Uploads a killed server left while their file was still arriving (issue #15's audit): no job recorded them,
// so the jobs' recovery never deleted them. Upload folders are named after their process
// (giamngheo-<kind>-pid<PID>-XXXXXX), and a server's start removes those whose process has ended — an
// import's, an opening list's, an ODK export's — and keeps those of a running process (this server's own
// jobs, another server's) and anything not named so.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { makeUploadDir, sweepOrphanUploads } from '../../src/jobs/upload-dirs.ts';
import { forEachDatabase } from '../support/databases.ts';
import { testServer } from '../support/server.ts';

// This file's uploads go to a folder of its own (the temporary directory of the server under test).
const uploads = mkdtempSync(join(tmpdir(), 'gn-upload-orphans-'));
const previousTmp = process.env.TMPDIR;
let sleeper: ReturnType<typeof spawn> | undefined;
beforeAll(() => {
  process.env.TMPDIR = uploads;
});
afterAll(() => {
  sleeper?.kill('SIGKILL');
  if (previousTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previousTmp;
  rmSync(uploads, { recursive: true, force: true });
});

/** The pid of a process that has ended (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

/** A process that runs until killed (another server, say). */
function livePid(): number {
  sleeper ??= spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)'], { stdio: 'ignore' });
  return sleeper.pid!;
}

function folder(name: string): string {
  const dir = join(uploads, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'upload'), 'Mã hộ;Họ tên\n');
  return name;
}

forEachDatabase((getDb, kind) => {
  it('removes at start the upload folders of ended processes, keeps those of running ones', async () => {
    const dead = await deadPid();
    const other = livePid();
    // A folder with this process's pid made before it started: a killed server's, whose pid this one got.
    const earlier = folder(`giamngheo-import-pid${process.pid}-${kind.slice(0, 3)}Ab4`);
    const before = new Date(Date.now() - process.uptime() * 1000 - 60_000);
    utimesSync(join(uploads, earlier), before, before);
    const orphans = [
      folder(`giamngheo-import-pid${dead}-${kind.slice(0, 3)}Ab1`),
      folder(`giamngheo-opening-pid${dead}-${kind.slice(0, 3)}Ab2`),
      folder(`giamngheo-odk-pid${dead}-${kind.slice(0, 3)}Ab3`),
      earlier,
    ];
    const kept = [
      // This process's (a job of the server running now): its pid is alive.
      basename(await makeUploadDir('giamngheo-import-')),
      // Another running process's (a second server on the machine).
      folder(`giamngheo-odk-pid${other}-${kind.slice(0, 3)}Cd1`),
      // Not named as an upload of a process: never touched.
      folder(`giamngheo-import-${kind.slice(0, 3)}Ef1`),
      folder(`giamngheo-export-${kind.slice(0, 3)}Ef2`),
      folder(`something-pid${dead}-${kind.slice(0, 3)}Ef3`),
    ];
    // A file (not a folder) named like one is not removed either.
    const file = `giamngheo-import-pid${dead}-${kind.slice(0, 3)}Gh1`;
    writeFileSync(join(uploads, file), '');
    kept.push(file);
    expect(kept[0]).toMatch(new RegExp(`^giamngheo-import-pid${process.pid}-[A-Za-z0-9]{6}$`));

    const app = await testServer(getDb());
    try {
      // Listening runs the start's recovery (the onListen hook, after listen() has resolved).
      await app.listen({ port: 0, host: '127.0.0.1' });
      await vi.waitFor(
        () => {
          const left = readdirSync(uploads);
          for (const name of orphans) expect(left, name).not.toContain(name);
        },
        { timeout: 60_000, interval: 100 },
      );
    } finally {
      await app.close();
    }
    // Nothing more to remove: a second sweep leaves the running processes' folders and the others.
    expect(await sweepOrphanUploads()).toEqual([]);
    const left = readdirSync(uploads);
    for (const name of kept) expect(left, name).toContain(name);
    for (const name of kept) rmSync(join(uploads, name), { recursive: true, force: true });
  });
});
