// Recomputing a unit's figures for a year (issue #15, durable jobs): the roll-ups of every commune under
// the unit that has a recognised periodic round of the year, rebuilt from that round's frozen results and
// the registry, with their ancestors up to the province. A recognition and an import keep roll-ups fresh
// on their own; a province's administrator needs this after what changes figures without touching a round:
// a corrected legal list (the poor-districts group, docs/legal-corrections.md), a reorganisation of units
// (lineage), members recorded as having left on a past date, or figures restored from an older backup.
// It runs as a background job (kind 'recompute') with its progress, in ONE transaction with its audit
// entry: a kill -9 in the middle leaves the old figures whole, never some communes old and some new, and
// the job is then shown failed (interrupted by the restart) and can be run again.
import { figures, units, type Database } from '../db/index.ts';
import { lockRollups } from '../db/queries/rollup-locks.ts';
import { seesEverything } from '../domain/access/roles.ts';
import { standardForYear } from '../domain/standards/build-rule-book.ts';
import type { RuleBook } from '../domain/standards/types.ts';
import {
  JobRegistry,
  type Job,
  type JobContext,
  type JobOutcome,
  type JobRegistryOptions,
} from '../jobs/registry.ts';
import { databaseJobStore } from '../jobs/store.ts';
import { figuresDay, unitInScope, unitOrSuccessorInScope } from './access.ts';
import { refreshRollupsOfRound } from './figures-freshness.ts';
import { requirePermission, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { AppError } from './errors.ts';

export const RECOMPUTE_KIND = 'recompute';

export interface RecomputeInput {
  unitCode: string;
  year: number;
}

/** The unit's own 'all' figures (none before the first recompute or recognition). */
export interface RecomputeTotals {
  households: number;
  poor: number;
  nearPoor: number;
}

export interface RecomputeResult {
  unitCode: string;
  year: number;
  standard: string;
  /** Communes whose roll-ups were rebuilt (those with a recognised periodic round of the year). */
  communes: number;
  before: RecomputeTotals | null;
  after: RecomputeTotals | null;
}

export type RecomputeJob = Job<RecomputeResult, never>;

/**
 * The registry of recompute jobs over the database, one at a time (each holds a transaction over the
 * figures it rebuilds). Making it queries nothing; `recover()` marks the jobs a previous process left
 * unfinished failed (interrupted by a restart), each with an audit entry.
 */
export function recomputeJobs(db: Database, options: Omit<JobRegistryOptions, 'store'> = {}): JobRegistry {
  return new JobRegistry({ concurrency: 1, ...options, store: databaseJobStore(db) });
}

const invalid = (path: string, vi: string, en: string) =>
  new AppError('VALIDATION_FAILED', [{ path, message: { vi, en } }]);

/**
 * Checks everything a recompute needs before it is queued: registry.write (403), a year begun with a
 * standard (400), the unit on the figures' day (the year's end, or today in the current year) within the actor's
 * read scope (404) and write scope (403).
 */
async function checkRecompute(
  db: Database,
  actor: Actor,
  input: RecomputeInput,
  ctx: { book: RuleBook; today: string },
) {
  requirePermission(actor, 'registry.write');
  // A year already begun, whose review a standard of the rule book governs (rules/review-years.yaml).
  const thisYear = Number(ctx.today.slice(0, 4));
  const standard = Number.isInteger(input.year) ? standardForYear(ctx.book, input.year) : undefined;
  if (input.year > thisYear)
    throw invalid('body.year', `Năm không được sau ${thisYear}`, `The year may not be after ${thisYear}`);
  if (!standard)
    throw invalid('body.year', 'Năm này không có chuẩn nghèo', 'No poverty standard applies to this year');
  const date = figuresDay(input.year, ctx.today);
  const unit = await units.unitAt(db, input.unitCode, date);
  if (!unit || !(await unitOrSuccessorInScope(db, actor.read, unit.code, date, ctx.today)))
    throw new AppError('NOT_FOUND');
  if (!(await unitInScope(db, actor.write, unit.code, date))) throw new AppError('FORBIDDEN');
  return { unit, standard, date };
}

const totalsOf = (r: RecomputeTotals | undefined): RecomputeTotals | null =>
  r ? { households: r.households, poor: r.poor, nearPoor: r.nearPoor } : null;

/**
 * Queues the recompute of a unit's figures for a year (checked first: 400, 403, 404) and answers once the
 * job is recorded, so an acknowledged recompute is never lost: it runs, or a restart shows it interrupted.
 */
export async function startRecompute(
  jobs: JobRegistry,
  db: Database,
  actor: Actor,
  input: RecomputeInput,
  ctx: { book: RuleBook; today: string },
): Promise<{ jobId: string }> {
  const { unit, standard, date } = await checkRecompute(db, actor, input, ctx);
  const job = jobs.submit<RecomputeResult, never>(
    RECOMPUTE_KIND,
    actor.userId,
    (run) => recompute(db, actor, { unit, year: input.year, standard, date }, run),
    { unitCode: unit.code, unitName: unit.name, year: input.year, standard },
  );
  await jobs.saved(job.id);
  return { jobId: job.id };
}

/** The work of the job: found, then every commune's roll-ups rebuilt and audited in one transaction. */
async function recompute(
  db: Database,
  actor: Actor,
  input: { unit: { code: string; validFrom: string }; year: number; standard: string; date: string },
  run: JobContext,
): Promise<JobOutcome<RecomputeResult, never>> {
  const { unit, year, standard, date } = input;
  run.report({ phase: 'finding', done: 0, total: null });
  const codes = await units.codesUnder(db, [unit]);
  const rounds = await figures.recognisedPeriodicRounds(db, codes, year);
  const own = { unitCode: unit.code, year, standard, group: 'all', date };
  const result = await db.transaction(async (tx) => {
    // Every commune's figures locked before any ancestor's: a recognition under way meanwhile (one commune,
    // then its ancestors) finishes first or waits, never deadlocks with this transaction.
    const communeCodes = [...new Set(rounds.map((r) => r.communeCode))];
    await lockRollups(tx, { codes: communeCodes, year, standard });
    const before = totalsOf(await figures.rollupOf(tx, own));
    run.report({ phase: 'computing', done: 0, total: rounds.length });
    for (const [i, r] of rounds.entries()) {
      await refreshRollupsOfRound(tx, r, year, standard);
      run.report({ phase: 'computing', done: i + 1, total: rounds.length });
    }
    const after = totalsOf(await figures.rollupOf(tx, own));
    const summary: RecomputeResult = {
      unitCode: unit.code,
      year,
      standard,
      communes: rounds.length,
      before,
      after,
    };
    await recordAudit(tx, actor, {
      action: 'figures.recompute',
      entityType: 'rollup',
      entityId: `${unit.code}/${year}/${standard}`,
      unitCode: unit.code,
      before,
      after: { ...summary, jobId: run.jobId, communeCodes: rounds.map((r) => r.communeCode) },
    });
    return summary;
  });
  run.report({ phase: 'done', done: rounds.length, total: rounds.length });
  return { ok: true, result, errors: [] };
}

/** A recompute job the actor may see: its own, or any for an administrator; 404 otherwise. */
export async function readRecomputeJob(
  jobs: JobRegistry,
  actor: Actor,
  jobId: string,
): Promise<RecomputeJob> {
  const job = await jobs.find(jobId, { userId: actor.userId, admin: seesEverything(actor.role) });
  if (!job || job.kind !== RECOMPUTE_KIND) throw new AppError('NOT_FOUND');
  return job as RecomputeJob;
}

/** The latest recomputes the actor may see, newest first: its own, or everyone's for an administrator. */
export async function listRecomputeJobs(jobs: JobRegistry, actor: Actor): Promise<RecomputeJob[]> {
  const list = await jobs.list(RECOMPUTE_KIND, { userId: actor.userId, admin: seesEverything(actor.role) });
  return list as RecomputeJob[];
}
