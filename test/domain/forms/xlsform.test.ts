// The XLSForms of Phiếu A and B built from the rule book (pure): what each standard's shape asks for —
// score A beside income where the standard has cut-offs, income alone where it has none, both lines where
// the rule has two — one yes/no question per indicator in its dimension's group, and a version that follows
// the content.
import { describe, expect, it } from 'vitest';
import { buildXlsForm, SURVEY_COLUMNS } from '../../../src/domain/forms/xlsform.ts';
import { book } from '../../support/rules.ts';

const standard = (id: string) => book.standards.get(id)!;

describe('buildXlsForm', () => {
  it('asks ND351_2025 (no score-A cut-offs yet) for the income only, with its line in the hint', () => {
    const s = standard('ND351_2025');
    const f = buildXlsForm(s, 'B');
    const names = f.survey.map((r) => r.name);
    expect(names).not.toContain('measure');
    expect(names).not.toContain('score_a');
    const income = f.survey.find((r) => r.name === 'income_per_capita')!;
    expect(income).toMatchObject({ type: 'decimal', required: 'yes' });
    expect(income.relevant).toBeUndefined();
    expect(income['hint::Vietnamese (vi)']).toContain(s.parameters.povertyLine.rural.citation);
    expect(f.choices.map((c) => c.list_name)).toEqual(['yes_no', 'yes_no']);
    // Without a score-A citation, the form cites the standard's legal basis.
    expect(f.basis).toEqual({ vi: s.legalBasis.short, en: s.legalBasis.shortEn });
    expect(names.filter((n) => s.indicatorCodes.has(n!))).toEqual(s.indicators.map((i) => i.code));
  });

  it('gives QD59_2015 (two lines) both its poverty and near-poor lines and cut-offs', () => {
    const f = buildXlsForm(standard('QD59_2015'), 'B');
    const hint = (name: string) => f.survey.find((r) => r.name === name)!['hint::Vietnamese (vi)']!;
    expect(hint('income_per_capita')).toContain('chuẩn nghèo nông thôn 700.000 đồng');
    expect(hint('income_per_capita')).toContain('chuẩn cận nghèo nông thôn 1.000.000 đồng');
    expect(hint('score_a')).toContain('ngưỡng cận nghèo');
    const en = f.survey.find((r) => r.name === 'income_per_capita')!['hint::English (en)']!;
    expect(en).toContain('near-poor line rural 1,000,000 đồng');
  });

  it('groups each dimension once, in the standard’s order, and counts the deficits in a calculation', () => {
    const s = standard('ND07_2021');
    const f = buildXlsForm(s, 'B');
    const groups = f.survey.filter((r) => r.type === 'begin_group').map((r) => r.name);
    const dimensions = [...new Set(s.indicators.map((i) => `grp_${i.dimension.code}`))];
    expect(groups).toEqual(['grp_household', 'grp_b1', ...dimensions]);
    const calc = f.survey.find((r) => r.name === 'deficit_count')!;
    expect(calc.type).toBe('calculate');
    expect(calc.calculation!.split(' + ')).toHaveLength(s.indicators.length);
    // Every row uses only the columns the survey sheet has.
    for (const r of f.survey) for (const k of Object.keys(r)) expect(SURVEY_COLUMNS).toContain(k);
    // Names are unique, as ODK requires.
    const names = f.survey.map((r) => r.name);
    const openers = f.survey.filter((r) => r.type === 'end_group').length;
    expect(new Set(names).size).toBe(names.length - openers);
  });

  it('builds Phiếu A with the identification and one yes/no answer, citing the basis it is given', () => {
    const basis = { vi: 'Quyết định 24/2021/QĐ-TTg', en: 'Decision 24/2021/QD-TTg' };
    const f = buildXlsForm(standard('ND07_2021'), 'A', basis);
    expect(f.survey.filter((r) => r.type?.startsWith('select_one')).map((r) => r.name)).toEqual(['passed']);
    expect(f.survey.find((r) => r.name === 'intro')!['label::English (en)']).toContain(basis.en);
    expect(f.formId).toBe('giamngheo_phieu_a_nd07_2021');
    expect(f.settings.instance_name).toBe("concat(${household_id}, ' ', ${survey_date})");
  });

  it('versions a form by its content: the same standard the same version, another standard another', () => {
    const a = buildXlsForm(standard('ND07_2021'), 'B');
    expect(buildXlsForm(standard('ND07_2021'), 'B').version).toBe(a.version);
    expect(buildXlsForm(standard('ND351_2025'), 'B').version).not.toBe(a.version);
  });
});
