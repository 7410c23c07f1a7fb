// Migration 0016 on a database that already holds text from before the input cleaning (issue #15, item 6): a
// household stored with its head's name in NFD with a zero-width space, and a member's name holding a Cyrillic
// look-alike, are found by their names typed normally once the migration has run; the stored text is then NFC
// without invisible characters, and the change is in the audit log, one entry in the national chain that
// verifies with the rest.
import { copyFile, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { migrate } from '../../src/db/index.ts';
import { recordAudit, verifyAuditChain } from '../../src/db/queries/audit.ts';
import { createHousehold } from '../../src/db/queries/households.ts';
import { searchHouseholds } from '../../src/db/queries/registry.ts';
import { EVERYTHING } from '../../src/db/queries/scope.ts';
import { upsertLineage, upsertUnits } from '../../src/db/queries/units.ts';
import { createVillage } from '../../src/db/queries/villages.ts';
import { forEachDatabase } from '../support/databases.ts';
import { edges, units } from '../support/units-fixture.ts';

const MIGRATIONS = fileURLToPath(new URL('../../src/db/migrations/', import.meta.url));
const CLEANING = '0016_search_fold_and_clean_text.sql';
const TODAY = '2025-09-01';

forEachDatabase(
  (getDb) => {
    const heads = async (name: string) => {
      const found = await searchHouseholds(getDb(), {
        scope: EVERYTHING,
        date: TODAY,
        page: 1,
        pageSize: 50,
        name,
      });
      return found.rows.map((r) => r.headName).sort();
    };

    it('finds names stored in NFD, with invisible characters or look-alikes, and audits the cleaning', async () => {
      // The schema as it was before 0016 (on Citus, distributed as it was).
      const before = await mkdtemp(join(tmpdir(), 'gn-before-0016-'));
      for (const f of await readdir(MIGRATIONS))
        if (f.endsWith('.sql') && f < CLEANING) await copyFile(join(MIGRATIONS, f), join(before, f));
      await migrate(getDb(), { migrationsDir: before });

      await upsertUnits(getDb(), units);
      await upsertLineage(getDb(), edges);
      const village = await createVillage(getDb(), {
        communeCode: '01864',
        date: '2025-08-01',
        name: 'Thôn Nà Lẹng',
        kind: 'thon',
      });
      const storedHead = 'Hoà\u200Bng Văn Đức'.normalize('NFD');
      const old = await createHousehold(getDb(), {
        villageId: village.id,
        headName: storedHead,
        address: 'Bản\u00AD Nà Lẹng'.normalize('NFD'),
        ethnicity: 'Tày',
        since: '2025-08-01',
        members: [
          { fullName: storedHead, sex: 'male', relationToHead: 'head' },
          // Clean text (nothing to change), but a Cyrillic "о" the old fold kept.
          { fullName: 'Nông Thị Hо\u0430', sex: 'female', relationToHead: 'spouse' },
        ],
      });
      await createHousehold(getDb(), {
        villageId: village.id,
        headName: 'Lý Văn Lành',
        since: '2025-08-01',
        members: [{ fullName: 'Lý Văn Lành', sex: 'male', relationToHead: 'head' }],
      });
      const earlier = await recordAudit(getDb(), {
        actorName: 'test',
        action: 'household.create',
        entityType: 'household',
        entityId: old.householdId,
      });
      // What the old fold did: the stored name is not found by the name typed normally.
      expect(await heads('Hoàng Văn Đức')).toEqual([]);
      expect(await heads('Nông Thị Hoa')).toEqual([]);

      // The cleaning first, then whatever later migrations there are.
      expect((await migrate(getDb())).applied[0]).toBe(CLEANING);

      expect(await heads('Hoàng Văn Đức')).toEqual(['Hoàng Văn Đức']);
      expect(await heads('hoang')).toEqual(['Hoàng Văn Đức']);
      expect(await heads('Nông Thị Hoa')).toEqual(['Hoàng Văn Đức']);
      expect(await heads('Lành')).toEqual(['Lý Văn Lành']);

      const [stored] = await getDb().query<{ head_name: string; address: string; version: number }>(
        'select head_name, address, version from households where household_id = $1',
        [old.householdId],
      );
      expect(stored).toEqual({
        head_name: 'Hoàng Văn Đức'.normalize('NFC'),
        address: 'Bản Nà Lẹng'.normalize('NFC'),
        version: old.version,
      });
      const names = await getDb().query<{ full_name: string }>(
        'select full_name from members where household_id = $1 order by member_no',
        [old.householdId],
      );
      expect(names.map((m) => m.full_name)).toEqual(['Hoàng Văn Đức'.normalize('NFC'), 'Nông Thị Hо\u0430']);

      // One entry, after the one before it in the national chain, counting the rows whose text changed (the
      // look-alike's row had only its folded name recomputed: its text is as it was).
      const entries = await getDb().query<{ seq: number; action: string; after: unknown; prev_hash: string }>(
        `select seq::int as seq, action, "after", prev_hash from audit_log where chain = '' order by seq`,
      );
      expect(entries.map((e) => e.action)).toEqual(['household.create', 'household.clean_text']);
      expect(entries[1]).toMatchObject({
        seq: earlier.seq + 1,
        prev_hash: earlier.hash,
        after: { households: 1, members: 1 },
      });
      expect(await verifyAuditChain(getDb())).toMatchObject({ ok: true, count: 2 });

      // Run again, nothing is left to do.
      expect((await migrate(getDb())).applied).toEqual([]);
    });
  },
  { migrate: false, cleanup: false },
);
