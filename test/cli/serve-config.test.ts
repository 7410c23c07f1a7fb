// `giamngheo serve` in production refuses to start on unsafe settings, naming each (issue #15, part 1).
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

describe('giamngheo serve (NODE_ENV=production)', () => {
  it('names every unsafe setting and does not start', { timeout: 60_000 }, async () => {
    const run = await runCli(['serve', '--host', '0.0.0.0', '--port', '0'], {
      NODE_ENV: 'production',
      SESSION_SECRET: undefined,
      COOKIE_SECURE: undefined,
      TRUST_PROXY: undefined,
    });
    expect(run.code).toBe(2);
    for (const setting of ['SESSION_SECRET', 'DATABASE_URL', '--no-demo', 'COOKIE_SECURE'])
      expect(run.stderr).toContain(`LỖI / ERROR ${setting}`);
    expect(run.stderr).toContain('không khởi động / unsafe configuration, not starting');
  });

  it(
    'refuses the documented set-up (127.0.0.1 behind a TLS proxy) without COOKIE_SECURE, and COOKIE_SECURE without TRUST_PROXY',
    { timeout: 60_000 },
    async () => {
      const documented = {
        NODE_ENV: 'production',
        SESSION_SECRET: 'k'.repeat(64),
        // Never reached: the check stops the start before any connection.
        DATABASE_URL: 'postgres://giamngheo@127.0.0.1:1/giamngheo',
        COOKIE_SECURE: 'true',
        TRUST_PROXY: '127.0.0.1',
      };
      const args = ['serve', '--host', '127.0.0.1', '--port', '0', '--no-demo'];
      const noSecure = await runCli(args, { ...documented, COOKIE_SECURE: undefined });
      expect(noSecure.code).toBe(2);
      expect(noSecure.stderr).toContain('LỖI / ERROR COOKIE_SECURE');
      expect(noSecure.stderr).not.toMatch(/ERROR (SESSION_SECRET|DATABASE_URL|--no-demo|TRUST_PROXY)/);
      const noProxy = await runCli(args, { ...documented, TRUST_PROXY: undefined });
      expect(noProxy.code).toBe(2);
      expect(noProxy.stderr).toContain('LỖI / ERROR TRUST_PROXY');
      expect(noProxy.stderr).not.toContain('ERROR COOKIE_SECURE');
    },
  );
});
