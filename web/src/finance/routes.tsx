// The finance screens' routes, mounted inside the signed-in frame by App.tsx.
import { lazy } from 'react';
import { Route } from 'react-router';
import { useMe } from '../auth.tsx';
import { NotAllowed } from '../components/States.tsx';
import { FinanceLayout } from './FinanceLayout.tsx';
import { canReadFinance } from './scope.ts';
import { workRoutes } from './works/routes.tsx';

// Each finance screen is a chunk of its own, fetched when first opened.
const AllocationPage = lazy(() =>
  import('./AllocationPage.tsx').then((m) => ({ default: m.AllocationPage })),
);
const CounterpartPage = lazy(() =>
  import('./CounterpartPage.tsx').then((m) => ({ default: m.CounterpartPage })),
);
const DisbursementPage = lazy(() =>
  import('./DisbursementPage.tsx').then((m) => ({ default: m.DisbursementPage })),
);
const FinanceHome = lazy(() => import('./FinanceHome.tsx').then((m) => ({ default: m.FinanceHome })));
const PlanPage = lazy(() => import('./PlanPage.tsx').then((m) => ({ default: m.PlanPage })));
const PlansPage = lazy(() => import('./PlansPage.tsx').then((m) => ({ default: m.PlansPage })));

function FinanceFrame() {
  const me = useMe();
  return canReadFinance(me) ? <FinanceLayout /> : <NotAllowed />;
}

export function financeRoutes() {
  return (
    <Route path="/finance" element={<FinanceFrame />}>
      <Route index element={<FinanceHome />} />
      <Route path="plans" element={<PlansPage />} />
      <Route path="plans/:planId" element={<PlanPage />} />
      <Route path="disbursement" element={<DisbursementPage />} />
      <Route path="allocation" element={<AllocationPage />} />
      <Route path="counterpart" element={<CounterpartPage />} />
      {workRoutes()}
    </Route>
  );
}
