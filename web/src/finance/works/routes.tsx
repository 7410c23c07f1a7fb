// The works, production projects and outputs screens (under /finance).
import { Route } from 'react-router';
import { OutputsPage } from './OutputsPage.tsx';
import { ProjectPage } from './ProjectPage.tsx';
import { ProjectsPage } from './ProjectsPage.tsx';
import { WorkFormPage } from './WorkForm.tsx';
import { WorkPage } from './WorkPage.tsx';
import { WorksPage } from './WorksPage.tsx';

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
