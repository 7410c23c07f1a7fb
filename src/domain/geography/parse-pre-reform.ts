// Parses the pre-reform communes CSV into provinces, districts and communes valid until 2025-06-30.

import { readCsv } from './csv.ts';
import { problem } from './problem.ts';
import { BEFORE_RECORDS, LAST_DAY_BEFORE_REFORM } from './reform.ts';
import { fold, padCode, tidy } from './text.ts';
import type { AdminUnit, Problem, UnitKind } from './types.ts';
import { areaOfKind, canonicalName, communeKindFromLabel, kindFromName } from './unit-kind.ts';

export const PRE_REFORM_FILE = 'communes-2025-01-04-pre-reform.csv';

/** Where a unit was first read: for reporting cross-file problems against the right line. */
export interface UnitOrigin {
  readonly line: number;
  readonly raw: string;
}

export interface ParsedUnits {
  readonly units: AdminUnit[];
  readonly problems: Problem[];
  /** By unit code (codes of different levels differ in width, so they do not collide). */
  readonly origins: Map<string, UnitOrigin>;
}

type Column =
  'provinceName' | 'provinceCode' | 'districtName' | 'districtCode' | 'communeName' | 'communeCode' | 'level';

const HEADERS: Record<Column, string> = {
  provinceName: 'tinhthanhpho',
  provinceCode: 'matp',
  districtName: 'quanhuyen',
  districtCode: 'maqh',
  communeName: 'phuongxa',
  communeCode: 'mapx',
  level: 'cap',
};

const DEFAULT_COLUMNS: Record<Column, number> = {
  provinceName: 0,
  provinceCode: 1,
  districtName: 2,
  districtCode: 3,
  communeName: 4,
  communeCode: 5,
  level: 6,
};

function headerColumns(cells: readonly string[]): Record<Column, number> | null {
  const folded = cells.map(fold);
  const columns = { ...DEFAULT_COLUMNS };
  for (const [column, header] of Object.entries(HEADERS) as Array<[Column, string]>) {
    const index = folded.indexOf(header);
    if (index === -1) return null;
    columns[column] = index;
  }
  return columns;
}

function unit(
  code: string,
  name: string,
  level: AdminUnit['level'],
  kind: UnitKind,
  parentCode: string | null,
): AdminUnit {
  return {
    code,
    name,
    level,
    kind,
    area: areaOfKind(kind),
    validFrom: BEFORE_RECORDS,
    validTo: LAST_DAY_BEFORE_REFORM,
    parentCode,
  };
}

/**
 * Pure: CSV text → provinces, districts and communes valid from `BEFORE_RECORDS` to 2025-06-30.
 * Rows naming a district without a commune (island districts with no commune level) give the district
 * only. Rows that cannot be read become problems; all other rows are still used.
 */
export function parsePreReformCsv(text: string, file = PRE_REFORM_FILE): ParsedUnits {
  const problems: Problem[] = [];
  // `name` is the name cell as first seen: later rows compare to it before any costly folding.
  type Read = { unit: AdminUnit; line: number; raw: string; name: string };
  const provinces = new Map<string, Read>();
  const districts = new Map<string, Read>();
  const communes = new Map<string, Read>();
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
    if (cells.every((c) => c === '')) continue;
    const header = /\d/u.test(record.raw) ? null : headerColumns(cells); // header rows hold no digits
    if (header) {
      columns = header;
      continue;
    }
    if (!columns) {
      columns = DEFAULT_COLUMNS;
      problems.push(
        problem(
          file,
          record.line,
          'warning',
          {
            vi: 'Không thấy dòng tiêu đề; dùng thứ tự cột mặc định (Tỉnh, Mã TP, Quận Huyện, Mã QH, Phường Xã, Mã PX, Cấp).',
            en: 'No header row found; using the default column order (province, code, district, code, commune, code, level).',
          },
          record.raw,
        ),
      );
    }
    const cell = (column: Column) => cells[columns![column]] ?? '';

    const provinceCode = padCode(cell('provinceCode'), 2);
    if (!provinceCode) {
      report(
        'error',
        `Thiếu hoặc sai mã tỉnh ("${cell('provinceCode')}"); bỏ qua dòng.`,
        `Missing or invalid province code ("${cell('provinceCode')}"); row skipped.`,
      );
      continue;
    }
    const districtCode = padCode(cell('districtCode'), 3);
    if (!districtCode) {
      report(
        'error',
        `Thiếu hoặc sai mã quận/huyện ("${cell('districtCode')}"); bỏ qua dòng.`,
        `Missing or invalid district code ("${cell('districtCode')}"); row skipped.`,
      );
      continue;
    }

    let province = provinces.get(provinceCode);
    if (!province) {
      const name = canonicalName(cell('provinceName'));
      const kind = kindFromName(name, 'province');
      if (!kind) {
        report(
          'error',
          `Không nhận ra loại tỉnh từ tên "${name}"; bỏ qua dòng.`,
          `Cannot tell the province type from its name "${name}"; row skipped.`,
        );
        continue;
      }
      province = {
        unit: unit(provinceCode, name, 'province', kind, null),
        line: record.line,
        raw: record.raw,
        name: cell('provinceName'),
      };
      provinces.set(provinceCode, province);
    } else if (
      cell('provinceName') !== province.name &&
      fold(cell('provinceName')) !== fold(province.unit.name)
    ) {
      report(
        'warning',
        `Tỉnh ${provinceCode} có tên khác ("${cell('provinceName')}") với dòng ${province.line} ("${province.unit.name}"); giữ tên đầu tiên.`,
        `Province ${provinceCode} is named differently ("${cell('provinceName')}") from line ${province.line} ("${province.unit.name}"); kept the first name.`,
      );
    }

    let district = districts.get(districtCode);
    if (!district) {
      const name = canonicalName(cell('districtName'));
      const kind = kindFromName(name, 'district');
      if (!kind) {
        report(
          'error',
          `Không nhận ra loại quận/huyện từ tên "${name}"; bỏ qua dòng.`,
          `Cannot tell the district type from its name "${name}"; row skipped.`,
        );
        continue;
      }
      district = {
        unit: unit(districtCode, name, 'district', kind, provinceCode),
        line: record.line,
        raw: record.raw,
        name: cell('districtName'),
      };
      districts.set(districtCode, district);
    } else if (district.unit.parentCode !== provinceCode) {
      report(
        'error',
        `Quận/huyện ${districtCode} thuộc tỉnh ${district.unit.parentCode} ở dòng ${district.line} nhưng tỉnh ${provinceCode} ở đây; bỏ qua dòng.`,
        `District ${districtCode} belongs to province ${district.unit.parentCode} on line ${district.line} but to ${provinceCode} here; row skipped.`,
      );
      continue;
    } else if (
      cell('districtName') !== district.name &&
      fold(cell('districtName')) !== fold(district.unit.name)
    ) {
      report(
        'warning',
        `Quận/huyện ${districtCode} có tên khác ("${cell('districtName')}") với dòng ${district.line}; giữ tên đầu tiên.`,
        `District ${districtCode} is named differently ("${cell('districtName')}") from line ${district.line}; kept the first name.`,
      );
    }

    const rawCommuneCode = cell('communeCode');
    const communeName = canonicalName(cell('communeName'));
    if (rawCommuneCode === '' && communeName === '' && !communeKindFromLabel(cell('level'))) {
      continue; // a district without communes (e.g. Huyện Bạch Long Vĩ, Cấp "Huyện"): the district alone
    }
    const communeCode = padCode(rawCommuneCode, 5);
    if (!communeCode) {
      report(
        'error',
        `Thiếu hoặc sai mã xã ("${rawCommuneCode}") cho "${communeName}"; bỏ qua dòng.`,
        `Missing or invalid commune code ("${rawCommuneCode}") for "${communeName}"; row skipped.`,
      );
      continue;
    }
    if (communeName === '') {
      report(
        'error',
        `Xã ${communeCode} không có tên; bỏ qua dòng.`,
        `Commune ${communeCode} has no name; row skipped.`,
      );
      continue;
    }
    const kind = communeKindFromLabel(cell('level')) ?? kindFromName(communeName, 'commune');
    if (!kind || kind === 'dac_khu') {
      report(
        'error',
        `Không nhận ra cấp "${cell('level')}" của xã ${communeCode}; bỏ qua dòng.`,
        `Unknown level "${cell('level')}" for commune ${communeCode}; row skipped.`,
      );
      continue;
    }
    const seen = communes.get(communeCode);
    if (seen) {
      report(
        'error',
        `Mã xã ${communeCode} đã có ở dòng ${seen.line} ("${seen.unit.name}"); bỏ qua dòng lặp.`,
        `Commune code ${communeCode} already on line ${seen.line} ("${seen.unit.name}"); duplicate row skipped.`,
      );
      continue;
    }
    communes.set(communeCode, {
      unit: unit(communeCode, communeName, 'commune', kind, districtCode),
      line: record.line,
      raw: record.raw,
      name: cell('communeName'),
    });
  }

  const all = [...provinces.values(), ...districts.values(), ...communes.values()];
  const origins = new Map(all.map((read) => [read.unit.code, { line: read.line, raw: read.raw }]));
  return { units: all.map((read) => read.unit), problems, origins };
}
