// English interface — finance: the same keys as vi-finance.ts.
import type { viFinance } from './vi-finance.ts';

export const enFinance: Record<keyof typeof viFinance, string> = {
  'nav.finance': 'Money and works',
};
