// Migrations apply on every engine, once; the Citus step is guarded; the schema keeps Citus's rules.
import { mkdtemp, readFile, readdir, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { migrate } from '../../src/db/index.ts';
import { forEachDatabase, truncateAll } from '../support/databases.ts';

const migrationsDir = fileURLToPath(new URL('../../src/db/migrations/', import.meta.url));
const citusSql = fileURLToPath(new URL('../../src/db/citus/0001_distribute.sql', import.meta.url));

/** The tables the Citus migration distributes by household_id; every other table is a reference table. */
async function citusPlan(): Promise<{ reference: string[]; distributed: string[] }> {
  const text = await readFile(citusSql, 'utf8');
  const arrays = [...text.matchAll(/ARRAY\[([^\]]*)\]/g)].map((m) =>
    [...m[1]!.matchAll(/'([a-z_]+)'/g)].map((x) => x[1]!),
  );
  return { reference: arrays[0]!, distributed: ['households', ...arrays[1]!] };
}

forEachDatabase(
  (getDb) => {
    it('applies every migration once, and again is a no-op', async () => {
      const files = (await readdir(migrationsDir)).filter((f) => f.endsWith('.sql')).sort();
      const first = await migrate(getDb());
      expect(first).toEqual({ applied: files, citus: 'absent' });
      const again = await migrate(getDb());
      expect(again).toEqual({ applied: [], citus: 'absent' });
      const recorded = await getDb().query<{ name: string }>(
        'select name from schema_migrations order by name',
      );
      expect(recorded.map((r) => r.name)).toEqual(files);
    });

    it('refuses a migration changed after it was applied', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'gn-migrations-'));
      for (const f of await readdir(migrationsDir))
        if (f.endsWith('.sql')) await copyFile(join(migrationsDir, f), join(dir, f));
      await migrate(getDb(), { migrationsDir: dir });
      await writeFile(join(dir, '9999_extra.sql'), 'create table extra_table (id int primary key);');
      expect((await migrate(getDb(), { migrationsDir: dir })).applied).toEqual(['9999_extra.sql']);
      await writeFile(join(dir, '9999_extra.sql'), 'create table extra_table (id int primary key, x int);');
      await expect(migrate(getDb(), { migrationsDir: dir })).rejects.toThrow(/changed after it was applied/);
      await getDb().exec('drop table extra_table');
      await getDb().query(`delete from schema_migrations where name = '9999_extra.sql'`);
    });

    it('rolls back a failing migration whole', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'gn-migrations-'));
      await writeFile(
        join(dir, '0001_bad.sql'),
        'create table half_done (id int);\n--> statement-breakpoint\nselect 1/0;',
      );
      await expect(migrate(getDb(), { migrationsDir: dir })).rejects.toMatchObject({ code: '22012' });
      const [row] = await getDb().query<{ present: boolean }>(
        `select to_regclass('half_done') is not null as present`,
      );
      expect(row!.present).toBe(false);
    });

    it('runs the Citus migration as a no-op where Citus is absent', async () => {
      await migrate(getDb());
      await getDb().exec(await readFile(citusSql, 'utf8'));
      expect(await migrate(getDb(), { citus: 'skip' })).toEqual({ applied: [], citus: 'skipped' });
    });

    it('keeps the Citus rules: every table planned, distributed keys include household_id', async () => {
      await migrate(getDb());
      const plan = await citusPlan();
      const tables = (
        await getDb().query<{ name: string }>(
          `select tablename as name from pg_tables where schemaname = 'public' and tablename <> 'schema_migrations'`,
        )
      ).map((t) => t.name);
      expect([...plan.reference, ...plan.distributed].sort()).toEqual(tables.sort());

      // Primary keys and unique indexes of distributed tables must contain the distribution column.
      const uniques = await getDb().query<{ table: string; index: string; columns: string[] }>(
        `select c.relname as "table", i.relname as "index",
                array(select a.attname::text from pg_attribute a
                      where a.attrelid = c.oid and a.attnum = any(x.indkey::int2[])) as columns
         from pg_index x join pg_class c on c.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
         where x.indisunique and c.relname = any($1::text[])`,
        [plan.distributed],
      );
      expect(uniques.length).toBeGreaterThanOrEqual(plan.distributed.length);
      for (const u of uniques) expect(u.columns, `${u.table}.${u.index}`).toContain('household_id');

      // Foreign keys: reference → distributed is impossible on Citus; distributed → distributed must
      // join on household_id.
      const fks = await getDb().query<{ from: string; to: string; columns: string[] }>(
        `select c.conrelid::regclass::text as "from", c.confrelid::regclass::text as "to",
                array(select a.attname::text from pg_attribute a
                      where a.attrelid = c.conrelid and a.attnum = any(c.conkey)) as columns
         from pg_constraint c where c.contype = 'f' and c.connamespace = 'public'::regnamespace`,
      );
      for (const fk of fks) {
        if (plan.reference.includes(fk.from))
          expect(plan.reference, `${fk.from} → ${fk.to}`).toContain(fk.to);
        if (plan.distributed.includes(fk.to))
          expect(fk.columns, `${fk.from} → ${fk.to}`).toContain('household_id');
      }
    });

    it('empties tables between tests without losing the migrations', async () => {
      await migrate(getDb());
      await truncateAll(getDb());
      const [row] = await getDb().query<{ n: number }>('select count(*)::int as n from schema_migrations');
      expect(row!.n).toBeGreaterThan(0);
    });
  },
  { migrate: false, cleanup: false },
);
