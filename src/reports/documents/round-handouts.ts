// What the commune hands out for a review round, built from data the service gathered (no I/O, no clock):
// the certificate of each recognised poor or near-poor household (one page each), the village's posting
// list of the provisional results, the lists recognised by the chairman's decision (official documents,
// src/reports/documents/official.ts), and the lists other agencies need after recognition (health
// insurance cards, tuition exemption, the Bank for Social Policies) as report documents for xlsx.
import {
  ageOn,
  CLASS_WORDS,
  isHead,
  relationWords,
  schoolLevelOf,
  vnDate,
  vnLongDate,
  type SchoolAges,
} from '../../domain/documents/handouts.ts';
import type { ReportColumn, ReportDocument, ReportRow } from '../model.ts';
import type { OfficialDocument, OfficialPage, Signature } from './official.ts';

/** The commune the round belongs to, as documents name it. */
export interface RoundPlace {
  /** "Xã Bằng Thành" */
  communeName: string;
  /** "Tỉnh Thái Nguyên" */
  provinceName: string | null;
}

export interface RoundDecision {
  number: string;
  date: string;
}

/** How a round is described: its kind and period (a kind this file does not know reads by its year). */
export interface RoundPeriod {
  kind: string;
  year: number;
  month: number | null;
}

/** The round's period in words: "rà soát định kỳ năm 2026", "rà soát thường xuyên tháng 10 năm 2026". */
export function periodWords(round: RoundPeriod) {
  if (round.kind === 'periodic') return `rà soát định kỳ năm ${round.year}`;
  if (round.kind === 'regular' && round.month !== null)
    return `rà soát thường xuyên tháng ${String(round.month).padStart(2, '0')} năm ${round.year}`;
  return `rà soát năm ${round.year}`;
}

const upper = (s: string) => s.toLocaleUpperCase('vi');
/** "Bằng Thành" from "Xã Bằng Thành": the place name a date line starts with. */
const placeName = (communeName: string) =>
  communeName.replace(/^(xã|phường|thị trấn|đặc khu)\s+/i, '').trim() || communeName;
/** "xã Bằng Thành": a unit's name inside a sentence, its kind in lower case. */
const inText = (name: string) =>
  name.replace(/^(Xã|Phường|Thị trấn|Đặc khu)(?=\s)/, (k) => k.toLocaleLowerCase('vi'));
const issuer = (place: RoundPlace) => [`UBND ${upper(place.communeName)}`];
const dateLine = (place: RoundPlace, iso: string) => `${placeName(place.communeName)}, ${vnLongDate(iso)}`;
/** An address as printed: the household's own address, then its village, commune and province. */
export const fullAddress = (address: string | null, villageName: string, place: RoundPlace) =>
  [address, villageName, place.communeName, place.provinceName].filter((x) => x && x.trim()).join(', ');

const CHAIRMAN: Signature = { title: 'CHỦ TỊCH UBND XÃ', note: '(Ký, ghi rõ họ tên, đóng dấu)' };
const VILLAGE_HEAD: Signature = { title: 'TRƯỞNG THÔN', note: '(Ký, ghi rõ họ tên)' };
const decisionWords = (d: RoundDecision, place: RoundPlace) =>
  `Quyết định số ${d.number} ngày ${vnDate(d.date)} của Chủ tịch Ủy ban nhân dân ${inText(place.communeName)}`;

const TRANSITION_WORDS: Record<string, string> = {
  new_poor: 'Hộ nghèo mới',
  re_poor: 'Tái nghèo',
  escaped_to_near_poor: 'Thoát nghèo, thành hộ cận nghèo',
  escaped_above_near_poor: 'Thoát nghèo',
  new_near_poor: 'Hộ cận nghèo mới',
  escaped_near_poor: 'Thoát cận nghèo',
  moved_out: 'Chuyển đi',
};

// ---- Certificates ------------------------------------------------------------------------------------

export interface CertifiedHousehold {
  householdId: string;
  headName: string;
  address: string | null;
  villageName: string;
  finalClass: 'poor' | 'near_poor';
  members: { fullName: string; dateOfBirth: string | null; relationToHead: string | null }[];
}

/** Giấy chứng nhận hộ nghèo / hộ cận nghèo: one A4 page per household. */
export function certificatesDocument(input: {
  place: RoundPlace;
  decision: RoundDecision;
  year: number;
  validUntil: string;
  households: readonly CertifiedHousehold[];
}): OfficialDocument {
  const { place, decision } = input;
  const pages: OfficialPage[] = input.households.map((h) => {
    const cls = h.finalClass === 'poor' ? 'HỘ NGHÈO' : 'HỘ CẬN NGHÈO';
    return {
      issuer: issuer(place),
      reference: 'Số: ........../GCN',
      placeAndDate: dateLine(place, decision.date),
      title: `GIẤY CHỨNG NHẬN ${cls}`,
      subtitle: [`Năm ${input.year}`],
      before: [
        { text: `Căn cứ ${decisionWords(decision, place)} về việc công nhận hộ nghèo, hộ cận nghèo,` },
        { text: `Ủy ban nhân dân ${inText(place.communeName)} chứng nhận:` },
        { text: `Hộ gia đình ông/bà: ${h.headName}`, bold: true },
        { text: `Địa chỉ: ${fullAddress(h.address, h.villageName, place)}` },
        { text: `Là ${cls.toLocaleLowerCase('vi')} năm ${input.year}. Thành viên trong hộ gồm:` },
      ],
      table: {
        columns: [
          { header: 'STT', align: 'center' },
          { header: 'Họ và tên', width: '*' },
          { header: 'Ngày sinh', align: 'center' },
          { header: 'Quan hệ với chủ hộ', width: 120 },
        ],
        rows: h.members.map((m, i) => [
          String(i + 1),
          m.fullName,
          vnDate(m.dateOfBirth),
          relationWords(m.relationToHead),
        ]),
        empty: 'Không có thành viên',
      },
      after: [{ text: `Giấy chứng nhận có giá trị đến hết ngày ${vnDate(input.validUntil)}.`, bold: true }],
      signatures: { right: CHAIRMAN },
    };
  });
  if (pages.length === 0)
    pages.push({
      issuer: issuer(place),
      placeAndDate: dateLine(place, decision.date),
      title: 'GIẤY CHỨNG NHẬN HỘ NGHÈO, HỘ CẬN NGHÈO',
      subtitle: [`Năm ${input.year}`],
      before: [{ text: 'Không có hộ nghèo, hộ cận nghèo được công nhận trong phạm vi này.' }],
      signatures: { right: CHAIRMAN },
    });
  return { title: `Giấy chứng nhận hộ nghèo, hộ cận nghèo năm ${input.year}`, pages };
}

// ---- The posting list (before recognition) ----------------------------------------------------------

export interface PostedHousehold {
  headName: string;
  address: string | null;
  /** Why it was listed: a current poor or near-poor household, or an applicant. */
  reason: 'current_poor' | 'current_near_poor' | 'applicant';
  /** The class the village meeting (or a re-check) agreed; null while it has none. */
  finalClass: string | null;
}

export interface PostedVillage {
  villageName: string;
  households: readonly PostedHousehold[];
  posting: { start: string; end: string | null } | null;
}

const POSTED_ORDER: Record<string, number> = { poor: 0, near_poor: 1 };

/** The note of a posted household: new, escaped, or nothing for one that stays as it was. */
function postedNote(h: PostedHousehold): string {
  const was = h.reason === 'current_poor' ? 'poor' : h.reason === 'current_near_poor' ? 'near_poor' : null;
  if (h.finalClass === was) return '';
  if (h.finalClass === 'poor') return was === 'near_poor' ? 'Từ hộ cận nghèo thành hộ nghèo' : 'Hộ nghèo mới';
  if (h.finalClass === 'near_poor')
    return was === 'poor' ? 'Thoát nghèo, thành hộ cận nghèo' : 'Hộ cận nghèo mới';
  return was === 'poor' ? 'Thoát nghèo' : 'Thoát cận nghèo';
}

/** Danh sách niêm yết: per village, the provisional results of the round (poor, near-poor, escaping). */
export function postingListDocument(input: {
  place: RoundPlace;
  round: RoundPeriod;
  date: string;
  villages: readonly PostedVillage[];
}): OfficialDocument {
  const collator = new Intl.Collator('vi');
  const { place } = input;
  const pages = input.villages.map((v): OfficialPage => {
    // Posted: households with an agreed class that are poor or near-poor, or were and leave the list.
    const shown = v.households
      .filter((h) => h.finalClass !== null && (h.finalClass in POSTED_ORDER || h.reason !== 'applicant'))
      .slice()
      .sort(
        (a, b) =>
          (POSTED_ORDER[a.finalClass!] ?? 2) - (POSTED_ORDER[b.finalClass!] ?? 2) ||
          collator.compare(a.headName, b.headName),
      );
    const pending = v.households.filter((h) => h.finalClass === null).length;
    const result = (h: PostedHousehold) => CLASS_WORDS[h.finalClass!]?.vi ?? h.finalClass!;
    return {
      issuer: [...issuer(place), upper(v.villageName)],
      placeAndDate: dateLine(place, v.posting?.start ?? input.date),
      title: 'DANH SÁCH NIÊM YẾT CÔNG KHAI KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO',
      subtitle: [`(Kết quả ${periodWords(input.round)} — ${v.villageName}, ${place.communeName})`],
      before: v.posting
        ? [
            {
              text: `Thời gian niêm yết: từ ngày ${vnDate(v.posting.start)}${v.posting.end ? ` đến ngày ${vnDate(v.posting.end)}` : ''}.`,
            },
          ]
        : [],
      table: {
        columns: [
          { header: 'STT', align: 'center' },
          { header: 'Họ và tên chủ hộ', width: '*' },
          { header: 'Địa chỉ', width: '*' },
          { header: 'Kết quả rà soát', width: 90 },
          { header: 'Ghi chú', width: 100 },
        ],
        rows: shown.map((h, i) => [String(i + 1), h.headName, h.address ?? '', result(h), postedNote(h)]),
        empty: 'Chưa có hộ nào có kết quả họp dân',
      },
      after: [
        ...(pending
          ? [{ text: `Còn ${pending} hộ chưa có kết quả thống nhất tại cuộc họp dân.`, italics: true }]
          : []),
        {
          text: 'Trong thời gian niêm yết, mọi ý kiến, khiếu nại xin gửi về Ban chỉ đạo rà soát của xã.',
          italics: true,
        },
      ],
      signatures: { right: VILLAGE_HEAD },
    };
  });
  if (pages.length === 0)
    pages.push({
      issuer: issuer(place),
      placeAndDate: dateLine(place, input.date),
      title: 'DANH SÁCH NIÊM YẾT CÔNG KHAI KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO',
      before: [{ text: 'Chưa có hộ nào trong danh sách rà soát.' }],
      signatures: { right: VILLAGE_HEAD },
    });
  return { title: `Danh sách niêm yết kết quả ${periodWords(input.round)}`, pages };
}

// ---- The recognised lists ----------------------------------------------------------------------------

export interface ListedHousehold {
  headName: string;
  address: string | null;
  villageName: string;
  memberCount: number;
  transition: string;
}

/** Danh sách hộ nghèo / hộ cận nghèo được công nhận: one list per class, each starting on a new page. */
export function recognisedListDocument(input: {
  place: RoundPlace;
  round: RoundPeriod;
  decision: RoundDecision;
  lists: readonly { cls: 'poor' | 'near_poor'; households: readonly ListedHousehold[] }[];
}): OfficialDocument {
  const { place, decision } = input;
  const pages = input.lists.map((l): OfficialPage => ({
    issuer: issuer(place),
    placeAndDate: dateLine(place, decision.date),
    title: `DANH SÁCH ${upper(CLASS_WORDS[l.cls]!.vi)} ĐƯỢC CÔNG NHẬN`,
    subtitle: [`Kết quả ${periodWords(input.round)}`, `(Kèm theo ${decisionWords(decision, place)})`],
    table: {
      columns: [
        { header: 'STT', align: 'center' },
        { header: 'Họ và tên chủ hộ', width: '*' },
        { header: 'Thôn', width: 80 },
        { header: 'Địa chỉ', width: '*' },
        { header: 'Số nhân khẩu', align: 'right' },
        { header: 'Ghi chú', width: 80 },
      ],
      rows: l.households.map((h, i) => [
        String(i + 1),
        h.headName,
        h.villageName,
        h.address ?? '',
        String(h.memberCount),
        TRANSITION_WORDS[h.transition] ?? '',
      ]),
      empty: 'Không có hộ nào',
    },
    after: [{ text: `Tổng số: ${l.households.length} hộ.`, bold: true }],
    signatures: { right: CHAIRMAN },
  }));
  return { title: `Danh sách hộ nghèo, hộ cận nghèo được công nhận - ${periodWords(input.round)}`, pages };
}

// ---- Lists for other agencies (xlsx) -----------------------------------------------------------------

export const AGENCY_LISTS = ['health-insurance', 'tuition', 'social-policy-bank'] as const;
export type AgencyList = (typeof AGENCY_LISTS)[number];

export interface AgencyHousehold {
  householdId: string;
  headName: string;
  address: string | null;
  villageName: string;
  finalClass: 'poor' | 'near_poor';
  members: {
    fullName: string;
    dateOfBirth: string | null;
    sex: string | null;
    relationToHead: string | null;
    nationalId: string | null;
  }[];
}

const TITLES: Record<AgencyList, { vi: string; en: string }> = {
  'health-insurance': {
    vi: 'Danh sách thành viên hộ nghèo, hộ cận nghèo đề nghị cấp thẻ bảo hiểm y tế',
    en: 'Members of poor and near-poor households for health insurance cards',
  },
  tuition: {
    vi: 'Danh sách trẻ em, học sinh thuộc hộ nghèo, hộ cận nghèo đề nghị miễn, giảm học phí',
    en: 'School-age children of poor and near-poor households for tuition exemption',
  },
  'social-policy-bank': {
    vi: 'Danh sách hộ nghèo, hộ cận nghèo gửi Ngân hàng Chính sách xã hội',
    en: 'Poor and near-poor households for the Bank for Social Policies',
  },
};

const col = (key: string, vi: string, en: string, kind: ReportColumn['kind'] = 'text'): ReportColumn => ({
  key,
  header: { vi, en },
  kind,
});
const SEX: Record<string, { vi: string; en: string }> = {
  male: { vi: 'Nam', en: 'Male' },
  female: { vi: 'Nữ', en: 'Female' },
};

/** An instant as Vietnam reads it: 14:05 06/12/2026 (Asia/Ho_Chi_Minh). */
function exportTime(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(t)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.hour}:${parts.minute} ${parts.day}/${parts.month}/${parts.year}`;
}

/** One list for an agency, as a report document (rendered to xlsx by the caller). */
export function agencyListDocument(input: {
  kind: AgencyList;
  place: RoundPlace;
  decision: RoundDecision;
  households: readonly AgencyHousehold[];
  schoolAges: SchoolAges;
  purpose: string;
  exportedBy: string;
  generatedAt: string;
}): ReportDocument {
  const { place, decision } = input;
  const common = (h: AgencyHousehold) => ({
    address: fullAddress(h.address, h.villageName, place),
    cls: CLASS_WORDS[h.finalClass]!,
    decisionNumber: decision.number,
    decisionDate: decision.date,
  });
  const tail = [
    col('address', 'Địa chỉ', 'Address'),
    col('cls', 'Phân loại hộ', 'Class'),
    col('decisionNumber', 'Số quyết định', 'Decision number'),
    col('decisionDate', 'Ngày quyết định', 'Decision date', 'date'),
  ];
  let columns: ReportColumn[];
  const rows: ReportRow[] = [];
  // Who exported it, when and what for, in the file itself (Nghị định 13/2023/NĐ-CP); the audit has the same.
  const at = exportTime(input.generatedAt);
  const notes = [
    {
      vi: `Dữ liệu cá nhân, chỉ dùng cho mục đích: ${input.purpose}. Người trích xuất: ${input.exportedBy}, lúc ${at}.`,
      en: `Personal data, for this purpose only: ${input.purpose}. Exported by ${input.exportedBy} at ${at}.`,
    },
  ];
  if (input.kind === 'social-policy-bank') {
    columns = [
      col('no', 'STT', 'No.', 'integer'),
      col('head', 'Họ và tên chủ hộ', 'Head of household'),
      col('dob', 'Ngày sinh chủ hộ', "Head's date of birth", 'date'),
      col('nationalId', 'Số định danh cá nhân chủ hộ', "Head's national ID"),
      col('members', 'Số nhân khẩu', 'Members', 'integer'),
      ...tail,
    ];
    for (const h of input.households) {
      const head = h.members.find((m) => isHead(m, h.headName));
      rows.push({
        cells: {
          no: rows.length + 1,
          head: h.headName,
          dob: head?.dateOfBirth ?? null,
          nationalId: head?.nationalId ?? null,
          members: h.members.length,
          ...common(h),
        },
      });
    }
  } else {
    const tuition = input.kind === 'tuition';
    columns = [
      col('no', 'STT', 'No.', 'integer'),
      col('name', 'Họ và tên', 'Full name'),
      col('dob', 'Ngày sinh', 'Date of birth', 'date'),
      col('sex', 'Giới tính', 'Sex'),
      col('nationalId', 'Số định danh cá nhân', 'National ID'),
      ...(tuition
        ? [col('age', 'Tuổi', 'Age', 'integer'), col('level', 'Cấp học', 'School level')]
        : [col('relation', 'Quan hệ với chủ hộ', 'Relation to head')]),
      col('head', 'Chủ hộ', 'Head of household'),
      ...tail,
    ];
    for (const h of input.households)
      for (const m of h.members) {
        const age = ageOn(m.dateOfBirth, decision.date);
        const level = schoolLevelOf(input.schoolAges, age);
        if (tuition && !level) continue;
        rows.push({
          cells: {
            no: rows.length + 1,
            name: m.fullName,
            dob: m.dateOfBirth,
            sex: m.sex ? (SEX[m.sex] ?? m.sex) : null,
            nationalId: m.nationalId,
            ...(tuition
              ? { age, level: level!.name }
              : { relation: relationWords(m.relationToHead) || null }),
            head: h.headName,
            ...common(h),
          },
        });
      }
    if (tuition) {
      const r = input.schoolAges;
      notes.push({
        vi: `Tuổi tính tròn năm đến ngày quyết định; cấp học theo độ tuổi: ${r.levels.map((l) => `${l.name.vi} ${l.fromAge}–${l.toAge}`).join('; ')} (${r.citation}${r.verified ? '' : ', chưa kiểm chứng'}).`,
        en: `Age in completed years on the decision date; levels by age: ${r.levels.map((l) => `${l.name.en} ${l.fromAge}–${l.toAge}`).join('; ')} (${r.citationEn ?? r.citation}${r.verified ? '' : ', not verified'}).`,
      });
    }
  }
  return {
    id: `round-${input.kind}`,
    title: TITLES[input.kind],
    subtitle: {
      vi: `${place.communeName}${place.provinceName ? `, ${place.provinceName}` : ''} — theo Quyết định số ${decision.number} ngày ${vnDate(decision.date)}`,
      en: `${place.communeName}${place.provinceName ? `, ${place.provinceName}` : ''} — under decision ${decision.number} of ${vnDate(decision.date)}`,
    },
    sections: [
      {
        sheet: { vi: 'Danh sách', en: 'List' },
        table: { columns, rows },
      },
    ],
    notes,
    generatedAt: input.generatedAt,
  };
}
