// Làm ngoại tuyến: one village on a phone or tablet. The households with their recognised class and what the
// enumerator has recorded on the device, a search that stays in view, and adding a household — all from the
// device's own copy, so it works for days without a connection; sent when the connection is back.
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Input, Segmented, Select, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { foldWords } from '../../../src/domain/geography/text.ts';
import { useMe } from '../auth.tsx';
import { ClassTag } from '../components/ClassTag.tsx';
import { Loading } from '../components/States.tsx';
import { useI18n } from '../i18n/index.tsx';
import { loadVillages, scopeCommunes, type CommuneOption } from '../lib/reference.ts';
import { useAsync } from '../lib/useAsync.ts';
import { classifyOnDevice } from './classify.ts';
import { deviceHouseholds, type DeviceHousehold } from './model.ts';
import { download, openFieldStore, sync, useFieldStore } from './store.ts';
import { SyncBar } from './SyncBar.tsx';
import { useOnline } from './useOnline.ts';

export function FieldHome() {
  const me = useMe();
  const { t, lang } = useI18n();
  const st = useFieldStore();
  const online = useOnline();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [village, setVillage] = useState<string | null>(null);

  useEffect(() => {
    void openFieldStore(me.username);
  }, [me.username]);

  // Back online with work waiting: send it, then take the village data again (others may have changed it).
  useEffect(() => {
    if (online && st.loaded && st.outbox.length && !st.busy && !st.error)
      void sync().then((r) => r && download());
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the connection or the store opens
  }, [online, st.loaded]);

  const households = useMemo(() => deviceHouseholds(st.snapshot, st.outbox), [st.snapshot, st.outbox]);
  const villages = st.snapshot?.villages ?? [];
  const shownVillage = village ?? villages[0]?.villageId ?? null;
  const collator = useMemo(() => new Intl.Collator(lang === 'vi' ? 'vi' : 'en'), [lang]);
  const shown = useMemo(() => {
    const q = foldWords(query.trim());
    return households
      .filter((h) => h.villageId === shownVillage)
      .filter(
        (h) =>
          !q || foldWords(h.headName).includes(q) || h.members.some((m) => foldWords(m.fullName).includes(q)),
      )
      .sort((a, b) => collator.compare(a.headName, b.headName));
  }, [households, shownVillage, query, collator]);

  if (!st.loaded) return <Loading />;
  if (!st.snapshot)
    return <TakeVillages busy={st.busy === 'download'} online={online} error={st.error?.text} />;
  const writable = villages.find((v) => v.villageId === shownVillage)?.write ?? false;

  return (
    <Flex vertical gap={12} className="gn-field" data-testid="field-home">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('offline.title')}
      </Typography.Title>
      <SyncBar st={st} />
      {villages.length > 1 && (
        <Segmented
          block
          value={shownVillage ?? undefined}
          onChange={(v) => setVillage(String(v))}
          options={villages.map((v) => ({ value: v.villageId, label: v.villageName }))}
        />
      )}
      {/* The search stays at the top while the list scrolls under it. */}
      <div className="gn-field-search">
        <Input
          allowClear
          size="large"
          prefix={<SearchOutlined />}
          placeholder={t('offline.searchPlaceholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          aria-label={t('offline.searchPlaceholder')}
        />
      </div>
      <Flex justify="space-between" align="center">
        <Typography.Text type="secondary">
          {t('offline.count', {
            n: shown.length,
            village: villages.find((v) => v.villageId === shownVillage)?.villageName ?? '',
          })}
        </Typography.Text>
        {writable && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => navigate(`/field/new?village=${shownVillage}`)}
            data-testid="field-add-household"
          >
            {t('household.add')}
          </Button>
        )}
      </Flex>
      {shown.length === 0 ? (
        <Empty description={t('offline.none')} />
      ) : (
        <Flex vertical gap={8} role="list">
          {shown.map((h) => (
            <HouseholdCard key={h.localId} h={h} />
          ))}
        </Flex>
      )}
    </Flex>
  );
}

function HouseholdCard({ h }: { h: DeviceHousehold }) {
  const { t } = useI18n();
  const st = useFieldStore();
  const area = st.snapshot?.villages.find((v) => v.villageId === h.villageId)?.area ?? 'rural';
  const device =
    h.deviceAssessment && st.snapshot
      ? classifyOnDevice(st.snapshot.rules, { ...h.deviceAssessment, area })
      : null;
  return (
    <Link to={`/field/h/${encodeURIComponent(h.localId)}`} role="listitem" data-testid="field-household">
      <Card size="small" hoverable styles={{ body: { padding: 12 } }}>
        <Flex justify="space-between" align="start" gap={8}>
          <Flex vertical gap={2} style={{ minWidth: 0 }}>
            <Typography.Text strong ellipsis>
              {h.headName || t('offline.noName')}
            </Typography.Text>
            <Typography.Text type="secondary" ellipsis style={{ fontSize: 13 }}>
              {[h.address, t('offline.memberCount', { n: h.members.length })].filter(Boolean).join(' · ')}
            </Typography.Text>
          </Flex>
          <Flex vertical align="end" gap={4} style={{ flex: 'none' }}>
            <ClassTag value={h.recognised?.class ?? null} />
            {device?.ok && (
              <Tag color="blue" data-testid="device-class" data-class={device.class}>
                {t('offline.recordedHere', { cls: t(`class.${device.class}`) })}
              </Tag>
            )}
            {h.pending && (
              <Tag color={h.pending.error ? 'red' : 'orange'} data-testid="pending-tag">
                {h.pending.error
                  ? t('offline.refused')
                  : h.householdId
                    ? t('offline.changed')
                    : t('offline.new')}
              </Tag>
            )}
            {h.openConflictId && <Tag color="purple">{t('offline.awaitingCommune')}</Tag>}
            {h.round && (
              <Tag color={h.round.stage === 'listed' ? 'default' : 'cyan'} data-testid="round-stage">
                {t(`stage.${h.round.stage}`)}
              </Tag>
            )}
          </Flex>
        </Flex>
      </Card>
    </Link>
  );
}

/** No village data on the device yet: take it (an enumerator's own villages, or a village an officer picks). */
function TakeVillages({
  busy,
  online,
  error,
}: {
  busy: boolean;
  online: boolean;
  error: { vi: string; en: string } | undefined;
}) {
  const me = useMe();
  const { t, pick } = useI18n();
  const own = me.scopes.villages.length > 0;
  const [commune, setCommune] = useState<string | undefined>();
  const [villageIds, setVillageIds] = useState<string[]>([]);
  const communes = useAsync<CommuneOption[]>(() => (own ? Promise.resolve([]) : scopeCommunes(me)), [own]);
  const villages = useAsync(() => (commune ? loadVillages(commune) : Promise.resolve([])), [commune]);
  return (
    <Card title={t('offline.title')} data-testid="field-take">
      <Flex vertical gap={12}>
        <Typography.Paragraph style={{ margin: 0 }}>{t('offline.takeHint')}</Typography.Paragraph>
        {!own && (
          <>
            <Select
              showSearch
              optionFilterProp="label"
              placeholder={t('field.commune')}
              value={commune}
              onChange={(c: string) => {
                setCommune(c);
                setVillageIds([]);
              }}
              options={(communes.data ?? []).map((c) => ({ value: c.code, label: c.name }))}
            />
            <Select
              mode="multiple"
              placeholder={t('field.village')}
              value={villageIds}
              onChange={setVillageIds}
              options={(villages.data ?? []).map((v) => ({ value: v.id, label: v.name }))}
            />
          </>
        )}
        {!online && <Alert type="warning" showIcon title={t('offline.needConnection')} />}
        {error && <Alert type="error" showIcon title={pick(error)} />}
        <Button
          type="primary"
          size="large"
          loading={busy}
          disabled={!online || (!own && villageIds.length === 0)}
          onClick={() => void download(own ? [] : villageIds)}
          data-testid="field-take-button"
        >
          {t('offline.take')}
        </Button>
      </Flex>
    </Card>
  );
}
