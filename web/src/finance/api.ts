// The finance calls the screens share (read side), each returning the API's data or throwing ApiError.
import { api, call } from '../api/client.ts';
import type { Programme, Sources } from './types.ts';

export interface Period {
  unit: string;
  from: number;
  to?: number;
  /** ISO date; the server's today when absent. */
  at?: string;
}

export const loadDisbursement = (p: Period) =>
  call(() => api.GET('/api/finance/disbursement', { params: { query: p } }));

export const loadPlans = (p: Period) => call(() => api.GET('/api/finance/plans', { params: { query: p } }));

export const loadPlan = (id: string) =>
  call(() => api.GET('/api/finance/plans/{id}', { params: { path: { id } } }));

export const loadCounterpart = (p: Period) =>
  call(() => api.GET('/api/finance/counterpart', { params: { query: p } }));

let programmes: Promise<{ programmes: Programme[]; sources: Sources }> | null = null;
/** Programmes and sources as rules/ states them, fetched once per page load. */
export function loadProgrammes() {
  programmes ??= call(() => api.GET('/api/finance/programmes')).catch((e: unknown) => {
    programmes = null;
    throw e;
  });
  return programmes;
}

/** The programme a year's plans are read in. */
export const programmeOfYear = (list: Programme[], year: number) =>
  list.find((p) => p.years.from <= year && year <= p.years.to);

/** The projects and sub-projects of a year, as plan codes ("DA1", "DA1.TDA1") with their names. */
export function projectOptions(list: Programme[], year: number) {
  const programme = programmeOfYear(list, year);
  if (!programme) return [];
  return programme.components.flatMap((c) => [
    { code: c.code, name: c.name },
    ...(c.subProjects ?? []).map((s) => ({ code: `${c.code}.${s.code}`, name: s.name })),
  ]);
}
