// The device's view of its villages: the snapshot as the server gave it, with the enumerator's pending
// entries laid over it (one coalesced entry per household, src/domain/field/changes.ts), and the pure edits
// that change those entries. No I/O here: store.ts persists and sends.
import type {
  AssessmentEntry,
  FieldChange,
  FieldValue,
  HouseholdField,
  MemberField,
  Values,
} from '../../../src/domain/field/changes.ts';
import { sameValue } from '../../../src/domain/field/merge.ts';
import type { paths } from '../api/schema.d.ts';
import { newId } from './ids.ts';

export type Snapshot = paths['/api/field/snapshot']['get']['responses'][200]['content']['application/json'];
export type ServerHousehold = Snapshot['households'][number];
export type ServerMember = ServerHousehold['members'][number];
export type Bilingual = { vi: string; en: string };

/** An entry waiting to be sent, with the server's refusal of its last attempt, if any. */
export type Pending = FieldChange & {
  error?: { message: Bilingual; fields: { path: string; message: Bilingual }[] } | null;
};

/** What the device edits of a household: the snapshot's own fields. */
export type HouseholdValues = Pick<ServerHousehold, HouseholdField>;

/** What the device edits of a member: everything the snapshot gives but its number. */
export type MemberValues = Omit<ServerMember, 'memberNo'>;

export interface DeviceMember extends MemberValues {
  localNo: string;
  memberNo: number | null;
}

export interface DeviceHousehold extends HouseholdValues {
  localId: string;
  householdId: string | null;
  villageId: string;
  members: DeviceMember[];
  recognised: ServerHousehold['recognised'];
  latestAssessment: ServerHousehold['latestAssessment'];
  /** The Phiếu B recorded on the device, not sent yet. */
  deviceAssessment: AssessmentEntry | null;
  openConflictId: string | null;
  /** Where it stands in the commune's open review round (from the snapshot). */
  round: ServerHousehold['round'];
  pending: Pending | null;
}

const HOUSEHOLD_DEFAULTS: HouseholdValues = {
  headName: '',
  address: null,
  ethnicity: null,
  isEthnicMinority: false,
  personOfMerit: false,
  socialProtection: false,
  noLabourCapacity: false,
};

const MEMBER_DEFAULTS: MemberValues = {
  fullName: '',
  dateOfBirth: null,
  sex: null,
  ethnicity: null,
  relationToHead: null,
  nationalId: null,
  phone: null,
  educationLevel: null,
  healthInsurance: null,
  employment: null,
  labourContract: null,
};

function serverMember(m: ServerMember): DeviceMember {
  return {
    ...MEMBER_DEFAULTS,
    ...(m as Partial<MemberValues>),
    localNo: String(m.memberNo),
    memberNo: m.memberNo,
  };
}

/** The households the device shows: the snapshot's with the entries laid over, then those made on the device. */
export function deviceHouseholds(snapshot: Snapshot | null, outbox: readonly Pending[]): DeviceHousehold[] {
  const byLocal = new Map(outbox.map((e) => [e.localId, e]));
  const out: DeviceHousehold[] = (snapshot?.households ?? []).map((h) => {
    const entry = byLocal.get(h.householdId) ?? null;
    const members = h.members.map(serverMember);
    for (const m of entry?.members ?? []) {
      const at = members.findIndex((x) => x.localNo === m.localNo);
      if (at >= 0) members[at] = { ...members[at]!, ...(m.values as Partial<MemberValues>) };
      else
        members.push({
          ...MEMBER_DEFAULTS,
          ...(m.values as Partial<MemberValues>),
          localNo: m.localNo,
          memberNo: null,
        });
    }
    return {
      ...HOUSEHOLD_DEFAULTS,
      headName: h.headName,
      address: h.address,
      ethnicity: h.ethnicity,
      isEthnicMinority: h.isEthnicMinority,
      personOfMerit: h.personOfMerit,
      socialProtection: h.socialProtection,
      noLabourCapacity: h.noLabourCapacity,
      ...((entry?.household?.values ?? {}) as Partial<HouseholdValues>),
      localId: h.householdId,
      householdId: h.householdId,
      villageId: h.villageId,
      members,
      recognised: h.recognised,
      latestAssessment: h.latestAssessment,
      deviceAssessment: entry?.assessment ?? null,
      openConflictId: h.openConflictId,
      round: h.round,
      pending: entry,
    };
  });
  for (const e of outbox) {
    if (e.householdId !== null) continue;
    out.push({
      ...HOUSEHOLD_DEFAULTS,
      ...((e.household?.values ?? {}) as Partial<HouseholdValues>),
      localId: e.localId,
      householdId: null,
      villageId: e.villageId,
      members: (e.members ?? []).map((m) => ({
        ...MEMBER_DEFAULTS,
        ...(m.values as Partial<MemberValues>),
        localNo: m.localNo,
        memberNo: null,
      })),
      recognised: null,
      latestAssessment: null,
      deviceAssessment: e.assessment ?? null,
      openConflictId: null,
      round: null,
      pending: e,
    });
  }
  return out;
}

/** A new version of the entry: a new change id (the server answers each version once) and the device's time. */
function touched(entry: Pending, now: string): Pending {
  return { ...entry, changeId: newId(), changedAt: now, error: null };
}

function entryFor(outbox: readonly Pending[], h: DeviceHousehold, now: string): Pending {
  return (
    outbox.find((e) => e.localId === h.localId) ?? {
      changeId: newId(),
      localId: h.localId,
      householdId: h.householdId,
      villageId: h.villageId,
      baseVersion: null,
      changedAt: now,
    }
  );
}

function replace(outbox: readonly Pending[], entry: Pending): Pending[] {
  const empty =
    entry.householdId !== null &&
    !Object.keys(entry.household?.values ?? {}).length &&
    !(entry.members ?? []).length &&
    !entry.assessment;
  const rest = outbox.filter((e) => e.localId !== entry.localId);
  return empty ? rest : [...rest, entry];
}

/**
 * Records changed values against the snapshot's: the first change of a field keeps the snapshot's value as
 * its base; changing it back to that value drops it from the entry.
 */
function overlay<F extends string>(
  current: { base: Values<F> | null; values: Values<F> } | undefined,
  original: Partial<Record<F, FieldValue>> | null,
  changes: Partial<Record<F, FieldValue>>,
): { base: Values<F> | null; values: Values<F> } {
  const base: Values<F> | null = original ? { ...(current?.base ?? {}) } : null;
  const values: Values<F> = { ...(current?.values ?? {}) };
  for (const [f, v] of Object.entries(changes) as [F, FieldValue][]) {
    if (base && original) {
      if (!(f in base)) base[f] = original[f] ?? null;
      if (sameValue(v, base[f])) {
        delete base[f];
        delete values[f];
        continue;
      }
    }
    values[f] = v;
  }
  return { base, values };
}

export function editHousehold(
  snapshot: Snapshot | null,
  outbox: readonly Pending[],
  h: DeviceHousehold,
  changes: Partial<HouseholdValues>,
  now: string,
): Pending[] {
  const entry = entryFor(outbox, h, now);
  const original = snapshot?.households.find((s) => s.householdId === h.householdId) ?? null;
  const household = overlay<HouseholdField>(
    entry.household,
    original as Partial<Record<HouseholdField, FieldValue>> | null,
    changes as Partial<Record<HouseholdField, FieldValue>>,
  );
  return replace(outbox, touched({ ...entry, baseVersion: original?.version ?? null, household }, now));
}

export function newHousehold(
  outbox: readonly Pending[],
  villageId: string,
  values: HouseholdValues,
  now: string,
) {
  const localId = `new-${newId()}`;
  const entry: Pending = {
    changeId: newId(),
    localId,
    householdId: null,
    villageId,
    baseVersion: null,
    household: { base: null, values: { ...values } },
    members: [],
    changedAt: now,
  };
  return { outbox: [...outbox, entry], localId };
}

export function editMember(
  snapshot: Snapshot | null,
  outbox: readonly Pending[],
  h: DeviceHousehold,
  localNo: string | null,
  changes: Partial<MemberValues>,
  now: string,
): Pending[] {
  const entry = entryFor(outbox, h, now);
  const members = [...(entry.members ?? [])];
  const original = snapshot?.households
    .find((s) => s.householdId === h.householdId)
    ?.members.find((m) => String(m.memberNo) === localNo);
  const at = members.findIndex((m) => m.localNo === localNo);
  if (localNo === null) {
    members.push({ memberNo: null, localNo: `n-${newId()}`, base: null, values: { ...changes } });
  } else if (!original) {
    // A member added on the device: its values are simply replaced.
    if (at >= 0) members[at] = { ...members[at]!, values: { ...members[at]!.values, ...changes } };
  } else {
    const merged = overlay<MemberField>(
      at >= 0 ? { base: members[at]!.base, values: members[at]!.values } : undefined,
      original as Partial<Record<MemberField, FieldValue>>,
      changes as Partial<Record<MemberField, FieldValue>>,
    );
    const entryMember = { memberNo: original.memberNo, localNo, ...merged };
    if (at >= 0) members[at] = entryMember;
    else members.push(entryMember);
    if (!Object.keys(merged.values).length) members.splice(at >= 0 ? at : members.length - 1, 1);
  }
  return replace(outbox, touched({ ...entry, members }, now));
}

export function recordAssessment(
  outbox: readonly Pending[],
  h: DeviceHousehold,
  answers: Omit<AssessmentEntry, 'baseAssessmentId'>,
  now: string,
): Pending[] {
  const entry = entryFor(outbox, h, now);
  const assessment: AssessmentEntry = {
    baseAssessmentId: h.latestAssessment?.assessmentId ?? null,
    ...answers,
  };
  return replace(outbox, touched({ ...entry, assessment }, now));
}

/** The entries without what only the device keeps (the last refusal), as the server takes them. */
export const forSending = (outbox: readonly Pending[]): FieldChange[] =>
  outbox.map(({ error: _error, ...change }) => change);
