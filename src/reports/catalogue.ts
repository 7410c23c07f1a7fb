// Every report the system produces, by id: titles, described parameters and the builder. Statistics
// reports are listed first, finance reports (src/reports/finance/**) after them.
import type { ReportEntry } from './definition.ts';
import { deficitsReport } from './statistics/deficits.ts';
import { flowsReport } from './statistics/flows.ts';
import { progressReportEntry } from './statistics/progress.ts';
import { publicTableReport } from './statistics/public-table.ts';
import { reviewResultsReport } from './statistics/review-results.ts';
import { monitoringReport } from './tt10/monitoring.ts';
import { allocationReport } from './finance/allocation.ts';
import { disbursementReportEntry } from './finance/disbursement.ts';
import { fundsReport } from './finance/funds.ts';
import { outputsReport } from './finance/outputs.ts';
import { worksReport } from './finance/works.ts';

export const REPORTS: readonly ReportEntry[] = [
  reviewResultsReport,
  deficitsReport,
  flowsReport,
  progressReportEntry,
  monitoringReport,
  publicTableReport,
  // Finance reports (works-backend) are added below this line.
  fundsReport,
  allocationReport,
  disbursementReportEntry,
  worksReport,
  outputsReport,
] as unknown as readonly ReportEntry[];

export function reportById(id: string): ReportEntry | undefined {
  return REPORTS.find((r) => r.id === id);
}

export type { ReportContext, ReportEntry } from './definition.ts';
export { defineReport, ReportParameterError } from './definition.ts';
