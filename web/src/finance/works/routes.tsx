// The works, production projects and outputs screens (under /finance).
import { Route } from 'react-router';
import { Soon } from './Soon.tsx';

export function workRoutes() {
  return [
    <Route key="works" path="works" element={<Soon />} />,
    <Route key="production" path="production-projects" element={<Soon />} />,
    <Route key="outputs" path="outputs" element={<Soon />} />,
  ];
}
