// Runs `giamngheo` as a real process, as a user would, and collects what it prints.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Without DATABASE_URL unless `env` gives one, so `--db` decides where the data lives. `input`, when given,
 * is piped to the command's stdin (then closed), as `printf … | giamngheo …` would.
 */
export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  input?: string,
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/giamngheo.js', ...args], {
      env: { ...process.env, DATABASE_URL: undefined, ...env },
    });
    if (input !== undefined) child.stdin.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The environment of a `giamngheo` process whose disk is full under `dir` after `bytes` bytes: file streams
 * opened there fail with ENOSPC (test/support/full-disk.js, preloaded).
 */
export function fullDiskEnv(dir: string, bytes: number): Record<string, string> {
  const preload = fileURLToPath(new URL('./full-disk.js', import.meta.url));
  return {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim(),
    TEST_FULL_DISK_DIR: dir,
    TEST_FULL_DISK_BYTES: String(bytes),
  };
}
