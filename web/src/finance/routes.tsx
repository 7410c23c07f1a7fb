// The finance screens' routes, mounted inside the signed-in frame by App.tsx.
import { Route } from 'react-router';
import { useMe } from '../auth.tsx';
import { NotAllowed } from '../components/States.tsx';
import { AllocationPage } from './AllocationPage.tsx';
import { CounterpartPage } from './CounterpartPage.tsx';
import { DisbursementPage } from './DisbursementPage.tsx';
import { FinanceHome } from './FinanceHome.tsx';
import { FinanceLayout } from './FinanceLayout.tsx';
import { PlanPage } from './PlanPage.tsx';
import { PlansPage } from './PlansPage.tsx';
import { canReadFinance } from './scope.ts';
import { workRoutes } from './works/routes.tsx';

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
