// Số liệu: a unit's figures by year and standard (derived from the review or entered from published
// documents, with their source and a flag where the two disagree), entering a figure, and the targets.
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import { useMe } from '../auth.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { targetLevel } from './chart-options.ts';
import { CsvImportModal } from './CsvImportModal.tsx';
import { EnterFigureModal } from './EnterFigureModal.tsx';
import { figureRows, type FigureRow } from './figure-rows.ts';
import { RecomputeCard } from './RecomputeCard.tsx';
import { VerdictTag } from './TargetsCard.tsx';
import { FIGURE_GROUPS, type FigureGroup, type ProgressEntry } from './types.ts';
import { UnitYearBar } from './UnitYearBar.tsx';
import { useUnitChoice } from './useUnitChoice.ts';
import { today } from '../lib/today.ts';

export function FiguresPage() {
  const { t, number, percent, pick } = useI18n();
  const me = useMe();
  const choice = useUnitChoice(today().year());
  const { unit, year, params, set } = choice;
  const basis = params.get('basis') === 'today' ? 'today' : 'as_was';
  const groupParam = params.get('group') as FigureGroup | null;
  const group: FigureGroup = groupParam && FIGURE_GROUPS.includes(groupParam) ? groupParam : 'all';
  const [entering, setEntering] = useState(0);
  const [importing, setImporting] = useState(false);
  const data = useAsync(async () => {
    if (!unit) return null;
    const [series, progress, defined] = await Promise.all([
      call(() => api.GET('/api/figures', { params: { query: { unitCode: unit, group, basis } } })),
      call(() =>
        api.GET('/api/figures/progress', {
          params: { query: { unitCode: unit, group, from: 2016, to: year } },
        }),
      ),
      call(() => api.GET('/api/targets', { params: { query: { unitCode: unit, group } } })),
    ]);
    return { rows: figureRows(series.figures), footnotes: series.footnotes, progress, defined };
  }, [unit, group, year, basis]);
  const rate = (v: number | null) => (v === null ? '—' : percent(v, 2));
  const targets = (data.data?.progress ?? []).filter((p) => p.target);

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('stats.figuresTitle')}
      </Typography.Title>
      <UnitYearBar
        choice={choice}
        group={group}
        onGroup={(g) => set({ group: g })}
        extra={
          me.permissions.write &&
          unit && (
            <Flex gap={8} wrap>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                data-testid="figure-new"
                onClick={() => setEntering((n) => n + 1)}
              >
                {t('stats.enterFigure')}
              </Button>
              <Button icon={<UploadOutlined />} data-testid="csv-open" onClick={() => setImporting(true)}>
                {t('stats.csv.open')}
              </Button>
            </Flex>
          )
        }
      />
      <ErrorAlert error={data.error} />
      <Card
        title={t('stats.seriesTitle')}
        size="small"
        style={{ marginBottom: 16 }}
        extra={
          <Space wrap>
            <Segmented
              data-testid="figures-basis"
              value={basis}
              onChange={(v) => set({ basis: v === 'today' ? 'today' : undefined })}
              options={[
                { value: 'as_was', label: t('stats.basis.as_was') },
                { value: 'today', label: t('stats.basis.today') },
              ]}
            />
            {unit && (
              <Button
                icon={<DownloadOutlined />}
                href={`/api/figures/csv?${new URLSearchParams({ unitCode: unit, group, basis }).toString()}`}
                download
              >
                CSV
              </Button>
            )}
          </Space>
        }
      >
        <Table<FigureRow>
          data-testid="figures-table"
          rowKey="key"
          size="middle"
          loading={data.loading && !!unit}
          dataSource={data.data?.rows ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('stats.noFigures') }}
          columns={[
            { title: t('stats.col.year'), dataIndex: 'year' },
            { title: t('stats.col.standard'), dataIndex: 'standard' },
            {
              title: t('stats.col.households'),
              dataIndex: 'households',
              align: 'right',
              render: (v: number | null) => number(v),
            },
            {
              title: t('stats.col.poor'),
              dataIndex: 'poor',
              align: 'right',
              render: (v: number | null) => number(v),
            },
            {
              title: t('stats.col.nearPoor'),
              dataIndex: 'nearPoor',
              align: 'right',
              render: (v: number | null) => number(v),
            },
            {
              title: t('stats.col.rate'),
              dataIndex: 'poorRate',
              align: 'right',
              render: (v: number | null, r) => (
                <Space size={4}>
                  <span className="gn-digits">{rate(v)}</span>
                  {r.differsFrom !== null && (
                    <Tooltip title={t('stats.differsFrom', { other: rate(r.differsFrom) })}>
                      <Tag color="orange" data-testid="figure-differs">
                        {t('stats.differs')}
                      </Tag>
                    </Tooltip>
                  )}
                </Space>
              ),
            },
            {
              title: t('stats.col.kind'),
              dataIndex: 'derived',
              render: (d: boolean) =>
                d ? (
                  <Tag color="blue">{t('stats.derived')}</Tag>
                ) : (
                  <Tag color="gold">{t('stats.entered')}</Tag>
                ),
            },
            {
              title: t('stats.col.source'),
              dataIndex: 'sourceText',
              render: (s: { vi: string; en: string }) => (
                <Typography.Text style={{ maxWidth: 320 }} ellipsis={{ tooltip: pick(s) }}>
                  {pick(s)}
                </Typography.Text>
              ),
            },
          ]}
        />
        {(data.data?.footnotes ?? []).map((n, i) => (
          <Typography.Paragraph
            key={i}
            type="secondary"
            style={{ margin: '8px 0 0' }}
            data-testid="figures-footnote"
          >
            {pick(n)}
          </Typography.Paragraph>
        ))}
      </Card>
      <Card title={t('stats.targetsDefinedTitle')} size="small" style={{ marginBottom: 16 }}>
        <Table
          data-testid="targets-defined"
          rowKey={(r) => `${r.yearFrom}-${r.yearTo}`}
          size="middle"
          dataSource={data.data?.defined ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('stats.noTargets') }}
          columns={[
            {
              title: t('stats.col.years'),
              render: (_: unknown, r) => (r.yearFrom === r.yearTo ? r.yearFrom : `${r.yearFrom}–${r.yearTo}`),
            },
            {
              title: t('stats.col.target'),
              render: (_: unknown, r) =>
                r.kind === 'max_level'
                  ? t('stats.target.max', { upper: rate(r.upper) })
                  : r.upper !== null
                    ? t('stats.target.range', { lower: number(r.lower), upper: number(r.upper) })
                    : t('stats.target.min', { lower: number(r.lower) }),
            },
            { title: t('stats.col.source'), dataIndex: 'source' },
          ]}
        />
      </Card>
      <Card title={t('stats.targetsListTitle')} size="small">
        <Table<ProgressEntry>
          data-testid="targets-table"
          rowKey={(p) => `${p.year}-${p.standard}`}
          size="middle"
          dataSource={targets}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('stats.noTargets') }}
          columns={[
            { title: t('stats.col.year'), dataIndex: 'year' },
            {
              title: t('stats.col.target'),
              render: (_: unknown, p) =>
                p.target!.lower !== null
                  ? p.target!.upper !== null
                    ? t('stats.target.range', {
                        lower: number(p.target!.lower),
                        upper: number(p.target!.upper),
                      })
                    : t('stats.target.min', { lower: number(p.target!.lower) })
                  : t('stats.target.max', { upper: rate(p.target!.upper) }),
            },
            { title: t('stats.col.required'), render: (_: unknown, p) => rate(targetLevel(p)) },
            { title: t('stats.col.start'), dataIndex: 'start', align: 'right', render: rate },
            { title: t('stats.col.end'), dataIndex: 'end', align: 'right', render: rate },
            {
              title: t('stats.col.change'),
              dataIndex: 'change',
              align: 'right',
              render: (v: number) => t('stats.points', { v: number(v) }),
            },
            { title: t('stats.col.verdict'), render: (_: unknown, p) => <VerdictTag verdict={p.verdict} /> },
          ]}
        />
      </Card>
      {unit && (
        <RecomputeCard
          unit={unit}
          unitName={choice.options.data?.find((o) => o.code === unit)?.name ?? unit}
          year={year}
          canStart={me.permissions.write}
          onFinished={data.reload}
        />
      )}
      {importing && <CsvImportModal onClose={() => setImporting(false)} onImported={data.reload} />}
      {entering > 0 && unit && (
        <EnterFigureModal
          key={entering}
          unit={unit}
          group={group}
          year={year}
          onClose={() => setEntering(0)}
          onSaved={() => {
            setEntering(0);
            data.reload();
          }}
        />
      )}
    </>
  );
}
