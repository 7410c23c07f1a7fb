// A screen whose API is not there yet.
import { Result } from 'antd';
import { useI18n } from '../../i18n/index.tsx';

export function Soon() {
  const { t } = useI18n();
  return <Result status="info" title={t('finance.soon')} />;
}
