// Names for the works, production project and output shapes the screens use, from the generated OpenAPI types.
import type { paths } from '../../api/schema.d.ts';
import { allOf } from '../../api/types.ts';

type PhotoBody = NonNullable<
  paths['/api/works/{id}/photos']['post']['requestBody']
>['content']['application/json'];
export type PhotoType = PhotoBody['mimeType'];

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Get<P extends keyof paths> = paths[P] extends { get: { responses: { 200: infer A } } } ? Json<A> : never;

export type WorkList = Get<'/api/works'>;
export type Work = WorkList['rows'][number];
export type WorkDetail = Get<'/api/works/{id}'>;
export type WorkStatus = Work['status'];
export type Photo = Get<'/api/works/{id}/photos'>[number];
export type ProductionProject = Get<'/api/production-projects'>['rows'][number];
export type Participants = Get<'/api/production-projects/{id}/households'>;
export type Outputs = Get<'/api/outputs'>;
export type OutputLine = Outputs['rows'][number];
export type Tiles = Get<'/api/finance/tiles'>;

export const WORK_STATUSES = allOf<WorkStatus>()(['planned', 'in_progress', 'completed', 'accepted']);
export const STATUS_COLORS: Record<WorkStatus, string> = {
  planned: 'default',
  in_progress: 'processing',
  completed: 'success',
  accepted: 'green',
};
