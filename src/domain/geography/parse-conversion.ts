// Parses the old → new commune conversion table into lineage rows and edges, reporting unreadable rows.

import type { CommuneResolution } from './commune-resolutions.ts';
import { readCsv } from './csv.ts';
import { readLineageNote } from './lineage-note.ts';
import { problem } from './problem.ts';
import { BEFORE_RECORDS, REFORM_EFFECTIVE, UNVERIFIED_COMMUNE_BASIS } from './reform.ts';
import { fold, foldWords, padCode, splitNameAndCode, tidy } from './text.ts';
import type { LineageEdge, LineageKind, Problem } from './types.ts';
import { canonicalName } from './unit-kind.ts';

export const CONVERSION_FILE = 'conversion-2025-07-01-old-to-new.csv';

/** One understood row: an old commune (or a whole island district) → a new commune. */
export interface ConversionRow {
  readonly line: number;
  readonly raw: string;
  readonly newProvinceName: string;
  /** From "Tỉnh X (NN)"; null when the cell has no code in brackets. */
  readonly newProvinceCode: string | null;
  readonly newCode: string;
  readonly newName: string;
  readonly oldLevel: 'commune' | 'district';
  readonly oldCode: string;
  readonly oldName: string;
  readonly oldDistrictCode: string | null;
  readonly oldDistrictName: string;
  readonly oldProvinceCode: string | null;
  readonly oldProvinceName: string;
  readonly note: string;
  readonly kind: LineageKind;
  readonly allPopulation: boolean;
}

type Column =
  'newProvince' | 'newName' | 'newCode' | 'oldName' | 'oldCode' | 'note' | 'oldDistrict' | 'oldProvince';

const HEADERS: Record<Column, string> = {
  newProvince: 'tinh,thanhpho',
  newName: 'tenxamoi',
  newCode: 'maxamoi',
  oldName: 'tenxacu',
  oldCode: 'maxacu',
  note: 'ghichu',
  oldDistrict: 'quan/huyen',
  oldProvince: 'tinhcu',
};

const DEFAULT_COLUMNS: Record<Column, number> = {
  newProvince: 0,
  newName: 1,
  newCode: 2,
  oldName: 3,
  oldCode: 4,
  note: 5,
  oldDistrict: 6,
  oldProvince: 7,
};

function headerColumns(cells: readonly string[]): Record<Column, number> | null {
  const folded = cells.map(fold);
  if (!folded.includes(HEADERS.newCode) || !folded.includes(HEADERS.oldCode)) return null;
  const columns = { ...DEFAULT_COLUMNS };
  for (const [column, header] of Object.entries(HEADERS) as Array<[Column, string]>) {
    const index = folded.indexOf(header);
    if (index !== -1) columns[column] = index;
  }
  return columns;
}

/** The legal basis of a commune edge into a new province, from the resolutions table. */
export function communeLegalBasis(
  newProvinceCode: string | null,
  resolutions: ReadonlyMap<string, CommuneResolution>,
): { legalBasis: string; legalBasisVerified: boolean } {
  const entry = newProvinceCode ? resolutions.get(newProvinceCode) : undefined;
  if (!entry?.resolution) return { legalBasis: UNVERIFIED_COMMUNE_BASIS, legalBasisVerified: false };
  return { legalBasis: entry.resolution, legalBasisVerified: entry.verified };
}

export function edgeFromRow(
  row: ConversionRow,
  resolutions: ReadonlyMap<string, CommuneResolution>,
): LineageEdge {
  return {
    fromCode: row.oldCode,
    fromValidFrom: BEFORE_RECORDS,
    toCode: row.newCode,
    toValidFrom: REFORM_EFFECTIVE,
    kind: row.kind,
    effective: REFORM_EFFECTIVE,
    ...communeLegalBasis(row.newProvinceCode, resolutions),
    allPopulation: row.allPopulation,
    note: row.note,
  };
}

/** Reports a problem against a conversion row (Vietnamese, English). */
export type RowReport = (row: ConversionRow, vi: string, en: string) => void;

export interface ParsedConversion {
  readonly rows: ConversionRow[];
  readonly edges: LineageEdge[];
  readonly problems: Problem[];
}

/**
 * Pure: conversion CSV text → one row and one lineage edge per old → new pair. Title and header rows
 * and province section titles ("CAO BẰNG") are skipped; every other row that cannot be understood is
 * reported with its line and left out.
 */
export function parseConversionCsv(
  text: string,
  options: { resolutions?: ReadonlyMap<string, CommuneResolution>; file?: string } = {},
): ParsedConversion {
  const file = options.file ?? CONVERSION_FILE;
  const resolutions = options.resolutions ?? new Map<string, CommuneResolution>();
  const rows: ConversionRow[] = [];
  const problems: Problem[] = [];
  const pairs = new Map<string, number>();
  let columns: Record<Column, number> | null = null;

  for (const record of readCsv(text)) {
    const report = (severity: Problem['severity'], vi: string, en: string) =>
      problems.push(problem(file, record.line, severity, { vi, en }, record.raw));
    if (record.defect) {
      report(
        'error',
        'Dòng có dấu nháy kép sai (ô không được đóng đúng); bỏ qua dòng.',
        'Malformed quoting (a quoted cell is not closed properly); row skipped.',
      );
      continue;
    }
    const cells = record.cells.map((c) => tidy(c));
    const filled = cells.filter((c) => c !== '').length;
    if (filled === 0) continue;
    const header = /\d/u.test(record.raw) ? null : headerColumns(cells); // header rows hold no digits
    if (header) {
      columns = header;
      continue;
    }
    if (!columns) {
      if (padCode(cells[DEFAULT_COLUMNS.newCode] ?? '', 5) === null) continue; // title rows above the header
      columns = DEFAULT_COLUMNS;
      report(
        'warning',
        'Không thấy dòng tiêu đề; dùng thứ tự cột mặc định.',
        'No header row found; using the default column order.',
      );
    }
    const cell = (column: Column) => cells[columns![column]] ?? '';
    // A province section title: "CAO BẰNG", "Tỉnh Bắc Ninh (24)" alone on its row.
    if (filled === 1 && cell('newProvince') !== '') continue;

    const rawNewCode = cell('newCode');
    const newCode = padCode(rawNewCode, 5);
    if (!newCode) {
      report(
        'error',
        `Thiếu hoặc sai mã xã mới ("${rawNewCode}"); bỏ qua dòng.`,
        `Missing or invalid new commune code ("${rawNewCode}"); row skipped.`,
      );
      continue;
    }
    const note = cell('note');
    const meaning = readLineageNote(note);
    if (!meaning) {
      report(
        'error',
        `Không hiểu ghi chú "${note}" (cần "Nhập toàn bộ", "Nhập một phần…", "Giữ nguyên"…); bỏ qua dòng.`,
        `Unknown note "${note}" (expected "Nhập toàn bộ", "Nhập một phần…", "Giữ nguyên"…); row skipped.`,
      );
      continue;
    }
    const district = splitNameAndCode(cell('oldDistrict'));
    const oldProvince = splitNameAndCode(cell('oldProvince'));
    const newProvince = splitNameAndCode(cell('newProvince'));
    const oldName = canonicalName(cell('oldName'));
    const rawOldCode = cell('oldCode');
    let oldLevel: ConversionRow['oldLevel'] = 'commune';
    let oldCode = padCode(rawOldCode, 5);
    if (
      rawOldCode === '' &&
      oldName === '' &&
      foldWords(note).startsWith('sap xep toan bo huyen') &&
      district.code
    ) {
      oldLevel = 'district'; // "Sắp xếp toàn bộ huyện Côn Đảo thành đặc khu Côn Đảo": a district without communes
      oldCode = padCode(district.code, 3);
    }
    if (!oldCode) {
      if (rawOldCode === '' && oldName !== '') {
        report(
          'error',
          `Đơn vị cũ "${oldName}" không có mã nên không tạo được quan hệ kế thừa sang ${newCode}; bỏ qua dòng.`,
          `Old unit "${oldName}" has no code, so no lineage edge to ${newCode} can be made; row skipped.`,
        );
      } else {
        report(
          'error',
          `Thiếu hoặc sai mã xã cũ ("${rawOldCode}"); bỏ qua dòng.`,
          `Missing or invalid old commune code ("${rawOldCode}"); row skipped.`,
        );
      }
      continue;
    }
    const pairKey = `${oldCode}>${newCode}`;
    const firstLine = pairs.get(pairKey);
    if (firstLine !== undefined) {
      report(
        'warning',
        `Cặp ${oldCode} → ${newCode} đã có ở dòng ${firstLine}; bỏ qua dòng lặp.`,
        `Pair ${oldCode} → ${newCode} already on line ${firstLine}; duplicate row skipped.`,
      );
      continue;
    }
    pairs.set(pairKey, record.line);
    rows.push({
      line: record.line,
      raw: record.raw,
      newProvinceName: canonicalName(newProvince.name),
      newProvinceCode: newProvince.code ? padCode(newProvince.code, 2) : null,
      newCode,
      newName: canonicalName(cell('newName')),
      oldLevel,
      oldCode,
      oldName,
      oldDistrictCode: district.code ? padCode(district.code, 3) : null,
      oldDistrictName: canonicalName(district.name),
      oldProvinceCode: oldProvince.code ? padCode(oldProvince.code, 2) : null,
      oldProvinceName: canonicalName(oldProvince.name),
      note,
      kind: meaning.kind,
      allPopulation: meaning.allPopulation,
    });
  }
  return { rows, edges: rows.map((row) => edgeFromRow(row, resolutions)), problems };
}
