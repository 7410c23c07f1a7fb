// Names for the shapes the statistics screens use, taken from the generated OpenAPI types.
import type { paths } from '../api/schema.d.ts';

type Ok<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer T } } } };
}
  ? T
  : never;

export type FigureSeries = Ok<'/api/figures'>;
export type Figure = FigureSeries['figures'][number];
export type FigureBreak = FigureSeries['breaks'][number];
export type ChildFigure = Ok<'/api/figures/children'>[number];
export type Measures = Ok<'/api/figures/measures'>;
export type ReviewProgress = Ok<'/api/dashboard/review-progress'>;
export type ChildrenMap = Ok<'/api/maps/children'>;
export type FigureGroup = NonNullable<
  NonNullable<paths['/api/figures']['get']['parameters']['query']>['group']
>;
export const FIGURE_GROUPS: readonly FigureGroup[] = [
  'all',
  'ethnic_minority',
  'poor_districts',
  'urban',
  'rural',
];

export type Verdict = 'not_met' | 'met' | 'exceeded';

/** One year of GET /api/figures/progress (the route types it loosely; this is its documented shape). */
export interface ProgressEntry {
  unit: string;
  group: string;
  year: number;
  standard: string;
  start: number;
  end: number;
  change: number;
  target: { lower: number | null; upper: number | null } | null;
  verdict: Verdict | null;
  sentence: { vi: string; en: string };
  sources?: { start: string; end: string };
  differences?: { year: number; derived: number; entered: number }[];
}
