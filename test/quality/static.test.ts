// The whole tree type-checks, lints and is formatted: run as tests so CI counts them.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function npx(args: string[]) {
  const r = spawnSync('npx', ['--no-install', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, output: `${r.stdout}\n${r.stderr}`.replace(/npm warn.*\n/g, '') };
}

describe('static checks', () => {
  it('TypeScript: tsc --noEmit finds no error', { timeout: 300_000 }, () => {
    const r = npx(['tsc', '--noEmit', '-p', 'tsconfig.json']);
    expect(r.output.trim()).toBe('');
    expect(r.code).toBe(0);
  });
  it('TypeScript: web/tsconfig.json (the client, DOM libraries) type-checks', { timeout: 300_000 }, () => {
    const r = npx(['tsc', '--noEmit', '-p', 'web/tsconfig.json']);
    expect(r.output.trim()).toBe('');
    expect(r.code).toBe(0);
  });
  it('eslint finds no error', { timeout: 300_000 }, () => {
    const r = npx(['eslint', '--max-warnings', '0', '.']);
    expect(r.output.trim()).toBe('');
    expect(r.code).toBe(0);
  });
  it('prettier: every source file is formatted', { timeout: 300_000 }, () => {
    const dirs = ['src', 'test', 'bench', 'bin', 'scripts', 'web'];
    const r = npx(['prettier', '--check', '--log-level', 'warn', ...dirs]);
    expect(r.output.trim()).toBe('');
    expect(r.code).toBe(0);
  });
});
