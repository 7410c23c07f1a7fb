// Works (công trình) as use cases: list under a unit at a date, read with its investor history, record,
// change with optimistic concurrency (409 with the current record and the changes since), hand over to a
// new investor (the 2025 reform), photos, delete one recorded by mistake. Each checks access (404 for a work
// outside the read scope, 403 inside it), runs in one transaction and audits the change in it.
import { units, villages, type Queryable } from '../db/index.ts';
import { searchAudit } from '../db/queries/audit.ts';
import { saveFile } from '../db/queries/review.ts';
import type { AdminUnit } from '../db/queries/units.ts';
import * as works from '../db/queries/works.ts';
import type { WorkFields, WorkPhoto, WorkRow } from '../db/queries/works.ts';
import { can } from '../domain/access/roles.ts';
import { amountToJson } from '../domain/finance/money.ts';
import { lookupProject } from '../domain/finance/programmes.ts';
import { isWorkType } from '../domain/works/catalogue.ts';
import { WORK_STATUS_NAMES, workStatus, type WorkStatus } from '../domain/works/status.ts';
import { checkWork, overContractWarning } from '../domain/works/validate.ts';
import { defaultFinanceRules } from '../rules-loader/load-finance.ts';
import { defaultOutputsRules } from '../rules-loader/load-outputs.ts';
import { dayOf, readableReportUnit, unitInScope, unitVersionInScope, writableUnitOfBody } from './access.ts';
import { authorId, requirePermission, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { AppError, type FieldError } from './errors.ts';
import { staleAnswer } from './stale.ts';

type Bilingual = { vi: string; en: string };

/** A work as every door shows it (money as JSON numbers, status derived on the date asked). */
export interface WorkView {
  id: string;
  unit: { code: string; validFrom: string; name: string };
  village: { id: string; name: string } | null;
  name: string;
  workType: string;
  workTypeName: Bilingual;
  construction: 'new' | 'maintenance';
  programme: string | null;
  project: string | null;
  planYear: number | null;
  investor: {
    original: { name: string; unitCode: string | null };
    current: { name: string; unitCode: string | null; since: string | null; basis: string | null };
  };
  contractValueVnd: number;
  disbursedVnd: number;
  progressPct: number;
  startDate: string | null;
  completionDate: string | null;
  acceptanceDate: string | null;
  status: WorkStatus;
  statusName: Bilingual;
  note: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type Warning = { code: string; message: Bilingual };
export type WorkWithWarnings = WorkView & { warnings: Warning[] };

export function presentWork(w: WorkRow, on: string): WorkView {
  const type = defaultOutputsRules().workTypes.types.find((t) => t.code === w.workType);
  const status = workStatus(w, on);
  return {
    id: w.id,
    unit: { code: w.unitCode, validFrom: w.unitValidFrom, name: w.unitName },
    village: w.villageId ? { id: w.villageId, name: w.villageName ?? '' } : null,
    name: w.name,
    workType: w.workType,
    workTypeName: type?.name ?? { vi: w.workType, en: w.workType },
    construction: w.construction,
    programme: w.programme,
    project: w.project,
    planYear: w.planYear,
    investor: {
      original: { name: w.investorOriginal, unitCode: w.investorOriginalUnitCode },
      current: {
        name: w.investorCurrent,
        unitCode: w.investorCurrentUnitCode,
        since: w.investorChangedOn,
        basis: w.investorChangeBasis,
      },
    },
    contractValueVnd: amountToJson(w.contractValue),
    disbursedVnd: amountToJson(w.disbursed),
    progressPct: w.progressPct,
    startDate: w.startDate,
    completionDate: w.completionDate,
    acceptanceDate: w.acceptanceDate,
    status,
    statusName: WORK_STATUS_NAMES[status],
    note: w.note,
    version: w.version,
    createdAt: new Date(w.createdAt).toISOString(),
    updatedAt: new Date(w.updatedAt).toISOString(),
  };
}

const withWarnings = (w: WorkRow, on: string): WorkWithWarnings => {
  const warning = overContractWarning(w);
  return { ...presentWork(w, on), warnings: warning ? [warning] : [] };
};

// ---- Access --------------------------------------------------------------------------------------

async function inScope(tx: Queryable, scope: Actor['read'], w: WorkRow, today: string) {
  const unit = await units.unitVersion(tx, { code: w.unitCode, validFrom: w.unitValidFrom });
  if (unit && (await unitVersionInScope(tx, scope, unit, today))) return true;
  // A handed-over work is also the new investor's: the commune that took over a former district's work.
  return (
    w.investorCurrentUnitCode !== null && (await unitInScope(tx, scope, w.investorCurrentUnitCode, today))
  );
}

async function readableWork(tx: Queryable, actor: Actor, id: string, today: string): Promise<WorkRow> {
  const w = await works.getWork(tx, id);
  if (!w || !(await inScope(tx, actor.read, w, today))) throw new AppError('NOT_FOUND');
  return w;
}

/** The work locked for a change: 404 outside the read scope, 403 for a missing permission or write scope. */
async function writableWork(tx: Queryable, actor: Actor, id: string, today: string): Promise<WorkRow> {
  await readableWork(tx, actor, id, today);
  requirePermission(actor, 'finance.write');
  await works.lockWork(tx, id);
  const w = (await works.getWork(tx, id))!;
  if (!(await inScope(tx, actor.write, w, today))) throw new AppError('FORBIDDEN');
  return w;
}

/** 409 with the current record and the audited changes since the client's version, as households do. */
async function staleWork(tx: Queryable, id: string, clientVersion: number, on: string): Promise<never> {
  const current = (await works.getWork(tx, id))!;
  return staleAnswer(tx, { entityType: 'work', entityId: id }, clientVersion, presentWork(current, on));
}

// ---- Checks --------------------------------------------------------------------------------------

/** Type, project and programme, and the village's place, checked against the data; field errors if not. */
async function checkReferences(
  tx: Queryable,
  f: Pick<WorkFields, 'workType' | 'project' | 'planYear' | 'villageId'>,
  unit: AdminUnit,
  today: string,
): Promise<{ fields: FieldError[]; project: string | null; programme: string | null }> {
  const fields: FieldError[] = [];
  if (!isWorkType(defaultOutputsRules(), f.workType))
    fields.push({
      path: 'body.workType',
      message: {
        vi: `Loại công trình "${f.workType}" không có trong rules/outputs/work-types.yaml`,
        en: `Work type "${f.workType}" is not in rules/outputs/work-types.yaml`,
      },
    });
  let project: string | null = null;
  let programme: string | null = null;
  if (f.project) {
    if (f.planYear === null)
      fields.push({
        path: 'body.planYear',
        message: {
          vi: 'Cần năm kế hoạch để đọc mã dự án',
          en: 'The plan year is needed to read the project',
        },
      });
    else {
      const p = lookupProject(defaultFinanceRules(), f.planYear, f.project);
      if (p.ok) [project, programme] = [p.code, p.programme.id];
      else fields.push({ path: 'body.project', message: p.message });
    }
  }
  if (f.villageId) {
    const day = dayOf(unit, today);
    const placed = await villages.villagePlacement(tx, f.villageId, day);
    const chain = placed.status === 'assigned' ? await units.parentChain(tx, placed.commune.code, day) : [];
    if (!chain.some((u) => u.code === unit.code && u.validFrom === unit.validFrom))
      fields.push({
        path: 'body.villageId',
        message: {
          vi: `Thôn không thuộc ${unit.name} (${unit.code}) vào ngày ${day}`,
          en: `The village is not in ${unit.name} (${unit.code}) on ${day}`,
        },
      });
  }
  return { fields, project, programme };
}

const problemsAsFields = (problems: ReturnType<typeof checkWork>): FieldError[] =>
  problems.map((p) => ({
    path: `body.${p.field === 'contractValue' || p.field === 'disbursed' ? `${p.field}Vnd` : p.field}`,
    message: p.message,
  }));

const invalid = (fields: FieldError[]): AppError => new AppError('VALIDATION_FAILED', fields);

// ---- Reads ---------------------------------------------------------------------------------------

export interface ListWorksInput {
  unit: string;
  at?: string | undefined;
  type?: string | undefined;
  status?: WorkStatus | undefined;
  year?: number | undefined;
}

/** Works of a unit and everything below it (404 for a unit outside the read scope), status derived on `at`. */
export async function listWorks(
  db: Queryable,
  actor: Actor,
  input: ListWorksInput,
  today: string,
): Promise<WorkView[]> {
  const at = input.at ?? today;
  const unit = await readableReportUnit(db, actor, input.unit, at);
  const rows = await works.worksUnder(db, {
    unit,
    ...(input.type ? { type: input.type } : {}),
    ...(input.year ? { year: input.year } : {}),
  });
  return rows.map((w) => presentWork(w, at)).filter((w) => !input.status || w.status === input.status);
}

export interface InvestorChange {
  date: string;
  from: { name: string; unitCode: string | null };
  to: { name: string; unitCode: string | null };
  basis: string;
  recordedAt: string;
  recordedBy: string;
}

export type WorkDetail = WorkWithWarnings & { canWrite: boolean; investorHistory: InvestorChange[] };

/** One work the actor may read, with whether it may change it and its investor history from the audit. */
export async function getWork(
  db: Queryable,
  actor: Actor,
  input: { id: string; at?: string | undefined },
  today: string,
): Promise<WorkDetail> {
  const w = await readableWork(db, actor, input.id, today);
  const { rows } = await searchAudit(db, {
    entityType: 'work',
    entityId: w.id,
    action: 'work.handover',
    page: 1,
    pageSize: 100,
  });
  type Hand = { investor: string; unitCode: string | null; date?: string; basis?: string };
  const warning = overContractWarning(w);
  // A hand-over recorded without an audited action (imported or demo data) still shows, from the record.
  const unaudited: InvestorChange[] =
    rows.length === 0 && w.investorChangedOn !== null
      ? [
          {
            date: w.investorChangedOn,
            from: { name: w.investorOriginal, unitCode: w.investorOriginalUnitCode },
            to: { name: w.investorCurrent, unitCode: w.investorCurrentUnitCode },
            basis: w.investorChangeBasis ?? '',
            recordedAt: new Date(w.updatedAt).toISOString(),
            recordedBy: 'hệ thống / system',
          },
        ]
      : [];
  return {
    ...presentWork(w, input.at ?? today),
    canWrite: can(actor.role, 'finance.write') && (await inScope(db, actor.write, w, today)),
    investorHistory: [
      ...unaudited,
      ...rows
        .slice()
        .reverse()
        .map((r) => {
          const [b, a] = [r.before as Hand, r.after as Hand];
          return {
            date: a.date ?? '',
            from: { name: b.investor, unitCode: b.unitCode },
            to: { name: a.investor, unitCode: a.unitCode },
            basis: a.basis ?? '',
            recordedAt: new Date(r.at).toISOString(),
            recordedBy: r.actorName,
          };
        }),
    ],
    warnings: warning ? [warning] : [],
  };
}

export type PhotoView = Omit<WorkPhoto, 'addedAt'> & { addedAt: string };
const presentPhoto = (p: WorkPhoto): PhotoView => ({ ...p, addedAt: new Date(p.addedAt).toISOString() });

/** The photos of a work the actor may read. */
export async function listWorkPhotos(
  db: Queryable,
  actor: Actor,
  input: { id: string },
  today: string,
): Promise<PhotoView[]> {
  const w = await readableWork(db, actor, input.id, today);
  return (await works.photosOf(db, w.id)).map(presentPhoto);
}

/** One photo's file of a work the actor may read (404 when the work has no such photo). */
export async function workPhotoFile(
  db: Queryable,
  actor: Actor,
  input: { id: string; fileId: string },
  today: string,
) {
  const w = await readableWork(db, actor, input.id, today);
  const file = await works.photoFile(db, w.id, input.fileId);
  if (!file) throw new AppError('NOT_FOUND');
  return file;
}

// ---- Changes -------------------------------------------------------------------------------------

type Optional<T> = { [K in keyof T]?: T[K] | undefined };

export interface WorkInput {
  villageId?: string | null | undefined;
  name: string;
  workType: string;
  construction: 'new' | 'maintenance';
  project?: string | null | undefined;
  planYear?: number | null | undefined;
  contractValueVnd: bigint;
  disbursedVnd?: bigint | undefined;
  progressPct?: number | undefined;
  startDate?: string | null | undefined;
  completionDate?: string | null | undefined;
  acceptanceDate?: string | null | undefined;
  note?: string | null | undefined;
}

export interface CreateWorkInput extends WorkInput {
  unit: string;
  /** The day the unit code is read (default today). */
  at?: string | undefined;
  investor: string;
  investorUnitCode?: string | null | undefined;
}

/** Records a work under a unit in the write scope; disbursed above the contract value gives a warning. */
export async function createWork(
  db: Queryable,
  actor: Actor,
  input: CreateWorkInput,
  today: string,
): Promise<WorkWithWarnings> {
  requirePermission(actor, 'finance.write');
  const b = input;
  return db.transaction(async (tx) => {
    const unit = await writableUnitOfBody(tx, actor, b.unit, b.at ?? today, today);
    const fields: WorkFields = {
      villageId: b.villageId ?? null,
      name: b.name,
      workType: b.workType,
      construction: b.construction,
      programme: null,
      project: b.project ?? null,
      planYear: b.planYear ?? null,
      contractValue: b.contractValueVnd,
      disbursed: b.disbursedVnd ?? 0n,
      progressPct: b.progressPct ?? 0,
      startDate: b.startDate ?? null,
      completionDate: b.completionDate ?? null,
      acceptanceDate: b.acceptanceDate ?? null,
      note: b.note ?? null,
    };
    const refs = await checkReferences(tx, fields, unit, today);
    const all = [...problemsAsFields(checkWork(fields)), ...refs.fields];
    if (b.investorUnitCode && !(await units.unitAt(tx, b.investorUnitCode, dayOf(unit, today))))
      all.push({
        path: 'body.investorUnitCode',
        message: {
          vi: `Không có đơn vị mã ${b.investorUnitCode}`,
          en: `No unit has code ${b.investorUnitCode}`,
        },
      });
    if (all.length) throw invalid(all);
    const w = await works.insertWork(
      tx,
      {
        ...fields,
        project: refs.project,
        programme: refs.programme,
        unitCode: unit.code,
        unitValidFrom: unit.validFrom,
        investor: b.investor,
        investorUnitCode: b.investorUnitCode ?? null,
      },
      authorId(actor),
    );
    await recordAudit(tx, actor, {
      action: 'work.create',
      entityType: 'work',
      entityId: w.id,
      unitCode: w.unitCode,
      after: { ...fields, project: refs.project, investor: b.investor, version: w.version },
    });
    return withWarnings(w, today);
  });
}

export interface UpdateWorkInput extends Optional<WorkInput> {
  id: string;
  /** The version the client read: another one gets 409 with the current record. */
  version: number;
  reason?: string | undefined;
}

/** Changes the fields given of a work in the write scope, at the version read (409 otherwise). */
export async function updateWork(
  db: Queryable,
  actor: Actor,
  input: UpdateWorkInput,
  today: string,
): Promise<WorkWithWarnings> {
  requirePermission(actor, 'finance.write');
  const { id, version, reason, contractValueVnd, disbursedVnd, ...rest } = input;
  return db.transaction(async (tx) => {
    const before = await writableWork(tx, actor, id, today);
    if (before.version !== version) return staleWork(tx, before.id, version, today);
    const change: Partial<WorkFields> = {
      ...rest,
      ...(contractValueVnd !== undefined ? { contractValue: contractValueVnd } : {}),
      ...(disbursedVnd !== undefined ? { disbursed: disbursedVnd } : {}),
    } as Partial<WorkFields>;
    const merged: WorkFields = {
      ...before,
      ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)),
    } as WorkFields;
    const unit = (await units.unitVersion(tx, {
      code: before.unitCode,
      validFrom: before.unitValidFrom,
    }))!;
    const refs = await checkReferences(
      tx,
      { ...merged, villageId: change.villageId !== undefined ? merged.villageId : null },
      unit,
      today,
    );
    const all = [...problemsAsFields(checkWork(merged)), ...refs.fields];
    if (all.length) throw invalid(all);
    if (change.project !== undefined || change.planYear !== undefined) {
      change.project = refs.project;
      change.programme = refs.programme;
    }
    const after = await works.updateWork(tx, before.id, version, change);
    if (!after) return staleWork(tx, before.id, version, today);
    const keys = Object.keys(change).filter(
      (k) => change[k as keyof WorkFields] !== undefined,
    ) as (keyof WorkFields)[];
    await recordAudit(tx, actor, {
      action: 'work.update',
      entityType: 'work',
      entityId: before.id,
      unitCode: before.unitCode,
      before: { ...Object.fromEntries(keys.map((k) => [k, before[k]])), version: before.version },
      after: { ...Object.fromEntries(keys.map((k) => [k, after[k]])), version: after.version },
      reason: reason ?? null,
    });
    return withWarnings(after, today);
  });
}

/**
 * Deletes a work recorded by mistake, at the version read and with a reason: only one with nothing
 * disbursed and not handed over (money spent is corrected, never deleted). The whole record and its
 * photos are kept in the audit entry.
 */
export async function deleteWork(
  db: Queryable,
  actor: Actor,
  input: { id: string; version: number; reason: string },
  today: string,
): Promise<void> {
  requirePermission(actor, 'finance.write');
  await db.transaction(async (tx) => {
    const before = await writableWork(tx, actor, input.id, today);
    if (before.version !== input.version) return staleWork(tx, before.id, input.version, today);
    if (before.disbursed > 0n || before.acceptanceDate !== null)
      throw new AppError(
        'RULE_VIOLATION',
        [],
        { rule: 'work_has_money_or_handover' },
        {
          vi: 'Công trình đã giải ngân hoặc đã nghiệm thu không xoá được: nếu nhập nhầm, sửa lại số đã giải ngân và ngày nghiệm thu trước',
          en: 'A work with money disbursed or handed over cannot be deleted: if entered by mistake, correct the disbursed amount and acceptance date first',
        },
      );
    const photos = await works.photosOf(tx, before.id);
    await works.deleteWork(tx, before.id);
    await recordAudit(tx, actor, {
      action: 'work.delete',
      entityType: 'work',
      entityId: before.id,
      unitCode: before.unitCode,
      before: {
        ...presentWork(before, today),
        photos: photos.map((p) => ({ fileId: p.fileId, name: p.name, sha256: p.sha256 })),
      },
      after: null,
      reason: input.reason,
    });
  });
}

export interface HandOverInput {
  id: string;
  version: number;
  date: string;
  investor: string;
  investorUnitCode?: string | null | undefined;
  legalBasis: string;
}

/**
 * Hands a work over to a new investor (a former district's board to a commune after the 2025 reform):
 * the original investor is kept, the receiving unit must be in the write scope, the hand-over audited.
 */
export async function handOverWork(
  db: Queryable,
  actor: Actor,
  input: HandOverInput,
  today: string,
): Promise<WorkView> {
  requirePermission(actor, 'finance.write');
  const b = input;
  return db.transaction(async (tx) => {
    const before = await writableWork(tx, actor, b.id, today);
    if (before.version !== b.version) return staleWork(tx, before.id, b.version, today);
    const fields: FieldError[] = [];
    if (b.date > today)
      fields.push({
        path: 'body.date',
        message: { vi: 'Ngày chuyển giao ở tương lai', en: 'The hand-over date is in the future' },
      });
    if (before.investorChangedOn && b.date < before.investorChangedOn)
      fields.push({
        path: 'body.date',
        message: {
          vi: `Ngày chuyển giao trước lần chuyển giao trước (${before.investorChangedOn})`,
          en: `The hand-over date is before the previous hand-over (${before.investorChangedOn})`,
        },
      });
    if (b.investorUnitCode) {
      if (!(await units.unitAt(tx, b.investorUnitCode, b.date)))
        fields.push({
          path: 'body.investorUnitCode',
          message: {
            vi: `Không có đơn vị mã ${b.investorUnitCode} vào ngày ${b.date}`,
            en: `No unit has code ${b.investorUnitCode} on ${b.date}`,
          },
        });
      else if (!(await unitInScope(tx, actor.write, b.investorUnitCode, b.date)))
        throw new AppError('FORBIDDEN', [
          {
            path: 'body.investorUnitCode',
            message: {
              vi: 'Đơn vị nhận ngoài phạm vi được sửa',
              en: 'The receiving unit is outside your write scope',
            },
          },
        ]);
    }
    if (fields.length) throw invalid(fields);
    const after = await works.handOverWork(tx, before.id, b.version, {
      investor: b.investor,
      unitCode: b.investorUnitCode ?? null,
      date: b.date,
      basis: b.legalBasis,
    });
    if (!after) return staleWork(tx, before.id, b.version, today);
    await recordAudit(tx, actor, {
      action: 'work.handover',
      entityType: 'work',
      entityId: before.id,
      unitCode: before.unitCode,
      before: {
        investor: before.investorCurrent,
        unitCode: before.investorCurrentUnitCode,
        version: before.version,
      },
      after: {
        investor: after.investorCurrent,
        unitCode: after.investorCurrentUnitCode,
        date: b.date,
        basis: b.legalBasis,
        version: after.version,
      },
      reason: b.legalBasis,
    });
    return presentWork(after, today);
  });
}

/** The largest photo kept, in bytes. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export interface AddPhotoInput {
  id: string;
  name: string;
  mimeType: 'image/jpeg' | 'image/png';
  content: Uint8Array;
  caption?: string | null | undefined;
  takenOn?: string | null | undefined;
}

/** Keeps a photo of a work in the write scope in the files table (413 when empty or above 5 MB). */
export async function addWorkPhoto(
  db: Queryable,
  actor: Actor,
  input: AddPhotoInput,
  today: string,
): Promise<PhotoView> {
  requirePermission(actor, 'finance.write');
  const { content } = input;
  if (content.byteLength === 0 || content.byteLength > MAX_PHOTO_BYTES) throw new AppError('BODY_TOO_LARGE');
  return db.transaction(async (tx) => {
    const w = await writableWork(tx, actor, input.id, today);
    const f = await saveFile(tx, {
      name: input.name,
      mimeType: input.mimeType,
      content,
      uploadedBy: authorId(actor),
    });
    await works.addPhoto(tx, {
      workId: w.id,
      fileId: f.fileId,
      caption: input.caption ?? null,
      takenOn: input.takenOn ?? null,
    });
    await recordAudit(tx, actor, {
      action: 'work.photo_add',
      entityType: 'work',
      entityId: w.id,
      unitCode: w.unitCode,
      after: { fileId: f.fileId, name: input.name, sha256: f.sha256, size: f.size },
    });
    return presentPhoto((await works.photosOf(tx, w.id)).find((p) => p.fileId === f.fileId)!);
  });
}
