// What the household use cases share: the household as the actor may see it (personal data masked by
// role, the read of unmasked personal data audited), the 409 answer with the current record when the
// client's version is stale, and the national-ID duplicate check of new or changed members.
import { households, registry, review, villages, type Queryable } from '../db/index.ts';
import type { RegistryMember } from '../db/queries/registry.ts';
import { can } from '../domain/access/roles.ts';
import { maskIncomeInExplanation, maskTail } from '../domain/access/masking.ts';
import { isNewlyEscaped } from '../domain/review/flows.ts';
import type { HouseholdClass } from '../domain/standards/types.ts';
import { loadProcedure } from '../rules-loader/load-procedure.ts';
import { mayWritePlace } from './access.ts';
import type { Actor } from './actor.ts';
import { recordAudits, type AuditedChange } from './audit.ts';
import { AppError, type FieldError } from './errors.ts';
import { staleAnswer } from './stale.ts';

export interface MemberView {
  memberNo: number;
  fullName: string;
  dateOfBirth: string | null;
  sex: string | null;
  ethnicity: string | null;
  relationToHead: string | null;
  /** Masked (********123) for roles without personal-data access. */
  nationalId: string | null;
  /** Masked for roles without personal-data access. */
  phone: string | null;
  educationLevel: string | null;
  healthInsurance: boolean | null;
  employment: string | null;
  labourContract: boolean | null;
  leftAt: string | null;
  leftReason: string | null;
}

export interface AssessmentView {
  assessmentId: string;
  standardId: string;
  surveyDate: string;
  area: string;
  /** đồng/người/tháng; null when masked or not measured. */
  incomePerCapita: string | null;
  scoreA: number | null;
  deficits: string[];
  deficitCount: number;
  class: HouseholdClass;
  explanation: { vi: string; en: string };
  recordedBy: string | null;
  createdAt: string;
  superseded: boolean;
}

export interface HouseholdView {
  householdId: string;
  villageId: string;
  villageName: string;
  communeCode: string;
  communeName: string;
  provinceCode: string | null;
  provinceName: string | null;
  address: string | null;
  headName: string;
  ethnicity: string | null;
  isEthnicMinority: boolean;
  personOfMerit: boolean;
  socialProtection: boolean;
  noLabourCapacity: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  splitFrom: string | null;
  mergedInto: string | null;
  dissolvedAt: string | null;
  personalDataMasked: boolean;
  canWrite: boolean;
  /**
   * The class that entitles the household to support: its latest recognised decision (periodic, monthly or
   * the opening list); and a class assessed since, provisional until a decision recognises it.
   */
  standing: {
    recognised: { class: HouseholdClass | null; decisionNumber: string | null; decisionDate: string } | null;
    provisional: { class: HouseholdClass; surveyDate: string; assessmentId: string } | null;
  };
  /** hộ mới thoát nghèo: escaped by a recognised round within the parameter (36 months). */
  newlyEscaped: { since: string; months: number } | null;
  members: MemberView[];
  assessments: AssessmentView[];
}

let newlyEscapedMonths: number | undefined;

/** A member as the actor may see it: national ID and phone masked for roles without personal-data access. */
export function memberView(m: RegistryMember, unmasked: boolean): MemberView {
  return {
    memberNo: m.memberNo,
    fullName: m.fullName,
    dateOfBirth: m.dateOfBirth,
    sex: m.sex,
    ethnicity: m.ethnicity,
    relationToHead: m.relationToHead,
    nationalId: unmasked ? m.nationalId : maskTail(m.nationalId),
    phone: unmasked ? m.phone : maskTail(m.phone),
    educationLevel: m.educationLevel,
    healthInsurance: m.healthInsurance,
    employment: m.employment,
    labourContract: m.labourContract,
    leftAt: m.leftAt,
    leftReason: m.leftReason,
  };
}

/**
 * The household as the actor may see it (the caller has checked it may read it). `read`: its row and its
 * village's place as the caller's access check just read them in the same transaction, so that they are not
 * read again (statements of the handful a household page costs).
 */
export async function householdView(
  db: Queryable,
  actor: Actor,
  householdId: string,
  today: string,
  read?: { household: registry.RegistryHousehold; place: villages.VillagePlace },
): Promise<HouseholdView> {
  newlyEscapedMonths ??= loadProcedure().newlyEscaped.months.value;
  const h = read?.household ?? (await registry.getRegistryHousehold(db, householdId))!;
  const place = read?.place ?? (await villages.villagePlace(db, h.villageId, today));
  const members = await registry.membersOf(db, householdId);
  const history = await households.assessmentHistory(db, householdId);
  const unmasked = can(actor.role, 'personal.read');
  const recognised = (await review.standingsOn(db, [householdId], today)).get(householdId);
  const escapedOn = recognised?.lastEscapedOn ?? null;
  const latest = history
    .filter((a) => a.supersededAt === null)
    .sort((a, b) => (a.surveyDate < b.surveyDate ? 1 : a.surveyDate > b.surveyDate ? -1 : 0))[0];
  const provisional =
    latest && (!recognised || latest.surveyDate > recognised.decisionDate)
      ? { class: latest.class, surveyDate: latest.surveyDate, assessmentId: latest.assessmentId }
      : null;
  const canWrite = place !== undefined && mayWritePlace(actor, place);
  return {
    householdId: h.householdId,
    villageId: h.villageId,
    villageName: place?.villageName ?? '',
    communeCode: place?.communeCode ?? '',
    communeName: place?.communeName ?? '',
    provinceCode: place?.provinceCode ?? null,
    provinceName: place?.provinceName ?? null,
    address: h.address,
    headName: h.headName,
    ethnicity: h.ethnicity,
    isEthnicMinority: h.isEthnicMinority,
    personOfMerit: h.personOfMerit,
    socialProtection: h.socialProtection,
    noLabourCapacity: h.noLabourCapacity,
    version: h.version,
    createdAt: new Date(h.createdAt).toISOString(),
    updatedAt: new Date(h.updatedAt).toISOString(),
    splitFrom: h.splitFrom,
    mergedInto: h.mergedInto,
    dissolvedAt: h.dissolvedAt,
    personalDataMasked: !unmasked,
    canWrite,
    standing: {
      recognised: recognised
        ? {
            class: recognised.cls as HouseholdClass | null,
            decisionNumber: recognised.decisionNumber,
            decisionDate: recognised.decisionDate,
          }
        : null,
      provisional,
    },
    // A household that fell back into poverty since is poor, not newly escaped (its escape is history).
    newlyEscaped:
      recognised?.cls !== 'poor' && isNewlyEscaped(escapedOn, today, newlyEscapedMonths)
        ? { since: escapedOn!, months: newlyEscapedMonths }
        : null,
    members: members.map((m) => memberView(m, unmasked)),
    assessments: history
      .slice()
      .reverse()
      .map((a) => ({
        assessmentId: a.assessmentId,
        standardId: a.standardId,
        surveyDate: a.surveyDate,
        area: a.area,
        incomePerCapita: unmasked && a.incomePerCapita !== null ? String(a.incomePerCapita) : null,
        scoreA: a.scoreA,
        deficits: a.deficits,
        deficitCount: a.deficitCount,
        class: a.class,
        explanation: unmasked
          ? (a.explanation as { vi: string; en: string })
          : maskIncomeInExplanation(a.explanation as { vi: string; en: string }),
        recordedBy: a.recordedBy,
        createdAt: new Date(a.createdAt).toISOString(),
        superseded: a.supersededAt !== null,
      })),
  };
}

/** The read to audit (personal_data.read) when the view shows unmasked national IDs or phone numbers. */
export function personalDataRead(view: HouseholdView): AuditedChange | null {
  if (view.personalDataMasked || !view.members.some((m) => m.nationalId || m.phone)) return null;
  return {
    action: 'personal_data.read',
    entityType: 'household',
    entityId: view.householdId,
    householdId: view.householdId,
    unitCode: view.communeCode,
  };
}

/**
 * Reads of personal data a refused change made (a 409): the change's transaction rolls back, so they are
 * carried on the error, never sent to the client, and recorded by `auditingRefusedReads` afterwards.
 */
const REFUSED_READS = new WeakMap<AppError, AuditedChange[]>();

async function withReads(error: AppError, reads: AuditedChange[]): Promise<never> {
  if (reads.length) REFUSED_READS.set(error, reads);
  throw error;
}

/**
 * Runs a change of a household and, when it is refused with a 409 that read personal data (the current
 * record with unmasked national IDs and phones, or a national ID found held by another household), records
 * those reads in a transaction of their own before passing the refusal on: the change is not made, the
 * read was.
 */
export async function auditingRefusedReads<T>(
  db: Queryable,
  actor: Actor,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const reads = e instanceof AppError ? REFUSED_READS.get(e) : undefined;
    if (reads) await db.transaction((tx) => recordAudits(tx, actor, reads));
    throw e;
  }
}

/** Throws the 409 STALE_VERSION answer: the current record and the audited changes since the client's version. */
export async function staleHousehold(
  db: Queryable,
  actor: Actor,
  householdId: string,
  clientVersion: number,
  today: string,
): Promise<never> {
  const current = await householdView(db, actor, householdId, today);
  try {
    return await staleAnswer(db, { householdId }, clientVersion, current);
  } catch (e) {
    // The answer shows the current record: with unmasked personal data, a read like the household page's.
    const read = personalDataRead(current);
    if (!(e instanceof AppError) || !read) throw e;
    return withReads(e, [
      { ...read, reason: 'Trả lời 409: hồ sơ đã bị sửa / 409 answer: the record changed meanwhile' },
    ]);
  }
}

/**
 * 409 DUPLICATE_NATIONAL_ID when a member's national ID is already held by a current member of another
 * household (or of this one, unless `except` names it), or repeats within the list; the fields name
 * `body.members.<i>.nationalId`.
 */
export async function checkNationalIds(
  db: Queryable,
  members: readonly { nationalId?: string | null | undefined }[],
  today: string,
  except?: string,
): Promise<void> {
  const fields: FieldError[] = [];
  const found: AuditedChange[] = [];
  for (const [i, m] of members.entries()) {
    if (!m.nationalId) continue;
    const holders = await registry.nationalIdHolders(
      db,
      m.nationalId,
      except ? { householdId: except } : undefined,
    );
    // The answer says the same whoever holds the ID, in scope or not (nothing of the holder is named); that
    // the ID is held somewhere is a read of the holder's personal data, audited on the holder's household
    // so that its area's auditor sees who learnt it.
    for (const h of holders)
      found.push({
        action: 'personal_data.national_id_taken',
        entityType: 'household',
        entityId: h.householdId,
        householdId: h.householdId,
        unitCode: (await registry.villageContext(db, h.villageId, today))?.communeCode ?? null,
      });
    if (holders.length) {
      fields.push({
        path: `body.members.${i}.nationalId`,
        message: { vi: 'Số định danh đã có ở hộ khác', en: 'National ID already used in another household' },
      });
    }
  }
  const seen = new Set<string>();
  for (const [i, m] of members.entries()) {
    if (!m.nationalId) continue;
    if (seen.has(m.nationalId)) {
      fields.push({
        path: `body.members.${i}.nationalId`,
        message: { vi: 'Số định danh lặp lại trong hộ', en: 'National ID repeated in the household' },
      });
    }
    seen.add(m.nationalId);
  }
  if (fields.length) return withReads(new AppError('DUPLICATE_NATIONAL_ID', fields), found);
}
