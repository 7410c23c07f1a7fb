// The frame of the finance screens: their own menu, and the unit and year every screen reads, kept in the
// address (?unit=19&year=2026) so a link or a reload shows the same thing.
import { Flex, Menu, Select, Typography } from 'antd';
import { createContext, Suspense, use, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useSearchParams } from 'react-router';
import { useMe } from '../auth.tsx';
import { Loading } from '../components/States.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { financeUnits, unitByCode, type UnitOption } from './scope.ts';
import { today } from '../lib/today.ts';

export interface FinanceFilters {
  /** Units the user may read, scope units first. */
  units: UnitOption[];
  unitsLoading: boolean;
  unit: string | undefined;
  year: number;
  /** Builds a finance link that keeps the unit and year. */
  link(path: string): string;
}

const FinanceContext = createContext<FinanceFilters | null>(null);

export function useFinance(): FinanceFilters {
  const ctx = use(FinanceContext);
  if (!ctx) throw new Error('useFinance outside FinanceLayout');
  return ctx;
}

/** The calendar year in Vietnam (plans are by budget year, which is the calendar year). */
export const currentYear = (): number => today().year();

const SECTIONS = [
  ['', 'finance.nav.home'],
  ['/plans', 'finance.nav.plans'],
  ['/disbursement', 'finance.nav.disbursement'],
  ['/allocation', 'finance.nav.allocation'],
  ['/counterpart', 'finance.nav.counterpart'],
  ['/works', 'finance.nav.works'],
  ['/production-projects', 'finance.nav.production'],
  ['/outputs', 'finance.nav.outputs'],
] as const;

export function FinanceLayout() {
  const { t } = useI18n();
  const me = useMe();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const [typed, setTyped] = useState<UnitOption | null>(null);
  const units = useAsync(() => financeUnits(me, 'read'), [me.userId]);
  const options = useMemo(() => {
    const list = units.data ?? [];
    return typed && !list.some((u) => u.code === typed.code) ? [typed, ...list] : list;
  }, [units.data, typed]);
  const unit = params.get('unit') ?? options[0]?.code;
  const year = Number(params.get('year')) || currentYear();
  const set = (key: 'unit' | 'year', value: string) =>
    setParams(
      (p) => {
        p.set(key, value);
        return p;
      },
      { replace: true },
    );
  const missing = !!unit && !units.loading && !options.some((u) => u.code === unit);
  useEffect(() => {
    // A unit in the address that the list lacks (typed earlier, a former unit): named as it was that year.
    if (missing) void unitByCode(unit, `${year}-06-30`).then((u) => u && setTyped(u));
  }, [missing, unit, year]);
  const query = `?unit=${unit ?? ''}&year=${year}`;
  const value = useMemo<FinanceFilters>(
    () => ({
      units: options,
      unitsLoading: units.loading,
      unit,
      year,
      link: (path) => `/finance${path}${query}`,
    }),
    [options, units.loading, unit, year, query],
  );
  const section = SECTIONS.map(([p]) => p)
    .filter((p) => p && location.pathname.startsWith(`/finance${p}`))
    .at(-1);
  const years: number[] = [];
  for (let y = currentYear() + 1; y >= 2021; y--) years.push(y);

  return (
    <FinanceContext value={value}>
      <Flex vertical gap={12}>
        <Flex wrap gap={12} align="center" justify="space-between">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('nav.finance')}
          </Typography.Title>
          <Flex wrap gap={8} align="center">
            <label htmlFor="finance-unit">{t('finance.unit')}</label>
            <Select
              id="finance-unit"
              data-testid="finance-unit"
              style={{ width: 300 }}
              showSearch
              loading={units.loading}
              value={unit}
              optionFilterProp="label"
              onChange={(v: string) => set('unit', v)}
              onSearch={(s) => {
                // A code may be typed: a unit of earlier years (Bắc Kạn before the 2025 reform) or, for
                // users who see everything, any unit; the server decides what may be read.
                if (/^\d{2,5}$/.test(s)) void unitByCode(s, `${year}-06-30`).then((u) => u && setTyped(u));
              }}
              notFoundContent={t('finance.unitTypeCode')}
              options={options.map((u) => ({ value: u.code, label: `${u.name} (${u.code})`, top: u.top }))}
              // Units below a scope unit are indented in the list; the chosen one reads plainly.
              optionRender={(o) => <span style={{ paddingInlineStart: o.data.top ? 0 : 16 }}>{o.label}</span>}
            />
            <label htmlFor="finance-year">{t('finance.year')}</label>
            <Select
              id="finance-year"
              data-testid="finance-year"
              style={{ width: 100 }}
              value={year}
              onChange={(v: number) => set('year', String(v))}
              options={years.map((y) => ({ value: y, label: String(y) }))}
            />
          </Flex>
        </Flex>
        <Menu
          mode="horizontal"
          selectedKeys={[section ?? '']}
          items={SECTIONS.map(([path, key]) => ({
            key: path,
            label: <Link to={`/finance${path}${query}`}>{t(key)}</Link>,
          }))}
        />
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Flex>
    </FinanceContext>
  );
}

/** A finance screen that needs a unit: a hint until one is picked. */
export function NeedsUnit({ children }: { children: (unit: string) => ReactNode }) {
  const { unit } = useFinance();
  const { t } = useI18n();
  if (!unit) return <Typography.Paragraph type="secondary">{t('finance.pickUnit')}</Typography.Paragraph>;
  return <>{children(unit)}</>;
}
