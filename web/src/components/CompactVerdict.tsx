// The live class in a form's footer on a phone (the Phiếu B drawers of the household and of the round): the
// class and the deficit count once the answers classify, a dash before; never over the fields being typed.
import { Flex, Spin, Typography } from 'antd';
import type { Verdict } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { ClassTag } from './ClassTag.tsx';

export function CompactVerdict({
  verdict,
  loading,
  testId,
}: {
  /** Undefined while the answers are incomplete or not classified yet. */
  verdict: Verdict | undefined;
  loading: boolean;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <Flex gap={6} align="center" style={{ marginInlineEnd: 'auto' }} data-testid={testId} aria-live="polite">
      {verdict ? (
        <Spin spinning={loading} size="small">
          <ClassTag value={verdict.class} />
          <Typography.Text type="secondary">
            {t('assess.deficitCount', { n: verdict.deficitCount })}
          </Typography.Text>
        </Spin>
      ) : (
        <Typography.Text type="secondary">{t('assess.preview')}: —</Typography.Text>
      )}
    </Flex>
  );
}
