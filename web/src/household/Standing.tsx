// A household's standing: the class its latest recognised decision gave it (with the decision's number and
// date) and, beside it, a class assessed since that no decision has recognised yet, marked provisional.
import { Flex, Tag, Tooltip, Typography } from 'antd';
import type { Household } from '../api/types.ts';
import { ClassTag } from '../components/ClassTag.tsx';
import { useI18n } from '../i18n/index.tsx';

type Standing = Household['standing'];

export function ProvisionalTag({ value, title }: { value: string; title?: string }) {
  const { t, tOr } = useI18n();
  return (
    <Tooltip title={title}>
      <Tag color="default" variant="outlined" data-testid="provisional-class" data-class={value}>
        {tOr(`class.${value}`, value)} · {t('standing.provisional')}
      </Tag>
    </Tooltip>
  );
}

export function StandingTags({ standing }: { standing: Standing }) {
  const { t, date } = useI18n();
  const { recognised, provisional } = standing;
  return (
    <Flex gap={8} align="center" wrap data-testid="standing">
      <span data-testid="recognised-class">
        {recognised ? <ClassTag value={recognised.class} /> : <Tag>{t('standing.none')}</Tag>}
      </span>
      {recognised && (
        <Typography.Text
          type="secondary"
          style={{ fontSize: 14, fontWeight: 'normal' }}
          data-testid="decision"
        >
          {recognised.decisionNumber
            ? t('standing.decision', {
                number: recognised.decisionNumber,
                date: date(recognised.decisionDate),
              })
            : t('standing.decisionUnnumbered', { date: date(recognised.decisionDate) })}
        </Typography.Text>
      )}
      {provisional && (
        <ProvisionalTag
          value={provisional.class}
          title={t('standing.provisionalSince', { date: date(provisional.surveyDate) })}
        />
      )}
    </Flex>
  );
}
