// Corrects conversion rows that carry a neighbouring commune's code (the name shows whose row it is).

import type { ConversionRow, RowReport } from './parse-conversion.ts';
import { fold } from './text.ts';
import type { AdminUnit } from './types.ts';

/**
 * A row's old code is taken as misplaced when the pre-reform list gives that code another name, the
 * code also appears on rows bearing that other name, and this row's name is exactly one commune of the
 * same district: e.g. "Xã Mỹ Hưng, 01615" where 01615 is Xã Hồng Quang (with its own row) and Xã Mỹ
 * Hưng is 01651. Each correction is reported.
 */
export function correctMisplacedCodes(
  rows: readonly ConversionRow[],
  preByCode: ReadonlyMap<string, AdminUnit>,
  warn: RowReport,
): ConversionRow[] {
  const namesOnCode = new Map<string, Set<string>>();
  for (const row of rows) {
    if (row.oldLevel !== 'commune') continue;
    const names = namesOnCode.get(row.oldCode) ?? new Set<string>();
    names.add(fold(row.oldName));
    namesOnCode.set(row.oldCode, names);
  }
  const byDistrictAndName = new Map<string, AdminUnit[]>();
  for (const unit of preByCode.values()) {
    if (unit.level !== 'commune') continue;
    const key = `${unit.parentCode}|${fold(unit.name)}`;
    byDistrictAndName.set(key, [...(byDistrictAndName.get(key) ?? []), unit]);
  }
  const pairs = new Set(rows.map((row) => `${row.oldCode}>${row.newCode}`));
  return rows.map((row) => {
    const listed = row.oldLevel === 'commune' ? preByCode.get(row.oldCode) : undefined;
    if (!listed || fold(listed.name) === fold(row.oldName)) return row;
    if (!namesOnCode.get(row.oldCode)?.has(fold(listed.name))) return row; // the code is not taken by its own name
    const candidates = byDistrictAndName.get(`${listed.parentCode}|${fold(row.oldName)}`) ?? [];
    const [candidate] = candidates;
    if (candidates.length !== 1 || !candidate || pairs.has(`${candidate.code}>${row.newCode}`)) return row;
    warn(
      row,
      `Mã xã cũ ${row.oldCode} là của "${listed.name}" (cũng có dòng riêng), còn tên "${row.oldName}" ứng với xã ${candidate.code} cùng quận/huyện; đã sửa mã thành ${candidate.code}.`,
      `Old code ${row.oldCode} belongs to "${listed.name}" (which has its own rows), while the name "${row.oldName}" is commune ${candidate.code} of the same district; code corrected to ${candidate.code}.`,
    );
    pairs.add(`${candidate.code}>${row.newCode}`);
    return { ...row, oldCode: candidate.code };
  });
}
