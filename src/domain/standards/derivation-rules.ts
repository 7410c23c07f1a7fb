// The ways a deficit indicator is derived from member and dwelling facts. Thresholds are parameters from rules/.
import { z } from 'zod';
import { birthYear, isOfWorkingAge } from './age.ts';
import {
  EDUCATION_LEVELS,
  INFORMATION_DEVICES,
  LATRINES,
  WASTE_DISPOSALS,
  WATER_SOURCES,
  type DwellingFacts,
  type HouseholdFacts,
  type MemberFacts,
} from './facts.ts';
import type { WorkingAgeRule } from './types.ts';

/** What a rule sees: the facts, the survey date, and a way to ask for a fact that must be present. */
export interface DerivationContext {
  facts: HouseholdFacts;
  workingAge: WorkingAgeRule;
  /** Ages in completed years on the survey date, one per member. */
  ages: readonly number[];
  member<K extends keyof MemberFacts>(index: number, field: K): MemberFacts[K];
  dwelling<K extends keyof DwellingFacts>(field: K): DwellingFacts[K];
}

export interface DerivationRule<P> {
  params: z.ZodType<P>;
  /** True when the household lacks what the indicator measures (a deficit). */
  isDeficit(ctx: DerivationContext, params: P): boolean;
}

const none = z.object({}).strict();

function anyMember(
  ctx: DerivationContext,
  test: (m: MemberFacts, i: number, age: number) => boolean,
): boolean {
  // Evaluate every member (no short-circuit) so that every missing fact is reported at once.
  let found = false;
  ctx.facts.members.forEach((m, i) => {
    if (test(m, i, ctx.ages[i] ?? 0)) found = true;
  });
  return found;
}

const workingAgeUnemployedOrWithoutContract: DerivationRule<Record<string, never>> = {
  params: none as z.ZodType<Record<string, never>>,
  isDeficit: (ctx) =>
    anyMember(ctx, (m, i) => {
      if (!isOfWorkingAge(ctx.workingAge, m.sex, m.birthDate, ctx.facts.surveyDate)) return false;
      const status = ctx.member(i, 'employment');
      if (status === 'unemployed') return true;
      if (status === 'employed' && m.wageEarner === true) return ctx.member(i, 'labourContract') === false;
      return false;
    }),
};

const dependantRatioAbove: DerivationRule<{ childMaxAgeExclusive: number; maxRatio: number }> = {
  params: z
    .object({ childMaxAgeExclusive: z.number().int().positive(), maxRatio: z.number().min(0).max(1) })
    .strict(),
  isDeficit: (ctx, p) => {
    const dependants = ctx.facts.members.filter(
      (m, i) => (ctx.ages[i] ?? 0) < p.childMaxAgeExclusive || m.monthlySocialAllowance === true,
    ).length;
    return dependants / ctx.facts.members.length > p.maxRatio;
  },
};

const childMalnourished: DerivationRule<{ maxAgeExclusive: number }> = {
  params: z.object({ maxAgeExclusive: z.number().int().positive() }).strict(),
  isDeficit: (ctx, p) =>
    anyMember(ctx, (m, _i, age) => age < p.maxAgeExclusive && (m.stunted === true || m.underweight === true)),
};

const memberWithoutHealthInsurance: DerivationRule<{ minAge: number }> = {
  params: z.object({ minAge: z.number().int().min(0) }).strict(),
  isDeficit: (ctx, p) =>
    anyMember(ctx, (_m, i, age) => age >= p.minAge && ctx.member(i, 'healthInsurance') === false),
};

const educationBand = z
  .object({
    minAge: z.number().int().min(0),
    maxAgeExclusive: z.number().int().positive().optional(),
    bornFromYear: z.number().int().optional(),
    satisfiedBy: z.array(z.enum(EDUCATION_LEVELS)).min(1),
  })
  .strict();

const educationBelowLevelForAge: DerivationRule<{ bands: z.infer<typeof educationBand>[] }> = {
  params: z.object({ bands: z.array(educationBand).min(1) }).strict(),
  isDeficit: (ctx, p) =>
    anyMember(ctx, (m, i, age) => {
      const band = p.bands.find(
        (b) =>
          age >= b.minAge &&
          (b.maxAgeExclusive === undefined || age < b.maxAgeExclusive) &&
          (b.bornFromYear === undefined || birthYear(m.birthDate) >= b.bornFromYear),
      );
      if (!band || ctx.member(i, 'inSchool') !== false) return false;
      const level = ctx.member(i, 'educationLevel');
      return level !== undefined && !band.satisfiedBy.includes(level);
    }),
};

const childNotInSchool: DerivationRule<{ minAge: number; maxAgeExclusive: number }> = {
  params: z
    .object({ minAge: z.number().int().min(0), maxAgeExclusive: z.number().int().positive() })
    .strict(),
  isDeficit: (ctx, p) =>
    anyMember(
      ctx,
      (_m, i, age) => age >= p.minAge && age < p.maxAgeExclusive && ctx.member(i, 'inSchool') === false,
    ),
};

const nonDurableDwellingParts: DerivationRule<{ minParts: number }> = {
  params: z.object({ minParts: z.number().int().min(1).max(3) }).strict(),
  isDeficit: (ctx, p) => {
    const parts = [ctx.dwelling('wall'), ctx.dwelling('columns'), ctx.dwelling('roof')];
    return parts.filter((q) => q === 'non_durable').length >= p.minParts;
  },
};

const floorAreaPerPersonBelow: DerivationRule<{ squareMetres: number }> = {
  params: z.object({ squareMetres: z.number().positive() }).strict(),
  isDeficit: (ctx, p) => {
    const area = ctx.dwelling('floorArea');
    return area !== undefined && area / ctx.facts.members.length < p.squareMetres;
  },
};

const waterSourceNotClean: DerivationRule<{ clean: string[] }> = {
  params: z.object({ clean: z.array(z.enum(WATER_SOURCES)).min(1) }).strict(),
  isDeficit: (ctx, p) => {
    const source = ctx.dwelling('waterSource');
    return source !== undefined && !p.clean.includes(source);
  },
};

const latrineNotHygienic: DerivationRule<{ hygienic: string[] }> = {
  params: z.object({ hygienic: z.array(z.enum(LATRINES)).min(1) }).strict(),
  isDeficit: (ctx, p) => {
    const latrine = ctx.dwelling('latrine');
    return latrine !== undefined && !p.hygienic.includes(latrine);
  },
};

/** "No member uses": one member who does is enough; otherwise every member must have answered. */
function noMemberUses(ctx: DerivationContext, field: 'usesTelecom' | 'usesDigitalServices'): boolean {
  if (ctx.facts.members.some((m) => m[field] === true)) return false;
  ctx.facts.members.forEach((_m, i) => ctx.member(i, field));
  return ctx.facts.members.every((m) => m[field] === false);
}

const noTelecomUse: DerivationRule<Record<string, never>> = {
  params: none as z.ZodType<Record<string, never>>,
  isDeficit: (ctx) => noMemberUses(ctx, 'usesTelecom'),
};

const noDigitalServiceUse: DerivationRule<Record<string, never>> = {
  params: none as z.ZodType<Record<string, never>>,
  isDeficit: (ctx) => noMemberUses(ctx, 'usesDigitalServices'),
};

const noInformationDevice: DerivationRule<{ devices: string[]; loudspeakerCounts: boolean }> = {
  params: z
    .object({ devices: z.array(z.enum(INFORMATION_DEVICES)).min(1), loudspeakerCounts: z.boolean() })
    .strict(),
  isDeficit: (ctx, p) => {
    const owned = ctx.dwelling('informationDevices');
    const loudspeaker = p.loudspeakerCounts ? ctx.dwelling('loudspeaker') : false;
    if (owned === undefined || loudspeaker === undefined) return false;
    return !owned.some((d) => p.devices.includes(d)) && !loudspeaker;
  },
};

const wasteNotTreated: DerivationRule<{ treated: string[] }> = {
  params: z.object({ treated: z.array(z.enum(WASTE_DISPOSALS)).min(1) }).strict(),
  isDeficit: (ctx, p) => {
    const disposal = ctx.dwelling('wasteDisposal');
    return disposal !== undefined && !p.treated.includes(disposal);
  },
};

const memberSickUntreated: DerivationRule<Record<string, never>> = {
  params: none as z.ZodType<Record<string, never>>,
  isDeficit: (ctx) => ctx.facts.members.some((m) => m.sickUntreated === true),
};

/** Every rule a standard's `derive.rule` may name; an unknown name stops the program at load. */
export const DERIVATION_RULES: Readonly<Record<string, DerivationRule<never>>> = {
  working_age_unemployed_or_without_contract: workingAgeUnemployedOrWithoutContract,
  dependant_ratio_above: dependantRatioAbove,
  child_malnourished: childMalnourished,
  member_without_health_insurance: memberWithoutHealthInsurance,
  education_below_level_for_age: educationBelowLevelForAge,
  child_not_in_school: childNotInSchool,
  non_durable_dwelling_parts: nonDurableDwellingParts,
  floor_area_per_person_below: floorAreaPerPersonBelow,
  water_source_not_clean: waterSourceNotClean,
  latrine_not_hygienic: latrineNotHygienic,
  no_telecom_use: noTelecomUse,
  no_digital_service_use: noDigitalServiceUse,
  no_information_device: noInformationDevice,
  waste_not_treated: wasteNotTreated,
  member_sick_untreated: memberSickUntreated,
} as unknown as Record<string, DerivationRule<never>>;
