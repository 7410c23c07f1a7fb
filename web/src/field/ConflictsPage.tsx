// Xung đột đồng bộ: fields an enumerator changed offline that someone changed differently on the server
// meanwhile. For each, the officer sees both values and keeps one; nothing is applied until every field of
// the household is decided, and the choice is audited with both sides.
import { Alert, App, Button, Card, Empty, Flex, Radio, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Side } from '../../../src/domain/field/changes.ts';
import { ApiError } from '../api/errors.ts';
import type { paths } from '../api/schema.d.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/States.tsx';
import { useI18n, type I18n } from '../i18n/index.tsx';
import { useAsync } from '../lib/useAsync.ts';

type Conflict = paths['/api/sync-conflicts']['get']['responses'][200]['content']['application/json'][number];

function fieldLabel(path: string, i: I18n): string {
  const [kind, a, b] = path.split('.');
  if (kind === 'member') return `${i.t('audit.memberNo', { n: a ?? '' })}: ${i.tOr(`field.${b}`, b ?? '')}`;
  if (kind === 'assessment') {
    if (a === 'incomePerCapita') return i.t('assess.incomeValue');
    if (a === 'scoreA') return i.t('assess.scoreAValue');
    return i.t('assess.deficits');
  }
  return i.tOr(`field.${a}`, a ?? path);
}

function shown(value: unknown, path: string, i: I18n): string {
  if (value === null || value === undefined || value === '') return i.t('conflicts.empty');
  if (Array.isArray(value)) return value.length ? value.join(', ') : i.t('conflicts.none');
  if (typeof value === 'boolean') return value ? i.t('common.yes') : i.t('common.no');
  if (typeof value === 'number')
    return path.endsWith('incomePerCapita')
      ? `${i.number(value)} ${i.t('assess.dongPerMonth')}`
      : i.number(value);
  return String(value);
}

export function ConflictsPage() {
  const { t } = useI18n();
  const list = useAsync(
    () => call(() => api.GET('/api/sync-conflicts', { params: { query: { status: 'open' } } })),
    [],
  );
  if (list.loading && !list.data) return <Loading />;
  return (
    <Flex vertical gap={16} data-testid="conflicts-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('conflicts.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('conflicts.hint')}
      </Typography.Paragraph>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      {list.data && list.data.length === 0 && <Empty description={t('conflicts.nothing')} />}
      {list.data?.map((c) => (
        <ConflictCard key={c.conflictId} c={c} onDone={list.reload} />
      ))}
    </Flex>
  );
}

function ConflictCard({ c, onDone }: { c: Conflict; onDone(): void }) {
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  const { message } = App.useApp();
  const [choices, setChoices] = useState<Record<string, Side>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const complete = c.fields.every((f) => choices[f.path]);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await call(() =>
        api.POST('/api/sync-conflicts/{conflictId}/resolve', {
          params: { path: { conflictId: c.conflictId } },
          body: { choices },
        }),
      );
      void message.success(t('conflicts.resolved'));
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, undefined));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      data-testid="conflict-card"
      title={
        <Flex vertical>
          <Link to={`/households/${c.householdId}`}>{c.headName}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>
            {t('conflicts.raised', {
              village: c.villageName,
              who: c.raisedBy,
              at: dateTime(c.deviceChangedAt),
            })}
          </Typography.Text>
        </Flex>
      }
    >
      <Table
        size="small"
        pagination={false}
        rowKey="path"
        dataSource={c.fields}
        scroll={{ x: true }}
        columns={[
          { title: t('conflicts.field'), key: 'field', render: (_, f) => fieldLabel(f.path, i18n) },
          {
            title: t('conflicts.device'),
            key: 'device',
            render: (_, f) => shown(f.device, f.path, i18n),
          },
          {
            title: t('conflicts.server'),
            key: 'server',
            render: (_, f) => shown(f.server, f.path, i18n),
          },
          {
            title: t('conflicts.keep'),
            key: 'keep',
            render: (_, f) => (
              <Radio.Group
                optionType="button"
                value={choices[f.path]}
                onChange={(e) => setChoices({ ...choices, [f.path]: e.target.value as Side })}
                data-path={f.path}
                options={[
                  { value: 'device', label: t('conflicts.keepDevice') },
                  { value: 'server', label: t('conflicts.keepServer') },
                ]}
              />
            ),
          },
        ]}
      />
      {error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={i18n.pick(error.text)} />}
      <Button
        type="primary"
        style={{ marginTop: 12 }}
        disabled={!complete}
        loading={saving}
        onClick={() => void save()}
        data-testid="conflict-save"
      >
        {t('conflicts.save')}
      </Button>
    </Card>
  );
}
