// Dự án sản xuất: the production projects of the unit and all below it (value-chain or community), with
// their budget and how many households take part; a form to record one (finance.write).
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, call } from '../../api/client.ts';
import { useMe } from '../../auth.tsx';
import { LoadFailed } from '../../components/States.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAsync } from '../../lib/useAsync.ts';
import { NeedsUnit, useFinance } from '../FinanceLayout.tsx';
import { exactMoney, money } from '../money.ts';
import { canWriteFinance } from '../scope.ts';
import { ProjectForm } from './ProjectForm.tsx';
import type { ProductionProject } from './types.ts';

export function ProjectsPage() {
  return <NeedsUnit>{(unit) => <Projects unit={unit} />}</NeedsUnit>;
}

function Projects({ unit }: { unit: string }) {
  const { t, pick, lang, date, number } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const { link } = useFinance();
  const [kind, setKind] = useState<'value_chain' | 'community' | undefined>();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useAsync(
    () =>
      call(() =>
        api.GET('/api/production-projects', {
          params: { query: { unit, page, pageSize: 20, ...(kind ? { kind } : {}) } },
        }),
      ),
    [unit, kind, page],
  );
  if (list.error) return <LoadFailed error={list.error} onRetry={list.reload} />;
  return (
    <Card size="small">
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('projects.kind')}
          style={{ width: 240 }}
          value={kind}
          onChange={(v) => {
            setKind(v);
            setPage(1);
          }}
          options={[
            { value: 'value_chain', label: t('projects.kind.value_chain') },
            { value: 'community', label: t('projects.kind.community') },
          ]}
        />
        <span style={{ flex: 1 }} />
        {canWriteFinance(me) && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="project-create"
          >
            {t('projects.create')}
          </Button>
        )}
      </Flex>
      <Table<ProductionProject>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.rows ?? []}
        scroll={{ x: 900 }}
        rowClassName="gn-clickable-row"
        onRow={(p) => ({ onClick: () => navigate(link(`/production-projects/${p.id}`)) })}
        locale={{ emptyText: t('projects.none') }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          hideOnSinglePage: true,
        }}
        columns={[
          { title: t('projects.name'), dataIndex: 'name' },
          { title: t('finance.unit'), render: (_, p) => p.unit.name },
          { title: t('projects.kind'), render: (_, p) => <Tag>{pick(p.kindName)}</Tag> },
          { title: t('finance.project'), dataIndex: 'project', render: (v: string | null) => v ?? '—' },
          {
            title: t('projects.budget'),
            dataIndex: 'budgetVnd',
            align: 'right',
            render: (v: number) => <span title={exactMoney(v, lang)}>{money(v, lang)}</span>,
          },
          {
            title: t('projects.participants'),
            dataIndex: 'participants',
            align: 'right',
            render: (v: number) => number(v),
          },
          {
            title: t('projects.period'),
            render: (_, p) => (p.startDate || p.endDate ? `${date(p.startDate)} – ${date(p.endDate)}` : '—'),
          },
        ]}
      />
      {creating && (
        <ProjectForm
          project={null}
          onClose={() => setCreating(false)}
          onSaved={(p) => navigate(link(`/production-projects/${p.id}`))}
        />
      )}
    </Card>
  );
}
