// A household list by place is several statements (the villages, their households counted village by
// village, the page): the use case reads them from one snapshot, so a household written by someone else
// between the count and the page cannot make the page disagree with its total. PostgreSQL only: the
// embedded engine has one connection, and nothing runs between a transaction's statements there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  migrate,
  openDatabase,
  type Database,
  type Queryable,
  type TransactionOptions,
} from '../../src/db/index.ts';
import { createHousehold } from '../../src/db/queries/households.ts';
import { EVERYTHING } from '../../src/db/queries/scope.ts';
import { upsertLineage, upsertUnits } from '../../src/db/queries/units.ts';
import { createVillage } from '../../src/db/queries/villages.ts';
import type { Actor } from '../../src/services/actor.ts';
import { searchHouseholds } from '../../src/services/households.ts';
import { createScratchPostgres } from '../support/databases.ts';
import { edges, REFORM, units } from '../support/units-fixture.ts';

const TODAY = '2026-01-15';
const officer: Actor = {
  userId: '00000000-0000-4000-8000-000000000001',
  username: 'tinh',
  displayName: 'Cán bộ tỉnh',
  role: 'province_officer',
  read: EVERYTHING,
  write: EVERYTHING,
};
const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('a household list on PostgreSQL', () => {
  // Two handles on one database: the list's, and another officer's (connections of its own).
  let db: Database;
  let other: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const scratch = await createScratchPostgres(url!);
    drop = scratch.drop;
    db = await openDatabase({ kind: 'postgres', url: scratch.url });
    other = await openDatabase({ kind: 'postgres', url: scratch.url });
    await migrate(db);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await other?.close();
    await drop?.();
  });

  it('answers a list from one snapshot, whatever is written meanwhile', async () => {
    await upsertUnits(db, units);
    await upsertLineage(db, edges);
    const village = await createVillage(db, {
      communeCode: '05443',
      date: REFORM,
      name: 'Tổ 1',
      kind: 'thon',
    });
    const add = (by: Database, headName: string) =>
      createHousehold(by, {
        villageId: village.id,
        headName,
        since: REFORM,
        members: [{ fullName: headName, dateOfBirth: '1980-01-01', sex: 'male', relationToHead: 'head' }],
      });
    for (const head of ['Bùi Văn B', 'Cao Thị C', 'Đỗ Văn D']) await add(db, head);
    // Another officer adds a household (committed, on its own connection) right after the list has counted
    // its villages' households and before it reads its page.
    let added = false;
    const meanwhile = (tx: Queryable): Queryable =>
      new Proxy(tx, {
        get(target, key, receiver) {
          if (key !== 'query') return Reflect.get(target, key, receiver) as unknown;
          return async (sql: string, params?: readonly unknown[]) => {
            const rows = await target.query(sql, params);
            if (!added && /count\(\*\)::int as n from households/.test(sql)) {
              added = true;
              await add(other, 'An Văn A');
            }
            return rows;
          };
        },
      });
    const watched = new Proxy(db, {
      get(target, key, receiver) {
        if (key !== 'transaction') return Reflect.get(target, key, receiver) as unknown;
        return <T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions) =>
          target.transaction((tx) => fn(meanwhile(tx)), options);
      },
    });
    const list = { communeCode: '05443', page: 1, pageSize: 10 };
    const found = await searchHouseholds(watched, officer, list, TODAY);
    expect(added).toBe(true);
    // The three counted, not the new first one in order pushing a counted one off the page.
    expect(found.rows.map((r) => r.headName)).toEqual(['Bùi Văn B', 'Cao Thị C', 'Đỗ Văn D']);
    expect(found.total).toBe(3);
    // The next list sees it.
    const after = await searchHouseholds(db, officer, list, TODAY);
    expect(after.total).toBe(4);
    expect(after.rows[0]!.headName).toBe('An Văn A');
  });
});
