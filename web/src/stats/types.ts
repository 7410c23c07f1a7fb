// Names for the shapes the statistics screens use, taken from the generated OpenAPI types.
import { allOf, type Schemas } from '../api/types.ts';
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
export type FigureGroup = Schemas['FigureGroup'];
export const FIGURE_GROUPS = allOf<FigureGroup>()([
  'all',
  'ethnic_minority',
  'poor_districts',
  'urban',
  'rural',
]);

export type Verdict = Schemas['TargetVerdict'];
/** One year of GET /api/figures/progress. */
export type ProgressEntry = Schemas['ProgressEntry'];
