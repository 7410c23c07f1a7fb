// Kết quả đợt rà soát: the lists communes post publicly (poor, near-poor, escaped, new poor) with the
// recognition decision, printable; and the flows: start − escaped − moved out + new = end, by group and indicator.
import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Table, Tabs, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, call } from '../api/client.ts';
import {
  allOf,
  type FlowGroup,
  type FlowTotals,
  type ResultList,
  type ResultRow,
  type Round,
  type RoundFlows,
  type Standard,
} from '../api/types.ts';
import { LoadFailed, Loading } from '../components/States.tsx';
import { useI18n } from '../i18n/index.tsx';
import { loadStandards } from '../lib/reference.ts';
import { useAsync } from '../lib/useAsync.ts';
import { roundTitle, StatusTag } from '../review/labels.tsx';

const LISTS = ['poor', 'near_poor', 'escaped', 'new_poor'] as const satisfies readonly ResultList[];
type Tab = (typeof LISTS)[number] | 'flows';

export function RoundResultsPage() {
  const { roundId = '' } = useParams();
  const round = useAsync(
    () => call(() => api.GET('/api/rounds/{roundId}', { params: { path: { roundId } } })),
    [roundId],
  );
  if (round.error) return <LoadFailed error={round.error} onRetry={round.reload} />;
  if (!round.data || round.data.id !== roundId) return <Loading />;
  return <Results round={round.data} />;
}

function Results({ round }: { round: Round }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') as Tab | null) ?? 'poor';
  const standards = useAsync(loadStandards, []);
  return (
    <>
      <div className="gn-no-print">
        <Typography.Text type="secondary">
          <Link to={`/rounds?commune=${round.communeCode}`}>{t('nav.rounds')}</Link> /{' '}
          <Link to={`/rounds/${round.id}`}>{roundTitle(round, i18n, round.communeName)}</Link> /{' '}
          {t('results.title')}
        </Typography.Text>
        <Flex justify="space-between" align="center" wrap gap={12} style={{ margin: '4px 0 12px' }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('results.title')} <StatusTag status={round.status} />
          </Typography.Title>
          <Button
            type="primary"
            icon={<PrinterOutlined />}
            onClick={() => window.print()}
            data-testid="print"
          >
            {t('results.print')}
          </Button>
        </Flex>
        {round.status === 'open' && (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('results.notRecognised')} />
        )}
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k })}
        items={[
          ...LISTS.map((l) => ({
            key: l,
            label: t(`results.tab.${l}`),
            children: <ResultTable round={round} list={l} standards={standards.data ?? []} />,
          })),
          {
            key: 'flows',
            label: t('results.tab.flows'),
            children: <Flows round={round} standards={standards.data ?? []} />,
          },
        ]}
      />
    </>
  );
}

function indicatorName(code: string, standards: Standard[], pick: (b: { vi: string; en: string }) => string) {
  for (const s of standards) {
    const i = s.indicators.find((x) => x.code === code);
    if (i) return pick(i.name);
  }
  return code;
}

function ResultTable({ round, list, standards }: { round: Round; list: ResultList; standards: Standard[] }) {
  const { t, tOr, pick, date } = useI18n();
  const results = useAsync(
    () =>
      call(() =>
        api.GET('/api/rounds/{roundId}/results', {
          params: { path: { roundId: round.id }, query: { list } },
        }),
      ),
    [round.id, list],
  );
  if (results.error) return <LoadFailed error={results.error} onRetry={results.reload} />;
  if (!results.data) return <Loading />;
  const r = results.data;
  return (
    <div className="gn-print-sheet" data-testid={`list-${list}`}>
      <div className="gn-print-header">
        <Typography.Title level={4} style={{ textAlign: 'center', marginBottom: 4 }} data-testid="list-title">
          {t(`results.heading.${list}` as 'results.heading.poor', {
            year: round.year,
            commune: round.communeName,
          })}
        </Typography.Title>
        <Typography.Paragraph style={{ textAlign: 'center' }} italic data-testid="list-decision">
          {r.decisionNumber
            ? t('results.decision', { number: r.decisionNumber, date: date(r.decisionDate) })
            : t('results.noDecision')}
        </Typography.Paragraph>
      </div>
      <Table<ResultRow & { stt: number }>
        rowKey="householdId"
        size="small"
        bordered
        pagination={false}
        dataSource={r.rows.map((row, i) => ({ ...row, stt: i + 1 }))}
        locale={{ emptyText: t('results.empty') }}
        columns={[
          { title: t('results.col.no'), dataIndex: 'stt', width: 60, align: 'center' },
          { title: t('results.col.head'), dataIndex: 'headName', className: 'gn-nowrap' },
          { title: t('results.col.village'), dataIndex: 'villageName', className: 'gn-nowrap' },
          {
            title: t('results.col.deficits'),
            dataIndex: 'deficits',
            render: (v: string[]) => v.map((c) => indicatorName(c, standards, pick)).join('; ') || '—',
          },
          {
            title: t('results.col.note'),
            dataIndex: 'transition',
            render: (v: string) => (v === 'unchanged' ? '' : tOr(`transition.${v}`, v)),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('common.total', { n: r.rows.length })}
      </Typography.Paragraph>
    </div>
  );
}

interface FlowRow {
  key: string;
  label: string;
  start: number;
  out: number;
  movedOut: number;
  added: number;
  movedIn: number;
  end: number;
}

function poorRow(key: string, label: string, f: FlowTotals): FlowRow {
  const p = f.poor;
  return {
    key,
    label,
    start: p.start,
    out: p.escapedToNearPoor + p.escapedAboveNearPoor,
    movedOut: p.movedOut,
    // rePoor is part of new.
    added: p.new,
    movedIn: p.movedIn,
    end: p.end,
  };
}
function nearPoorRow(key: string, label: string, f: FlowTotals): FlowRow {
  const n = f.nearPoor;
  return {
    key,
    label,
    start: n.start,
    out: n.toPoor + n.escaped,
    movedOut: n.movedOut,
    // fromPoor is part of new.
    added: n.new,
    movedIn: n.movedIn,
    end: n.end,
  };
}

const GROUPS = allOf<FlowGroup>()([
  'ethnic_minority',
  'person_of_merit',
  'social_protection',
  'no_labour_capacity',
]);

function Flows({ round, standards }: { round: Round; standards: Standard[] }) {
  const { t, pick, number } = useI18n();
  const flows = useAsync(
    () => call(() => api.GET('/api/rounds/{roundId}/flows', { params: { path: { roundId: round.id } } })),
    [round.id],
  );
  if (flows.error) return <LoadFailed error={flows.error} onRetry={flows.reload} />;
  if (!flows.data) return <Loading />;
  const f: RoundFlows = flows.data;
  const rows = (make: typeof poorRow) => [
    make('all', t('flows.all'), f.totals),
    ...GROUPS.filter((g) => f.byGroup[g]).map((g) => make(g, t(`group.${g}`), f.byGroup[g]!)),
  ];
  const columns = (outLabel: string) => [
    { title: t('flows.col.group'), dataIndex: 'label' },
    { title: t('flows.col.start'), dataIndex: 'start', align: 'right' as const, render: number },
    { title: `− ${outLabel}`, dataIndex: 'out', align: 'right' as const, render: number },
    { title: `− ${t('flows.col.movedOut')}`, dataIndex: 'movedOut', align: 'right' as const, render: number },
    { title: `+ ${t('flows.col.new')}`, dataIndex: 'added', align: 'right' as const, render: number },
    { title: `+ ${t('flows.col.movedIn')}`, dataIndex: 'movedIn', align: 'right' as const, render: number },
    { title: `= ${t('flows.col.end')}`, dataIndex: 'end', align: 'right' as const, render: number },
  ];
  const indicators = Object.entries(f.byIndicator).filter(([, v]) => v.poor + v.nearPoor > 0);
  return (
    <div className="gn-print-sheet" data-testid="flows">
      <Typography.Title level={4} style={{ textAlign: 'center' }}>
        {t('flows.heading', { year: round.year, commune: round.communeName })}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
        {t('flows.formula')}
      </Typography.Paragraph>
      <Card size="small" title={t('class.poor')} style={{ marginBottom: 16 }}>
        <Table<FlowRow>
          rowKey="key"
          size="small"
          bordered
          pagination={false}
          dataSource={rows(poorRow)}
          columns={columns(t('flows.col.escaped'))}
          scroll={{ x: 'max-content' }}
          data-testid="flows-poor"
        />
      </Card>
      <Card size="small" title={t('class.near_poor')} style={{ marginBottom: 16 }}>
        <Table<FlowRow>
          rowKey="key"
          size="small"
          bordered
          pagination={false}
          dataSource={rows(nearPoorRow)}
          columns={columns(t('flows.col.leftNearPoor'))}
          scroll={{ x: 'max-content' }}
          data-testid="flows-near-poor"
        />
      </Card>
      <Card size="small" title={t('flows.byIndicator')}>
        <Table
          rowKey={(r) => r[0]}
          size="small"
          bordered
          pagination={false}
          dataSource={indicators}
          locale={{ emptyText: t('results.empty') }}
          data-testid="flows-indicators"
          columns={[
            {
              title: t('results.col.deficits'),
              render: (_: unknown, r) => indicatorName(r[0], standards, pick),
            },
            { title: t('class.poor'), align: 'right', render: (_: unknown, r) => number(r[1].poor) },
            { title: t('class.near_poor'), align: 'right', render: (_: unknown, r) => number(r[1].nearPoor) },
          ]}
        />
      </Card>
    </div>
  );
}
