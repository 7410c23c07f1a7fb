// Roles that see the income masked do not read it in the explanation either (issue #15: viewers and
// auditors read the income in the assessment's explanation text though the income field was masked).
import { describe, expect, it } from 'vitest';
import { maskIncomeInExplanation, maskRecordedChange } from '../../../src/domain/access/masking.ts';
import { assess, parseAssessment } from '../../../src/domain/standards/assessment.ts';
import { book } from '../../support/rules.ts';

describe('maskIncomeInExplanation', () => {
  it('hides the household income of a real explanation and keeps the public lines', () => {
    const req = parseAssessment(book, {
      standard: 'ND07_2021',
      area: 'rural',
      incomePerCapita: 1_234_567,
      deficits: ['water', 'sanitation', 'telecom'],
    });
    if (!req.ok) throw new Error('request');
    const result = assess(book, req.value);
    if (!result.ok) throw new Error('assess');
    const { explanation } = result.value;
    expect(explanation.vi).toContain('1.234.567');
    expect(explanation.en).toContain('1,234,567');
    const masked = maskIncomeInExplanation(explanation);
    expect(masked.vi).not.toContain('1.234.567');
    expect(masked.en).not.toContain('1,234,567');
    expect(masked.vi).toContain('Thu nhập bình quân *** đồng/người/tháng');
    expect(masked.en).toContain('Income per person *** VND/month');
    // The poverty line it was compared with is law, not personal data.
    expect(masked.vi).toContain('1.500.000');
  });
});

describe('maskRecordedChange', () => {
  it('masks national IDs and phones and hides incomes at any depth, by field or by path', () => {
    const masked = maskRecordedChange({
      headName: 'Hoàng Văn Đức',
      members: [{ fullName: 'Nông Thị Mai', nationalId: '006180005678', phone: '0912345678' }],
      incomePerCapita: 1_234_567,
      'member.2.phone': { device: '0987654321', server: '0912345678' },
      'assessment.incomePerCapita': { device: 1_100_000, server: 1_400_000 },
      note: null,
    });
    expect(masked).toEqual({
      headName: 'Hoàng Văn Đức',
      members: [{ fullName: 'Nông Thị Mai', nationalId: '*********678', phone: '*******678' }],
      incomePerCapita: '***',
      'member.2.phone': { device: '*******321', server: '*******678' },
      'assessment.incomePerCapita': '***',
      note: null,
    });
  });
});
