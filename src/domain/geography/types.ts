// The data shapes of the administrative geography: versioned units, lineage edges, parse problems.

export const UNIT_LEVELS = ['province', 'district', 'commune'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/**
 * Legal type of a unit. Provinces: tinh, thanh_pho_tw (thành phố trực thuộc trung ương). Districts
 * (before 1 July 2025 only): huyen, quan, thi_xa, thanh_pho (thành phố thuộc tỉnh / thuộc TP TW).
 * Communes: xa, phuong, thi_tran (before the reform only), dac_khu (special zone, from the reform).
 */
export const UNIT_KINDS = [
  'tinh',
  'thanh_pho_tw',
  'huyen',
  'quan',
  'thi_xa',
  'thanh_pho',
  'xa',
  'phuong',
  'thi_tran',
  'dac_khu',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export type UnitArea = 'urban' | 'rural' | 'special';

/** ISO date, `YYYY-MM-DD`. Compared as strings. */
export type IsoDate = string;

/**
 * One version of an administrative unit. Identity is `code` + `validFrom`: codes were reused by the
 * 2025 reform (commune 01864 was Xã Bộc Bố, Bắc Kạn, until 2025-06-30 and is Xã Bằng Thành, Thái Nguyên,
 * from 2025-07-01). The parent link is dated by the unit's own validity: the parent is the unit with
 * `parentCode` valid over the same period.
 */
export interface AdminUnit {
  readonly code: string;
  readonly name: string;
  readonly level: UnitLevel;
  readonly kind: UnitKind;
  readonly area: UnitArea;
  readonly validFrom: IsoDate;
  /** Last day of validity (inclusive); null while still valid. */
  readonly validTo: IsoDate | null;
  readonly parentCode: string | null;
}

export type LineageKind = 'whole' | 'part' | 'unchanged';

/**
 * Predecessor → successor across a reorganisation. `whole`: the old unit went entirely into the new
 * one; `part`: only part of it did (it was split); `unchanged`: same territory (possibly renamed or
 * retyped).
 */
export interface LineageEdge {
  readonly fromCode: string;
  readonly fromValidFrom: IsoDate;
  readonly toCode: string;
  readonly toValidFrom: IsoDate;
  readonly kind: LineageKind;
  /** The day the change took effect (the successor's first day). */
  readonly effective: IsoDate;
  readonly legalBasis: string;
  /** False while the legal basis has not been checked against the legal text. */
  readonly legalBasisVerified: boolean;
  /**
   * True when the whole population of the old unit went to this successor: `whole` and `unchanged`
   * edges, and `part` edges noted "Nhập một phần diện tích, toàn bộ dân số" (part of the land, all of
   * the people) — re-basing household counts along such an edge is exact.
   */
  readonly allPopulation: boolean;
  /** The official note as written (whitespace tidied), e.g. "Nhập một phần"; null for derived edges. */
  readonly note: string | null;
}

export interface Message {
  readonly vi: string;
  readonly en: string;
}

/**
 * A row of an input file that could not be used as it is. `error`: the row produced no data;
 * `warning`: data was produced, with the caveat in the message (a correction, a cross-file mismatch).
 */
export interface Problem {
  readonly file: string;
  /** 1-based physical line where the row starts (0 when the problem concerns the whole file). */
  readonly line: number;
  readonly severity: 'error' | 'warning';
  readonly message: Message;
  readonly raw: string;
}
