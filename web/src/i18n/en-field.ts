// English interface — the field screen and offline work: the same keys as vi-field.ts.
import type { viField } from './vi-field.ts';

export const enField: Record<keyof typeof viField, string> = {};
