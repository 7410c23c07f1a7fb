// Dates and legal references of the 1 July 2025 reform, and the "before our records" sentinel.

import type { IsoDate } from './types.ts';

/** First day of the two-tier system (province → commune); Nghị quyết 202/2025/QH15. */
export const REFORM_EFFECTIVE: IsoDate = '2025-07-01';

/** Last day of the three-tier system (province → district → commune). */
export const LAST_DAY_BEFORE_REFORM: IsoDate = '2025-06-30';

/**
 * `validFrom` of units whose creation date is not in our records: the pre-reform list is a snapshot
 * (2025-01-04) and says nothing about when each unit was created. Read it as "valid since some date
 * before our records begin"; answers for dates before the snapshot assume the snapshot's units.
 */
export const BEFORE_RECORDS: IsoDate = '1900-01-01';

/** The date of the pre-reform list (danh mục hành chính) we load. */
export const PRE_REFORM_SNAPSHOT: IsoDate = '2025-01-04';

/** Legal basis of the province merger, 63 → 34 provinces. */
export const PROVINCE_MERGER_BASIS = 'Nghị quyết 202/2025/QH15';

/** Legal basis used for commune edges while a province's UBTVQH resolution is unknown or unverified. */
export const UNVERIFIED_COMMUNE_BASIS =
  'Nghị quyết của UBTVQH về sắp xếp đơn vị hành chính cấp xã năm 2025 (số hiệu chưa xác minh)';

/**
 * The next calendar day, for stores that keep validity half-open (`valid_to` = first day no longer
 * valid): a unit here valid to 2025-06-30 inclusive is valid there until 2025-07-01 exclusive.
 */
export function dayAfter(date: IsoDate): IsoDate {
  const [year, month, day] = date.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined || !/^\d{4}-\d{2}-\d{2}$/u.test(date)) {
    throw new RangeError(`Not an ISO date (YYYY-MM-DD): "${date}"`);
  }
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}
