// The `giamngheo` entry: the lazily loaded command table, and bin/giamngheo.js choosing between the
// esbuild bundle (dist/cli/) and the sources through tsx (docs/adr/0001).
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.ts';

function giamngheo(args: string[], env: Record<string, string> = {}, bin = 'bin/giamngheo.js') {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('output into a pipe that closes early', () => {
  it('ends quietly when the reader stops (| head): no EPIPE crash', () => {
    // head exits after 100 bytes while thousands of result lines are still being written.
    const r = spawnSync(
      'sh',
      ['-c', `"${process.execPath}" bin/giamngheo.js classify | head -c 100 >/dev/null`],
      {
        encoding: 'utf8',
        input: '{}\n'.repeat(20_000),
        env: { ...process.env, GIAMNGHEO_CLI: 'tsx' },
      },
    );
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
  });
});

describe('the command table', () => {
  it('gives each command the summary the command itself declares (help lists them without loading them)', async () => {
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const command = await entry.load();
      expect(entry.summary, name).toBe(command.summary);
    }
  });

  it('prints the help with every command, and a command’s own help', () => {
    const r = giamngheo(['--help'], { GIAMNGHEO_CLI: 'tsx' });
    expect(r.status).toBe(0);
    for (const [name, entry] of Object.entries(COMMANDS))
      expect(r.stdout).toContain(`  ${name.padEnd(10)} ${entry.summary}\n`);
    const unknown = giamngheo(['toString'], { GIAMNGHEO_CLI: 'tsx' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown command: toString');
  });

  it.runIf(existsSync('dist/cli/main.js'))('the bundle prints what the sources print', () => {
    for (const args of [['--help'], ['standards', 'list'], ['standards', '--help']]) {
      const sources = giamngheo(args, { GIAMNGHEO_CLI: 'tsx' });
      const bundle = giamngheo(args, { GIAMNGHEO_CLI: 'dist' });
      expect(bundle.status, args.join(' ')).toBe(sources.status);
      expect(bundle.stdout, args.join(' ')).toBe(sources.stdout);
    }
  });
});

describe('bin/giamngheo.js', () => {
  // A copy of the bin in a scratch tree whose "bundle" and "sources" each say which one ran.
  const root = mkdtempSync(join(tmpdir(), 'giamngheo-bin-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'bin'));
  mkdirSync(join(root, 'dist/cli'), { recursive: true });
  mkdirSync(join(root, 'src/cli'), { recursive: true });
  copyFileSync('bin/giamngheo.js', join(root, 'bin/giamngheo.js'));
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(join(process.cwd(), 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFileSync(
    join(root, 'dist/cli/main.js'),
    "export async function main() { process.stdout.write('bundle'); return 0; }\n",
  );
  const source = join(root, 'src/cli/main.ts');
  writeFileSync(
    source,
    "export async function main(_: string[]) { process.stdout.write('sources'); return 0; }\n",
  );
  const stampFile = join(root, 'dist/cli/stamp.json');
  const stamp = () => {
    const s = statSync(source);
    writeFileSync(stampFile, JSON.stringify({ inputs: { 'src/cli/main.ts': [s.mtimeMs, s.size] } }));
  };
  const ran = (env: Record<string, string> = {}) => giamngheo([], env, join(root, 'bin/giamngheo.js')).stdout;

  it('runs the bundle while its sources are unchanged, the sources once one is edited', () => {
    stamp();
    expect(ran()).toBe('bundle');
    expect(ran({ GIAMNGHEO_CLI: 'tsx' })).toBe('sources');
    const later = new Date(Date.now() + 5_000);
    utimesSync(source, later, later);
    expect(ran()).toBe('sources');
    expect(ran({ GIAMNGHEO_CLI: 'dist' })).toBe('bundle');
  });

  it('an older mtime, another size, a missing source or no stamp also mean the sources', () => {
    stamp();
    utimesSync(source, new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect(ran()).toBe('sources');
    stamp();
    writeFileSync(
      source,
      `${"export async function main(_: string[]) { process.stdout.write('sources'); return 0; }"}\n\n`,
    );
    expect(ran()).toBe('sources');
    stamp();
    expect(ran()).toBe('bundle');
    writeFileSync(stampFile, JSON.stringify({ inputs: { 'src/cli/gone.ts': [0, 0] } }));
    expect(ran()).toBe('sources');
    rmSync(stampFile);
    expect(ran()).toBe('sources');
  });
});
