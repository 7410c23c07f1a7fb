// Every action and record type the server writes to the audit log has a name in both languages, so the audit
// browser never shows an auditor a raw code. Reads the writers' source: a new `action: '…'` without a name fails.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTIONS,
  AUDIT_ENTITIES,
  auditActionName,
  auditEntityName,
} from '../../src/domain/audit/vocabulary.ts';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const code = sources('src').map((f) => readFileSync(f, 'utf8'));
const literals = (re: RegExp) => new Set(code.flatMap((s) => [...s.matchAll(re)].map((m) => m[1]!)));

describe('audit vocabulary', () => {
  it('names every action written with a literal code, and every review-round step', () => {
    const actions = literals(/\baction: '([a-z_.]+)'/g);
    expect(actions.size).toBeGreaterThan(30);
    // Round steps are written as `round.${event.type}`: the event types of the round's union.
    const round = readFileSync('src/domain/review/round.ts', 'utf8');
    const union = round.slice(round.indexOf('export type RoundEvent'));
    for (const m of union.slice(0, union.indexOf(';\n')).matchAll(/type: '([a-z_]+)'/g))
      actions.add(`round.${m[1]}`);
    const unnamed = [...actions].filter((a) => !AUDIT_ACTIONS[a]);
    expect(unnamed).toEqual([]);
  });

  it('names every record type written', () => {
    const entities = literals(/\bentityType: '([a-z_]+)'/g);
    expect(entities.size).toBeGreaterThan(10);
    expect([...entities].filter((e) => !(e in AUDIT_ENTITIES))).toEqual([]);
  });

  it('reads a name in either language, and an unknown code as itself', () => {
    expect(auditActionName('work.update', 'vi')).toBe('Sửa công trình');
    expect(auditActionName('work.update', 'en')).toBe('Work changed');
    expect(auditEntityName('finance_plan_line', 'vi')).toBe('Dòng kế hoạch vốn');
    expect(auditActionName('something.new', 'vi')).toBe('something.new');
    for (const w of [...Object.values(AUDIT_ACTIONS), ...Object.values(AUDIT_ENTITIES)]) {
      expect(w.vi.trim()).not.toBe('');
      expect(w.en.trim()).not.toBe('');
    }
  });
});
