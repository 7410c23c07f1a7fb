// Reads rules/outputs/work-types.yaml and tt10-outputs.yaml and validates them; a bad file stops the program
// with every problem listed by file and field.
import { join } from 'node:path';
import {
  checkOutputsRules,
  outputIndicatorsSchema,
  workTypesSchema,
  type OutputsRules,
} from '../domain/works/catalogue.ts';
import { RuleBookError } from '../domain/standards/build-rule-book.ts';
import { DEFAULT_RULES_DIR } from './load-rule-book.ts';
import { readRuleFile } from './read-rule-file.ts';

export function loadOutputsRules(rulesDir: string = DEFAULT_RULES_DIR): OutputsRules {
  const problems: string[] = [];
  const dir = join(rulesDir, 'outputs');
  const workTypes = readRuleFile(join(dir, 'work-types.yaml'), workTypesSchema, problems);
  const indicators = readRuleFile(join(dir, 'tt10-outputs.yaml'), outputIndicatorsSchema, problems);
  if (!workTypes || !indicators) throw new RuleBookError(problems);
  const rules = { workTypes, indicators };
  const more = checkOutputsRules(rules);
  if (more.length) throw new RuleBookError(more);
  return rules;
}

let cached: OutputsRules | undefined;
/** The outputs rules of the default rules/ directory, loaded once per process. */
export function defaultOutputsRules(): OutputsRules {
  cached ??= loadOutputsRules();
  return cached;
}
