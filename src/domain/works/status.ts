// The state of a work on a day, derived from its dates and progress and never stored, so it cannot go stale.
export const WORK_STATUSES = ['planned', 'in_progress', 'completed', 'accepted'] as const;
export type WorkStatus = (typeof WORK_STATUSES)[number];

export const WORK_STATUS_NAMES: Record<WorkStatus, { vi: string; en: string }> = {
  planned: { vi: 'Chưa khởi công', en: 'Planned' },
  in_progress: { vi: 'Đang thi công', en: 'In progress' },
  completed: { vi: 'Hoàn thành', en: 'Completed' },
  accepted: { vi: 'Đã nghiệm thu, bàn giao', en: 'Accepted' },
};

export interface WorkDates {
  progressPct: number;
  startDate: string | null;
  completionDate: string | null;
  acceptanceDate: string | null;
}

/**
 * Accepted once the acceptance date has come; completed once the completion date has come or progress
 * reached 100 %; in progress once started (a start date reached, or some progress reported); else planned.
 * Dates after `on` do not count yet: a work can be read as it stood on an earlier report date.
 */
export function workStatus(w: WorkDates, on: string): WorkStatus {
  const reached = (d: string | null) => d !== null && d <= on;
  if (reached(w.acceptanceDate)) return 'accepted';
  if (reached(w.completionDate) || w.progressPct >= 100) return 'completed';
  if (reached(w.startDate) || w.progressPct > 0) return 'in_progress';
  return 'planned';
}

/**
 * Whether a work belongs on the tiles of `year`: planned for that year or earlier (or started by its end),
 * and not accepted before it began. A work begun in an earlier year still counts until it is handed over;
 * one handed over in an earlier year no longer does, so the tiles of 2026 are not swelled by 2022's works.
 */
export function workInYear(w: WorkDates & { planYear: number | null }, year: number): boolean {
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  const begun =
    (w.planYear !== null && w.planYear <= year) || (w.startDate !== null && w.startDate <= yearEnd);
  const undated = w.planYear === null && w.startDate === null;
  const handedOverBefore = w.acceptanceDate !== null && w.acceptanceDate < yearStart;
  return (begun || undated) && !handedOverBefore;
}
