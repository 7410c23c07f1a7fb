// How much database time each kind of request may spend (its statement timeout), decided from the method
// and the route pattern alone. Longer work (reports, files in and out) gets more; a plain read 5 s.

export type RequestKind = 'read' | 'search' | 'write' | 'report' | 'transfer';

/** statement_timeout by kind, in milliseconds. */
export type Budgets = Record<RequestKind, number>;

export const DEFAULT_BUDGETS: Readonly<Budgets> = Object.freeze({
  /** A page of records, a household, who am I. */
  read: 5_000,
  /** Searches over the whole scope, figures, the audit trail, maps, the dashboard. */
  search: 15_000,
  /** A change: a form, a step of a round. */
  write: 10_000,
  /** Reports and the documents of a round (PDF, spreadsheets). */
  report: 60_000,
  /** Imports, exports and offline sync: files in and out. */
  transfer: 300_000,
});

const TRANSFER = [
  /\/imports(\/|$)/,
  /\/import$/,
  /\/odk-submissions$/,
  /\/opening-list$/,
  /\/field\/(snapshot|sync)$/,
  /\/csv$/,
  /\/dhis2$/,
  /\.xlsx$/,
  /\/xlsform$/,
  /\/photos(\/|$)/,
  /\/files(\/|$)/,
];
const REPORT = [/\/reports(\/|$)/, /\/outputs(\/|$)/, /\/documents\//, /\.pdf$/];
const SEARCH = [
  /^\/api\/households$/,
  /^\/api\/audit$/,
  /^\/api\/duplicates\//,
  /^\/api\/figures(\/|$)/,
  /^\/api\/dashboard\//,
  /^\/api\/maps(\/|$)/,
  /^\/api\/finance\/(disbursement|counterpart|tiles)$/,
];

/** The kind of a request by its method and route pattern (`/api/households/:householdId`, not the URL). */
export function requestKind(method: string, route: string): RequestKind {
  if (TRANSFER.some((r) => r.test(route))) return 'transfer';
  if (REPORT.some((r) => r.test(route))) return 'report';
  if (method !== 'GET' && method !== 'HEAD') return 'write';
  if (SEARCH.some((r) => r.test(route))) return 'search';
  return 'read';
}

/** Budgets from the environment (STATEMENT_TIMEOUT_<KIND>_MS), the defaults otherwise. */
export function budgetsFromEnv(env: NodeJS.ProcessEnv): Budgets {
  const budgets: Budgets = { ...DEFAULT_BUDGETS };
  for (const kind of Object.keys(budgets) as RequestKind[]) {
    const value = env[`STATEMENT_TIMEOUT_${kind.toUpperCase()}_MS`];
    if (value === undefined || value === '') continue;
    const ms = Number(value);
    if (!Number.isInteger(ms) || ms < 0) {
      throw new Error(
        `STATEMENT_TIMEOUT_${kind.toUpperCase()}_MS: ${value} is not a whole number of milliseconds`,
      );
    }
    budgets[kind] = ms;
  }
  return budgets;
}
