// Issue #15, item 2: a backup taken from one engine restores into a fresh database of either engine with
// every table equal row by row and the audit chains verifying; a restore into a database that holds rows,
// from a file cut short, or from a file whose rows were changed is refused with nothing written.
import { AsyncResource } from 'node:async_hooks';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, villages, type Database } from '../../src/db/index.ts';
import { recordAudit, verifyAuditChain } from '../../src/db/queries/audit.ts';
import { backupTables, tablesWithRows, type BackupTable } from '../../src/db/queries/backup.ts';
import { saveFile } from '../../src/db/queries/review.ts';
import { loadProcedure } from '../../src/rules-loader/load-procedure.ts';
import { actorByUsername, type Actor } from '../../src/services/actor.ts';
import { recordAssessment } from '../../src/services/assessments.ts';
import { createBackup, restoreBackup, writeBackup, type BackupManifest } from '../../src/services/backup.ts';
import type { OpenFile } from '../../src/services/export-file.ts';
import { openReviewRound, recordRoundEvents } from '../../src/services/rounds.ts';
import { createScratchPostgres, forEachDatabase, truncateAll } from '../support/databases.ts';
import { pgliteImage } from '../support/pglite-image.ts';
import { book } from '../support/rules.ts';
import { buildWorld, TODAY } from '../support/server.ts';

const procedure = loadProcedure();
const folder = mkdtempSync(join(tmpdir(), 'gn-backup-'));

interface Target {
  kind: Database['kind'];
  db: Database;
  dispose(): Promise<void>;
}

/** A fresh migrated database of each engine (PostgreSQL only with TEST_DATABASE_URL), dropped afterwards. */
async function freshTargets(): Promise<Target[]> {
  const targets: Target[] = [];
  const lite = await openDatabase({ kind: 'pglite', image: await pgliteImage('migrated') });
  await migrate(lite);
  targets.push({ kind: 'pglite', db: lite, dispose: () => lite.close() });
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const scratch = await createScratchPostgres(url);
    const pg = await openDatabase({ kind: 'postgres', url: scratch.url });
    await migrate(pg);
    targets.push({
      kind: 'postgres',
      db: pg,
      async dispose() {
        await pg.close();
        await scratch.drop();
      },
    });
  }
  return targets;
}

const ident = (name: string) => `"${name}"`;
/** The entries the backup and the restore add themselves, outside the snapshot. */
const OWN_ENTRIES = `action not in ('backup.create', 'backup.restore')`;

/** Every row of a table, generated columns included, as the server prints it and as the driver reads it. */
async function dump(db: Database, table: BackupTable) {
  const where = table.name === 'audit_log' ? `where ${OWN_ENTRIES}` : '';
  const order = table.primaryKey.length ? `order by ${table.primaryKey.map(ident).join(', ')}` : '';
  const text = await db.query<{ j: string }>(
    `select to_jsonb(t)::text as j from ${ident(table.name)} t ${where} ${order}`,
  );
  const values = await db.query(`select * from ${ident(table.name)} ${where} ${order}`);
  return { text: text.map((r) => r.j), values };
}

/** A world with users, villages, households, a review round with events, an assessment and a stored file. */
async function buildBackupWorld(db: Database): Promise<Actor> {
  const world = await buildWorld(db);
  const xa = (await actorByUsername(db, 'xa'))!;
  await recordAssessment(
    db,
    xa,
    {
      householdId: world.h1,
      answers: {
        standard: 'ND07_2021',
        incomePerCapita: 1_000_000,
        deficits: ['water', 'sanitation', 'housing_area'],
        surveyDate: '2026-11-20',
      } as never,
    },
    { book, today: TODAY },
  );
  const opened = await openReviewRound(
    db,
    xa,
    {
      communeCode: world.communeA,
      kind: 'regular',
      year: 2026,
      month: 3,
      applications: [{ householdId: world.h2, applicationDate: '2026-03-12' }],
    },
    { procedure, today: '2026-03-15' },
  );
  await recordRoundEvents(
    db,
    xa,
    {
      roundId: opened.id,
      expectedCount: opened.eventCount,
      events: [
        { type: 'close_listing', date: '2026-03-16' },
        { type: 'screen', date: '2026-03-16', householdId: world.h2, passed: true },
      ],
    },
    { procedure, today: '2026-03-16', book },
  );
  // Every byte value, so bytea round-trips are checked.
  await saveFile(db, {
    name: 'biên bản họp.pdf',
    mimeType: 'application/pdf',
    content: Uint8Array.from({ length: 512 }, (_, i) => i % 256),
    uploadedBy: world.userIds.admin!,
  });
  return (await actorByUsername(db, 'admin'))!;
}

/**
 * A disk that fills up after `room` bytes: the file is made and takes what fits, then the write fails with
 * `code` (ENOSPC, or EDQUOT for a quota). `written` is told whether the file existed at the failure.
 */
function fullDisk(room: number, code: string, written: (existed: boolean) => void): OpenFile {
  return (path) => {
    writeFileSync(path, '', { mode: 0o600 });
    return new Writable({
      write(chunk: Buffer, _encoding, done) {
        const fits = chunk.subarray(0, Math.max(0, room));
        room -= chunk.length;
        if (fits.length) appendFileSync(path, fits);
        if (room >= 0) return done();
        written(existsSync(path));
        done(Object.assign(new Error(`${code}: no space left on device, write`), { code }));
      },
    });
  };
}

/** Rewrites a backup file's lines (decompressed) and writes the result to a new file. */
function tampered(file: string, name: string, change: (lines: string[]) => string[]): string {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  const out = join(folder, name);
  writeFileSync(out, gzipSync(change(lines).join('\n')));
  return out;
}

forEachDatabase((getDb, kind) => {
  describe('backup and restore', () => {
    let targets: Target[] = [];
    let file: string;
    let admin: Actor;

    beforeAll(async () => {
      admin = await buildBackupWorld(getDb());
      file = join(folder, `${kind}.giamngheo.gz`);
      targets = await freshTargets();
    }, 240_000);
    afterAll(async () => {
      for (const t of targets) await t.dispose();
    });

    it(
      'backs up, refuses a damaged, cut or foreign file and leaves the target empty, then restores into a fresh database of each engine row by row',
      { timeout: 600_000 },
      async () => {
        const db = getDb();
        const officer = (await actorByUsername(db, 'tinh'))!;
        await expect(createBackup(db, officer, join(folder, `${kind}-officer.gz`))).rejects.toMatchObject({
          code: 'FORBIDDEN',
        });
        const summary = await createBackup(db, admin, file);
        expect(summary.rows).toBeGreaterThan(1000);
        expect(summary.audit.ok).toBe(true);
        // The backup is audited under the administrator's name, after the snapshot.
        const [entry] = await db.query<{ actorName: string }>(
          `select actor_name as "actorName" from audit_log where action = 'backup.create'`,
        );
        expect(entry?.actorName).toContain('(admin)');
        await expect(createBackup(db, admin, file)).rejects.toMatchObject({ code: 'RULE_VIOLATION' });

        const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
        const manifest = JSON.parse(lines[0]!) as BackupManifest;
        expect(manifest.migrations.map((m) => m.name)).toContain('0000_init.sql');
        expect(manifest.tables.find((t) => t.name === 'files')?.rows).toBe(1);

        const raw = readFileSync(file);
        const cut = join(folder, `${kind}-cut.gz`);
        writeFileSync(cut, raw.subarray(0, Math.floor(raw.length / 2)));
        const noEnd = tampered(file, `${kind}-no-end.gz`, (l) => l.filter((x) => x !== '["end"]'));
        const auditAt = lines.indexOf('["table","audit_log"]') + 1;
        expect(auditAt).toBeGreaterThan(0);
        const rewritten = tampered(file, `${kind}-rewritten.gz`, (l) =>
          l.map((x, i) =>
            i === auditAt ? x.replace(/"actor_name": "[^"]*"/, '"actor_name": "người khác"') : x,
          ),
        );
        const loadsAt = lines.indexOf('["table","reference_data_loads"]') + 1;
        const dropped = tampered(file, `${kind}-dropped.gz`, (l) => l.filter((_, i) => i !== loadsAt));
        const older = tampered(file, `${kind}-older.gz`, ([first, ...rest]) => {
          const m = JSON.parse(first!) as BackupManifest;
          return [JSON.stringify({ ...m, migrations: m.migrations.slice(0, -1) }), ...rest];
        });
        const lastMigration = manifest.migrations.filter((m) => !m.name.startsWith('citus/')).at(-1)!.name;

        for (const target of targets) {
          const refusals: [string, string][] = [
            [cut, 'damaged or cut short'],
            [noEnd, 'no end mark'],
            [rewritten, 'audit chain does not verify'],
            [dropped, 'Rows restored differ from the backup'],
            [older, lastMigration],
          ];
          for (const [bad, says] of refusals) {
            await expect(restoreBackup(target.db, bad), `${bad} into ${target.kind}`).rejects.toSatisfy(
              (e: { code: string; message: string }) =>
                e.code === 'RULE_VIOLATION' && e.message.includes(says),
            );
            expect(
              await tablesWithRows(
                target.db,
                (await backupTables(target.db)).map((t) => t.name),
              ),
            ).toEqual([]);
          }

          const restored = await restoreBackup(target.db, file, { as: 'admin' });
          expect(restored.rows).toBe(summary.rows);
          const verified = await verifyAuditChain(target.db);
          expect(verified.ok).toBe(true);
          const [own] = await target.db.query<{ actorName: string }>(
            `select actor_name as "actorName" from audit_log where action = 'backup.restore'`,
          );
          expect(own?.actorName).toContain('(admin)');

          const tables = await backupTables(db);
          expect((await backupTables(target.db)).map((t) => t.name)).toEqual(tables.map((t) => t.name));
          for (const table of tables) {
            const [from, to] = [await dump(db, table), await dump(target.db, table)];
            expect(to.text, `${kind} → ${target.kind}: ${table.name}`).toEqual(from.text);
            expect(to.values, `${kind} → ${target.kind}: ${table.name}`).toEqual(from.values);
          }
          // What the world holds of each kind of value came through: bytea, bigint, arrays, jsonb, instants.
          const [file0] = await target.db.query<{ content: Uint8Array }>('select content from files');
          expect([...file0!.content]).toEqual(Array.from({ length: 512 }, (_, i) => i % 256));

          // Now the target holds rows: a second restore is refused, naming them, and writes nothing.
          const before = await target.db.query<{ n: number }>('select count(*)::int as n from audit_log');
          await expect(restoreBackup(target.db, file)).rejects.toSatisfy(
            (e: { message: string; details?: { tables?: string[] } }) =>
              e.message.includes('not empty') && (e.details?.tables ?? []).includes('households'),
          );
          expect(await target.db.query('select count(*)::int as n from audit_log')).toEqual(before);
        }
      },
    );

    it(
      'says a full disk (ENOSPC, EDQUOT) as DISK_FULL naming the file, leaving no file and auditing nothing',
      { timeout: 300_000 },
      async () => {
        const db = getDb();
        await truncateAll(db); // the world of beforeAll, if the test above did not run
        await buildWorld(db);
        const actor = (await actorByUsername(db, 'admin'))!;
        // Full in the middle of the rows (the file is ≈ 200 kB) and at the first byte.
        for (const [code, room] of [
          ['ENOSPC', 20_000],
          ['EDQUOT', 0],
        ] as const) {
          const out = join(folder, `${kind}-full-${code}.gz`);
          let existed = false;
          const error = await createBackup(
            db,
            actor,
            out,
            new Date(),
            fullDisk(room, code, (e) => (existed = e)),
          ).catch((e: unknown) => e);
          expect(error, code).toMatchObject({
            code: 'DISK_FULL',
            fields: [
              {
                path: out,
                message: {
                  vi: `Không đủ chỗ trên đĩa để ghi ${out}; chưa có tệp nào được tạo`,
                  en: `Not enough disk space to write ${out}; no file was created`,
                },
              },
            ],
          });
          expect(existed, code).toBe(true);
          expect(existsSync(out), code).toBe(false);
          expect(existsSync(`${out}.partial`), code).toBe(false);
        }
        expect(
          await db.query(`select count(*)::int as n from audit_log where action = 'backup.create'`),
        ).toEqual([{ n: 0 }]);
        // Any other failure of the disk passes unchanged, also leaving nothing.
        const broken = join(folder, `${kind}-eio.gz`);
        await expect(
          createBackup(
            db,
            actor,
            broken,
            new Date(),
            fullDisk(100, 'EIO', () => undefined),
          ),
        ).rejects.toMatchObject({ code: 'EIO' });
        expect(existsSync(`${broken}.partial`)).toBe(false);
        // The snapshot's transaction ended: the database answers and a backup with room succeeds.
        const summary = await createBackup(db, actor, join(folder, `${kind}-after-full.gz`));
        expect(summary.audit.ok).toBe(true);
        expect(summary.rows).toBeGreaterThan(1000);
      },
    );

    // One connection on the embedded engine: a writer waits for the snapshot's transaction to end.
    it.runIf(kind === 'postgres')(
      'takes one consistent snapshot while others write: their rows are not in the file, which restores',
      { timeout: 300_000 },
      async () => {
        const db = getDb();
        await truncateAll(db); // the world of beforeAll, if the test above did not run
        const world = await buildWorld(db);
        // Run outside the backup's transaction (queries made from inside its callback would join it).
        const elsewhere = AsyncResource.bind(async () => {
          await villages.createVillage(db, {
            communeCode: world.communeA,
            name: 'Thôn Mới Lập',
            kind: 'thon',
            date: TODAY,
          });
          await recordAudit(db, {
            actorName: 'test',
            action: 'village.create',
            entityType: 'village',
            unitCode: world.communeA,
          });
        });
        const chunks: Buffer[] = [];
        let wroteElsewhere = false;
        const sink = new Writable({
          write(chunk: Buffer, _encoding, done) {
            chunks.push(chunk);
            if (wroteElsewhere) return done();
            wroteElsewhere = true;
            // After the manifest (counted in the snapshot), before any table's rows: commit elsewhere.
            elsewhere().then(() => done(), done);
          },
        });
        const manifest = await writeBackup(db, sink);
        expect(wroteElsewhere).toBe(true);
        const source = await db.query<{ n: number }>('select count(*)::int as n from villages');
        expect(manifest.tables.find((t) => t.name === 'villages')?.rows).toBe(source[0]!.n - 1);
        const text = Buffer.concat(chunks).toString('utf8');
        expect(text).not.toContain('Thôn Mới Lập');

        const file = join(folder, 'while-writing.gz');
        writeFileSync(file, gzipSync(text));
        const fresh = await freshTargets();
        try {
          for (const target of fresh) {
            const restored = await restoreBackup(target.db, file);
            expect(restored.audit.count).toBe(manifest.audit.count);
            const there = await target.db.query<{ n: number }>('select count(*)::int as n from villages');
            expect(there[0]!.n, target.kind).toBe(source[0]!.n - 1);
            expect((await verifyAuditChain(target.db)).ok).toBe(true);
          }
        } finally {
          for (const t of fresh) await t.dispose();
        }
      },
    );
  });
});
