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
