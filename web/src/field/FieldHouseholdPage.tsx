// One household on the device: its details, members and Phiếu B, changed offline. Every save goes to the
// device's outbox (IndexedDB) at once, so nothing is lost if the phone is switched off before the next sync.
import { ArrowLeftOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, List, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMe } from '../auth.tsx';
import { ClassTag } from '../components/ClassTag.tsx';
import { Loading, NotFound } from '../components/States.tsx';
import { useI18n } from '../i18n/index.tsx';
import {
  deviceHouseholds,
  editHousehold,
  editMember,
  recordAssessment,
  type DeviceMember,
  type HouseholdValues,
} from './model.ts';
import { relationWords } from '../../../src/domain/registry/relations.ts';
import { MemberDrawer } from './MemberDrawer.tsx';
import { PhieuBForm } from './PhieuBForm.tsx';
import { openFieldStore, saveOutbox, useFieldStore } from './store.ts';
import { todayIso } from '../lib/today.ts';

const FLAGS = ['isEthnicMinority', 'personOfMerit', 'socialProtection', 'noLabourCapacity'] as const;

export function FieldHouseholdPage() {
  const me = useMe();
  const { t, pick, date, lang } = useI18n();
  const { message } = App.useApp();
  const { localId = '' } = useParams();
  const st = useFieldStore();
  const [memberOpen, setMemberOpen] = useState<{ member: DeviceMember | null } | null>(null);
  const [form] = Form.useForm<HouseholdValues>();

  useEffect(() => {
    void openFieldStore(me.username);
  }, [me.username]);
  const h = useMemo(
    () => deviceHouseholds(st.snapshot, st.outbox).find((x) => x.localId === localId),
    [st.snapshot, st.outbox, localId],
  );
  const village = st.snapshot?.villages.find((v) => v.villageId === h?.villageId);
  useEffect(() => {
    if (h) form.setFieldsValue(h);
    // Only when another household is opened, not at each keystroke's re-render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [h?.localId]);

  if (!st.loaded) return <Loading />;
  if (!h || !st.snapshot) return <NotFound />;
  const snapshot = st.snapshot;
  const writable = (village?.write ?? false) && st.busy !== 'sync';
  const now = () => new Date().toISOString();

  const saveHousehold = async (v: HouseholdValues) => {
    await saveOutbox(
      editHousehold(
        snapshot,
        st.outbox,
        h,
        {
          ...v,
          headName: v.headName.trim().normalize('NFC'),
          address: v.address?.trim() || null,
          ethnicity: v.ethnicity?.trim() || null,
        },
        now(),
      ),
    );
    void message.success({ content: t('offline.savedOnDevice'), key: 'field-saved' });
  };

  return (
    <Flex vertical gap={12} className="gn-field" data-testid="field-household-page">
      <Link to="/field">
        <ArrowLeftOutlined /> {t('offline.back')}
      </Link>
      <Flex justify="space-between" align="start" gap={8} wrap>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="field-head-name">
          {h.headName || t('offline.noName')}
        </Typography.Title>
        <Flex gap={4} wrap>
          <ClassTag value={h.recognised?.class ?? null} />
          {h.pending && <Tag color="orange">{h.householdId ? t('offline.changed') : t('offline.new')}</Tag>}
          {h.openConflictId && <Tag color="purple">{t('offline.awaitingCommune')}</Tag>}
          {h.round && (
            <Tag color="cyan">{t('offline.roundStage', { stage: t(`stage.${h.round.stage}`) })}</Tag>
          )}
        </Flex>
      </Flex>
      {h.recognised?.decisionNumber && (
        <Typography.Text type="secondary">
          {t('offline.recognisedBy', {
            number: h.recognised.decisionNumber,
            date: date(h.recognised.decisionDate),
          })}
        </Typography.Text>
      )}
      {h.pending?.error && (
        <Alert
          type="error"
          showIcon
          title={pick(h.pending.error.message)}
          description={
            h.pending.error.fields.map((f) => `${f.path}: ${pick(f.message)}`).join('; ') || undefined
          }
          data-testid="field-refusal"
        />
      )}

      <Card title={t('offline.household')}>
        <Form form={form} layout="vertical" disabled={!writable} onFinish={(v) => void saveHousehold(v)}>
          <Form.Item
            name="headName"
            label={t('field.headName')}
            rules={[{ required: true, whitespace: true, message: t('household.headRequired') }, { max: 120 }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="address" label={t('field.address')}>
            <Input maxLength={300} autoComplete="off" data-testid="field-address" />
          </Form.Item>
          <Form.Item name="ethnicity" label={t('field.ethnicity')}>
            <Input maxLength={60} placeholder={t('member.ethnicityPlaceholder')} />
          </Form.Item>
          {FLAGS.map((f) => (
            <Form.Item key={f} name={f} valuePropName="checked" style={{ marginBottom: 4 }}>
              <Checkbox className="gn-touch-check">{t(`field.${f}`)}</Checkbox>
            </Form.Item>
          ))}
          <Button
            type="primary"
            htmlType="submit"
            block
            style={{ marginTop: 12 }}
            data-testid="field-save-household"
          >
            {t('common.save')}
          </Button>
        </Form>
      </Card>

      <Card
        title={t('household.tab.members', { n: h.members.length })}
        extra={
          writable && (
            <Button
              icon={<PlusOutlined />}
              onClick={() => setMemberOpen({ member: null })}
              data-testid="field-add-member"
            >
              {t('member.add')}
            </Button>
          )
        }
      >
        <List
          dataSource={h.members}
          locale={{ emptyText: t('offline.noMembers') }}
          renderItem={(m) => (
            <List.Item
              data-testid="field-member"
              actions={
                writable
                  ? [
                      <Button
                        key="edit"
                        icon={<EditOutlined />}
                        aria-label={t('common.edit')}
                        onClick={() => setMemberOpen({ member: m })}
                      />,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={m.fullName}
                description={[
                  relationWords(m.relationToHead, lang),
                  m.dateOfBirth && date(m.dateOfBirth),
                  m.memberNo === null && t('offline.new'),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              />
            </List.Item>
          )}
        />
      </Card>

      <PhieuBForm
        key={`${h.localId}:${h.deviceAssessment?.surveyDate ?? h.latestAssessment?.assessmentId ?? ''}`}
        h={h}
        rules={snapshot.rules}
        standardId={snapshot.standard}
        area={village?.area ?? 'rural'}
        today={todayIso()}
        disabled={!writable}
        onRecord={async (answers) => {
          await saveOutbox(recordAssessment(st.outbox, h, answers, now()));
          void message.success({ content: t('offline.savedOnDevice'), key: 'field-saved' });
        }}
      />

      <MemberDrawer
        open={!!memberOpen}
        member={memberOpen?.member ?? null}
        onClose={() => setMemberOpen(null)}
        onSave={async (values) => {
          await saveOutbox(
            editMember(snapshot, st.outbox, h, memberOpen?.member?.localNo ?? null, values, now()),
          );
          void message.success({ content: t('offline.savedOnDevice'), key: 'field-saved' });
        }}
      />
    </Flex>
  );
}
