// Names for the shapes the screens use, all taken from the generated OpenAPI types.
import type { components, paths } from './schema.d.ts';

/** The named shapes of the contract (src/server/contract/), one per concept. */
export type Schemas = components['schemas'];

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Ok<P extends keyof paths, M extends 'get' | 'post' | 'patch'> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: infer A }
    ? Json<A>
    : R extends { 201: infer B }
      ? Json<B>
      : never
  : never;
type Body<P extends keyof paths, M extends 'post' | 'patch'> = paths[P][M] extends {
  requestBody: { content: { 'application/json': infer B } };
}
  ? B
  : paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B
    : never;

export type Me = Ok<'/api/auth/me', 'get'>;
export type Role = Me['role'];
export type Permissions = Me['permissions'];
export type Household = Ok<'/api/households/{householdId}', 'get'>;
export type Member = Household['members'][number];
export type Assessment = Household['assessments'][number];
export type SearchResult = Ok<'/api/households', 'get'>;
export type SearchRow = SearchResult['rows'][number];
export type SearchQuery = NonNullable<paths['/api/households']['get']['parameters']['query']>;
export type HouseholdStatus = NonNullable<SearchQuery['status']>;
export type HouseholdChange = Body<'/api/households/{householdId}', 'patch'>;
export type MemberInput = Body<'/api/households/{householdId}/members', 'post'>['member'];
export type MemberChange = Body<'/api/households/{householdId}/members/{memberNo}', 'patch'>['change'];
export type AssessmentInput = Body<'/api/households/{householdId}/assessments', 'post'>;
export type ClassifyInput = Body<'/api/classify', 'post'>;
export type Verdict = Ok<'/api/classify', 'post'>;
export type Standard = Ok<'/api/standards', 'get'>[number];
export type Indicator = Standard['indicators'][number];
export type Unit = Ok<'/api/units/{code}', 'get'>;
export type ChildUnit = Ok<'/api/units/{code}/children', 'get'>[number];
export type Village = Ok<'/api/villages', 'get'>[number];
export type User = Ok<'/api/users', 'get'>[number];
export type UserInput = Body<'/api/users', 'post'>;
export type UserChange = Body<'/api/users/{userId}', 'patch'>;
export type ScopeInput = UserInput['scopes'][number];
export type AuditPage = Ok<'/api/audit', 'get'>;
export type AuditRow = AuditPage['rows'][number];
export type AuditQuery = NonNullable<paths['/api/audit']['get']['parameters']['query']>;
export type ReportFormat = NonNullable<
  NonNullable<paths['/api/reports/{id}']['get']['parameters']['query']>['format']
>;

export type EducationLevel = NonNullable<MemberInput['educationLevel']>;
export type Employment = NonNullable<MemberInput['employment']>;
export type Sex = NonNullable<MemberInput['sex']>;

/** Lists the values of a union exactly once: a value added on the server breaks the build until listed here. */
export function allOf<T extends string>() {
  return <const L extends readonly T[]>(
    list: L & ([T] extends [L[number]] ? unknown : { missing: Exclude<T, L[number]> }),
  ) => list;
}

export const HOUSEHOLD_STATUSES = allOf<HouseholdStatus>()(['poor', 'near_poor', 'middle', 'not_poor']);
export const ROLES = allOf<Role>()([
  'system_admin',
  'province_officer',
  'commune_officer',
  'village_enumerator',
  'viewer',
  'auditor',
]);
export const SEXES = allOf<Sex>()(['male', 'female']);
export const EMPLOYMENTS = allOf<Employment>()(['employed', 'unemployed', 'not_in_labour_force']);
export const EDUCATION_LEVELS = allOf<EducationLevel>()([
  'none',
  'primary',
  'lower_secondary',
  'upper_secondary',
  'vocational_elementary',
  'vocational_intermediate',
  'college',
  'university',
]);

export type RoundSummary = Ok<'/api/rounds', 'get'>[number];
export type RoundOpenInput = Body<'/api/rounds', 'post'>;
export type Round = Ok<'/api/rounds/{roundId}', 'get'>;
export type RoundHousehold = Round['households'][number];
export type RoundVillage = Round['villages'][number];
export type RoundStep = Round['steps'][number];
export type RoundEvent = Body<'/api/rounds/{roundId}/events', 'post'>['events'][number];
export type RoundResults = Ok<'/api/rounds/{roundId}/results', 'get'>;
export type ResultRow = RoundResults['rows'][number];
export type ResultList = NonNullable<
  NonNullable<paths['/api/rounds/{roundId}/results']['get']['parameters']['query']>['list']
>;
export type RoundFlows = Ok<'/api/rounds/{roundId}/flows', 'get'>;
export type FlowTotals = RoundFlows['totals'];
export type HouseholdClass = Schemas['HouseholdClass'];
export type HouseholdStage = Schemas['HouseholdStage'];
export type RoundStatus = Schemas['RoundStatus'];
export type RoundKind = Schemas['RoundKind'];
export type RecheckOutcome = Schemas['RecheckOutcome'];
export type FlowGroup = Schemas['FlowGroup'];
export type MinutesType = Body<'/api/rounds/{roundId}/files', 'post'>['mimeType'];
export type Area = ClassifyInput['area'];
export type Access = ScopeInput['access'];
export type ReadinessProblem = Schemas['ReadinessProblem'];
export type Transition = Schemas['Transition'];

export const CLASSES = allOf<HouseholdClass>()(['poor', 'near_poor', 'middle', 'not_poor']);
