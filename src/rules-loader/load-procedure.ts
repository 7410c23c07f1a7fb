// Reads rules/review/procedure.yaml and the working calendar (rules/calendar/public-holidays.yaml, every
// edition) and validates them; a bad file stops the program with every problem listed. Which version,
// parameters and calendar edition a round follows is decided from the round (src/domain/review/procedure.ts,
// rulesOfRound), never here: the loader hands over every dated edition, not "today's" rules.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { publicHolidaysSchema } from '../domain/review/calendar.ts';
import { procedureSchema, type Procedure } from '../domain/review/procedure.ts';
import { RuleBookError } from '../domain/standards/build-rule-book.ts';
import { DEFAULT_RULES_DIR } from './load-rule-book.ts';

export function loadProcedure(rulesDir: string = DEFAULT_RULES_DIR): Procedure {
  const procedure = readYaml(join(rulesDir, 'review', 'procedure.yaml'), procedureSchema);
  const holidays = readYaml(join(rulesDir, 'calendar', 'public-holidays.yaml'), publicHolidaysSchema);
  return { ...procedure, holidays };
}

function readYaml<T>(path: string, schema: z.ZodType<T>): T {
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
