// Giao diện tiếng Việt — finance: the strings of the programme money, works and outputs screens (en-finance.ts has the same keys).
export const viFinance = {
  'nav.finance': 'Vốn và công trình',
} as const;
