// Loading rules/: the shipped files are valid and cited; a damaged copy stops the program with a clear message.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RuleBookError } from '../../../src/domain/standards/build-rule-book.ts';
import { loadRuleBook } from '../../../src/rules-loader/load-rule-book.ts';
import { book, rulesCopyWith } from '../../support/rules.ts';

function problemsOf(dir: string, extra: string[] = []): string[] {
  try {
    loadRuleBook({ rulesDir: dir, extraLocalStandardFiles: extra });
  } catch (e) {
    if (e instanceof RuleBookError) return e.problems;
    throw e;
  }
  throw new Error('expected the rule book to be refused');
}

describe('the shipped rule book', () => {
  it('has the three national standards with the indicator counts of the law', () => {
    expect([...book.standards.keys()].sort()).toEqual(['ND07_2021', 'ND351_2025', 'QD59_2015']);
    expect(book.standards.get('QD59_2015')!.indicators).toHaveLength(10);
    expect(book.standards.get('ND07_2021')!.indicators).toHaveLength(12);
    expect(book.standards.get('ND351_2025')!.indicators).toHaveLength(12);
  });
  it('every parameter and indicator carries a citation and a verified flag', () => {
    for (const s of book.standards.values()) {
      const params = [
        ...Object.values(s.parameters.povertyLine),
        ...Object.values(s.parameters.nearPoorLine ?? {}),
        ...Object.values(s.parameters.middleUpperLine ?? {}),
        s.parameters.deficitThreshold,
      ];
      for (const p of params) {
        expect(p.citation.length).toBeGreaterThan(5);
        expect(typeof p.verified).toBe('boolean');
      }
      for (const i of s.indicators) {
        expect(i.citation.length).toBeGreaterThan(5);
        expect(typeof i.derive.verified).toBe('boolean');
      }
    }
  });
  it('flags what standards.md marks unverified: ND351 middle band, QD59 rural near-poor score, derivation thresholds', () => {
    expect(book.standards.get('ND351_2025')!.parameters.middleUpperLine!.rural.verified).toBe(false);
    // QĐ 59 score A (TT 14/2018/TT-BLĐTBXH): the poor cut-offs and the urban band are verified, the rural
    // near-poor cut-off is not.
    const qd59 = book.standards.get('QD59_2015')!.parameters.scoreA!;
    expect([
      qd59.povertyCutoff.rural.value,
      qd59.povertyCutoff.urban.value,
      qd59.nearPoorCutoff!.urban.value,
    ]).toEqual([120, 140, 175]);
    expect(qd59.povertyCutoff.rural).toMatchObject({
      verified: true,
      citation: expect.stringContaining('TT 14/2018/TT-BLĐTBXH'),
    });
    expect(qd59.povertyCutoff.urban.verified).toBe(true);
    expect(qd59.nearPoorCutoff!.urban.verified).toBe(true);
    expect(qd59.nearPoorCutoff!.rural.verified).toBe(false);
    expect(book.standards.get('ND07_2021')!.parameters.povertyLine.rural.verified).toBe(true);
    expect(book.standards.get('ND07_2021')!.indicators.every((i) => !i.derive.verified)).toBe(true);
  });
  it('ND351_2025 (2027–2030): the NĐ 07 rule with 3 deficits, the new indicators, one water–sanitation–waste dimension', () => {
    const nd351 = book.standards.get('ND351_2025')!;
    expect(nd351.rule).toBe('single_line');
    expect(nd351.parameters.deficitThreshold).toMatchObject({ value: 3, verified: true });
    expect(nd351.parameters.nearPoorLine).toBeUndefined();
    const codes = nd351.indicators.map((i) => i.code);
    expect(codes).not.toContain('information_devices');
    expect(codes).toEqual(expect.arrayContaining(['digital_services', 'waste']));
    const dimensionOf = (code: string) => nd351.indicators.find((i) => i.code === code)!.dimension;
    expect(new Set(['water', 'sanitation', 'waste'].map((c) => JSON.stringify(dimensionOf(c)))).size).toBe(1);
    expect(dimensionOf('waste').code).toBe('water_sanitation');
    // Whether the decree defines a middle band is unknown.
    expect(nd351.parameters.middleUpperLine!.urban.verified).toBe(false);
  });
  it('the 2021 review was also run under ND07_2021', () => {
    expect(book.reviewYears.find((r) => r.from <= 2021 && r.to >= 2021)?.alsoReviewedUnder).toEqual([
      'ND07_2021',
    ]);
  });
});

describe('a damaged rules/ stops the program, naming file and field', () => {
  it('a value without a citation', () => {
    const dir = rulesCopyWith('standards/ND07_2021.yaml', (t) =>
      t.replace(
        'rural: { value: 1500000, unit: VND/person/month, citation: "NĐ 07/2021/NĐ-CP, Điều 3", ',
        'rural: { value: 1500000, unit: VND/person/month, ',
      ),
    );
    const problems = problemsOf(dir);
    expect(problems.join('\n')).toMatch(
      /ND07_2021\.yaml: parameters\.povertyLine\.rural\.citation: thiếu trích dẫn pháp lý \/ missing legal citation/,
    );
  });
  it('overlapping review years', () => {
    const dir = rulesCopyWith('review-years.yaml', (t) => t.replace('- from: 2022', '- from: 2021'));
    expect(problemsOf(dir).join('\n')).toMatch(
      /review-years\.yaml: 2021–2026: chồng lấn với 2016–2021 \/ overlaps 2016–2021/,
    );
  });
  it('an unknown indicator code', () => {
    const dir = rulesCopyWith('standards/QD59_2015.yaml', (t) =>
      t.replace('code: health_access', 'code: health_acess'),
    );
    expect(problemsOf(dir).join('\n')).toMatch(
      /QD59_2015\.yaml: indicators\.0 \(health_acess\): .*unknown indicator code/,
    );
  });
  it('an unknown derivation rule and a bad parameter', () => {
    const dir = rulesCopyWith('standards/ND07_2021.yaml', (t) =>
      t
        .replace('rule: latrine_not_hygienic', 'rule: latrine_is_nice')
        .replace('squareMetres: 8', 'squareMetres: -8'),
    );
    const text = problemsOf(dir).join('\n');
    expect(text).toMatch(/derive\.rule "latrine_is_nice" không tồn tại \/ unknown derivation rule/);
    expect(text).toMatch(/indicators\.7 \(housing_area\): derive\.params\.squareMetres/);
  });
  it('a year table naming an unknown standard', () => {
    const dir = rulesCopyWith('review-years.yaml', (t) =>
      t.replace('standard: ND351_2025', 'standard: ND999_2030'),
    );
    expect(problemsOf(dir).join('\n')).toMatch(/chuẩn "ND999_2030" không tồn tại \/ unknown standard/);
  });
  it('malformed YAML', () => {
    const dir = rulesCopyWith('indicators.yaml', (t) => `${t}\n- { code: [unclosed\n`);
    expect(problemsOf(dir)[0]).toMatch(/indicators\.yaml: /);
  });
});

describe('local standards', () => {
  it('classify with higher lines under the same engine', () => {
    const local = loadRuleBook({ extraLocalStandardFiles: ['examples/local-standard.yaml'] });
    const s = local.standards.get('LOCAL_EXAMPLE_2026')!;
    expect(s.kind).toBe('local');
    expect(s.derivedFrom).toBe('ND07_2021');
    expect(s.parameters.povertyLine.rural.value).toBe(1_800_000);
    expect(s.parameters.povertyLine.rural.verified).toBe(false);
    expect(s.indicators).toEqual(local.standards.get('ND07_2021')!.indicators);
  });
  it('a local line below the national one is refused', () => {
    const dir = rulesCopyWith('indicators.yaml', (t) => t);
    const text = readFileSync('examples/local-standard.yaml', 'utf8').replace(
      'value: 1800000',
      'value: 1400000',
    );
    writeFileSync(`${dir}/local/low.yaml`, text);
    expect(problemsOf(dir).join('\n')).toMatch(
      /low\.yaml: overrides\.povertyLine\.rural: 1400000 thấp hơn mức quốc gia 1500000/,
    );
  });
  it('a local standard derived from an unknown standard is refused', () => {
    const dir = rulesCopyWith('indicators.yaml', (t) => t);
    writeFileSync(
      `${dir}/local/x.yaml`,
      readFileSync('examples/local-standard.yaml', 'utf8').replace(
        'derivedFrom: ND07_2021',
        'derivedFrom: ND01_1990',
      ),
    );
    expect(problemsOf(dir).join('\n')).toMatch(/x\.yaml: derivedFrom "ND01_1990"/);
  });
});
