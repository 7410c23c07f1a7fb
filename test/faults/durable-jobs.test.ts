// Jobs recorded in the database (issue #15, item 3): a job's states and outcome are read back by a new
// registry (a restart), a job a dead process left running is marked failed as interrupted, audited by the
// system, and its upload deleted, errors are kept bounded with their count, and only the owner or an
// administrator reads or lists a job.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { audit } from '../../src/db/index.ts';
import { INTERRUPTED, JobRegistry, STORED_ERRORS } from '../../src/jobs/registry.ts';
import { databaseJobStore } from '../../src/jobs/store.ts';
import { forEachDatabase } from '../support/databases.ts';

const OWNER = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const made: string[] = [];
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

/** A temporary upload as the import route makes one (giamngheo-… under the temporary directory). */
function upload(): string {
  const dir = mkdtempSync(join(tmpdir(), 'giamngheo-import-'));
  writeFileSync(join(dir, 'upload'), 'Mã hộ;Họ tên\n');
  made.push(dir);
  return dir;
}

forEachDatabase((getDb) => {
  it('records a job from queued to succeeded; a new registry (a restart) reads it back', async () => {
    const db = getDb();
    const first = new JobRegistry({ store: databaseJobStore(db) });
    const job = first.submit(
      'import',
      OWNER,
      async (ctx) => {
        ctx.report({ phase: 'reading', done: 10, total: null, bytesRead: 2048, bytesTotal: 4096 });
        ctx.report({ phase: 'writing', done: 3, total: 7 });
        return { ok: true, result: { households: 7 }, errors: [] };
      },
      { filename: 'ho.xlsx' },
    );
    await first.idle();

    const second = await JobRegistry.open({ store: databaseJobStore(db) });
    const read = await second.find(job.id, { userId: OWNER, admin: false });
    expect(read).toMatchObject({
      id: job.id,
      kind: 'import',
      ownerId: OWNER,
      status: 'succeeded',
      progress: { phase: 'writing', done: 3, total: 7 },
      meta: { filename: 'ho.xlsx' },
      result: { households: 7 },
      errors: [],
      errorCount: 0,
      failure: null,
    });
    expect(read!.createdAt).toBeInstanceOf(Date);
    expect(read!.startedAt).toBeInstanceOf(Date);
    expect(read!.finishedAt).toBeInstanceOf(Date);
    // Another user does not see it; an administrator does; an unknown id is nothing.
    expect(await second.find(job.id, { userId: OTHER, admin: false })).toBeUndefined();
    expect((await second.find(job.id, { userId: OTHER, admin: true }))?.status).toBe('succeeded');
    expect(await second.find(OTHER, { userId: OWNER, admin: true })).toBeUndefined();
  });

  it('marks a job a dead process left running as failed (interrupted) and deletes its upload', async () => {
    const db = getDb();
    const dead = new JobRegistry({ store: databaseJobStore(db) });
    const dir = upload();
    const outside = mkdtempSync(join(tmpdir(), 'not-ours-'));
    made.push(outside);
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    // The process "dies" during this job: it never ends (the registry is simply dropped).
    const job = dead.submit(
      'import',
      OWNER,
      async (ctx) => {
        ctx.report({ phase: 'writing', done: 500, total: 4000 });
        started();
        return new Promise<never>(() => {});
      },
      { filename: 'lon.xlsx' },
      { tempFiles: [dir, outside] },
    );
    const queued = dead.submit(
      'import',
      OWNER,
      async () => ({ ok: true, result: null, errors: [] }),
      {},
      {
        tempFiles: [],
      },
    );
    await running;
    await dead.saved(job.id);
    await dead.saved(queued.id);
    expect(existsSync(dir)).toBe(true);

    // The new process's registry: a job submitted before its recovery runs is its own, left alone.
    const restarted = new JobRegistry({ store: databaseJobStore(db) });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fresh = restarted.submit('import', OWNER, async () => {
      await gate;
      return { ok: true, result: null, errors: [] };
    });
    await restarted.saved(fresh.id);
    expect(await restarted.recover()).toBe(2);
    const read = await restarted.find(job.id, { userId: OWNER, admin: false });
    expect(read).toMatchObject({ status: 'failed', failure: INTERRUPTED, meta: { filename: 'lon.xlsx' } });
    expect(read!.failure!.vi).toContain('bị gián đoạn do khởi động lại máy chủ');
    expect(read!.finishedAt).toBeInstanceOf(Date);
    expect((await restarted.find(queued.id, { userId: OWNER, admin: false }))?.status).toBe('failed');
    // Its upload is gone; a path the application did not make is left alone.
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(outside)).toBe(true);
    // Each interrupted job is audited once, by the system, with what it was doing; in the chain of the unit
    // it concerns when it names one (a recompute), else in the national chain.
    const entries = await db.query<{
      chain: string;
      actorId: string | null;
      actorName: string;
      entityId: string;
      unitCode: string | null;
      before: { kind: string; status: string; ownerId: string; progress: { done: number; total: number } };
      after: { status: string; failure: unknown };
    }>(
      `select chain, actor_id as "actorId", actor_name as "actorName", entity_id as "entityId",
         unit_code as "unitCode", "before", "after"
       from audit_log where action = 'job.interrupted' and entity_type = 'job' order by entity_id`,
    );
    expect(entries.map((e) => e.entityId).sort()).toEqual([job.id, queued.id].sort());
    const wasRunning = entries.find((e) => e.entityId === job.id)!;
    expect(wasRunning).toMatchObject({ actorId: null, actorName: 'system', unitCode: null, chain: '' });
    expect(wasRunning.before).toMatchObject({
      kind: 'import',
      status: 'running',
      ownerId: OWNER,
      progress: { done: 500, total: 4000 },
    });
    expect(wasRunning.after).toEqual({ status: 'failed', failure: INTERRUPTED });
    expect(entries.find((e) => e.entityId === queued.id)!.before.status).toBe('queued');
    // Recovering again finds nothing left to mark (and audits nothing more); the new process's job ran on.
    expect(await restarted.recover()).toBe(0);
    const [{ n }] = (await db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'job.interrupted'`,
    )) as [{ n: number }];
    expect(n).toBe(2);
    release();
    expect((await restarted.settled(fresh.id)).status).toBe('succeeded');
    await restarted.idle();
    expect(
      (await new JobRegistry({ store: databaseJobStore(db) }).find(fresh.id, { userId: OWNER, admin: false }))
        ?.status,
    ).toBe('succeeded');
  });

  it('audits a job of a unit in its province’s chain; two registries recovering at once audit it once', async () => {
    const db = getDb();
    await db.query(
      `insert into admin_units (code, valid_from, name, level, kind) values ('19', '2025-07-01', 'Tỉnh Thái Nguyên', 'province', 'tinh')
       on conflict do nothing`,
    );
    const dead = new JobRegistry({ store: databaseJobStore(db) });
    const job = dead.submit('recompute', OWNER, () => new Promise<never>(() => {}), {
      unitCode: '19',
      year: 2026,
    });
    await dead.saved(job.id);
    await new Promise((r) => setTimeout(r, 5));
    const one = new JobRegistry({ store: databaseJobStore(db) });
    const two = new JobRegistry({ store: databaseJobStore(db) });
    const counts = await Promise.all([one.recover(), two.recover()]);
    expect(counts.sort()).toEqual([0, 1]);
    const entries = await db.query<{ chain: string; unitCode: string }>(
      `select chain, unit_code as "unitCode" from audit_log where action = 'job.interrupted'`,
    );
    expect(entries).toEqual([{ chain: '19', unitCode: '19' }]);
    expect((await audit.verifyAuditChain(db)).ok).toBe(true);
  });

  it('lists the latest jobs of a kind: its own to a user, all to an administrator, live ones as they stand', async () => {
    const db = getDb();
    const first = new JobRegistry({ store: databaseJobStore(db) });
    const mine = first.submit('recompute', OWNER, async () => ({ ok: true, result: 1, errors: [] }));
    // Newest first: each job created a few milliseconds after the one before.
    const tick = () => new Promise((r) => setTimeout(r, 5));
    await tick();
    const theirs = first.submit('recompute', OTHER, async () => ({ ok: true, result: 2, errors: [] }));
    first.submit('import', OWNER, async () => ({ ok: true, result: 3, errors: [] }));
    await first.idle();
    await tick();
    const later = new JobRegistry({ store: databaseJobStore(db) });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const live = later.submit('recompute', OWNER, async (ctx) => {
      ctx.report({ phase: 'computing', done: 2, total: 5 });
      await gate;
      return { ok: true, result: 4, errors: [] };
    });
    await later.saved(live.id);
    const listed = await later.list('recompute', { userId: OWNER, admin: false });
    expect(listed.map((j) => j.id)).toEqual([live.id, mine.id]);
    expect(listed[0]!.progress).toEqual({ phase: 'computing', done: 2, total: 5 });
    expect(listed[1]!.status).toBe('succeeded');
    expect((await later.list('recompute', { userId: OTHER, admin: true })).map((j) => j.id)).toEqual([
      live.id,
      theirs.id,
      mine.id,
    ]);
    expect(await later.list('recompute', { userId: null, admin: false })).toEqual([]);
    release();
    await later.idle();
  });

  it('keeps a bounded number of errors with their full count; a crash is recorded as a failure', async () => {
    const db = getDb();
    const registry = new JobRegistry({ store: databaseJobStore(db) });
    const many = Array.from({ length: STORED_ERRORS + 10 }, (_, i) => ({ row: i + 2 }));
    const failed = registry.submit('import', OWNER, async () => ({ ok: false, result: null, errors: many }));
    const crashed = registry.submit('import', OWNER, async () => {
      throw new Error('boom');
    });
    await registry.idle();
    const later = new JobRegistry({ store: databaseJobStore(db) });
    const f = await later.find(failed.id, { userId: OWNER, admin: false });
    expect(f).toMatchObject({ status: 'failed', errorCount: STORED_ERRORS + 10 });
    expect(f!.errors).toHaveLength(STORED_ERRORS);
    expect(f!.errors[0]).toEqual({ row: 2 });
    const c = await later.find(crashed.id, { userId: OWNER, admin: false });
    expect(c).toMatchObject({ status: 'failed', failure: { en: expect.stringContaining('internal error') } });
  });

  it('records progress written while the job is inside a transaction, outside it', async () => {
    const db = getDb();
    const registry = new JobRegistry({ store: databaseJobStore(db) });
    const job = registry.submit('import', OWNER, async (ctx) => {
      await db
        .transaction(async (tx) => {
          await tx.query('select 1');
          // Reported from inside the import's transaction, which then rolls back.
          ctx.report({ phase: 'writing', done: 1, total: 2 });
          throw new Error('rolled back');
        })
        .catch(() => undefined);
      await registry.saved(ctx.jobId);
      const [row] = await db.query<{ phase: string }>('select phase from jobs where job_id = $1', [
        ctx.jobId,
      ]);
      return { ok: true, result: row?.phase ?? null, errors: [] };
    });
    expect((await registry.settled(job.id)).result).toBe('writing');
  });
});
