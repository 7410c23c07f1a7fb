// Công trình: the works of the unit and all below it, filtered by type, status and plan year, each with
// its status tag, progress and money; a button to record a new one (finance.write).
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Progress, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, call } from '../../api/client.ts';
import { useMe } from '../../auth.tsx';
import { LoadFailed } from '../../components/States.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAsync } from '../../lib/useAsync.ts';
import { NeedsUnit, useFinance } from '../FinanceLayout.tsx';
import { exactMoney, money } from '../money.ts';
import { ReportLinks } from '../ReportLinks.tsx';
import { canWriteFinance } from '../scope.ts';
import { STATUS_COLORS, WORK_STATUSES, type Work, type WorkStatus } from './types.ts';

let types: Promise<{ code: string; name: { vi: string; en: string } }[]> | null = null;
/** The types of works as rules/outputs/work-types.yaml lists them, fetched once. */
export function loadWorkTypes() {
  types ??= call(() => api.GET('/api/works/types')).then(
    (r) => r.types,
    (e: unknown) => {
      types = null;
      throw e;
    },
  );
  return types;
}

export function WorksPage() {
  return <NeedsUnit>{(unit) => <Works unit={unit} />}</NeedsUnit>;
}

function Works({ unit }: { unit: string }) {
  const { t, pick, lang } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const { year, link } = useFinance();
  const [type, setType] = useState<string | undefined>();
  const [status, setStatus] = useState<WorkStatus | undefined>();
  const [onlyYear, setOnlyYear] = useState(false);
  const [page, setPage] = useState(1);
  const workTypes = useAsync(loadWorkTypes, []);
  const list = useAsync(
    () =>
      call(() =>
        api.GET('/api/works', {
          params: {
            query: {
              unit,
              page,
              pageSize: 20,
              ...(type ? { type } : {}),
              ...(status ? { status } : {}),
              ...(onlyYear ? { year } : {}),
            },
          },
        }),
      ),
    [unit, type, status, onlyYear, year, page],
  );
  if (list.error) return <LoadFailed error={list.error} onRetry={list.reload} />;

  return (
    <Card size="small">
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('works.type')}
          style={{ width: 220 }}
          value={type}
          onChange={(v) => {
            setType(v);
            setPage(1);
          }}
          options={(workTypes.data ?? []).map((w) => ({ value: w.code, label: pick(w.name) }))}
        />
        <Select
          allowClear
          placeholder={t('works.status')}
          style={{ width: 220 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={WORK_STATUSES.map((s) => ({ value: s, label: t(`works.status.${s}`) }))}
        />
        <Select
          style={{ width: 200 }}
          value={onlyYear}
          onChange={(v) => {
            setOnlyYear(v);
            setPage(1);
          }}
          options={[
            { value: false, label: t('works.allYears') },
            { value: true, label: t('works.planYearIs', { year }) },
          ]}
        />
        <span style={{ flex: 1 }} />
        <ReportLinks report="works-status" params={{ unit, year: onlyYear ? year : undefined }} />
        {canWriteFinance(me) && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => navigate(link('/works/new'))}
            data-testid="work-create"
          >
            {t('works.create')}
          </Button>
        )}
      </Flex>
      <Table<Work>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.rows ?? []}
        data-testid="works-table"
        scroll={{ x: 900 }}
        rowClassName="gn-clickable-row"
        onRow={(w) => ({ onClick: () => navigate(link(`/works/${w.id}`)) })}
        locale={{ emptyText: t('works.none') }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          hideOnSinglePage: true,
        }}
        columns={[
          { title: t('works.name'), dataIndex: 'name' },
          { title: t('finance.unit'), render: (_, w) => w.unit.name },
          { title: t('works.type'), render: (_, w) => pick(w.workTypeName) },
          {
            title: t('works.status'),
            dataIndex: 'status',
            render: (s: WorkStatus) => <Tag color={STATUS_COLORS[s]}>{t(`works.status.${s}`)}</Tag>,
          },
          {
            title: t('works.progress'),
            dataIndex: 'progressPct',
            width: 130,
            render: (p: number) => <Progress percent={p} size="small" />,
          },
          {
            title: t('works.contractValue'),
            dataIndex: 'contractValueVnd',
            align: 'right',
            render: (v: number) => <span title={exactMoney(v, lang)}>{money(v, lang)}</span>,
          },
        ]}
      />
    </Card>
  );
}
