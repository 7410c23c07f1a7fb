// Reads rules/documents/*.yaml (a certificate's validity, the school ages of the tuition list) and validates
// them; a bad file stops the program with every problem listed by file and field.
import { join } from 'node:path';
import {
  certificateValiditySchema,
  schoolAgesSchema,
  type HandoutRules,
} from '../domain/documents/handouts.ts';
import { RuleBookError } from '../domain/standards/build-rule-book.ts';
import { DEFAULT_RULES_DIR } from './load-rule-book.ts';
import { readRuleFile } from './read-rule-file.ts';

export function loadHandoutRules(rulesDir: string = DEFAULT_RULES_DIR): HandoutRules {
  const problems: string[] = [];
  const dir = join(rulesDir, 'documents');
  const validity = readRuleFile(join(dir, 'certificate-validity.yaml'), certificateValiditySchema, problems);
  const schoolAges = readRuleFile(join(dir, 'school-ages.yaml'), schoolAgesSchema, problems);
  if (!validity || !schoolAges) throw new RuleBookError(problems);
  return { validity, schoolAges };
}

let cached: HandoutRules | undefined;
/** The handout rules of the default rules/ directory, loaded once per process. */
export function defaultHandoutRules(): HandoutRules {
  cached ??= loadHandoutRules();
  return cached;
}
