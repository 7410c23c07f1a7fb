// `giamngheo serve` in production refuses to start on unsafe settings, naming each (issue #15, part 1).
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

describe('giamngheo serve (NODE_ENV=production)', () => {
  it('names every unsafe setting and does not start', { timeout: 60_000 }, async () => {
    const run = await runCli(['serve', '--host', '0.0.0.0', '--port', '0'], {
      NODE_ENV: 'production',
      SESSION_SECRET: undefined,
      COOKIE_SECURE: undefined,
    });
    expect(run.code).toBe(2);
    for (const setting of ['SESSION_SECRET', 'DATABASE_URL', '--no-demo', 'COOKIE_SECURE'])
      expect(run.stderr).toContain(`LỖI / ERROR ${setting}`);
    expect(run.stderr).toContain('không khởi động / unsafe configuration, not starting');
  });
});
