// The app: language and antd locale, theme for touch screens, session, and the client routes.
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/en';
import 'dayjs/locale/vi';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { SessionProvider, useSession } from './auth.tsx';
import { AppLayout } from './components/AppLayout.tsx';
import { statsRoutes } from './stats/routes.tsx';
import { financeRoutes } from './finance/routes.tsx';
import { Loading, NotAllowed, NotFound } from './components/States.tsx';
import { I18nProvider, useI18n } from './i18n/index.tsx';
import type { Permissions } from './api/types.ts';
import { HouseholdSearchPage } from './pages/HouseholdSearchPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';

// The sign-in and the household search come with the first load; every other screen is a chunk of its own,
// fetched when first opened (the field screens right after the app starts: see `prefetchFieldScreens`).
const loadHouseholdPage = () => import('./pages/HouseholdPage.tsx');
const loadNewHouseholdPage = () => import('./pages/NewHouseholdPage.tsx');
const HouseholdPage = lazy(() => loadHouseholdPage().then((m) => ({ default: m.HouseholdPage })));
const NewHouseholdPage = lazy(() => loadNewHouseholdPage().then((m) => ({ default: m.NewHouseholdPage })));
const ImportPage = lazy(() => import('./pages/ImportPage.tsx').then((m) => ({ default: m.ImportPage })));
const RoundsPage = lazy(() => import('./pages/RoundsPage.tsx').then((m) => ({ default: m.RoundsPage })));
const RoundPage = lazy(() => import('./pages/RoundPage.tsx').then((m) => ({ default: m.RoundPage })));
const RoundResultsPage = lazy(() =>
  import('./pages/RoundResultsPage.tsx').then((m) => ({ default: m.RoundResultsPage })),
);
const UsersPage = lazy(() => import('./pages/UsersPage.tsx').then((m) => ({ default: m.UsersPage })));
const AuditPage = lazy(() => import('./pages/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));
const TokensPage = lazy(() => import('./pages/TokensPage.tsx').then((m) => ({ default: m.TokensPage })));
const loadFieldHome = () => import('./field/FieldHome.tsx');
const loadFieldHousehold = () => import('./field/FieldHouseholdPage.tsx');
const loadFieldNew = () => import('./field/FieldNewHousehold.tsx');
const FieldHome = lazy(() => loadFieldHome().then((m) => ({ default: m.FieldHome })));
const FieldHouseholdPage = lazy(() => loadFieldHousehold().then((m) => ({ default: m.FieldHouseholdPage })));
const FieldNewHousehold = lazy(() => loadFieldNew().then((m) => ({ default: m.FieldNewHousehold })));
const ConflictsPage = lazy(() =>
  import('./field/ConflictsPage.tsx').then((m) => ({ default: m.ConflictsPage })),
);

/** Once signed in, the household and new-household screens are fetched in the background (then cached). */
function prefetchFieldScreens(): void {
  void loadHouseholdPage().catch(() => undefined);
  void loadNewHouseholdPage().catch(() => undefined);
  void loadFieldHome().catch(() => undefined);
  void loadFieldHousehold().catch(() => undefined);
  void loadFieldNew().catch(() => undefined);
}

export function App() {
  return (
    <I18nProvider>
      <Themed>
        <SessionProvider>
          <BrowserRouter>
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route element={<RequireSession />}>
                  <Route path="/" element={<Navigate to="/households" replace />} />
                  <Route path="/households" element={<HouseholdSearchPage />} />
                  <Route path="/households/new" element={<NewHouseholdPage />} />
                  <Route path="/households/import" element={<ImportPage />} />
                  <Route path="/households/:householdId" element={<HouseholdPage />} />
                  <Route path="/rounds" element={<RoundsPage />} />
                  <Route path="/rounds/:roundId" element={<RoundPage />} />
                  <Route path="/rounds/:roundId/results" element={<RoundResultsPage />} />
                  <Route path="/users" element={<Allowed permission="manageUsers" page={<UsersPage />} />} />
                  <Route path="/audit" element={<Allowed permission="readAudit" page={<AuditPage />} />} />
                  <Route path="/tokens" element={<TokensPage />} />
                  <Route path="/field" element={<FieldHome />} />
                  <Route path="/field/new" element={<FieldNewHousehold />} />
                  <Route path="/field/h/:localId" element={<FieldHouseholdPage />} />
                  <Route
                    path="/conflicts"
                    element={<Allowed permission="resolveConflicts" page={<ConflictsPage />} />}
                  />
                  {financeRoutes()}
                  {statsRoutes()}
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </SessionProvider>
      </Themed>
    </I18nProvider>
  );
}

function Themed({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  useEffect(() => {
    dayjs.locale(lang);
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <ConfigProvider
      locale={lang === 'vi' ? viVN : enUS}
      componentSize="large"
      theme={{
        token: {
          colorPrimary: '#1d5fa8',
          borderRadius: 6,
          fontSize: 15,
          fontFamily: "'Be Vietnam Pro', system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
          // Finger-sized controls on tablets.
          controlHeightLG: 44,
        },
      }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

function RequireSession() {
  const { me } = useSession();
  const location = useLocation();
  const signedIn = !!me;
  useEffect(() => {
    if (signedIn) prefetchFieldScreens();
  }, [signedIn]);
  if (me === undefined) return <Loading />;
  if (me === null) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <AppLayout />;
}

function Allowed({ permission, page }: { permission: keyof Permissions; page: ReactNode }) {
  const { me } = useSession();
  return me?.permissions[permission] ? page : <NotAllowed />;
}
