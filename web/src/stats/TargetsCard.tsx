// (d) Targets met or not: each year with a comparable previous figure, its verdict and the report's sentence.
import { Card, Empty, List, Tag, Typography } from 'antd';
import { useI18n } from '../i18n/index.tsx';
import type { ProgressEntry, Verdict } from './types.ts';

const COLOURS: Record<Verdict, string> = { not_met: 'red', met: 'green', exceeded: 'blue' };

export function VerdictTag({ verdict }: { verdict: Verdict | null }) {
  const { t } = useI18n();
  if (!verdict) return <Tag data-verdict="none">{t('stats.verdict.none')}</Tag>;
  return (
    <Tag color={COLOURS[verdict]} data-verdict={verdict}>
      {t(`stats.verdict.${verdict}`)}
    </Tag>
  );
}

export function TargetsCard({ progress }: { progress: ProgressEntry[] }) {
  const { t, pick } = useI18n();
  const rows = [...progress].sort((a, b) => b.year - a.year);
  return (
    <Card title={t('stats.targetsTitle')} size="small" data-testid="targets-card">
      {rows.length === 0 ? (
        <Empty description={t('stats.noProgress')} />
      ) : (
        <List
          dataSource={rows}
          renderItem={(p) => (
            <List.Item key={`${p.year}-${p.standard}`}>
              <div>
                <Typography.Text strong style={{ marginInlineEnd: 8 }}>
                  {p.year}
                </Typography.Text>
                <VerdictTag verdict={p.verdict} />
                <Typography.Paragraph style={{ margin: '4px 0 0' }} data-testid="progress-sentence">
                  {pick(p.sentence)}
                </Typography.Paragraph>
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
