// `giamngheo tokens` end to end on an embedded database directory: the administrator makes a read token for
// a commune officer, who sees it listed without its secret; a commune officer cannot make one for someone else.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { migrate, openDatabase } from '../../src/db/index.ts';
import { buildWorld } from '../support/server.ts';

describe('giamngheo tokens (--db)', () => {
  it(
    'creates a token for a user as the administrator, lists it without the secret, revokes it',
    { timeout: 180_000 },
    async () => {
      const dir = join(mkdtempSync(join(tmpdir(), 'gn-tokens-')), 'db');
      const db = await openDatabase({ kind: 'pglite', dataDir: dir });
      try {
        await migrate(db);
        await buildWorld(db);
      } finally {
        await db.close();
      }
      const made = await runCli([
        'tokens',
        'create',
        '--for',
        'xa',
        '--name',
        'Hệ thống huyện',
        '--access',
        'read',
        '--as',
        'admin',
        '--db',
        dir,
      ]);
      expect(made.code, made.stderr).toBe(0);
      const token = JSON.parse(made.stdout) as {
        tokenId: string;
        token: string;
        username: string;
        access: string;
      };
      expect(token).toMatchObject({ username: 'xa', access: 'read' });
      expect(token.token).toMatch(/^gn_[0-9a-f]{12}_/);

      const listed = await runCli(['tokens', 'list', '--as', 'xa', '--db', dir]);
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout).map((t: { tokenId: string }) => t.tokenId)).toEqual([token.tokenId]);
      expect(listed.stdout).not.toContain(token.token.slice(16));

      const refused = await runCli([
        'tokens',
        'create',
        '--for',
        'admin',
        '--name',
        'x',
        '--access',
        'write',
        '--as',
        'xa',
        '--db',
        dir,
      ]);
      expect(refused.code).not.toBe(0);

      const revoked = await runCli(['tokens', 'revoke', token.tokenId, '--as', 'xa', '--db', dir]);
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(JSON.parse(revoked.stdout).state).toBe('revoked');
    },
  );
});
