// Giao diện tiếng Việt — API tokens and the versioned API: keys spread into vi.ts (en-tokens.ts has the same keys).
export const viTokens = {};
