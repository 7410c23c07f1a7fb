// The figures' tables as CSV for Excel (UTF-8, bilingual headers): a unit's series over the years and its
// children ranked. Pure shaping of rows already read.
import type { SuppressedRow } from './suppression.ts';
import { toCsv } from './table-csv.ts';

export interface SeriesCsvRow {
  year: number;
  standard: string;
  households: number | null;
  poor: number | null;
  nearPoor: number | null;
  poorRate: number | null;
  derived: boolean;
  differs: boolean | null;
  source: string;
  footnote: { vi: string } | null;
}

export const seriesCsv = (rows: readonly SeriesCsvRow[]): string =>
  toCsv(
    [
      'Năm (year)',
      'Chuẩn (standard)',
      'Tổng số hộ (households)',
      'Hộ nghèo (poor)',
      'Hộ cận nghèo (near-poor)',
      'Tỷ lệ hộ nghèo % (poor rate)',
      'Loại (kind)',
      'Khác biệt (differs)',
      'Nguồn (source)',
      'Ghi chú (footnote)',
    ],
    rows.map((r) => [
      r.year,
      r.standard,
      r.households,
      r.poor,
      r.nearPoor,
      r.poorRate,
      r.derived ? 'tổng hợp / derived' : 'nhập / entered',
      r.differs,
      r.source,
      r.footnote?.vi ?? '',
    ]),
  );

/** A child unit's row, after small-number suppression (suppression.ts). */
export type ChildCsvRow = SuppressedRow;

export const childrenCsv = (rows: readonly ChildCsvRow[]): string =>
  toCsv(
    [
      'Mã (code)',
      'Đơn vị (unit)',
      'Tổng số hộ (households)',
      'Hộ nghèo (poor)',
      'Hộ cận nghèo (near-poor)',
      'Tỷ lệ hộ nghèo % (poor rate)',
      'Ẩn ô nhỏ (suppressed)',
    ],
    rows.map((r) => [r.unit, r.name, r.households, r.poor, r.nearPoor, r.poorRate, r.suppressed]),
  );
