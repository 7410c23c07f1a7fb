// English interface — ODK/KoBo forms (XLSForm): the same keys as vi-forms.ts.
import type { viForms } from './vi-forms.ts';

export const enForms: Record<keyof typeof viForms, string> = {};
