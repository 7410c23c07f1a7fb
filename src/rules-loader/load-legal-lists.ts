// Reads rules/legal-lists/*.yaml and checks each against the legal-list schema; a bad file stops the program.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { RuleBookError } from '../domain/standards/build-rule-book.ts';
import { legalListSchema, type LegalList } from '../domain/legal-lists.ts';
import { DEFAULT_RULES_DIR } from './load-rule-book.ts';

export function loadLegalLists(rulesDir: string = DEFAULT_RULES_DIR): LegalList[] {
  const dir = join(rulesDir, 'legal-lists');
  const problems: string[] = [];
  const lists: LegalList[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const shown = relative(process.cwd(), join(dir, file));
    let data: unknown;
    try {
      data = parse(readFileSync(join(dir, file), 'utf8'));
    } catch (e) {
      problems.push(`${shown}: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    const r = legalListSchema.safeParse(data);
    if (r.success) lists.push(r.data);
    else
      for (const i of r.error.issues)
        problems.push(`${shown}: ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  if (problems.length) throw new RuleBookError(problems);
  return lists;
}
