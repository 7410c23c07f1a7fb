// Checks of conversion rows against the pre-reform list: units missing from it, mismatched columns.

import type { ConversionRow, RowReport } from './parse-conversion.ts';
import { BEFORE_RECORDS, LAST_DAY_BEFORE_REFORM } from './reform.ts';
import type { AdminUnit } from './types.ts';
import { areaOfKind, kindFromName } from './unit-kind.ts';

/**
 * A commune known only from the conversion table (formed between the 2025-01-04 list and the reform),
 * rebuilt from its row; null when the row lacks a known district or a commune type.
 */
export function interimUnit(row: ConversionRow, preByCode: ReadonlyMap<string, AdminUnit>): AdminUnit | null {
  const district = row.oldDistrictCode ? preByCode.get(row.oldDistrictCode) : undefined;
  const kind = kindFromName(row.oldName, 'commune');
  if (!district || district.level !== 'district' || !kind || kind === 'dac_khu') return null;
  return {
    code: row.oldCode,
    name: row.oldName,
    level: 'commune',
    kind,
    area: areaOfKind(kind),
    validFrom: BEFORE_RECORDS,
    validTo: LAST_DAY_BEFORE_REFORM,
    parentCode: district.code,
  };
}

/** Warns when the row's old district or province column disagrees with the pre-reform list. */
export function crossCheckOldColumns(
  row: ConversionRow,
  old: AdminUnit | undefined,
  preByCode: ReadonlyMap<string, AdminUnit>,
  warn: RowReport,
): void {
  if (!old) return;
  const district =
    old.level === 'district' ? old : old.parentCode ? preByCode.get(old.parentCode) : undefined;
  if (old.level === 'commune' && row.oldDistrictCode && row.oldDistrictCode !== old.parentCode) {
    warn(
      row,
      `Dòng ghi quận/huyện cũ ${row.oldDistrictCode} nhưng xã ${old.code} thuộc ${old.parentCode} theo danh sách trước cải cách; dùng ${old.parentCode}.`,
      `Row says old district ${row.oldDistrictCode} but commune ${old.code} is in ${old.parentCode} in the pre-reform list; used ${old.parentCode}.`,
    );
  }
  if (district && row.oldProvinceCode && row.oldProvinceCode !== district.parentCode) {
    warn(
      row,
      `Dòng ghi tỉnh cũ "${row.oldProvinceName} (${row.oldProvinceCode})" nhưng ${district.name} (${district.code}) thuộc tỉnh ${district.parentCode}; dùng ${district.parentCode}.`,
      `Row says old province "${row.oldProvinceName} (${row.oldProvinceCode})" but ${district.name} (${district.code}) is in province ${district.parentCode}; used ${district.parentCode}.`,
    );
  }
}
