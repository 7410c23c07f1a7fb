// Kế hoạch vốn: the plan lines of the unit and all below it for the year, filtered by project and source,
// with a form to record a new line (finance.write, units of the write scope only).
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMe } from '../auth.tsx';
import { LoadFailed } from '../components/States.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { loadPlans, loadProgrammes, projectOptions } from './api.ts';
import { NeedsUnit, useFinance } from './FinanceLayout.tsx';
import { projectLabel, sourceLabel } from './labels.ts';
import { exactMoney, money, rateText } from './money.ts';
import { PlanForm } from './PlanForm.tsx';
import { ReportLinks } from './ReportLinks.tsx';
import { canWriteFinance } from './scope.ts';
import { SOURCES, type PlanLine } from './types.ts';

export function PlansPage() {
  return <NeedsUnit>{(unit) => <Plans unit={unit} />}</NeedsUnit>;
}

function Plans({ unit }: { unit: string }) {
  const i18n = useI18n();
  const { t, lang, percent } = i18n;
  const me = useMe();
  const navigate = useNavigate();
  const { year, link } = useFinance();
  const [project, setProject] = useState<string | undefined>();
  const [source, setSource] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const programmes = useAsync(loadProgrammes, []);
  const plans = useAsync(() => loadPlans({ unit, from: year }), [unit, year]);
  if (plans.error) return <LoadFailed error={plans.error} onRetry={plans.reload} />;
  const rows = (plans.data ?? []).filter(
    (l) =>
      (!project || l.project === project || l.project.startsWith(`${project}.`)) &&
      (!source || l.source === source),
  );
  const projects = projectOptions(programmes.data?.programmes ?? [], year);

  return (
    <Card size="small">
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        <Select
          allowClear
          data-testid="plans-project"
          placeholder={t('finance.project')}
          style={{ width: 300 }}
          value={project}
          onChange={setProject}
          options={projects.map((p) => ({ value: p.code, label: `${p.code} — ${i18n.pick(p.name)}` }))}
        />
        <Select
          allowClear
          data-testid="plans-source"
          placeholder={t('finance.source')}
          style={{ width: 260 }}
          value={source}
          onChange={setSource}
          options={SOURCES.map((s) => ({ value: s, label: sourceLabel(i18n, s) }))}
        />
        <span style={{ flex: 1 }} />
        <ReportLinks report="finance-funds" params={{ unit, from: year }} />
        {canWriteFinance(me) && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="plan-create"
          >
            {t('finance.plan.create')}
          </Button>
        )}
      </Flex>
      <Table<PlanLine>
        rowKey="id"
        size="middle"
        loading={plans.loading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        rowClassName="gn-clickable-row"
        onRow={(l) => ({ onClick: () => navigate(link(`/plans/${l.id}`)) })}
        locale={{ emptyText: t('finance.noPlans') }}
        columns={[
          {
            title: t('finance.unit'),
            dataIndex: 'unitName',
            render: (n: string, l) => `${n} (${l.unitCode})`,
          },
          {
            title: t('finance.project'),
            dataIndex: 'project',
            render: (p: string) => (
              <span title={projectLabel(i18n, programmes.data?.programmes, year, p)}>{p}</span>
            ),
          },
          { title: t('finance.source'), dataIndex: 'source', render: (s: string) => sourceLabel(i18n, s) },
          {
            title: t('finance.plan'),
            dataIndex: 'planVnd',
            align: 'right',
            render: (v: number) => <span title={exactMoney(v, lang)}>{money(v, lang)}</span>,
          },
          {
            title: t('finance.disbursed'),
            dataIndex: 'disbursedVnd',
            align: 'right',
            render: (v: number) => <span title={exactMoney(v, lang)}>{money(v, lang)}</span>,
          },
          {
            title: t('finance.rate'),
            dataIndex: 'rate',
            align: 'right',
            render: (r: number | null) => rateText(r, percent),
          },
          { title: t('finance.decision'), dataIndex: 'decision', ellipsis: true },
        ]}
        summary={() =>
          rows.length > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={3}>
                <Typography.Text strong>{t('finance.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                <Typography.Text strong>
                  {money(
                    rows.reduce((s, l) => s + BigInt(l.planVnd), 0n),
                    lang,
                  )}
                </Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                <Typography.Text strong>
                  {money(
                    rows.reduce((s, l) => s + BigInt(l.disbursedVnd), 0n),
                    lang,
                  )}
                </Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} colSpan={2} />
            </Table.Summary.Row>
          ) : null
        }
      />
      {creating && (
        <PlanForm
          year={year}
          onClose={() => setCreating(false)}
          onCreated={(line) => navigate(link(`/plans/${line.id}`))}
        />
      )}
    </Card>
  );
}
