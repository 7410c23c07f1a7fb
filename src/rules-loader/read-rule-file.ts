// One rules file read and validated: a YAML file against its schema, every problem collected (file and field)
// rather than thrown, so that a loader reports all of a directory's problems at once.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';

export function readRuleFile<T>(path: string, schema: z.ZodType<T>, problems: string[]): T | undefined {
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
