// Reads rules/programmes/*.yaml and rules/finance/*.yaml and validates them; a bad file stops the program
// with every problem listed by file and field.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  allocationCoefficientsSchema,
  checkProgrammes,
  counterpartMinimumSchema,
  milestonesSchema,
  programmeSchema,
  sourcesSchema,
  type FinanceRules,
  type Programme,
} from '../domain/finance/programmes.ts';
import { RuleBookError } from '../domain/standards/build-rule-book.ts';
import { DEFAULT_RULES_DIR } from './load-rule-book.ts';
import { readRuleFile } from './read-rule-file.ts';

/** Where the counterpart parameter lives, for messages that tell a province what to set. */
export const COUNTERPART_FILE = 'rules/finance/counterpart-minimum.yaml';

export function loadFinanceRules(rulesDir: string = DEFAULT_RULES_DIR): FinanceRules {
  const problems: string[] = [];
  const dir = join(rulesDir, 'programmes');
  const programmes = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readRuleFile(join(dir, f), programmeSchema, problems))
    .filter((p): p is Programme => p !== undefined);
  problems.push(...checkProgrammes(programmes).map((p) => `${relative(process.cwd(), dir)}: ${p}`));
  const fin = join(rulesDir, 'finance');
  const sources = readRuleFile(join(fin, 'sources.yaml'), sourcesSchema, problems);
  const counterpartMinimum = readRuleFile(
    join(fin, 'counterpart-minimum.yaml'),
    counterpartMinimumSchema,
    problems,
  );
  const allocation = readRuleFile(
    join(fin, 'allocation-coefficients.yaml'),
    allocationCoefficientsSchema,
    problems,
  );
  const milestones = readRuleFile(join(fin, 'disbursement-milestones.yaml'), milestonesSchema, problems);
  if (problems.length || !sources || !counterpartMinimum || !allocation || !milestones)
    throw new RuleBookError(problems);
  return {
    programmes: programmes.sort((a, b) => a.years.from - b.years.from),
    sources,
    counterpartMinimum,
    allocation,
    milestones,
  };
}

let cached: FinanceRules | undefined;
/** The finance rules of the default rules/ directory, loaded once per process. */
export function defaultFinanceRules(): FinanceRules {
  cached ??= loadFinanceRules();
  return cached;
}
