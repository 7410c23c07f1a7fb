// Derives a household's deficit indicators from its facts, for one standard (the Phiếu B2 answers, computed).
import { ageInYears } from './age.ts';
import { DERIVATION_RULES, type DerivationContext } from './derivation-rules.ts';
import type { DwellingFacts, HouseholdFacts, MemberFacts } from './facts.ts';
import type { Standard, WorkingAgeRule } from './types.ts';

export type DeriveResult =
  | { ok: true; deficits: string[] }
  /** Facts a rule needed that were not given, as paths like `members[2].healthInsurance`. */
  | { ok: false; missing: string[] };

export function deriveDeficits(
  standard: Standard,
  facts: HouseholdFacts,
  workingAge: WorkingAgeRule,
): DeriveResult {
  const missing = new Set<string>();
  const ages = facts.members.map((m) => ageInYears(m.birthDate, facts.surveyDate));
  const ctx: DerivationContext = {
    facts,
    workingAge,
    ages,
    member<K extends keyof MemberFacts>(index: number, field: K): MemberFacts[K] {
      const value = facts.members[index]?.[field];
      if (value === undefined) missing.add(`members[${index}].${String(field)}`);
      return value as MemberFacts[K];
    },
    dwelling<K extends keyof DwellingFacts>(field: K): DwellingFacts[K] {
      const value = facts.dwelling[field];
      if (value === undefined) missing.add(`dwelling.${String(field)}`);
      return value;
    },
  };
  const deficits: string[] = [];
  for (const indicator of standard.indicators) {
    const rule = DERIVATION_RULES[indicator.derive.rule];
    // The rule book was validated at load, so the rule exists and its params parse.
    if (rule?.isDeficit(ctx, indicator.derive.params as never)) deficits.push(indicator.code);
  }
  return missing.size > 0 ? { ok: false, missing: [...missing].sort() } : { ok: true, deficits };
}
