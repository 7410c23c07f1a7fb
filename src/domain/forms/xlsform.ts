// Phiếu A and Phiếu B of the review as XLSForms for ODK Collect and KoBoCollect (issue #13, part 5): the
// sheets `survey`, `choices` and `settings` as plain rows, built from a standard of the rule book (its
// indicators grouped by dimension, with their Vietnamese and English names; its lines or score-A cut-offs
// as hints). Which circular defines each form is data, not code: Phiếu B cites the standard's score-A
// citation (e.g. "TT 07/2021/TT-BLĐTBXH, Phụ lục (Phiếu B)") or its legal basis; Phiếu A the review
// procedure's citation (Quyết định 24/2021/QĐ-TTg; Thông tư 07/2021/TT-BLĐTBXH), given by the caller.
// Pure: writing the workbook is the service's work (src/services/odk-forms.ts).
import { formatNumber } from '../format/numbers.ts';
import type { Bilingual, Standard } from '../standards/types.ts';

export const FORM_KINDS = ['A', 'B'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

/** The language columns as ODK expects them: `label::Vietnamese (vi)`, the default language first. */
export const VI = 'Vietnamese (vi)';
export const EN = 'English (en)';

/** The names of the questions the import reads back (an indicator's question is named by its code). */
export const FIELDS = {
  householdId: 'household_id',
  communeCode: 'commune_code',
  villageName: 'village_name',
  date: 'survey_date',
  measure: 'measure',
  income: 'income_per_capita',
  scoreA: 'score_a',
  passed: 'passed',
} as const;

/** The choice names of a yes/no question and of the measure. */
export const YES = 'yes';
export const NO = 'no';
export const MEASURE_INCOME = 'income';
export const MEASURE_SCORE_A = 'score_a';

export const SURVEY_COLUMNS = [
  'type',
  'name',
  `label::${VI}`,
  `label::${EN}`,
  `hint::${VI}`,
  `hint::${EN}`,
  'required',
  'constraint',
  `constraint_message::${VI}`,
  `constraint_message::${EN}`,
  'relevant',
  'calculation',
  'appearance',
] as const;
export const CHOICES_COLUMNS = ['list_name', 'name', `label::${VI}`, `label::${EN}`] as const;
export const SETTINGS_COLUMNS = [
  'form_title',
  'form_id',
  'version',
  'default_language',
  'instance_name',
] as const;

export type SurveyRow = Partial<Record<(typeof SURVEY_COLUMNS)[number], string>>;
export type ChoiceRow = Record<(typeof CHOICES_COLUMNS)[number], string>;
export type SettingsRow = Record<(typeof SETTINGS_COLUMNS)[number], string>;

export interface XlsForm {
  form: FormKind;
  standardId: string;
  formId: string;
  version: string;
  title: Bilingual;
  /** The legal text that defines the form, as cited in the form's first note. */
  basis: Bilingual;
  survey: SurveyRow[];
  choices: ChoiceRow[];
  settings: SettingsRow;
}

const UUID_RE = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

const label = (text: Bilingual): SurveyRow => ({ [`label::${VI}`]: text.vi, [`label::${EN}`]: text.en });
const hint = (text: Bilingual): SurveyRow => ({ [`hint::${VI}`]: text.vi, [`hint::${EN}`]: text.en });
const constraint = (expr: string, message: Bilingual): SurveyRow => ({
  constraint: expr,
  [`constraint_message::${VI}`]: message.vi,
  [`constraint_message::${EN}`]: message.en,
});
const choice = (list: string, name: string, text: Bilingual): ChoiceRow => ({
  list_name: list,
  name,
  [`label::${VI}`]: text.vi,
  [`label::${EN}`]: text.en,
});

/** The household's identification, the same in both forms (the import matches it to the round). */
function identification(dateLabel: Bilingual): SurveyRow[] {
  return [
    { type: 'begin_group', name: 'grp_household', ...label({ vi: 'Thông tin hộ', en: 'Household' }) },
    {
      type: 'text',
      name: FIELDS.householdId,
      ...label({ vi: 'Mã hộ (trong hệ thống GiảmNghèo)', en: 'Household id (in GiảmNghèo)' }),
      ...hint({
        vi: '36 ký tự, dạng xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
        en: '36 characters, xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
      }),
      required: 'yes',
      ...constraint(`regex(., '${UUID_RE}')`, {
        vi: 'Mã hộ gồm 36 ký tự, dạng xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
        en: 'A household id has 36 characters, xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
      }),
    },
    {
      type: 'text',
      name: FIELDS.communeCode,
      ...label({ vi: 'Mã xã', en: 'Commune code' }),
      ...hint({ vi: 'Mã đơn vị hành chính cấp xã, 5 chữ số', en: 'The commune’s 5-digit code' }),
      required: 'yes',
      appearance: 'numbers',
      ...constraint(`regex(., '^[0-9]{5}$')`, { vi: 'Mã xã gồm 5 chữ số', en: 'Five digits' }),
    },
    {
      type: 'text',
      name: FIELDS.villageName,
      ...label({ vi: 'Thôn, bản, tổ dân phố', en: 'Village' }),
      ...hint({
        vi: 'Không bắt buộc; nếu ghi, phải đúng thôn của hộ',
        en: 'Optional; if given, it must be the household’s village',
      }),
    },
    {
      type: 'date',
      name: FIELDS.date,
      ...label(dateLabel),
      required: 'yes',
      ...constraint('. <= today()', {
        vi: 'Ngày không được sau hôm nay',
        en: 'The date cannot be after today',
      }),
    },
    { type: 'end_group', name: 'grp_household' },
  ];
}

/** The lines (or cut-offs) of the standard as a hint, with their citation. */
function linesHint(standard: Standard, kind: 'income' | 'scoreA'): Bilingual {
  const p = standard.parameters;
  const lines =
    kind === 'income'
      ? [
          { name: { vi: 'chuẩn nghèo', en: 'poverty line' }, v: p.povertyLine },
          ...(p.nearPoorLine
            ? [{ name: { vi: 'chuẩn cận nghèo', en: 'near-poor line' }, v: p.nearPoorLine }]
            : []),
        ]
      : [
          { name: { vi: 'ngưỡng nghèo', en: 'poverty cut-off' }, v: p.scoreA!.povertyCutoff },
          ...(p.scoreA!.nearPoorCutoff
            ? [{ name: { vi: 'ngưỡng cận nghèo', en: 'near-poor cut-off' }, v: p.scoreA!.nearPoorCutoff }]
            : []),
        ];
  const unit = kind === 'income' ? { vi: ' đồng', en: ' đồng' } : { vi: ' điểm', en: ' points' };
  const one = (lang: 'vi' | 'en') =>
    lines
      .map(
        (l) =>
          `${l.name[lang]} ${lang === 'vi' ? 'nông thôn' : 'rural'} ${formatNumber(l.v.rural.value, lang)}${unit[lang]}, ${lang === 'vi' ? 'thành thị' : 'urban'} ${formatNumber(l.v.urban.value, lang)}${unit[lang]}`,
      )
      .join('; ');
  const cite = lines[0]!.v.rural;
  return {
    vi: `${kind === 'income' ? 'Đồng/người/tháng' : 'Tổng điểm phần B1'}. ${one('vi')} (${cite.citation})`,
    en: `${kind === 'income' ? 'Đồng per person per month' : 'Total score of part B1'}. ${one('en')} (${cite.citationEn})`,
  };
}

/** Part B1: income per person, or score A where the standard has its cut-offs (the commune's choice). */
function partB1(standard: Standard): SurveyRow[] {
  const scoreA = !!standard.parameters.scoreA;
  const income: SurveyRow = {
    type: 'decimal',
    name: FIELDS.income,
    ...label({ vi: 'Thu nhập bình quân đầu người/tháng (đồng)', en: 'Income per person per month (đồng)' }),
    ...hint(linesHint(standard, 'income')),
    required: 'yes',
    ...constraint('. >= 0 and . <= 1000000000', {
      vi: 'Từ 0 đến 1.000.000.000 đồng',
      en: 'From 0 to 1,000,000,000 đồng',
    }),
  };
  const rows: SurveyRow[] = [
    {
      type: 'begin_group',
      name: 'grp_b1',
      ...label({ vi: 'Phần B1: Thu nhập', en: 'Part B1: income' }),
    },
  ];
  if (!scoreA) return [...rows, income, { type: 'end_group', name: 'grp_b1' }];
  return [
    ...rows,
    {
      type: 'select_one measure',
      name: FIELDS.measure,
      ...label({ vi: 'Đo mức sống bằng', en: 'Living standard measured by' }),
      required: 'yes',
    },
    { ...income, relevant: `\${${FIELDS.measure}} = '${MEASURE_INCOME}'` },
    {
      type: 'decimal',
      name: FIELDS.scoreA,
      ...label({ vi: 'Điểm A (tổng điểm phần B1)', en: 'Score A (total of part B1)' }),
      ...hint(linesHint(standard, 'scoreA')),
      required: 'yes',
      relevant: `\${${FIELDS.measure}} = '${MEASURE_SCORE_A}'`,
      ...constraint('. >= 0 and . <= 1000', { vi: 'Từ 0 đến 1.000 điểm', en: 'From 0 to 1,000 points' }),
    },
    { type: 'end_group', name: 'grp_b1' },
  ];
}

/** Part B2: one yes/no question per indicator, grouped by dimension in the standard's order. */
function partB2(standard: Standard): SurveyRow[] {
  const rows: SurveyRow[] = [];
  const dimensions: { code: string; text: Bilingual; indicators: Standard['indicators'][number][] }[] = [];
  for (const i of standard.indicators) {
    let d = dimensions.find((x) => x.code === i.dimension.code);
    if (!d) dimensions.push((d = { code: i.dimension.code, text: i.dimension, indicators: [] }));
    d.indicators.push(i);
  }
  for (const [n, d] of dimensions.entries()) {
    const group = `grp_${d.code}`;
    rows.push({
      type: 'begin_group',
      name: group,
      ...label({
        vi: `Phần B2, chiều ${n + 1}: ${d.text.vi}`,
        en: `Part B2, dimension ${n + 1}: ${d.text.en}`,
      }),
    });
    for (const i of d.indicators)
      rows.push({
        type: 'select_one yes_no',
        name: i.code,
        ...label({
          vi: `${i.name.vi}: hộ có thiếu hụt không?`,
          en: `${i.name.en}: is the household deprived?`,
        }),
        ...hint({ vi: i.citation, en: i.citation }),
        required: 'yes',
        appearance: 'columns',
      });
    rows.push({ type: 'end_group', name: group });
  }
  const count = standard.indicators.map((i) => `if(\${${i.code}} = '${YES}', 1, 0)`).join(' + ');
  rows.push(
    { type: 'calculate', name: 'deficit_count', calculation: count },
    {
      type: 'note',
      name: 'deficit_count_note',
      ...label({
        vi: `Số chỉ số thiếu hụt: \${deficit_count} (ngưỡng ${standard.parameters.deficitThreshold.value}, ${standard.parameters.deficitThreshold.citation})`,
        en: `Deficits: \${deficit_count} (threshold ${standard.parameters.deficitThreshold.value}, ${standard.parameters.deficitThreshold.citationEn})`,
      }),
    },
  );
  return rows;
}

/** A short, stable fingerprint of the form's content: its version changes when the questions do. */
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The XLSForm of Phiếu A or Phiếu B under a standard. `basis` is the legal text that defines the form (see
 * the top of this file); Phiếu B defaults to the standard's score-A citation, or its legal basis.
 */
export function buildXlsForm(standard: Standard, form: FormKind, basis?: Bilingual): XlsForm {
  const cite: Bilingual =
    basis ??
    (standard.parameters.scoreA
      ? {
          vi: standard.parameters.scoreA.povertyCutoff.rural.citation,
          en: standard.parameters.scoreA.povertyCutoff.rural.citationEn,
        }
      : { vi: standard.legalBasis.short, en: standard.legalBasis.shortEn });
  const title: Bilingual =
    form === 'B'
      ? {
          vi: `Phiếu B — Rà soát hộ nghèo, hộ cận nghèo (${standard.name.vi})`,
          en: `Form B — Poor and near-poor household review (${standard.name.en})`,
        }
      : {
          vi: `Phiếu A — Nhận dạng nhanh đặc điểm hộ gia đình (${standard.name.vi})`,
          en: `Form A — Quick identification of the household (${standard.name.en})`,
        };
  const intro: SurveyRow = {
    type: 'note',
    name: 'intro',
    ...label({ vi: `${title.vi}. Căn cứ: ${cite.vi}`, en: `${title.en}. Defined by: ${cite.en}` }),
  };
  const yesNo = [
    choice('yes_no', YES, { vi: 'Có', en: 'Yes' }),
    choice('yes_no', NO, { vi: 'Không', en: 'No' }),
  ];
  let survey: SurveyRow[];
  let choices: ChoiceRow[];
  if (form === 'B') {
    survey = [
      { type: 'start', name: 'start' },
      { type: 'end', name: 'end' },
      intro,
      ...identification({ vi: 'Ngày rà soát (Phiếu B)', en: 'Survey date (form B)' }),
      ...partB1(standard),
      ...partB2(standard),
    ];
    choices = [
      ...yesNo,
      ...(standard.parameters.scoreA
        ? [
            choice('measure', MEASURE_SCORE_A, { vi: 'Điểm A (phần B1)', en: 'Score A (part B1)' }),
            choice('measure', MEASURE_INCOME, {
              vi: 'Thu nhập bình quân đầu người',
              en: 'Income per person',
            }),
          ]
        : []),
    ];
  } else {
    survey = [
      { type: 'start', name: 'start' },
      { type: 'end', name: 'end' },
      intro,
      ...identification({ vi: 'Ngày nhận dạng (Phiếu A)', en: 'Screening date (form A)' }),
      {
        type: 'select_one yes_no',
        name: FIELDS.passed,
        ...label({
          vi: 'Hộ đề nghị có tiếp tục được rà soát bằng Phiếu B không?',
          en: 'Does the applicant household go on to form B?',
        }),
        ...hint({
          vi: `Không: hộ có đặc điểm loại trừ theo Phiếu A (${cite.vi})`,
          en: `No: the household has an excluding characteristic of form A (${cite.en})`,
        }),
        required: 'yes',
        appearance: 'columns',
      },
    ];
    choices = yesNo;
  }
  const formId = `giamngheo_phieu_${form.toLowerCase()}_${standard.id.toLowerCase()}`;
  const version = fingerprint(JSON.stringify([survey, choices, cite]));
  return {
    form,
    standardId: standard.id,
    formId,
    version,
    title,
    basis: cite,
    survey,
    choices,
    settings: {
      form_title: title.vi,
      form_id: formId,
      version,
      default_language: VI,
      instance_name: `concat(\${${FIELDS.householdId}}, ' ', \${${FIELDS.date}})`,
    },
  };
}
