// Giao diện tiếng Việt — stats: the strings of the statistics, dashboard and report screens (en-stats.ts has the same keys).
export const viStats = {
  'nav.stats': 'Thống kê',
} as const;
