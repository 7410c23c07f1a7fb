// Giao diện tiếng Việt — ODK/KoBo forms (XLSForm): keys spread into vi.ts (en-forms.ts has the same keys).
export const viForms = {};
