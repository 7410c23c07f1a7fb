// The Alkire–Foster parameters are data: loaded and checked like the other rules, with their citation.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cutoffFor } from '../../../src/domain/measures/alkire-foster-rule.ts';
import { RuleBookError } from '../../../src/domain/standards/build-rule-book.ts';
import { FIGURE_GROUPS } from '../../../src/domain/measures/figures-csv.ts';
import { loadAlkireFosterRule, loadDhis2Config } from '../../../src/rules-loader/load-measures.ts';

function rulesDirWith(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'af-rule-'));
  mkdirSync(join(dir, 'measures'));
  writeFileSync(join(dir, 'measures', 'alkire-foster.yaml'), yaml);
  return dir;
}

const head = 'citation: x\ncitationEn: y\nverified: false\nweighting: equal\n';

describe('Alkire–Foster rule', () => {
  it('the shipped rule: equal weights, k = 3 of 12, unverified, with a citation', () => {
    const rule = loadAlkireFosterRule();
    expect(rule).toMatchObject({ weighting: 'equal', cutoff: { k: 3, of: 12 }, verified: false });
    expect(rule.citation).toContain('Alkire');
    expect(cutoffFor(rule, 'ND07_2021')).toBe(3);
  });
  it('a per-standard cut-off overrides the default', () => {
    const rule = loadAlkireFosterRule(
      rulesDirWith(`${head}cutoff: { k: 3, of: 12 }\nstandards: { QD59_2015: { k: 2 } }\n`),
    );
    expect([cutoffFor(rule, 'QD59_2015'), cutoffFor(rule, 'ND07_2021')]).toEqual([2, 3]);
  });
  it('refuses k above the number of indicators, unknown weightings and missing citations, naming the field', () => {
    const problems = (yaml: string) => {
      try {
        loadAlkireFosterRule(rulesDirWith(yaml));
      } catch (e) {
        expect(e).toBeInstanceOf(RuleBookError);
        return (e as RuleBookError).message;
      }
      return '';
    };
    expect(problems(`${head}cutoff: { k: 13, of: 12 }\n`)).toMatch(/cutoff.*k must not exceed/u);
    expect(problems(`${head.replace('equal', 'custom')}cutoff: { k: 3, of: 12 }\n`)).toMatch(/weighting/u);
    expect(problems('verified: false\nweighting: equal\ncutoff: { k: 3, of: 12 }\n')).toMatch(/citation/u);
  });
  it('the DHIS2 identifiers map every figure group and the three data elements', () => {
    const config = loadDhis2Config();
    expect(config.verified).toBe(false);
    expect(Object.keys(config.categoryOptionCombos).sort()).toEqual([...FIGURE_GROUPS].sort());
    expect(Object.keys(config.dataElements).sort()).toEqual(['households', 'near_poor', 'poor']);
  });
});
