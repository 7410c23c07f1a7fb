// The statistics screens' routes, mounted by App.tsx: the dashboard, the figures and the reports.
import { lazy } from 'react';
import { Route } from 'react-router';

// Chunks of their own, fetched when first opened (they bring ECharts along).
const ReportsPage = lazy(() =>
  import('../reports/ReportsPage.tsx').then((m) => ({ default: m.ReportsPage })),
);
const DashboardPage = lazy(() => import('./DashboardPage.tsx').then((m) => ({ default: m.DashboardPage })));
const FiguresPage = lazy(() => import('./FiguresPage.tsx').then((m) => ({ default: m.FiguresPage })));

export function statsRoutes() {
  return [
    <Route key="dashboard" path="/dashboard" element={<DashboardPage />} />,
    <Route key="figures" path="/figures" element={<FiguresPage />} />,
    <Route key="reports" path="/reports" element={<ReportsPage />} />,
    <Route key="report" path="/reports/:reportId" element={<ReportsPage />} />,
  ];
}
