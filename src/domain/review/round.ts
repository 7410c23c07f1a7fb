// The review round as a state machine: events (listing, forms, meetings, posting, complaints, recognition,
// reporting, reopening) applied in order to a state; an event out of order is refused with a reason. Events
// are judged by the round's own rules (RoundRules: its procedure version's parameters and its calendar edition).
import type { HouseholdClass } from '../standards/types.ts';
import { rulesRef, type RoundRules, type RoundRulesRef } from './procedure.ts';
import { workingDaysInclusive } from './working-days.ts';

export const ROUND_KINDS = ['periodic', 'regular'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];
export const LISTING_REASONS = ['current_poor', 'current_near_poor', 'applicant'] as const;
export type ListingReason = (typeof LISTING_REASONS)[number];
export const HOUSEHOLD_STAGES = [
  'listed',
  'excluded',
  'surveyed',
  'resurvey',
  'agreed',
  'complained',
  'rechecked',
  /** Left the current list without review: moved out, dissolved or merged, with the date and the record. */
  'accounted',
] as const;
export type HouseholdStage = (typeof HOUSEHOLD_STAGES)[number];
export const RECHECK_OUTCOMES = ['upheld', 'changed'] as const;
export type RecheckOutcome = (typeof RECHECK_OUTCOMES)[number];
/** Why a household on the current list leaves it without being reviewed (QĐ 24/2021, Điều 4, bước 1). */
export const ACCOUNT_OUTCOMES = ['moved_out', 'dissolved', 'merged'] as const;
export type AccountOutcome = (typeof ACCOUNT_OUTCOMES)[number];

export interface Accounted {
  outcome: AccountOutcome;
  /** The day it happened (the move, the dissolution, the merger). */
  effective: string;
  /** The record that says so: the registry change, a transfer paper's number… */
  record: string;
}
/** Where a recognised round is reported: the district before July 2025, the province after. */
export const REPORT_LEVELS = ['district', 'province'] as const;
export type ReportLevel = (typeof REPORT_LEVELS)[number];

export interface MeetingVote {
  date: string;
  attendees: number;
  agree: number;
  share: number;
  stands: boolean;
}

export interface RoundHousehold {
  householdId: string;
  villageId: string;
  reason: ListingReason;
  applicationDate: string | null;
  stage: HouseholdStage;
  screening: { date: string; passed: boolean } | null;
  /**
   * Phiếu B: the recorded assessment it references, or the class with its deficits when none is recorded
   * (the service refuses a new class without deficits; events stored before that rule replay as they were).
   */
  survey: {
    date: string;
    class: HouseholdClass;
    assessmentId: string | null;
    deficits: string[] | null;
  } | null;
  meetings: MeetingVote[];
  complaint: {
    receivedOn: string;
    content: string;
    recheck: { date: string; class: HouseholdClass; outcome: RecheckOutcome } | null;
  } | null;
  /** The class the meeting agreed (or the re-check decided): what recognition will confirm. */
  finalClass: HouseholdClass | null;
  accounted: Accounted | null;
}

export interface Posting {
  start: string;
  end: string | null;
}

export interface VillageState {
  postings: Posting[];
  /** A re-check changed a result on this date: a posting starting on or after it must be completed. */
  repostFrom: string | null;
  minutes: { date: string; fileId: string | null }[];
}

export const ROUND_STATUSES = ['open', 'recognised', 'reported'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export interface RoundState {
  status: RoundStatus;
  startDate: string;
  /** The rules the round follows, fixed when it opened (null: a state built without them, in tests). */
  rules: RoundRulesRef | null;
  listingClosedOn: string | null;
  households: Record<string, RoundHousehold>;
  villages: Record<string, VillageState>;
  recognition: { decisionNumber: string; date: string } | null;
  report: { date: string; to: ReportLevel } | null;
  reopenings: { date: string; reason: string }[];
}

export type RoundEvent =
  | {
      type: 'list';
      date: string;
      householdId: string;
      villageId: string;
      reason: ListingReason;
      applicationDate?: string | null;
    }
  | { type: 'close_listing'; date: string }
  | { type: 'screen'; date: string; householdId: string; passed: boolean }
  | {
      type: 'survey';
      date: string;
      householdId: string;
      class: HouseholdClass;
      assessmentId?: string | null;
      deficits?: string[] | null;
    }
  | {
      type: 'account';
      date: string;
      householdId: string;
      outcome: AccountOutcome;
      effective: string;
      record: string;
    }
  | {
      type: 'meeting';
      date: string;
      villageId: string;
      attendees: number;
      votes: { householdId: string; agree: number }[];
      minutesFileId?: string | null;
    }
  | { type: 'posting_start'; date: string; villageId: string }
  | { type: 'posting_end'; date: string; villageId: string }
  | { type: 'complaint'; date: string; householdId: string; content: string }
  | {
      type: 'recheck';
      date: string;
      householdId: string;
      class: HouseholdClass;
      outcome: RecheckOutcome;
    }
  | { type: 'recognise'; date: string; decisionNumber: string }
  | { type: 'report'; date: string; to?: ReportLevel }
  | { type: 'reopen'; date: string; reason: string };

export type ReviewErrorCode =
  | 'ROUND_FROZEN'
  | 'ROUND_NOT_RECOGNISED'
  | 'OUT_OF_ORDER'
  | 'NOT_LISTED'
  | 'ALREADY_LISTED'
  | 'VOTES_EXCEED_ATTENDEES'
  | 'NO_ATTENDEES'
  | 'POSTING_TOO_SHORT'
  | 'MISSING_DECISION_NUMBER'
  | 'MISSING_REASON'
  | 'NOT_READY';

export interface ReviewError {
  code: ReviewErrorCode;
  message: { vi: string; en: string };
  field?: string;
}

export type Applied = { ok: true; state: RoundState } | { ok: false; error: ReviewError };

export function newRound(startDate: string, rules: RoundRules | null = null): RoundState {
  return {
    status: 'open',
    startDate,
    rules: rules ? rulesRef(rules) : null,
    listingClosedOn: null,
    households: {},
    villages: {},
    recognition: null,
    report: null,
    reopenings: [],
  };
}

const fail = (code: ReviewErrorCode, vi: string, en: string, field?: string): Applied => ({
  ok: false,
  error: field === undefined ? { code, message: { vi, en } } : { code, message: { vi, en }, field },
});

function village(state: RoundState, id: string): VillageState {
  return state.villages[id] ?? { postings: [], repostFrom: null, minutes: [] };
}

/** Left the round's work: screened out (Phiếu A), or accounted for without review. */
export const isOutOfRound = (h: RoundHousehold) => h.stage === 'excluded' || h.stage === 'accounted';

const activeIn = (state: RoundState, villageId: string) =>
  Object.values(state.households).filter((h) => h.villageId === villageId && !isOutOfRound(h));

/** Applies one event; the state passed in is not changed (a new state is returned). */
export function applyEvent(state: RoundState, event: RoundEvent, rules: RoundRules): Applied {
  return applyEventTo(structuredClone(state), event, rules);
}

/**
 * Applies one event to `s` itself, without copying it: for folding a round's events into a state the caller
 * owns. Copying the whole round for each event (applyEvent) made loading a round quadratic in its events —
 * a commune of 5.000 households, each listed, surveyed, voted on and decided, is 20.000 copies of a
 * 5.000-household state. On a refusal `s` may be half-changed: the caller drops it.
 */
export function applyEventTo(s: RoundState, event: RoundEvent, rules: RoundRules): Applied {
  const frozen = () =>
    fail(
      'ROUND_FROZEN',
      'Đợt rà soát đã được công nhận: cần mở lại (có lý do) trước khi sửa',
      'The round is recognised: reopen it (with a reason) before changing it',
    );
  if (s.status !== 'open' && event.type !== 'report' && event.type !== 'reopen') return frozen();
  const hh = (id: string) => s.households[id];
  const notListed = () =>
    fail(
      'NOT_LISTED',
      'Hộ không có trong danh sách rà soát',
      'The household is not on the list',
      'householdId',
    );

  switch (event.type) {
    case 'list': {
      if (s.listingClosedOn)
        return fail('OUT_OF_ORDER', 'Đã chốt danh sách', 'The listing is closed', 'householdId');
      if (hh(event.householdId))
        return fail(
          'ALREADY_LISTED',
          'Hộ đã có trong danh sách',
          'The household is already listed',
          'householdId',
        );
      s.households[event.householdId] = {
        householdId: event.householdId,
        villageId: event.villageId,
        reason: event.reason,
        applicationDate: event.applicationDate ?? null,
        stage: 'listed',
        screening: null,
        survey: null,
        meetings: [],
        complaint: null,
        finalClass: null,
        accounted: null,
      };
      s.villages[event.villageId] = village(s, event.villageId);
      return { ok: true, state: s };
    }
    case 'close_listing': {
      if (s.listingClosedOn)
        return fail('OUT_OF_ORDER', 'Danh sách đã chốt', 'The listing is already closed');
      if (Object.keys(s.households).length === 0) {
        return fail('NOT_READY', 'Danh sách rỗng', 'The list is empty');
      }
      s.listingClosedOn = event.date;
      return { ok: true, state: s };
    }
    case 'screen': {
      const h = hh(event.householdId);
      if (!h) return notListed();
      if (h.reason !== 'applicant' || h.stage !== 'listed' || h.screening) {
        return fail(
          'OUT_OF_ORDER',
          'Phiếu A chỉ dùng cho hộ đề nghị mới, một lần, trước Phiếu B',
          'Form A is for applicants only, once, before form B',
          'householdId',
        );
      }
      h.screening = { date: event.date, passed: event.passed };
      if (!event.passed) h.stage = 'excluded';
      return { ok: true, state: s };
    }
    case 'survey': {
      const h = hh(event.householdId);
      if (!h) return notListed();
      if (!s.listingClosedOn)
        return fail(
          'OUT_OF_ORDER',
          'Cần chốt danh sách trước khi rà soát',
          'Close the listing before the survey',
        );
      const ready =
        (h.stage === 'listed' && (h.reason !== 'applicant' || h.screening?.passed === true)) ||
        h.stage === 'resurvey' ||
        h.stage === 'surveyed';
      if (!ready) {
        const why =
          h.reason === 'applicant' && !h.screening
            ? ['Hộ đề nghị mới cần Phiếu A trước Phiếu B', 'An applicant needs form A before form B']
            : [`Không thể rà soát hộ ở bước "${h.stage}"`, `Cannot survey a household at stage "${h.stage}"`];
        return fail('OUT_OF_ORDER', why[0]!, why[1]!, 'householdId');
      }
      h.survey = {
        date: event.date,
        class: event.class,
        assessmentId: event.assessmentId ?? null,
        deficits: event.assessmentId ? null : [...(event.deficits ?? [])],
      };
      h.stage = 'surveyed';
      return { ok: true, state: s };
    }
    case 'account': {
      const h = hh(event.householdId);
      if (!h) return notListed();
      if (h.reason === 'applicant' || isOutOfRound(h)) {
        return fail(
          'OUT_OF_ORDER',
          'Chỉ hộ trong danh sách hiện tại chưa được tính mới ghi nhận chuyển đi, giải thể hoặc sáp nhập',
          'Only a household of the current list not yet accounted for can be recorded as moved, dissolved or merged',
          'householdId',
        );
      }
      if (!event.record || event.record.trim().length < 3) {
        return fail(
          'MISSING_REASON',
          'Cần ghi căn cứ (hồ sơ chuyển đi, giải thể, sáp nhập)',
          'The record that says so is required',
          'record',
        );
      }
      h.stage = 'accounted';
      h.finalClass = null;
      h.accounted = { outcome: event.outcome, effective: event.effective, record: event.record.trim() };
      return { ok: true, state: s };
    }
    case 'meeting': {
      if (event.attendees < 1 || !Number.isInteger(event.attendees)) {
        return fail(
          'NO_ATTENDEES',
          'Số người dự họp phải là số nguyên dương',
          'Attendance must be a positive whole number',
          'attendees',
        );
      }
      if (event.votes.length === 0)
        return fail(
          'NOT_READY',
          'Cuộc họp không có hộ nào để biểu quyết',
          'The meeting voted on no household',
          'votes',
        );
      for (const [i, v] of event.votes.entries()) {
        const h = hh(v.householdId);
        if (!h || h.villageId !== event.villageId) {
          return fail(
            'NOT_LISTED',
            'Hộ không thuộc danh sách của thôn này',
            'The household is not on this village’s list',
            `votes.${i}.householdId`,
          );
        }
        if (h.stage !== 'surveyed') {
          return fail(
            'OUT_OF_ORDER',
            'Chỉ biểu quyết hộ đã rà soát (Phiếu B)',
            'Only surveyed households are voted on',
            `votes.${i}.householdId`,
          );
        }
        if (!Number.isInteger(v.agree) || v.agree < 0) {
          return fail(
            'VOTES_EXCEED_ATTENDEES',
            'Số phiếu đồng ý không hợp lệ',
            'Invalid number of votes',
            `votes.${i}.agree`,
          );
        }
        if (v.agree > event.attendees) {
          return fail(
            'VOTES_EXCEED_ATTENDEES',
            `Số phiếu đồng ý (${v.agree}) nhiều hơn số người dự họp (${event.attendees})`,
            `More votes (${v.agree}) than attendees (${event.attendees})`,
            `votes.${i}.agree`,
          );
        }
      }
      const threshold = rules.meeting.approvalShare.value;
      for (const v of event.votes) {
        const h = hh(v.householdId)!;
        const share = v.agree / event.attendees;
        // TT 07/2021: the result stands with at least 50 % of attendees agreeing; otherwise re-survey.
        const stands = share >= threshold;
        h.meetings.push({ date: event.date, attendees: event.attendees, agree: v.agree, share, stands });
        h.stage = stands ? 'agreed' : 'resurvey';
        h.finalClass = stands ? h.survey!.class : null;
      }
      const vs = village(s, event.villageId);
      vs.minutes.push({ date: event.date, fileId: event.minutesFileId ?? null });
      s.villages[event.villageId] = vs;
      return { ok: true, state: s };
    }
    case 'posting_start': {
      const vs = village(s, event.villageId);
      const active = activeIn(s, event.villageId);
      if (active.length === 0)
        return fail(
          'NOT_LISTED',
          'Thôn không có hộ trong danh sách',
          'The village has no listed household',
          'villageId',
        );
      const waiting = active.filter((h) => h.stage !== 'agreed' && h.stage !== 'rechecked');
      if (waiting.length > 0) {
        return fail(
          'OUT_OF_ORDER',
          `Còn ${waiting.length} hộ chưa được cuộc họp thống nhất`,
          `${waiting.length} household(s) not yet agreed by a meeting`,
          'villageId',
        );
      }
      const last = vs.postings[vs.postings.length - 1];
      if (last && last.end === null)
        return fail('OUT_OF_ORDER', 'Thôn đang niêm yết', 'The village is posting now', 'villageId');
      // A second posting only when a re-check changed a result (niêm yết lại).
      if (last && !vs.repostFrom)
        return fail('OUT_OF_ORDER', 'Thôn đã niêm yết', 'The village has already posted', 'villageId');
      vs.postings.push({ start: event.date, end: null });
      s.villages[event.villageId] = vs;
      return { ok: true, state: s };
    }
    case 'posting_end': {
      const vs = village(s, event.villageId);
      const open = vs.postings[vs.postings.length - 1];
      if (!open || open.end !== null)
        return fail('OUT_OF_ORDER', 'Chưa bắt đầu niêm yết', 'No posting is open', 'villageId');
      if (event.date < open.start)
        return fail(
          'OUT_OF_ORDER',
          'Ngày kết thúc trước ngày bắt đầu',
          'The end is before the start',
          'date',
        );
      const min = rules.steps.find((st) => st.code === 'posting')?.minWorkingDays?.value ?? 1;
      const days = workingDaysInclusive(open.start, event.date, rules.calendar);
      if (days < min) {
        return fail(
          'POSTING_TOO_SHORT',
          `Niêm yết ${days} ngày làm việc, ít hơn ${min} ngày theo quy định`,
          `Posted ${days} working day(s), fewer than the ${min} required`,
          'date',
        );
      }
      open.end = event.date;
      if (vs.repostFrom && open.start >= vs.repostFrom) vs.repostFrom = null;
      return { ok: true, state: s };
    }
    case 'complaint': {
      const h = hh(event.householdId);
      if (!h) return notListed();
      if (village(s, h.villageId).postings.length === 0) {
        return fail(
          'OUT_OF_ORDER',
          'Khiếu nại được nhận sau khi niêm yết',
          'Complaints come after the posting starts',
          'householdId',
        );
      }
      if (h.stage !== 'agreed' && h.stage !== 'rechecked') {
        return fail(
          'OUT_OF_ORDER',
          'Hộ đang có khiếu nại chưa giải quyết',
          'The household has an unresolved complaint',
          'householdId',
        );
      }
      h.complaint = { receivedOn: event.date, content: event.content, recheck: null };
      h.stage = 'complained';
      return { ok: true, state: s };
    }
    case 'recheck': {
      const h = hh(event.householdId);
      if (!h || h.stage !== 'complained' || !h.complaint) {
        return fail(
          'OUT_OF_ORDER',
          'Phúc tra chỉ sau khi nhận khiếu nại',
          'A re-check follows a complaint',
          'householdId',
        );
      }
      h.complaint.recheck = { date: event.date, class: event.class, outcome: event.outcome };
      h.stage = 'rechecked';
      if (event.outcome === 'changed' || event.class !== h.finalClass) {
        h.finalClass = event.class;
        // The changed result must be posted again before the chairman can recognise it.
        const vs = village(s, h.villageId);
        vs.repostFrom = event.date;
        s.villages[h.villageId] = vs;
      }
      return { ok: true, state: s };
    }
    case 'recognise': {
      if (!event.decisionNumber || event.decisionNumber.trim() === '') {
        return fail(
          'MISSING_DECISION_NUMBER',
          'Thiếu số quyết định công nhận',
          'The recognition decision number is missing',
          'decisionNumber',
        );
      }
      const problems = readinessProblems(s);
      if (problems.length > 0) {
        return fail(
          'NOT_READY',
          `Chưa thể công nhận: ${problems.map((p) => p.vi).join('; ')}`,
          `Not ready for recognition: ${problems.map((p) => p.en).join('; ')}`,
        );
      }
      s.status = 'recognised';
      s.recognition = { decisionNumber: event.decisionNumber.trim(), date: event.date };
      return { ok: true, state: s };
    }
    case 'report': {
      if (s.status !== 'recognised') {
        return fail(
          'ROUND_NOT_RECOGNISED',
          'Chỉ báo cáo sau khi Chủ tịch UBND xã công nhận',
          'Report only after the chairman’s recognition',
        );
      }
      s.status = 'reported';
      // Before 1 July 2025 the commune reported through the district; since then, to the province.
      s.report = { date: event.date, to: event.to ?? 'province' };
      return { ok: true, state: s };
    }
    case 'reopen': {
      if (s.status === 'open')
        return fail('OUT_OF_ORDER', 'Đợt rà soát đang mở', 'The round is already open');
      if (!event.reason || event.reason.trim().length < 5) {
        return fail('MISSING_REASON', 'Cần ghi lý do mở lại', 'A reason is required to reopen', 'reason');
      }
      s.status = 'open';
      s.reopenings.push({ date: event.date, reason: event.reason.trim() });
      s.recognition = null;
      s.report = null;
      return { ok: true, state: s };
    }
  }
}

export const READINESS_CODES = [
  'listing_open',
  'households_not_agreed',
  'complaints_not_rechecked',
  'posting_unfinished',
] as const;
export type ReadinessCode = (typeof READINESS_CODES)[number];

/** One thing standing before recognition, as data: a code and what it is about (no prose). */
export type ReadinessProblem =
  | { code: 'listing_open' }
  | { code: 'households_not_agreed'; count: number; householdIds: string[] }
  | { code: 'complaints_not_rechecked'; count: number }
  | { code: 'posting_unfinished'; villageId: string };

/** What still stands between the round and its recognition (empty when it is ready). */
export function readinessIssues(s: RoundState): ReadinessProblem[] {
  const out: ReadinessProblem[] = [];
  if (!s.listingClosedOn) out.push({ code: 'listing_open' });
  // Every household on the list is reviewed (agreed by a meeting) or accounted for: none simply vanishes.
  const pending = Object.values(s.households).filter((h) =>
    ['listed', 'surveyed', 'resurvey'].includes(h.stage),
  );
  if (pending.length)
    out.push({
      code: 'households_not_agreed',
      count: pending.length,
      householdIds: pending.map((h) => h.householdId),
    });
  const complaints = Object.values(s.households).filter((h) => h.stage === 'complained');
  if (complaints.length) out.push({ code: 'complaints_not_rechecked', count: complaints.length });
  for (const [id, v] of Object.entries(s.villages)) {
    if (activeIn(s, id).length === 0) continue;
    const last = v.postings[v.postings.length - 1];
    if (!last || last.end === null || v.repostFrom) out.push({ code: 'posting_unfinished', villageId: id });
  }
  return out;
}

/** A readiness problem in words (a village by the start of its id: the state knows no names). */
export function readinessMessage(p: ReadinessProblem): { vi: string; en: string } {
  switch (p.code) {
    case 'listing_open':
      return { vi: 'chưa chốt danh sách', en: 'the listing is not closed' };
    case 'households_not_agreed':
      return {
        vi: `${p.count} hộ chưa được họp dân thống nhất`,
        en: `${p.count} household(s) not yet agreed`,
      };
    case 'complaints_not_rechecked':
      return { vi: `${p.count} khiếu nại chưa phúc tra`, en: `${p.count} complaint(s) not re-checked` };
    case 'posting_unfinished':
      return {
        vi: `thôn ${p.villageId.slice(0, 8)} chưa niêm yết xong`,
        en: `village ${p.villageId.slice(0, 8)} has not finished posting`,
      };
  }
}

/** The problems with their words: what the API sends, so a client may word them itself. */
export function readinessReport(
  s: RoundState,
): (ReadinessProblem & { message: { vi: string; en: string } })[] {
  return readinessIssues(s).map((p) => ({ ...p, message: readinessMessage(p) }));
}

/** What still stands between the round and its recognition, in words (empty when it is ready). */
export function readinessProblems(s: RoundState): { vi: string; en: string }[] {
  return readinessIssues(s).map(readinessMessage);
}

/** Folds a sequence of events from a new round under its rules; stops at the first refused event. */
export function replay(startDate: string, events: readonly RoundEvent[], rules: RoundRules): Applied {
  const state = newRound(startDate, rules);
  for (const e of events) {
    const r = applyEventTo(state, e, rules);
    if (!r.ok) return r;
  }
  return { ok: true, state };
}
