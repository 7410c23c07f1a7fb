// Giao diện tiếng Việt — the field screen and offline work: keys spread into vi.ts (en-field.ts has the same keys).
export const viField = {};
