// Reads rules/measures/*.yaml (Alkire–Foster parameters, DHIS2 identifiers) and validates them; a bad
// file stops the program with its problems.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { alkireFosterRuleSchema, type AlkireFosterRule } from '../domain/measures/alkire-foster-rule.ts';
import type { z } from 'zod';
import { dhis2ConfigSchema, type Dhis2Config } from '../domain/measures/dhis2-config.ts';
import { RuleBookError } from '../domain/standards/build-rule-book.ts';
import { DEFAULT_RULES_DIR } from './load-rule-book.ts';

function loadChecked<T>(rulesDir: string, file: string, schema: z.ZodType<T>): T {
  const path = join(rulesDir, 'measures', file);
  const shown = relative(process.cwd(), path);
  let data: unknown;
  try {
    data = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new RuleBookError([`${shown}: ${(e as Error).message.split('\n')[0]}`]);
  }
  const r = schema.safeParse(data);
  if (!r.success)
    throw new RuleBookError(
      r.error.issues.map((i) => `${shown}: ${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  return r.data;
}

export function loadAlkireFosterRule(rulesDir: string = DEFAULT_RULES_DIR): AlkireFosterRule {
  return loadChecked(rulesDir, 'alkire-foster.yaml', alkireFosterRuleSchema);
}

/** The DHIS2 identifiers of the roll-ups (rules/measures/dhis2.yaml). */
export function loadDhis2Config(rulesDir: string = DEFAULT_RULES_DIR): Dhis2Config {
  return loadChecked(rulesDir, 'dhis2.yaml', dhis2ConfigSchema);
}

let cached: AlkireFosterRule | undefined;
/** The rule of the default rules/ directory, loaded once per process. */
export function defaultAlkireFosterRule(): AlkireFosterRule {
  cached ??= loadAlkireFosterRule();
  return cached;
}

let cachedDhis2: Dhis2Config | undefined;
/** The DHIS2 identifiers of the default rules/ directory, loaded once per process. */
export function defaultDhis2Config(): Dhis2Config {
  cachedDhis2 ??= loadDhis2Config();
  return cachedDhis2;
}
