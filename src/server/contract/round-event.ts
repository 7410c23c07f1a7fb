// One step of a review round as the client sends it, built on the domain's events (src/domain/review/
// round.ts). Most are applied exactly as sent; the server completes three: a listing gets the household's
// village, a survey its classification and stored Phiếu B, a report the next level up.
import { z } from 'zod';
import type { RoundEvent as DomainEvent } from '../../domain/review/round.ts';
import { HouseholdClass } from './household-class.ts';
import { isoDate, uuid } from './primitives.ts';
import { AccountOutcome, ListingReason, RecheckOutcome } from './round.ts';

export const RoundEvent = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('list'),
      date: isoDate,
      householdId: uuid,
      reason: ListingReason,
      applicationDate: isoDate.nullable().optional(),
    }),
    z.object({ type: z.literal('close_listing'), date: isoDate }),
    z.object({ type: z.literal('screen'), date: isoDate, householdId: uuid, passed: z.boolean() }),
    z.object({
      type: z.literal('survey'),
      date: isoDate,
      householdId: uuid,
      class: HouseholdClass.optional(),
      assessmentId: uuid
        .optional()
        .describe('A Phiếu B already recorded for the round’s year (found by itself when none is sent)'),
      deficits: z
        .array(z.string().max(60))
        .max(40)
        .optional()
        .describe('With a class and no form: the indicators the household lacks'),
      assessment: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('Phiếu B answers in the shape of POST /api/classify'),
    }),
    z.object({
      type: z.literal('account'),
      date: isoDate,
      householdId: uuid,
      outcome: AccountOutcome,
      effective: isoDate,
      record: z.string().trim().max(500),
    }),
    z.object({
      type: z.literal('meeting'),
      date: isoDate,
      villageId: uuid,
      attendees: z.number().int(),
      votes: z.array(z.object({ householdId: uuid, agree: z.number().int() })).min(1),
      minutesFileId: uuid.nullable().optional(),
    }),
    z.object({ type: z.literal('posting_start'), date: isoDate, villageId: uuid }),
    z.object({ type: z.literal('posting_end'), date: isoDate, villageId: uuid }),
    z.object({
      type: z.literal('complaint'),
      date: isoDate,
      householdId: uuid,
      content: z.string().trim().min(1).max(2000),
    }),
    z.object({
      type: z.literal('recheck'),
      date: isoDate,
      householdId: uuid,
      class: HouseholdClass,
      outcome: RecheckOutcome,
    }),
    z.object({ type: z.literal('recognise'), date: isoDate, decisionNumber: z.string().max(60) }),
    z.object({ type: z.literal('report'), date: isoDate }),
    z.object({ type: z.literal('reopen'), date: isoDate, reason: z.string().max(1000) }),
  ])
  .meta({ id: 'RoundEvent' });

export type SentRoundEvent = z.output<typeof RoundEvent>;

/** The steps the server applies exactly as sent. */
export type AppliedAsSent = Exclude<DomainEvent['type'], 'list' | 'survey' | 'report'>;

// The contract follows the domain: each step applied as sent is the domain's event, field for field, and
// the three completed by the server are the domain's event less what the server adds. A change to the
// domain's events breaks the build here rather than a cast in a route.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Sent<T extends DomainEvent['type']> = Extract<SentRoundEvent, { type: T }>;
type Domain<T extends DomainEvent['type']> = Extract<DomainEvent, { type: T }>;
const followsDomain: {
  types: Same<SentRoundEvent['type'], DomainEvent['type']>;
  asSent: Same<{ [T in AppliedAsSent]: Sent<T> }, { [T in AppliedAsSent]: Domain<T> }>;
  list: Same<Sent<'list'>, Omit<Domain<'list'>, 'villageId'>>;
  survey: Same<
    Omit<Sent<'survey'>, 'assessment' | 'class' | 'assessmentId' | 'deficits'>,
    Omit<Domain<'survey'>, 'assessmentId' | 'class' | 'deficits'>
  >;
  report: Same<Sent<'report'>, Omit<Domain<'report'>, 'to'>>;
} = { types: true, asSent: true, list: true, survey: true, report: true };
void followsDomain;
