// Reads rules/measures/alkire-foster.yaml and validates it; a bad file stops the program with its problems.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { alkireFosterRuleSchema, type AlkireFosterRule } from '../domain/measures/alkire-foster-rule.ts';
import { RuleBookError } from '../domain/standards/build-rule-book.ts';
import { DEFAULT_RULES_DIR } from './load-rule-book.ts';

export function loadAlkireFosterRule(rulesDir: string = DEFAULT_RULES_DIR): AlkireFosterRule {
  const path = join(rulesDir, 'measures', 'alkire-foster.yaml');
  const shown = relative(process.cwd(), path);
  let data: unknown;
  try {
    data = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new RuleBookError([`${shown}: ${(e as Error).message.split('\n')[0]}`]);
  }
  const r = alkireFosterRuleSchema.safeParse(data);
  if (!r.success)
    throw new RuleBookError(
      r.error.issues.map((i) => `${shown}: ${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  return r.data;
}

let cached: AlkireFosterRule | undefined;
/** The rule of the default rules/ directory, loaded once per process. */
export function defaultAlkireFosterRule(): AlkireFosterRule {
  cached ??= loadAlkireFosterRule();
  return cached;
}
