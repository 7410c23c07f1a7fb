// English interface — ODK/KoBo forms (XLSForm): the same keys as vi-forms.ts.
import type { viForms } from './vi-forms.ts';

export const enForms: Record<keyof typeof viForms, string> = {
  'forms.title': 'ODK Collect and KoBoCollect forms',
  'forms.hint':
    'Download form A or form B as an XLSForm to load into ODK Central or KoBoToolbox; enumerators fill it in on their phones, offline too. Then upload the export (CSV or xlsx) here to record it in a review round: if one row is wrong, nothing is written.',
  'forms.downloadTitle': 'Download the XLSForm',
  'forms.standard': 'Poverty standard',
  'forms.form': 'Form',
  'forms.formA': 'Form A (quick screen)',
  'forms.formB': 'Form B (survey)',
  'forms.download': 'Download XLSForm (.xlsx)',
  'forms.uploadTitle': 'Import collected forms into a round',
  'forms.commune': 'Commune',
  'forms.communeCode': 'Commune code (5 digits)',
  'forms.round': 'Review round',
  'forms.noOpenRound': 'The commune has no open round',
  'forms.upload': 'Choose the ODK/KoBo export',
  'forms.imported': 'Form {form} recorded',
  'forms.poor': 'Poor households',
  'forms.nearPoor': 'Near-poor households',
  'forms.otherClasses': 'Neither poor nor near-poor',
  'forms.passed': 'On to form B',
  'forms.excluded': 'Screened out',
  'forms.skipped': 'Skipped (rejected or imported before)',
};
