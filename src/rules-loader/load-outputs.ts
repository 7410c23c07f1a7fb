// Reads rules/outputs/work-types.yaml and tt10-outputs.yaml and validates them; a bad file stops the program
// with every problem listed by file and field.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import {
  checkOutputsRules,
  outputIndicatorsSchema,
  workTypesSchema,
  type OutputsRules,
} from '../domain/works/catalogue.ts';
import { RuleBookError } from '../domain/standards/build-rule-book.ts';
import { DEFAULT_RULES_DIR } from './load-rule-book.ts';

function read<T>(path: string, schema: z.ZodType<T>, problems: string[]): T | undefined {
  const shown = relative(process.cwd(), path) || path;
  let data: unknown;
  try {
    data = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    problems.push(`${shown}: ${(e as Error).message.split('\n')[0]}`);
    return undefined;
  }
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  for (const i of r.error.issues) problems.push(`${shown}: ${i.path.join('.') || '(root)'}: ${i.message}`);
  return undefined;
}

export function loadOutputsRules(rulesDir: string = DEFAULT_RULES_DIR): OutputsRules {
  const problems: string[] = [];
  const dir = join(rulesDir, 'outputs');
  const workTypes = read(join(dir, 'work-types.yaml'), workTypesSchema, problems);
  const indicators = read(join(dir, 'tt10-outputs.yaml'), outputIndicatorsSchema, problems);
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
