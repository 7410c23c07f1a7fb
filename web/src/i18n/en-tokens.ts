// English interface — API tokens and the versioned API: the same keys as vi-tokens.ts.
import type { viTokens } from './vi-tokens.ts';

export const enTokens: Record<keyof typeof viTokens, string> = {};
