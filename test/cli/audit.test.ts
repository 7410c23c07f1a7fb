// `giamngheo audit verify` end to end on an embedded database directory: intact, then tampered with.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { migrate, openDatabase, type Database } from '../../src/db/index.ts';
import { recordAudit } from '../../src/db/queries/audit.ts';
import { ensureReferenceData } from '../../src/services/reference-data.ts';

const run = (args: string[]) => runCli(args);

async function withDir<T>(dataDir: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ kind: 'pglite', dataDir });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

describe('giamngheo audit verify (--db)', () => {
  it(
    'reports an intact chain, then names the first entry someone changed',
    { timeout: 120_000 },
    async () => {
      const dir = join(mkdtempSync(join(tmpdir(), 'gn-audit-')), 'db');
      await withDir(dir, async (db) => {
        await migrate(db);
        await ensureReferenceData(db);
        for (let i = 1; i <= 4; i++) {
          await recordAudit(db, {
            actorName: 'Ma Thị Lan',
            action: 'household.update',
            entityType: 'household',
            entityId: `h${i}`,
            unitCode: '01864',
            after: { version: i },
          });
        }
      });

      const intact = await run(['audit', 'verify', '--db', dir]);
      expect(intact.code).toBe(0);
      expect(intact.stdout).toContain('Chuỗi nhật ký toàn vẹn: 4 bản ghi / Audit chain intact: 4 entries');
      expect(intact.stdout).toMatch(/#4 [0-9a-f]{64}/);

      await withDir(dir, (db) =>
        db.transaction(async (tx) => {
          await tx.exec('alter table audit_log disable trigger audit_log_append_only');
          await tx.query(`update audit_log set "after" = '{"version": 30}'::jsonb where seq = 3`);
          await tx.exec('alter table audit_log enable trigger audit_log_append_only');
        }),
      );
      const broken = await run(['audit', 'verify', '--db', dir]);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain('Audit chain broken at entry #3');
      expect(broken.stdout).toContain('hash_mismatch');
      const json = await run(['audit', 'verify', '--json', '--db', dir]);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({
        ok: false,
        count: 2,
        firstBroken: { seq: 3, reason: 'hash_mismatch' },
      });

      expect((await run(['audit', 'check', '--db', dir])).code).toBe(2);
    },
  );
});
