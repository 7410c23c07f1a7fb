// Concurrency proven (issue #15, item 8): many clients mix reads and writes on the SAME few households of a
// province for a bounded time, through the real HTTP server on loopback, then the database is checked: no
// lost update (every acknowledged write's version is in the audit, each household's final version is its
// first plus the writes acknowledged on it, no version acknowledged twice), the counts match (members added,
// assessments recorded), and the audit chain verifies. Expected answers are 2xx, 409 (a stale version) and
// 503 DATABASE_BUSY (load shed; the client waits Retry-After and sends the same request again) — anything
// else is an unexpected error and fails the run.
//
//   npm run bench:concurrency -- [--clients 200] [--seconds 60] [--households 12]
//                                [--db DIR | --database-url URL | --pglite] [--json]
//
// Engine: --db DIR (embedded PGlite in DIR), --database-url or DATABASE_URL (an existing, empty or migrated
// PostgreSQL database), --pglite (a scratch PGlite folder), otherwise a scratch PostgreSQL database on
// postgres://root@127.0.0.1:5432 (BENCH_PG_ADMIN_URL) created and dropped here when that server answers,
// else a scratch PGlite folder. The server listens on 127.0.0.1 only. test/server/concurrency.test.ts runs the
// same functions with fewer clients for a few seconds on every test engine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import {
  audit,
  households,
  migrate,
  openDatabase,
  units,
  users,
  villages,
  type Database,
} from '../src/db/index.ts';
import type { RuleBook } from '../src/domain/standards/types.ts';
import { loadRuleBook } from '../src/rules-loader/load-rule-book.ts';
import { buildServer } from '../src/server/app.ts';
import { hashPassword } from '../src/services/passwords.ts';
import { ensureReferenceData } from '../src/services/reference-data.ts';
import { openSideConnection, scratchDatabase } from '../test/support/side-connection.ts';
import { signInOverHttp, type HttpSession } from './lib/sign-in.ts';

export const BENCH_PASSWORD = 'mat-khau-do-tai-dong-thoi';
const COMMUNE = '01864';

export type OpKind =
  'page' | 'list' | 'search' | 'household.edit' | 'member.add' | 'member.change' | 'assessment';
export const OP_KINDS: readonly OpKind[] = [
  'page',
  'list',
  'search',
  'household.edit',
  'member.add',
  'member.change',
  'assessment',
];
/** Versioned writes: each acknowledged one moves its household's version by exactly one. */
const VERSIONED: ReadonlySet<OpKind> = new Set(['household.edit', 'member.add', 'member.change']);
/** The audit actions of the versioned writes, each with the household's version after it. */
const VERSIONED_ACTIONS = new Set(['household.update', 'member.create', 'member.update']);

export interface Seed {
  today: string;
  villageIds: string[];
  households: { householdId: string; headName: string; version: number; members: number }[];
  usernames: string[];
}

/** A province's commune with two villages, `count` households of two members, and `sessions` officers. */
export async function seedProvince(
  db: Database,
  options: { households: number; sessions: number; today: string },
): Promise<Seed> {
  const { today } = options;
  await ensureReferenceData(db);
  const commune = await units.unitAt(db, COMMUNE, today);
  if (!commune) throw new Error(`commune ${COMMUNE} is not in the reference data on ${today}`);
  const villageIds: string[] = [];
  for (const name of ['Thôn Đồng Tải', 'Thôn Bản Vẽ']) {
    const v = await villages.createVillage(db, { communeCode: COMMUNE, name, kind: 'thon', date: today });
    villageIds.push(v.id);
  }
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const usernames: string[] = [];
  for (let i = 1; i <= options.sessions; i++) {
    const username = `dongthoi${i}`;
    await users.createUser(db, {
      username,
      displayName: `Cán bộ xã ${i}`,
      passwordHash,
      role: 'commune_officer',
      scopes: [{ access: 'write', unitCode: COMMUNE, unitValidFrom: commune.validFrom }],
    });
    usernames.push(username);
  }
  const seeded: Seed['households'] = [];
  for (let i = 1; i <= options.households; i++) {
    const headName = `Nguyễn Văn Thử ${i}`;
    const h = await households.createHousehold(db, {
      villageId: villageIds[i % villageIds.length]!,
      headName,
      since: '2026-01-01',
      members: [
        { fullName: headName, nationalId: `0190800${String(i).padStart(5, '0')}`, sex: 'male', facts: {} },
        { fullName: `Lò Thị Thử ${i}`, nationalId: `0191800${String(i).padStart(5, '0')}`, facts: {} },
      ],
    });
    seeded.push({ householdId: h.householdId, headName, version: h.version, members: h.members.length });
  }
  return { today, villageIds, households: seeded, usernames };
}

/** One acknowledged write (2xx), as the client that sent it saw it. */
export interface Ack {
  client: number;
  kind: OpKind;
  householdId: string;
  /** The household's version in the answer (versioned writes). */
  version: number;
}

interface OpStats {
  ok: number;
  conflicts: number;
  busy: number;
  unexpected: number;
  latencies: number[];
}

export interface RunResult {
  clients: number;
  seconds: number;
  elapsedMs: number;
  stats: Record<OpKind, OpStats>;
  acks: Ack[];
  /** Unexpected answers, at most 20 kept, with their status and body's start. */
  errors: string[];
  unexpected: number;
}

type Session = HttpSession;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const signIn = (base: string, username: string): Promise<Session> =>
  signInOverHttp(base, username, BENCH_PASSWORD);

interface HouseholdRead {
  householdId: string;
  version: number;
  members: { memberNo: number; leftAt: string | null }[];
}

/**
 * Runs `clients` clients for `seconds` against the server at `base`. Clients share a few signed-in sessions
 * (the sign-in limit allows 20 attempts a minute from one address); each keeps its own log of acknowledged
 * writes. Work stops being started at the deadline; requests in flight finish.
 */
export async function runClients(
  base: string,
  seed: Seed,
  options: { clients: number; seconds: number },
): Promise<RunResult> {
  const sessions: Session[] = [];
  for (const u of seed.usernames) sessions.push(await signIn(base, u));
  const stats = Object.fromEntries(
    OP_KINDS.map((k) => [k, { ok: 0, conflicts: 0, busy: 0, unexpected: 0, latencies: [] }]),
  ) as unknown as Record<OpKind, OpStats>;
  const acks: Ack[] = [];
  const errors: string[] = [];
  let unexpected = 0;
  const started = Date.now();
  const deadline = started + options.seconds * 1000;

  const call = async (
    s: Session,
    kind: OpKind,
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> => {
    for (let attempt = 0; ; attempt++) {
      const t0 = performance.now();
      let res: Response;
      try {
        res = await fetch(`${base}${path}`, {
          method,
          headers: {
            cookie: s.cookie,
            ...(method !== 'GET' ? { 'x-csrf-token': s.csrf } : {}),
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
      } catch (e) {
        return { status: 0, json: { error: String(e) } };
      }
      const text = await res.text();
      stats[kind].latencies.push(performance.now() - t0);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = { raw: text.slice(0, 200) };
      }
      const code = (json as { error?: { code?: string } })?.error?.code;
      if (res.status === 503 && code === 'DATABASE_BUSY' && attempt < 50) {
        stats[kind].busy++;
        const wait = Number(res.headers.get('retry-after') ?? '1');
        await sleep(Math.max(0.05, Number.isFinite(wait) ? wait : 1) * 1000 * (0.5 + Math.random()));
        continue;
      }
      return { status: res.status, json };
    }
  };

  const outcome = (kind: OpKind, status: number, json: unknown, what: string): boolean => {
    if (status >= 200 && status < 300) {
      stats[kind].ok++;
      return true;
    }
    if (status === 409 && kind !== 'page' && kind !== 'list' && kind !== 'search') {
      stats[kind].conflicts++;
      return false;
    }
    stats[kind].unexpected++;
    unexpected++;
    if (errors.length < 20) errors.push(`${what}: ${status} ${JSON.stringify(json).slice(0, 300)}`);
    return false;
  };

  const client = async (no: number) => {
    const s = sessions[no % sessions.length]!;
    let n = 0;
    const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;
    while (Date.now() < deadline) {
      n++;
      const h = pick(seed.households);
      const r = Math.random();
      if (r < 0.2) {
        const res = await call(s, 'page', 'GET', `/api/households/${h.householdId}`);
        outcome('page', res.status, res.json, `page ${h.householdId}`);
        continue;
      }
      if (r < 0.35) {
        const res = await call(
          s,
          'list',
          'GET',
          `/api/households?villageId=${pick(seed.villageIds)}&pageSize=20`,
        );
        outcome('list', res.status, res.json, 'list');
        continue;
      }
      if (r < 0.5) {
        const q = encodeURIComponent(h.headName.split(' ').slice(0, 3).join(' '));
        const res = await call(s, 'search', 'GET', `/api/households?name=${q}&pageSize=20`);
        outcome('search', res.status, res.json, 'search');
        continue;
      }
      // A write reads the household first (its version, its members), as the household page does.
      const read = await call(s, 'page', 'GET', `/api/households/${h.householdId}`);
      if (!outcome('page', read.status, read.json, `page ${h.householdId}`)) continue;
      const current = read.json as HouseholdRead;
      const present = current.members.filter((m) => m.leftAt === null);
      let kind: OpKind;
      let res: { status: number; json: unknown };
      if (r < 0.7) {
        kind = 'household.edit';
        res = await call(s, kind, 'PATCH', `/api/households/${h.householdId}`, {
          version: current.version,
          address: `Tổ ${no}, lượt ${n}`,
        });
      } else if (r < 0.75 && present.length < 30) {
        kind = 'member.add';
        res = await call(s, kind, 'POST', `/api/households/${h.householdId}/members`, {
          version: current.version,
          member: {
            fullName: `Thành viên ${no}-${n}`,
            nationalId: `9${String(no).padStart(4, '0')}${String(n).padStart(7, '0')}`,
            phone: `09${String(no % 100).padStart(2, '0')}${String(n % 1_000_000).padStart(6, '0')}`,
            sex: n % 2 ? 'female' : 'male',
            dateOfBirth: '2001-02-03',
          },
        });
      } else if (r < 0.87) {
        kind = 'member.change';
        const m = pick(present);
        res = await call(s, kind, 'PATCH', `/api/households/${h.householdId}/members/${m.memberNo}`, {
          version: current.version,
          change: {
            phone: `08${String(no % 100).padStart(2, '0')}${String(n % 1_000_000).padStart(6, '0')}`,
          },
        });
      } else {
        kind = 'assessment';
        res = await call(s, kind, 'POST', `/api/households/${h.householdId}/assessments`, {
          standard: 'ND07_2021',
          incomePerCapita: 1_000_000 + Math.floor(Math.random() * 2_000_000),
          deficits: Math.random() < 0.5 ? ['water'] : [],
        });
      }
      if (outcome(kind, res.status, res.json, `${kind} ${h.householdId}`)) {
        const version = (res.json as { version?: number }).version ?? 0;
        acks.push({ client: no, kind, householdId: h.householdId, version });
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i + 1)));
  return {
    clients: options.clients,
    seconds: options.seconds,
    elapsedMs: Date.now() - started,
    stats,
    acks,
    errors,
    unexpected,
  };
}

export interface CheckResult {
  ok: boolean;
  problems: string[];
  households: number;
  acknowledgedWrites: number;
  auditEntries: number;
  auditChain: string;
}

/** After the run: no lost update, counts that match, an audit chain that verifies. */
export async function checkAfterRun(db: Database, seed: Seed, run: RunResult): Promise<CheckResult> {
  const problems: string[] = [];
  for (const h of seed.households) {
    const mine = run.acks.filter((a) => a.householdId === h.householdId);
    const versioned = mine.filter((a) => VERSIONED.has(a.kind)).map((a) => a.version);
    const row = await households.getHousehold(db, h.householdId);
    if (!row) {
      problems.push(`${h.householdId}: gone`);
      continue;
    }
    const expected = h.version + versioned.length;
    if (row.version !== expected)
      problems.push(
        `${h.householdId}: version ${row.version}, expected ${h.version} + ${versioned.length} acknowledged = ${expected}`,
      );
    const sorted = [...versioned].sort((a, b) => a - b);
    const wanted = Array.from({ length: versioned.length }, (_, i) => h.version + i + 1);
    if (sorted.join() !== wanted.join())
      problems.push(
        `${h.householdId}: acknowledged versions ${sorted.join(',')} are not ${wanted.join(',')}`,
      );
    const entries = (
      await audit.searchAudit(db, { householdId: h.householdId, page: 1, pageSize: 1_000_000 })
    ).rows;
    const audited = entries
      .filter((e) => VERSIONED_ACTIONS.has(e.action))
      .map((e) => Number((e.after as { version?: number } | null)?.version))
      .sort((a, b) => a - b);
    if (audited.join() !== sorted.join())
      problems.push(
        `${h.householdId}: audited versions ${audited.join(',')} ≠ acknowledged ${sorted.join(',')}`,
      );
    const added = mine.filter((a) => a.kind === 'member.add').length;
    const present = row.members.filter((m) => m.leftAt === null).length;
    if (present !== h.members + added)
      problems.push(`${h.householdId}: ${present} members, expected ${h.members} + ${added} added`);
    const assessed = mine.filter((a) => a.kind === 'assessment').length;
    const stored = (await households.assessmentHistory(db, h.householdId)).length;
    const auditedAssessments = entries.filter((e) => e.action === 'assessment.create').length;
    if (stored !== assessed || auditedAssessments !== assessed)
      problems.push(
        `${h.householdId}: ${stored} assessments stored, ${auditedAssessments} audited, ${assessed} acknowledged`,
      );
  }
  const chain = await audit.verifyAuditChain(db);
  if (!chain.ok) problems.push(`audit chain: ${JSON.stringify(chain).slice(0, 300)}`);
  return {
    ok: problems.length === 0,
    problems,
    households: seed.households.length,
    acknowledgedWrites: run.acks.length,
    auditEntries: chain.ok ? chain.count : 0,
    auditChain: chain.ok ? `verifies (${chain.count} entries)` : 'BROKEN',
  };
}

export interface BenchOutcome {
  run: RunResult;
  check: CheckResult;
}

/**
 * Seeds `db` (migrated, empty), starts the server on 127.0.0.1 in this process, runs the clients, stops the
 * server and checks. The database is left open for the caller.
 */
export async function benchConcurrency(
  db: Database,
  options: { clients: number; seconds: number; households?: number; book?: RuleBook; today?: string },
): Promise<BenchOutcome> {
  const today =
    options.today ?? new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  const seed = await seedProvince(db, {
    households: options.households ?? 12,
    sessions: Math.min(10, Math.max(1, Math.ceil(options.clients / 20))),
    today,
  });
  const app = await buildServer({
    db,
    book: options.book ?? loadRuleBook(),
    today: () => today,
    sessionSecret: randomBytes(24).toString('hex'),
    webDir: null,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  let run: RunResult;
  try {
    run = await runClients(`http://127.0.0.1:${port}`, seed, options);
  } finally {
    await app.close();
  }
  return { run, check: await checkAfterRun(db, seed, run) };
}

const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0;

/** The summary table: one line per kind of request, then the checks. */
export function summaryTable(outcome: BenchOutcome, engine: string): string {
  const { run, check } = outcome;
  const lines = [
    `Đồng thời / concurrency: ${run.clients} clients, ${run.seconds} s (${(run.elapsedMs / 1000).toFixed(1)} s elapsed), ${engine}`,
    '',
    '| request | 2xx | 409 | 503 busy (retried) | unexpected | p50 ms | p95 ms | max ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  let total = 0;
  for (const k of OP_KINDS) {
    const s = run.stats[k];
    const l = [...s.latencies].sort((a, b) => a - b);
    total += s.ok + s.conflicts + s.unexpected;
    lines.push(
      `| ${k} | ${s.ok} | ${s.conflicts} | ${s.busy} | ${s.unexpected} | ${quantile(l, 0.5).toFixed(0)} | ${quantile(l, 0.95).toFixed(0)} | ${(l[l.length - 1] ?? 0).toFixed(0)} |`,
    );
  }
  lines.push(
    '',
    `requests answered: ${total} (${(total / (run.elapsedMs / 1000)).toFixed(0)}/s); acknowledged writes: ${check.acknowledgedWrites} on ${check.households} households`,
    `lost updates / counts: ${check.problems.length ? `${check.problems.length} PROBLEMS` : 'none — every acknowledged version audited, final versions and counts match'}`,
    `audit chain: ${check.auditChain}`,
    `unexpected errors: ${run.unexpected}`,
  );
  for (const p of check.problems.slice(0, 20)) lines.push(`  ✗ ${p}`);
  for (const e of run.errors) lines.push(`  ✗ ${e}`);
  return lines.join('\n');
}

async function scratchPostgres(adminUrl: string): Promise<{ url: string; drop(): Promise<void> } | null> {
  let admin: Awaited<ReturnType<typeof openSideConnection>>;
  try {
    admin = await openSideConnection(adminUrl);
  } catch {
    return null;
  }
  const scratch = await scratchDatabase(
    admin,
    adminUrl,
    `giamngheo_bench_${process.pid}_${randomBytes(3).toString('hex')}`,
  );
  return {
    url: scratch.url,
    async drop() {
      await scratch.drop();
      await admin.end();
    },
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '60' },
      households: { type: 'string', default: '12' },
      db: { type: 'string' },
      'database-url': { type: 'string' },
      pglite: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const clients = Number(values.clients);
  const seconds = Number(values.seconds);
  const count = Number(values.households);
  if (![clients, seconds, count].every((n) => Number.isInteger(n) && n > 0) || seconds > 600) {
    process.stderr.write('--clients, --seconds (≤ 600) and --households are positive integers\n');
    return 2;
  }
  let cleanup = async () => {};
  let db: Database;
  let engine: string;
  const url = values['database-url'] ?? process.env.DATABASE_URL;
  if (values.db) {
    db = await openDatabase({ kind: 'pglite', dataDir: values.db });
    engine = `PGlite ${values.db}`;
  } else if (url) {
    db = await openDatabase({ kind: 'postgres', url });
    engine = 'PostgreSQL (DATABASE_URL)';
  } else {
    const scratch = values.pglite
      ? null
      : await scratchPostgres(process.env.BENCH_PG_ADMIN_URL ?? 'postgres://root@127.0.0.1:5432/postgres');
    if (scratch) {
      db = await openDatabase({ kind: 'postgres', url: scratch.url });
      engine = 'PostgreSQL (scratch database)';
      cleanup = () => scratch.drop();
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'gn-concurrency-'));
      db = await openDatabase({ kind: 'pglite', dataDir: dir });
      engine = 'PGlite (scratch folder)';
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
  }
  try {
    await migrate(db);
    const outcome = await benchConcurrency(db, { clients, seconds, households: count });
    process.stdout.write(
      values.json
        ? `${JSON.stringify({ engine, run: { ...outcome.run, acks: outcome.run.acks.length }, check: outcome.check })}\n`
        : `${summaryTable(outcome, engine)}\n`,
    );
    return outcome.check.ok && outcome.run.unexpected === 0 ? 0 : 1;
  } finally {
    await db.close();
    await cleanup();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
