// Kết quả thực hiện: the Thông tư 10/2022 indicators for the unit and year — planned and achieved entered
// for the unit itself (editable with finance.write), and the totals with the units below it.
import { App, Button, Card, Flex, Input, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import { useMe } from '../../auth.tsx';
import { LoadFailed } from '../../components/States.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { parseGroupedNumber } from '../../lib/format.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { NeedsUnit, useFinance } from '../FinanceLayout.tsx';
import { ReportLinks } from '../ReportLinks.tsx';
import { canWriteFinance } from '../scope.ts';
import type { OutputLine } from './types.ts';

export function OutputsPage() {
  return <NeedsUnit>{(unit) => <Grid unit={unit} />}</NeedsUnit>;
}

type Edits = Record<string, { planned?: string; achieved?: string }>;

/** A typed quantity in the API's form: '12.5' (dot decimals, no grouping); '' clears it. */
function quantityOf(text: string, lang: 'vi' | 'en'): string | null | undefined {
  if (text.trim() === '') return null;
  const n = parseGroupedNumber(text, lang);
  if (n === null || n < 0) return undefined;
  // Read back as typed (at most 2 decimals), not through float formatting.
  const normal = text
    .trim()
    .replace(lang === 'vi' ? /\./g : /,/g, '')
    .replace(',', '.');
  return /^\d+(\.\d{1,2})?$/.test(normal) ? normal : undefined;
}

function Grid({ unit }: { unit: string }) {
  const { t, pick, lang, number, percent } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const { year } = useFinance();
  const [edits, setEdits] = useState<Edits>({});
  const [saving, setSaving] = useState(false);
  const outputs = useAsync(
    () => call(() => api.GET('/api/outputs', { params: { query: { unit, from: year, to: year } } })),
    [unit, year],
  );
  if (outputs.error) return <LoadFailed error={outputs.error} onRetry={outputs.reload} />;
  const data = outputs.data;
  const own = data?.byUnit.find((b) => b.unit === data.unit.code && b.validFrom === data.unit.validFrom);
  const ownOf = (code: string) => own?.rows.find((r) => r.indicator === code);
  const hasBelow = (data?.byUnit ?? []).some((b) => b.unit !== data?.unit.code);
  const mayWrite = canWriteFinance(me);
  const shown = (v: number | null) => (v === null ? '' : number(v));

  const invalid = Object.entries(edits).some(([, e]) =>
    [e.planned, e.achieved].some((v) => v !== undefined && quantityOf(v, lang) === undefined),
  );
  const save = async () => {
    setSaving(true);
    try {
      for (const [indicator, e] of Object.entries(edits)) {
        const planned = e.planned === undefined ? undefined : quantityOf(e.planned, lang);
        const achieved = e.achieved === undefined ? undefined : quantityOf(e.achieved, lang);
        await call(() =>
          api.PUT('/api/outputs', {
            body: {
              unit,
              year,
              indicator,
              ...(planned !== undefined ? { planned } : {}),
              ...(achieved !== undefined ? { achieved } : {}),
            },
          }),
        );
      }
      setEdits({});
      outputs.reload();
      void message.success(t('outputs.saved'));
    } catch (e) {
      void message.error(e instanceof ApiError ? pick(e.text) : t('error.unexpected'));
    } finally {
      setSaving(false);
    }
  };
  const cell = (field: 'planned' | 'achieved') => (_: unknown, l: OutputLine) => {
    const current = ownOf(l.indicator)?.[field] ?? null;
    const typed = edits[l.indicator]?.[field];
    if (!mayWrite) return shown(current);
    const bad = typed !== undefined && quantityOf(typed, lang) === undefined;
    return (
      <Input
        size="middle"
        inputMode="decimal"
        status={bad ? 'error' : undefined}
        aria-label={`${field === 'planned' ? t('outputs.planned') : t('outputs.achieved')} ${l.indicator}`}
        value={typed ?? shown(current)}
        onChange={(ev) =>
          setEdits((all) => ({ ...all, [l.indicator]: { ...all[l.indicator], [field]: ev.target.value } }))
        }
        style={{ width: 120, textAlign: 'right' }}
      />
    );
  };

  return (
    <Card size="small">
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary" style={{ flex: 1 }}>
          {mayWrite ? t('outputs.hintWrite', { unit: data?.unit.name ?? '', year }) : t('outputs.hintRead')}
        </Typography.Text>
        <ReportLinks report="outputs-plan" params={{ unit, from: year }} />
        {mayWrite && (
          <Button
            type="primary"
            onClick={() => void save()}
            loading={saving}
            disabled={!Object.keys(edits).length || invalid}
            data-testid="outputs-save"
          >
            {t('common.save')}
          </Button>
        )}
      </Flex>
      <Table<OutputLine>
        rowKey="indicator"
        size="small"
        loading={outputs.loading}
        pagination={false}
        dataSource={data?.rows ?? []}
        data-testid="outputs-grid"
        scroll={{ x: 900 }}
        columns={[
          {
            title: t('outputs.indicator'),
            render: (_, l) => (
              <>
                {pick(l.name)} {!l.verified && <Tag color="orange">{t('finance.unverified')}</Tag>}
                <br />
                <Typography.Text type="secondary">
                  {pick(l.measure)} · {l.project}
                </Typography.Text>
              </>
            ),
          },
          { title: t('outputs.planned'), align: 'right', width: 140, render: cell('planned') },
          { title: t('outputs.achieved'), align: 'right', width: 140, render: cell('achieved') },
          ...(hasBelow
            ? [
                {
                  title: t('outputs.totalPlanned'),
                  align: 'right' as const,
                  render: (_: unknown, l: OutputLine) => shown(l.planned),
                },
                {
                  title: t('outputs.totalAchieved'),
                  align: 'right' as const,
                  render: (_: unknown, l: OutputLine) => shown(l.achieved),
                },
              ]
            : []),
          {
            title: t('finance.rate'),
            align: 'right',
            width: 100,
            render: (_, l) => (l.ratePercent === null ? '—' : percent(l.ratePercent, 2)),
          },
        ]}
      />
    </Card>
  );
}
