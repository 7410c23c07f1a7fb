// The works, production projects and outputs screens (under /finance).
import { lazy } from 'react';
import { Route } from 'react-router';

// Chunks of their own, fetched when first opened.
const OutputsPage = lazy(() => import('./OutputsPage.tsx').then((m) => ({ default: m.OutputsPage })));
const ProjectPage = lazy(() => import('./ProjectPage.tsx').then((m) => ({ default: m.ProjectPage })));
const ProjectsPage = lazy(() => import('./ProjectsPage.tsx').then((m) => ({ default: m.ProjectsPage })));
const WorkFormPage = lazy(() => import('./WorkForm.tsx').then((m) => ({ default: m.WorkFormPage })));
const WorkPage = lazy(() => import('./WorkPage.tsx').then((m) => ({ default: m.WorkPage })));
const WorksPage = lazy(() => import('./WorksPage.tsx').then((m) => ({ default: m.WorksPage })));

export function workRoutes() {
  return [
    <Route key="works" path="works" element={<WorksPage />} />,
    <Route key="work-new" path="works/new" element={<WorkFormPage />} />,
    <Route key="work" path="works/:workId" element={<WorkPage />} />,
    <Route key="work-edit" path="works/:workId/edit" element={<WorkFormPage />} />,
    <Route key="projects" path="production-projects" element={<ProjectsPage />} />,
    <Route key="project" path="production-projects/:projectId" element={<ProjectPage />} />,
    <Route key="outputs" path="outputs" element={<OutputsPage />} />,
  ];
}
