// The strip at the top of the field screens: online or not, how many households wait to be sent, when the
// village data was taken, and the buttons to send and to take the data again.
import {
  CloudSyncOutlined,
  CloudDownloadOutlined,
  WifiOutlined,
  DisconnectOutlined,
} from '@ant-design/icons';
import { Alert, Button, Flex, Tag, Typography } from 'antd';
import { useI18n } from '../i18n/index.tsx';
import { download, sync, type FieldState } from './store.ts';
import { useOnline } from './useOnline.ts';

export function SyncBar({ st }: { st: FieldState }) {
  const { t, pick, dateTime } = useI18n();
  const online = useOnline();
  const waiting = st.outbox.length;
  const refused = st.outbox.filter((e) => e.error).length;
  return (
    <Flex vertical gap={8} className="gn-sync-bar" data-testid="sync-bar">
      <Flex wrap align="center" gap={8}>
        {online ? (
          <Tag icon={<WifiOutlined />} color="green" data-testid="online-state">
            {t('offline.online')}
          </Tag>
        ) : (
          <Tag icon={<DisconnectOutlined />} color="volcano" data-testid="online-state">
            {t('offline.offline')}
          </Tag>
        )}
        <Tag color={waiting ? 'orange' : 'default'} data-testid="pending-count">
          {t('offline.pending', { n: waiting })}
        </Tag>
        {st.takenAt && (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('offline.takenAt', { at: dateTime(st.takenAt) })}
          </Typography.Text>
        )}
      </Flex>
      <Flex wrap gap={8}>
        <Button
          type="primary"
          icon={<CloudSyncOutlined />}
          disabled={!online || !waiting || !!st.busy}
          loading={st.busy === 'sync'}
          onClick={() => void sync().then((r) => r && download())}
          data-testid="sync-now"
        >
          {t('offline.syncNow')}
        </Button>
        <Button
          icon={<CloudDownloadOutlined />}
          disabled={!online || !!st.busy}
          loading={st.busy === 'download'}
          onClick={() => void download()}
        >
          {t('offline.refresh')}
        </Button>
      </Flex>
      {st.lastSync && (
        <Typography.Text type="secondary" style={{ fontSize: 13 }} data-testid="last-sync">
          {t('offline.lastSync', {
            at: dateTime(st.lastSync.at),
            applied: st.lastSync.applied,
            conflicts: st.lastSync.conflicts,
            rejected: st.lastSync.rejected,
          })}
        </Typography.Text>
      )}
      {refused > 0 && <Alert type="error" showIcon title={t('offline.refusedSome', { n: refused })} />}
      {st.error && (
        <Alert
          type="warning"
          showIcon
          title={st.error.status === 0 ? t('offline.noConnection') : pick(st.error.text)}
        />
      )}
    </Flex>
  );
}
