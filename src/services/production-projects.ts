// Production projects (dự án hỗ trợ phát triển sản xuất: value chain or community) as use cases: list under a
// unit, read, record, change with 409 on a stale version, delete one recorded by mistake, and the registry
// households taking part — added or removed by id within the actor's read scope, listed with personal data
// masked for roles that may not see it. Each checks access (404 outside the read scope, 403 inside it), runs
// in one transaction and audits the change in it.
import { units, type Queryable } from '../db/index.ts';
import * as projects from '../db/queries/production-projects.ts';
import type { Participant, ProjectFields, ProjectRow } from '../db/queries/production-projects.ts';
import { maskTail } from '../domain/access/masking.ts';
import { can } from '../domain/access/roles.ts';
import { amountToJson } from '../domain/finance/money.ts';
import { lookupProject } from '../domain/finance/programmes.ts';
import { defaultFinanceRules } from '../rules-loader/load-finance.ts';
import { readableHousehold, readableReportUnit, unitVersionInScope, writableUnitOfBody } from './access.ts';
import { authorId, requirePermission, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { AppError, type FieldError } from './errors.ts';
import { staleAnswer } from './stale.ts';

export const PROJECT_KINDS = ['value_chain', 'community'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];
const KIND_NAMES = {
  value_chain: { vi: 'Theo chuỗi giá trị', en: 'Value chain' },
  community: { vi: 'Cộng đồng', en: 'Community' },
};

/** A project as every door shows it (money as JSON numbers). */
export interface ProjectView {
  id: string;
  unit: { code: string; validFrom: string; name: string };
  name: string;
  kind: ProjectKind;
  kindName: { vi: string; en: string };
  programme: string | null;
  project: string | null;
  models: string | null;
  budgetVnd: number;
  disbursedVnd: number;
  startDate: string | null;
  endDate: string | null;
  outputs: string | null;
  participants: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const presentProject = (p: ProjectRow): ProjectView => ({
  id: p.id,
  unit: { code: p.unitCode, validFrom: p.unitValidFrom, name: p.unitName },
  name: p.name,
  kind: p.kind,
  kindName: KIND_NAMES[p.kind],
  programme: p.programme,
  project: p.project,
  models: p.models,
  budgetVnd: amountToJson(p.budget),
  disbursedVnd: amountToJson(p.disbursed),
  startDate: p.startDate,
  endDate: p.endDate,
  outputs: p.outputs,
  participants: p.participants,
  version: p.version,
  createdAt: new Date(p.createdAt).toISOString(),
  updatedAt: new Date(p.updatedAt).toISOString(),
});

// ---- Access --------------------------------------------------------------------------------------

async function inScope(tx: Queryable, scope: Actor['read'], p: ProjectRow, today: string) {
  const unit = await units.unitVersion(tx, { code: p.unitCode, validFrom: p.unitValidFrom });
  return unit !== undefined && (await unitVersionInScope(tx, scope, unit, today));
}

async function readableProject(tx: Queryable, actor: Actor, id: string, today: string) {
  const p = await projects.getProject(tx, id);
  if (!p || !(await inScope(tx, actor.read, p, today))) throw new AppError('NOT_FOUND');
  return p;
}

/** The project locked for a change: 404 outside the read scope, 403 for a missing permission or write scope. */
async function writableProject(tx: Queryable, actor: Actor, id: string, today: string) {
  await readableProject(tx, actor, id, today);
  requirePermission(actor, 'finance.write');
  await projects.lockProject(tx, id);
  const p = (await projects.getProject(tx, id))!;
  if (!(await inScope(tx, actor.write, p, today))) throw new AppError('FORBIDDEN');
  return p;
}

/** 409 with the current record and the audited changes since the client's version. */
async function staleProject(tx: Queryable, id: string, clientVersion: number): Promise<never> {
  const current = presentProject((await projects.getProject(tx, id))!);
  return staleAnswer(tx, { entityType: 'production_project', entityId: id }, clientVersion, current);
}

/** Field errors of a project's figures and dates, and its project code read in the programme of its year. */
function checkProject(
  f: ProjectFields,
  today: string,
): { fields: FieldError[]; project: string | null; programme: string | null } {
  const fields: FieldError[] = [];
  if (f.budget < 0n)
    fields.push({
      path: 'body.budgetVnd',
      message: { vi: 'Kinh phí không được âm', en: 'The budget cannot be negative' },
    });
  if (f.disbursed < 0n)
    fields.push({
      path: 'body.disbursedVnd',
      message: { vi: 'Số đã giải ngân không được âm', en: 'The amount disbursed cannot be negative' },
    });
  if (f.startDate && f.endDate && f.endDate < f.startDate)
    fields.push({
      path: 'body.endDate',
      message: {
        vi: `Ngày kết thúc (${f.endDate}) trước ngày bắt đầu (${f.startDate})`,
        en: `The end date (${f.endDate}) is before the start date (${f.startDate})`,
      },
    });
  let project: string | null = null;
  let programme: string | null = null;
  if (f.project) {
    const year = Number((f.startDate ?? today).slice(0, 4));
    const p = lookupProject(defaultFinanceRules(), year, f.project);
    if (p.ok) [project, programme] = [p.code, p.programme.id];
    else fields.push({ path: 'body.project', message: p.message });
  }
  return { fields, project, programme };
}

const invalid = (fields: FieldError[]): AppError => new AppError('VALIDATION_FAILED', fields);

// ---- Reads ---------------------------------------------------------------------------------------

/** Projects of a unit and everything below it (404 for a unit outside the read scope). */
export async function listProjects(
  db: Queryable,
  actor: Actor,
  input: { unit: string; at?: string | undefined; kind?: ProjectKind | undefined },
  today: string,
): Promise<ProjectView[]> {
  const unit = await readableReportUnit(db, actor, input.unit, input.at ?? today);
  return (await projects.projectsUnder(db, { unit, ...(input.kind ? { kind: input.kind } : {}) })).map(
    presentProject,
  );
}

/** One project the actor may read, with whether it may change it. */
export async function getProject(
  db: Queryable,
  actor: Actor,
  input: { id: string },
  today: string,
): Promise<ProjectView & { canWrite: boolean }> {
  const p = await readableProject(db, actor, input.id, today);
  return {
    ...presentProject(p),
    canWrite: can(actor.role, 'finance.write') && (await inScope(db, actor.write, p, today)),
  };
}

/** Every field in Vietnamese order: names with Intl.Collator('vi') (PGlite collates as C). */
const collator = new Intl.Collator('vi');

/**
 * The households taking part, in Vietnamese order of their heads' names; identifiers masked for roles
 * without personal.read, and reading them unmasked is itself audited, as for a household's page.
 */
export async function listProjectHouseholds(
  db: Queryable,
  actor: Actor,
  input: { id: string },
  today: string,
): Promise<{ personalDataMasked: boolean; rows: Participant[] }> {
  return db.transaction(async (tx) => {
    const p = await readableProject(tx, actor, input.id, today);
    const unmasked = can(actor.role, 'personal.read');
    const rows = (await projects.participantsOf(tx, p.id))
      .sort((a, b) => collator.compare(a.headName, b.headName))
      .map((r) => ({
        ...r,
        headNationalId: unmasked ? r.headNationalId : maskTail(r.headNationalId),
        headPhone: unmasked ? r.headPhone : maskTail(r.headPhone),
      }));
    if (unmasked && rows.some((r) => r.headNationalId || r.headPhone))
      await recordAudit(tx, actor, {
        action: 'personal_data.read',
        entityType: 'production_project',
        entityId: p.id,
        unitCode: p.unitCode,
      });
    return { personalDataMasked: !unmasked, rows };
  });
}

// ---- Changes -------------------------------------------------------------------------------------

export interface ProjectInput {
  name: string;
  kind: ProjectKind;
  project?: string | null | undefined;
  models?: string | null | undefined;
  budgetVnd?: bigint | undefined;
  disbursedVnd?: bigint | undefined;
  startDate?: string | null | undefined;
  endDate?: string | null | undefined;
  outputs?: string | null | undefined;
}

export interface CreateProjectInput extends ProjectInput {
  unit: string;
  /** The day the unit code is read (default today). */
  at?: string | undefined;
}

/** Records a project under a unit in the write scope. */
export async function createProject(
  db: Queryable,
  actor: Actor,
  input: CreateProjectInput,
  today: string,
): Promise<ProjectView> {
  requirePermission(actor, 'finance.write');
  const b = input;
  return db.transaction(async (tx) => {
    const unit = await writableUnitOfBody(tx, actor, b.unit, b.at ?? today, today);
    const fields: ProjectFields = {
      name: b.name,
      kind: b.kind,
      programme: null,
      project: b.project ?? null,
      models: b.models ?? null,
      budget: b.budgetVnd ?? 0n,
      disbursed: b.disbursedVnd ?? 0n,
      startDate: b.startDate ?? null,
      endDate: b.endDate ?? null,
      outputs: b.outputs ?? null,
    };
    const checked = checkProject(fields, today);
    if (checked.fields.length) throw invalid(checked.fields);
    const p = await projects.insertProject(
      tx,
      {
        ...fields,
        project: checked.project,
        programme: checked.programme,
        code: unit.code,
        validFrom: unit.validFrom,
      },
      authorId(actor),
    );
    await recordAudit(tx, actor, {
      action: 'production_project.create',
      entityType: 'production_project',
      entityId: p.id,
      unitCode: p.unitCode,
      after: { ...fields, project: checked.project, version: p.version },
    });
    return presentProject(p);
  });
}

export interface UpdateProjectInput extends Partial<ProjectInput> {
  id: string;
  /** The version the client read: another one gets 409 with the current record. */
  version: number;
  reason?: string | undefined;
}

/** Changes the fields given of a project in the write scope, at the version read (409 otherwise). */
export async function updateProject(
  db: Queryable,
  actor: Actor,
  input: UpdateProjectInput,
  today: string,
): Promise<ProjectView> {
  requirePermission(actor, 'finance.write');
  const { id, version, reason, budgetVnd, disbursedVnd, ...rest } = input;
  return db.transaction(async (tx) => {
    const before = await writableProject(tx, actor, id, today);
    const stale = () => staleProject(tx, before.id, version);
    if (before.version !== version) return stale();
    const change: Partial<ProjectFields> = Object.fromEntries(
      Object.entries({
        ...rest,
        ...(budgetVnd !== undefined ? { budget: budgetVnd } : {}),
        ...(disbursedVnd !== undefined ? { disbursed: disbursedVnd } : {}),
      }).filter(([, v]) => v !== undefined),
    );
    const merged = { ...before, ...change } as ProjectFields;
    const checked = checkProject(merged, today);
    if (checked.fields.length) throw invalid(checked.fields);
    if (change.project !== undefined || change.startDate !== undefined) {
      change.project = checked.project;
      change.programme = checked.programme;
    }
    const after = await projects.updateProject(tx, before.id, version, change);
    if (!after) return stale();
    const keys = Object.keys(change) as (keyof ProjectFields)[];
    await recordAudit(tx, actor, {
      action: 'production_project.update',
      entityType: 'production_project',
      entityId: before.id,
      unitCode: before.unitCode,
      before: { ...Object.fromEntries(keys.map((k) => [k, before[k]])), version: before.version },
      after: { ...Object.fromEntries(keys.map((k) => [k, after[k]])), version: after.version },
      reason: reason ?? null,
    });
    return presentProject(after);
  });
}

/**
 * Deletes a project recorded by mistake, at the version read and with a reason: only one with nothing
 * disbursed. The record and its participating households are kept in the audit entry.
 */
export async function deleteProject(
  db: Queryable,
  actor: Actor,
  input: { id: string; version: number; reason: string },
  today: string,
): Promise<void> {
  requirePermission(actor, 'finance.write');
  await db.transaction(async (tx) => {
    const before = await writableProject(tx, actor, input.id, today);
    if (before.version !== input.version) return staleProject(tx, before.id, input.version);
    if (before.disbursed > 0n)
      throw new AppError(
        'RULE_VIOLATION',
        [],
        { rule: 'project_has_money' },
        {
          vi: 'Dự án đã giải ngân không xoá được: nếu nhập nhầm, sửa lại số đã giải ngân trước',
          en: 'A project with money disbursed cannot be deleted: if entered by mistake, correct the disbursed amount first',
        },
      );
    const participants = await projects.participantsOf(tx, before.id);
    await projects.deleteProject(tx, before.id);
    await recordAudit(tx, actor, {
      action: 'production_project.delete',
      entityType: 'production_project',
      entityId: before.id,
      unitCode: before.unitCode,
      before: {
        ...presentProject(before),
        households: participants.map((p) => ({ householdId: p.householdId, joinedOn: p.joinedOn })),
      },
      after: null,
      reason: input.reason,
    });
  });
}

export interface AddHouseholdInput {
  id: string;
  householdId: string;
  joinedOn?: string | null | undefined;
  support?: string | null | undefined;
}

/**
 * Adds a household the actor may read to a project it may change, with the class of the household's latest
 * recognised review (422 when it already takes part).
 */
export async function addProjectHousehold(
  db: Queryable,
  actor: Actor,
  input: AddHouseholdInput,
  today: string,
): Promise<{ householdId: string; classAtJoining: string | null; joinedOn: string | null }> {
  requirePermission(actor, 'finance.write');
  return db.transaction(async (tx) => {
    const p = await writableProject(tx, actor, input.id, today);
    await readableHousehold(tx, actor, input.householdId, today);
    const classAtJoining = await projects.latestRecognisedClass(tx, input.householdId);
    const row = {
      projectId: p.id,
      householdId: input.householdId,
      joinedOn: input.joinedOn ?? today,
      classAtJoining,
      support: input.support ?? null,
    };
    if (!(await projects.addParticipant(tx, row)))
      throw new AppError(
        'RULE_VIOLATION',
        [
          {
            path: 'body.householdId',
            message: { vi: 'Hộ đã tham gia dự án', en: 'The household already takes part' },
          },
        ],
        { rule: 'already_participating' },
        { vi: 'Hộ đã tham gia dự án', en: 'The household already takes part' },
      );
    await recordAudit(tx, actor, {
      action: 'production_project.household_add',
      entityType: 'production_project',
      entityId: p.id,
      householdId: input.householdId,
      unitCode: p.unitCode,
      after: row,
    });
    return { householdId: input.householdId, classAtJoining, joinedOn: row.joinedOn };
  });
}

/** Removes a household from a project the actor may change (404 when it was not taking part). */
export async function removeProjectHousehold(
  db: Queryable,
  actor: Actor,
  input: { id: string; householdId: string },
  today: string,
): Promise<void> {
  requirePermission(actor, 'finance.write');
  await db.transaction(async (tx) => {
    const p = await writableProject(tx, actor, input.id, today);
    await readableHousehold(tx, actor, input.householdId, today);
    const removed = await projects.removeParticipant(tx, p.id, input.householdId);
    if (!removed) throw new AppError('NOT_FOUND');
    await recordAudit(tx, actor, {
      action: 'production_project.household_remove',
      entityType: 'production_project',
      entityId: p.id,
      householdId: input.householdId,
      unitCode: p.unitCode,
      before: removed,
    });
  });
}
