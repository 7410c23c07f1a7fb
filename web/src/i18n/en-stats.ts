// English interface — stats: the same keys as vi-stats.ts.
import type { viStats } from './vi-stats.ts';

export const enStats: Record<keyof typeof viStats, string> = {
  'nav.stats': 'Statistics',
};
