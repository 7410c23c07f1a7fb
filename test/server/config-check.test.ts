// The start-up check of `giamngheo serve` (issue #15, part 1): every missing or unsafe setting named at once.
import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/server/config-check.ts';

const settingsOf = (p: ReturnType<typeof checkConfig>) => p.map((x) => `${x.setting}:${x.severity}`);

/** docs/production.md's set-up: PostgreSQL, a kept key, on 127.0.0.1 behind a TLS proxy on the same machine. */
const DOCUMENTED = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'k'.repeat(64),
  DATABASE_URL: 'postgres://giamngheo@db/giamngheo',
  COOKIE_SECURE: 'true',
  TRUST_PROXY: '127.0.0.1',
};

describe('checkConfig', () => {
  it('on a developer machine, warns about what production would refuse', () => {
    expect(settingsOf(checkConfig({ env: {}, host: '127.0.0.1', demo: true }))).toEqual([
      'SESSION_SECRET:warning',
      'DATABASE_URL:warning',
    ]);
    expect(settingsOf(checkConfig({ env: {}, host: '0.0.0.0', demo: true }))).toEqual([
      'SESSION_SECRET:warning',
      'DATABASE_URL:warning',
      'COOKIE_SECURE:warning',
    ]);
  });

  it('in production, refuses every unsafe setting at once', () => {
    const problems = checkConfig({ env: { NODE_ENV: 'production' }, host: '0.0.0.0', demo: true });
    expect(settingsOf(problems)).toEqual([
      'SESSION_SECRET:error',
      'DATABASE_URL:error',
      '--no-demo:error',
      'COOKIE_SECURE:error',
    ]);
    for (const p of problems) expect(p.message.vi && p.message.en).toBeTruthy();
  });

  it('accepts the documented production set-up: on 127.0.0.1 behind a TLS proxy, with PostgreSQL', () => {
    expect(checkConfig({ env: DOCUMENTED, host: '127.0.0.1', demo: false })).toEqual([]);
    expect(checkConfig({ env: DOCUMENTED, host: '0.0.0.0', demo: false })).toEqual([]);
    expect(
      settingsOf(
        checkConfig({ env: { ...DOCUMENTED, SESSION_SECRET: 'short' }, host: '127.0.0.1', demo: false }),
      ),
    ).toEqual(['SESSION_SECRET:error']);
  });

  it('in production, refuses cookies without Secure even on 127.0.0.1 (behind the proxy), naming COOKIE_SECURE in both languages', () => {
    for (const COOKIE_SECURE of [undefined, 'false', '1']) {
      const problems = checkConfig({
        env: { ...DOCUMENTED, COOKIE_SECURE },
        host: '127.0.0.1',
        demo: false,
      });
      expect(settingsOf(problems), String(COOKIE_SECURE)).toEqual(['COOKIE_SECURE:error']);
      expect(problems[0]!.message.vi).toContain('COOKIE_SECURE=true');
      expect(problems[0]!.message.vi).toContain('Secure');
      expect(problems[0]!.message.en).toContain('COOKIE_SECURE=true');
    }
    // Outside production, a server only this machine reaches is not asked for it.
    const { NODE_ENV: _, COOKIE_SECURE: __, ...trial } = DOCUMENTED;
    expect(checkConfig({ env: trial, host: '127.0.0.1', demo: false })).toEqual([]);
  });

  it('refuses COOKIE_SECURE without TRUST_PROXY, in production and on a trial machine alike', () => {
    const { TRUST_PROXY: _, ...noProxy } = DOCUMENTED;
    const problems = checkConfig({ env: noProxy, host: '127.0.0.1', demo: false });
    expect(settingsOf(problems)).toEqual(['TRUST_PROXY:error']);
    expect(problems[0]!.message.vi).toContain('TRUST_PROXY');
    expect(problems[0]!.message.en).toContain('TRUST_PROXY');
    expect(problems[0]!.message.en).toContain('nobody can sign in');
    expect(
      settingsOf(checkConfig({ env: { COOKIE_SECURE: 'true' }, host: '127.0.0.1', demo: true })),
    ).toEqual(['SESSION_SECRET:warning', 'DATABASE_URL:warning', 'TRUST_PROXY:error']);
    // A blank one is no proxy either.
    expect(
      settingsOf(checkConfig({ env: { ...DOCUMENTED, TRUST_PROXY: ' ' }, host: '127.0.0.1', demo: false })),
    ).toEqual(['TRUST_PROXY:error']);
  });

  it('refuses a TRUST_PROXY that is not addresses or ranges (not "true", "*" or a hop count), naming the entries', () => {
    for (const TRUST_PROXY of ['127.0.0.1', '10.0.0.0/8, ::1', 'loopback', '10.0.0.0/255.0.0.0', 'fe80::/10'])
      expect(
        checkConfig({ env: { ...DOCUMENTED, TRUST_PROXY }, host: '127.0.0.1', demo: false }),
        TRUST_PROXY,
      ).toEqual([]);
    for (const [TRUST_PROXY, named] of [
      ['true', 'true'],
      ['*', '*'],
      ['1', '1'],
      ['127.0.0.1, 10.0.0.0/33', '10.0.0.0/33'],
      ['nginx.local', 'nginx.local'],
    ] as const) {
      const problems = checkConfig({ env: { ...DOCUMENTED, TRUST_PROXY }, host: '127.0.0.1', demo: false });
      expect(settingsOf(problems), TRUST_PROXY).toEqual(['TRUST_PROXY:error']);
      expect(problems[0]!.message.vi).toContain(`không phải: ${named}`);
      expect(problems[0]!.message.en).toContain(`not: ${named}`);
    }
  });
});
