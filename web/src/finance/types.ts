// Names for the finance shapes the screens use, taken from the generated OpenAPI types.
import { allOf, type Schemas } from '../api/types.ts';
import type { paths } from '../api/schema.d.ts';

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Get<P extends keyof paths> = paths[P] extends { get: { responses: { 200: infer A } } } ? Json<A> : never;
type Post<P extends keyof paths> = paths[P] extends { post: { responses: infer R } }
  ? R extends { 200: infer A }
    ? Json<A>
    : R extends { 201: infer B }
      ? Json<B>
      : never
  : never;
export type PostBody<P extends keyof paths> = paths[P] extends {
  post: { requestBody: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

export type PlanLine = Get<'/api/finance/plans'>[number];
export type PlanDetail = Get<'/api/finance/plans/{id}'>;
export type Payment = PlanDetail['payments'][number];
export type Disbursement = Get<'/api/finance/disbursement'>;
export type Counterpart = Get<'/api/finance/counterpart'>;
export type Allocation = Post<'/api/finance/allocation/preview'>;
export type AllocationBody = PostBody<'/api/finance/allocation/preview'>;
export type SourceCode = Schemas['SourceCode'];

export const SOURCES = allOf<SourceCode>()([
  'central_investment',
  'central_recurrent',
  'local_counterpart',
  'integrated',
  'policy_credit',
  'people',
]);

/** A programme as /api/finance/programmes gives it (rules/programmes/*.yaml). */
export type Programme = Schemas['Programme'];
export type Sources = Schemas['Sources'];
