// The real rule book, and damaged copies of rules/ for the tests that check loading fails clearly.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assess, parseAssessment, type Assessment } from '../../src/domain/standards/assessment.ts';
import { DEFAULT_RULES_DIR, loadRuleBook } from '../../src/rules-loader/load-rule-book.ts';

export const book = loadRuleBook();

/** A fresh copy of rules/ in a temporary directory, with `edit` applied to one of its files. */
export function rulesCopyWith(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gn-rules-'));
  cpSync(DEFAULT_RULES_DIR, dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  return dir;
}

/** Parses and assesses a raw input under its own standard, failing the test on an error. */
export function verdictOf(raw: Record<string, unknown>): Assessment {
  const req = parseAssessment(book, raw);
  if (!req.ok) throw new Error(`parse: ${JSON.stringify(req.error)}`);
  const a = assess(book, req.value);
  if (!a.ok) throw new Error(`assess: ${JSON.stringify(a.error)}`);
  return a.value;
}

export const classOf = (raw: Record<string, unknown>) => verdictOf(raw).verdict.class;
