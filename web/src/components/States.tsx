// Whole-page states: loading, not found, not allowed, and an API error.
import { Button, Flex, Result, Spin } from 'antd';
import { Link } from 'react-router';
import { ApiError } from '../api/errors.ts';
import { useI18n } from '../i18n/index.tsx';

export function Loading() {
  const { t } = useI18n();
  return (
    <Flex justify="center" align="center" style={{ minHeight: 240 }}>
      <Spin size="large" description={t('common.loading')} />
    </Flex>
  );
}

export function NotFound({ message }: { message?: string }) {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t('notFound.title')}
      subTitle={message ?? t('notFound.text')}
      extra={
        <Link to="/households">
          <Button type="primary">{t('notFound.back')}</Button>
        </Link>
      }
    />
  );
}

export function NotAllowed() {
  const { t } = useI18n();
  return <Result status="403" title={t('forbidden.title')} subTitle={t('forbidden.text')} />;
}

/** A failed page load: 404 reads as "not found", anything else shows the server's message. */
export function LoadFailed({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, pick } = useI18n();
  if (error instanceof ApiError && error.status === 404) {
    // The generic "not found" says no more than the title; a specific one ("village not found") does.
    const specific = error.code === 'NOT_FOUND' && error.text.vi !== 'Không tìm thấy';
    return specific ? <NotFound message={pick(error.text)} /> : <NotFound />;
  }
  if (error instanceof ApiError && error.status === 403) return <NotAllowed />;
  return (
    <Result
      status="error"
      title={t('error.loadFailed')}
      subTitle={error instanceof ApiError ? pick(error.text) : String(error)}
      extra={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : null}
    />
  );
}
