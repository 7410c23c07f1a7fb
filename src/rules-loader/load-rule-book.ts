// Reads rules/ from disk (the only place that does) and hands the documents to the pure rule-book builder.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  buildRuleBook,
  RuleBookError,
  type RulesDocument,
  type RulesSources,
} from '../domain/standards/build-rule-book.ts';
import type { RuleBook } from '../domain/standards/types.ts';

export const DEFAULT_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

function readYaml(path: string, problems: string[]): RulesDocument {
  const shown = relative(process.cwd(), path) || path;
  try {
    return { path: shown, data: parse(readFileSync(path, 'utf8')) };
  } catch (e) {
    problems.push(`${shown}: ${(e as Error).message.split('\n')[0]}`);
    return { path: shown, data: undefined };
  }
}

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(dir, f));

export interface LoadOptions {
  rulesDir?: string;
  /** More local standards, e.g. from `--standards-file`. */
  extraLocalStandardFiles?: string[];
}

/** The documents each loaded rule book was built from: a field device builds the same book from them. */
const sourcesOfBook = new WeakMap<RuleBook, RulesSources>();

export function loadRuleBook(options: LoadOptions = {}): RuleBook {
  const dir = options.rulesDir ?? DEFAULT_RULES_DIR;
  const problems: string[] = [];
  const docs = {
    indicators: readYaml(join(dir, 'indicators.yaml'), problems),
    standards: yamlFiles(join(dir, 'standards')).map((f) => readYaml(f, problems)),
    localStandards: [...yamlFiles(join(dir, 'local')), ...(options.extraLocalStandardFiles ?? [])].map((f) =>
      readYaml(f, problems),
    ),
    reviewYears: readYaml(join(dir, 'review-years.yaml'), problems),
    workingAge: readYaml(join(dir, 'labour', 'retirement-age.yaml'), problems),
  };
  if (problems.length > 0) throw new RuleBookError(problems);
  const book = buildRuleBook(docs);
  sourcesOfBook.set(book, docs);
  return book;
}

/**
 * The documents `book` was built from, so that an offline device classifies with the very rules the server
 * uses (the pure builder runs there too); those of the default rules/ directory for a book built elsewhere.
 */
export function ruleSourcesOf(book: RuleBook): RulesSources {
  return sourcesOfBook.get(book) ?? sourcesOfBook.get(defaultRuleBook())!;
}

let cached: RuleBook | undefined;
/** The rule book of the default rules/ directory, loaded once per process. */
export function defaultRuleBook(): RuleBook {
  cached ??= loadRuleBook();
  return cached;
}
