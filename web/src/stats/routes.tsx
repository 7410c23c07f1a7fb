// The statistics screens' routes, mounted by App.tsx: the dashboard, the figures and the reports.
import { Route } from 'react-router';
import { ReportsPage } from '../reports/ReportsPage.tsx';
import { DashboardPage } from './DashboardPage.tsx';
import { FiguresPage } from './FiguresPage.tsx';

export function statsRoutes() {
  return [
    <Route key="dashboard" path="/dashboard" element={<DashboardPage />} />,
    <Route key="figures" path="/figures" element={<FiguresPage />} />,
    <Route key="reports" path="/reports" element={<ReportsPage />} />,
    <Route key="report" path="/reports/:reportId" element={<ReportsPage />} />,
  ];
}
