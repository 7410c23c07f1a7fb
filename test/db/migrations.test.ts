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
  (getDb, kind) => {
    it('applies every migration once, and again is a no-op', async () => {
      const files = (await readdir(migrationsDir)).filter((f) => f.endsWith('.sql')).sort();
      const citusFiles = kind === 'citus' ? ['citus/0001_distribute.sql'] : [];
      const first = await migrate(getDb());
      expect(first).toEqual({
        applied: [...files, ...citusFiles],
        citus: kind === 'citus' ? 'applied' : 'absent',
      });
      const again = await migrate(getDb());
      expect(again).toEqual({ applied: [], citus: kind === 'citus' ? 'up-to-date' : 'absent' });
      const recorded = await getDb().query<{ name: string }>(
        'select name from schema_migrations order by name',
      );
      expect(recorded.map((r) => r.name)).toEqual([...files, ...citusFiles]);
    });

    it.runIf(kind === 'citus')(
      'on Citus: household tables hash-distributed and co-located, the others reference tables, keys kept',
      async () => {
        await migrate(getDb());
        const plan = await citusPlan();
        const tables = await getDb().query<{ name: string; type: string; colocation: number }>(
          `select table_name::text as name, citus_table_type as type, colocation_id as colocation
           from citus_tables`,
        );
        const byName = new Map(tables.map((t) => [t.name, t]));
        for (const t of plan.distributed) expect(byName.get(t)?.type, t).toBe('distributed');
        for (const t of plan.reference) expect(byName.get(t)?.type, t).toBe('reference');
        const colocations = new Set(plan.distributed.map((t) => byName.get(t)?.colocation));
        expect(colocations.size).toBe(1);
        const [key] = await getDb().query<{ column: string }>(
          `select column_to_column_name(logicalrelid, partkey) as "column" from pg_dist_partition
           where logicalrelid = 'assessments'::regclass`,
        );
        expect(key!.column).toBe('household_id');
        // The foreign keys were re-created after distribution (a household's village must exist).
        const [fk] = await getDb().query<{ n: number }>(
          `select count(*)::int as n from pg_constraint
           where contype = 'f' and conrelid = 'households'::regclass and confrelid = 'villages'::regclass`,
        );
        expect(fk!.n).toBe(1);
        await expect(
          getDb().query(
            `insert into households (household_id, village_id, head_name) values (gen_random_uuid(), gen_random_uuid(), 'x')`,
          ),
        ).rejects.toMatchObject({ code: '23503' });
      },
    );

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

    it('runs the Citus migration by hand as a no-op where Citus is absent or has already run', async () => {
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
