// The start-up check of `giamngheo serve` (issue #15, part 1): every missing or unsafe setting named at once.
import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/server/config-check.ts';

const settingsOf = (p: ReturnType<typeof checkConfig>) => p.map((x) => `${x.setting}:${x.severity}`);

describe('checkConfig', () => {
  it('on a developer machine, warns about what production would refuse', () => {
    expect(settingsOf(checkConfig({ env: {}, host: '127.0.0.1', demo: true }))).toEqual([
      'SESSION_SECRET:warning',
      'DATABASE_URL:warning',
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

  it('accepts a production set-up behind TLS with PostgreSQL', () => {
    const env = {
      NODE_ENV: 'production',
      SESSION_SECRET: 'k'.repeat(64),
      DATABASE_URL: 'postgres://giamngheo@db/giamngheo',
      COOKIE_SECURE: 'true',
    };
    expect(checkConfig({ env, host: '0.0.0.0', demo: false })).toEqual([]);
    expect(
      settingsOf(checkConfig({ env: { ...env, SESSION_SECRET: 'short' }, host: '0.0.0.0', demo: false })),
    ).toEqual(['SESSION_SECRET:error']);
  });
});
