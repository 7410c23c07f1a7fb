// Issue #15, part 1: a new installation gets its first administrator from the shell (the password piped on
// stdin, never an argument; a weak one refused), and accounts are listed, created, disabled and reset there
// through the same use cases as the users screen — audited, a reset lifting a lockout.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src/db/index.ts';
import { verifyPassword } from '../../src/services/passwords.ts';
import { runCli } from '../support/cli.ts';

describe('giamngheo admin create and giamngheo users (--db)', () => {
  it('makes the first administrator, then manages accounts as them', { timeout: 240_000 }, async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'gn-users-')), 'db');
    const fresh = await openDatabase({ kind: 'pglite', dataDir: dir });
    try {
      await migrate(fresh);
    } finally {
      await fresh.close();
    }
    const cli = (args: string[], input?: string) => runCli([...args, '--db', dir], {}, input);

    const weak = await cli(['admin', 'create', 'quantri', '--name', 'Quản trị tỉnh'], 'matkhau123\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('ít nhất 12 ký tự');
    expect(weak.stderr).toContain('at least 12 characters');

    const made = await cli(
      ['admin', 'create', 'quantri', '--name', 'Quản trị tỉnh'],
      'Bac-Kan-19-an-toan!\n',
    );
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({
      username: 'quantri',
      role: 'system_admin',
      active: true,
    });
    // Once an account exists, the shell must say who acts.
    const anonymous = await cli(['admin', 'create', 'khac', '--name', 'Khác'], 'Bac-Kan-19-an-toan!\n');
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toContain('--as');

    const xa = await cli(
      ['users', 'create', 'canboxa', '--name', 'Cán bộ xã', '--role', 'commune_officer', '--as', 'quantri'],
      'Xa-Bang-Thanh-2026\n',
    );
    expect(xa.code, xa.stderr).toBe(0);
    const listed = await cli(['users', 'list', '--as', 'quantri']);
    expect(
      JSON.parse(listed.stdout)
        .map((a: { username: string }) => a.username)
        .sort(),
    ).toEqual(['canboxa', 'quantri']);
    const disabled = await cli(['users', 'disable', 'canboxa', '--as', 'quantri']);
    expect(JSON.parse(disabled.stdout)).toMatchObject({ username: 'canboxa', active: false });
    // A commune officer may not manage accounts.
    const enabled = await cli(['users', 'enable', 'canboxa', '--as', 'quantri']);
    expect(JSON.parse(enabled.stdout).active).toBe(true);
    const refused = await cli(['users', 'list', '--as', 'canboxa']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('không có quyền');

    const db = await openDatabase({ kind: 'pglite', dataDir: dir });
    try {
      await db.query(
        `update users set failed_logins = 5, locked_until = now() + interval '1 hour' where username = 'canboxa'`,
      );
    } finally {
      await db.close();
    }
    const reset = await cli(['users', 'reset', 'canboxa', '--as', 'quantri'], 'Mat-khau-moi-cua-xa-9\n');
    expect(reset.code, reset.stderr).toBe(0);
    expect(JSON.parse(reset.stdout)).toMatchObject({ username: 'canboxa', locked: false });

    const after = await openDatabase({ kind: 'pglite', dataDir: dir });
    try {
      const [u] = await after.query<{ hash: string; failed: number }>(
        `select password_hash as hash, failed_logins as failed from users where username = 'canboxa'`,
      );
      expect(await verifyPassword(u!.hash, 'Mat-khau-moi-cua-xa-9')).toBe(true);
      expect(u!.failed).toBe(0);
      const audit = await after.query<{ action: string; actor: string }>(
        `select action, actor_name as actor from audit_log where entity_type = 'user' order by seq`,
      );
      expect(audit.map((a) => a.action)).toEqual([
        'user.create',
        'user.create',
        'user.update',
        'user.update',
        'user.update',
      ]);
      expect(audit[0]!.actor).toBe('system');
      expect(audit[1]!.actor).toContain('quantri');
      // The password itself is never in the audit.
      const texts = await after.query<{ t: string }>(`select coalesce(after::text, '') as t from audit_log`);
      expect(
        texts.some((r) => r.t.includes('Mat-khau-moi-cua-xa-9') || r.t.includes('Bac-Kan-19-an-toan')),
      ).toBe(false);
    } finally {
      await after.close();
    }
  });
});
