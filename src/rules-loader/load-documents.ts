// Reads rules/documents/*.yaml (a certificate's validity, the school ages of the tuition list) and validates
// them; a bad file stops the program with every problem listed by file and field.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import {
  certificateValiditySchema,
  schoolAgesSchema,
  type HandoutRules,
} from '../domain/documents/handouts.ts';
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

export function loadHandoutRules(rulesDir: string = DEFAULT_RULES_DIR): HandoutRules {
  const problems: string[] = [];
  const dir = join(rulesDir, 'documents');
  const validity = read(join(dir, 'certificate-validity.yaml'), certificateValiditySchema, problems);
  const schoolAges = read(join(dir, 'school-ages.yaml'), schoolAgesSchema, problems);
  if (!validity || !schoolAges) throw new RuleBookError(problems);
  return { validity, schoolAges };
}

let cached: HandoutRules | undefined;
/** The handout rules of the default rules/ directory, loaded once per process. */
export function defaultHandoutRules(): HandoutRules {
  cached ??= loadHandoutRules();
  return cached;
}
