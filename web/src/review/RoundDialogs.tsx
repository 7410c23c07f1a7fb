// The steps of a round as small dialogs: each sends one or a few events with the round's event count, and
// shows the server's refusal (the rule's message) in the chosen language. A dialog starts afresh each time.
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Radio,
  Select,
  Table,
  Tag,
  Typography,
  Upload,
  type FormInstance,
  type ButtonProps,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { api, call } from '../api/client.ts';
import {
  allOf,
  CLASSES,
  type MinutesType,
  type RecheckOutcome,
  type Round,
  type RoundEvent,
  type RoundHousehold,
  type RoundVillage,
} from '../api/types.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { readinessTexts } from './labels.tsx';
import { sendEvents, type RunRound } from './useRoundChange.tsx';
import { afterToday, today } from '../lib/today.ts';

export const iso = (d: Dayjs) => d.format('YYYY-MM-DD');
export const MAX_MINUTES_BYTES = 5 * 1024 * 1024;
const MINUTES_TYPES = allOf<MinutesType>()(['application/pdf', 'image/jpeg', 'image/png']);

/** A date field (dd/mm/yyyy, not after today). */
export function DateField({ name = 'date', label }: { name?: string; label: string }) {
  const { t } = useI18n();
  return (
    <Form.Item name={name} label={label} rules={[{ required: true, message: t('round.dateRequired') }]}>
      <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} disabledDate={afterToday} />
    </Form.Item>
  );
}

interface EventModalProps<V> {
  open: boolean;
  onClose(): void;
  run: RunRound;
  round: Round;
  title: ReactNode;
  okText: string;
  done: string;
  /** The form's name: its items get ids `${name}_${field}`. */
  name: string;
  initialValues?: Partial<V>;
  toEvents(values: V): RoundEvent[] | Promise<RoundEvent[]>;
  danger?: boolean;
  width?: number;
  children: (form: FormInstance<V>) => ReactNode;
  before?: ReactNode;
}

/** A dialog whose form becomes round events. */
export function EventModal<V extends object>(p: EventModalProps<V>) {
  const { t } = useI18n();
  const [form] = Form.useForm<V>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [initialValues] = useState(() => ({ date: today(), ...p.initialValues }));
  const submit = async (values: V) => {
    setBusy(true);
    setError(null);
    const events = await p.toEvents(values);
    const outcome = await p.run(sendEvents(p.round.id, events), p.done);
    setBusy(false);
    if (outcome.ok || outcome.stale) return p.onClose();
    setError(outcome.error);
  };
  return (
    <Modal
      open={p.open}
      title={p.title}
      onCancel={p.onClose}
      onOk={() => form.submit()}
      okText={p.okText}
      okButtonProps={{ danger: !!p.danger, 'data-testid': `${p.name}-submit` } as ButtonProps}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      width={p.width ?? 560}
    >
      {p.before}
      <ErrorAlert error={error} />
      <Form<V>
        form={form}
        name={p.name}
        layout="vertical"
        initialValues={initialValues as never}
        onFinish={(v) => void submit(v)}
        disabled={busy}
      >
        {p.children(form)}
      </Form>
    </Modal>
  );
}

type Common = { open: boolean; onClose(): void; run: RunRound; round: Round };

export function ApplicantModal(p: Common) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const found = useAsync(
    () =>
      query.trim().length >= 2
        ? call(() =>
            api.GET('/api/households', {
              params: { query: { name: query.trim(), communeCode: p.round.communeCode, pageSize: 20 } },
            }),
          ).then((r) => r.rows)
        : Promise.resolve([]),
    [query, p.round.communeCode],
  );
  const listed = new Set(p.round.households.map((h) => h.householdId));
  return (
    <EventModal<{ householdId: string; applicationDate: Dayjs; date: Dayjs }>
      {...p}
      name="applicant"
      title={t('round.applicantTitle')}
      okText={t('round.applicantSubmit')}
      done={t('round.applicantDone')}
      toEvents={(v) => [
        {
          type: 'list',
          date: iso(v.date),
          householdId: v.householdId,
          reason: 'applicant',
          applicationDate: iso(v.applicationDate),
        },
      ]}
    >
      {() => (
        <>
          <Form.Item
            name="householdId"
            label={t('round.applicantHousehold')}
            rules={[{ required: true, message: t('round.applicantRequired') }]}
            extra={t('round.applicantHint')}
          >
            <Select
              showSearch={{ filterOption: false, onSearch: setQuery }}
              placeholder={t('search.namePlaceholder')}
              loading={found.loading && query.length >= 2}
              notFoundContent={query.trim().length >= 2 ? t('search.none') : t('search.nameTooShort')}
              options={(found.data ?? []).map((h) => ({
                value: h.householdId,
                label: `${h.headName} — ${h.villageName}`,
                disabled: listed.has(h.householdId),
              }))}
            />
          </Form.Item>
          <DateField name="applicationDate" label={t('round.applicationDate')} />
          <DateField label={t('round.listedOn')} />
        </>
      )}
    </EventModal>
  );
}

/** Steps with only a date: close the listing, report upward. */
export function DateStepModal(
  p: Common & {
    kind: 'close_listing' | 'report';
    title: string;
    okText: string;
    done: string;
    note?: string;
  },
) {
  const { t } = useI18n();
  return (
    <EventModal<{ date: Dayjs }>
      {...p}
      name={p.kind}
      toEvents={(v) => [{ type: p.kind, date: iso(v.date) }]}
      before={p.note ? <Alert type="info" showIcon title={p.note} style={{ marginBottom: 16 }} /> : null}
    >
      {() => <DateField label={t('round.date')} />}
    </EventModal>
  );
}

export function ScreenModal(p: Common & { household: RoundHousehold }) {
  const { t } = useI18n();
  return (
    <EventModal<{ date: Dayjs; passed: boolean }>
      {...p}
      name="screen"
      title={t('round.screenTitle', { name: p.household.headName })}
      okText={t('common.save')}
      done={t('round.screenDone')}
      toEvents={(v) => [
        { type: 'screen', date: iso(v.date), householdId: p.household.householdId, passed: v.passed },
      ]}
    >
      {() => (
        <>
          <Form.Item
            name="passed"
            label={t('round.screenResult')}
            rules={[{ required: true, message: t('round.screenRequired') }]}
            extra={t('round.screenHint')}
          >
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: true, label: <span data-testid="screen-pass">{t('round.screenPass')}</span> },
                { value: false, label: <span data-testid="screen-fail">{t('round.screenFail')}</span> },
              ]}
            />
          </Form.Item>
          <DateField label={t('round.date')} />
        </>
      )}
    </EventModal>
  );
}

interface MeetingValues {
  date: Dayjs;
  attendees?: number | null;
  votes: Record<string, number | null | undefined>;
}

export function MeetingModal(p: Common & { village: RoundVillage }) {
  const { t, percent } = useI18n();
  const voting = p.round.households.filter(
    (h) => h.villageId === p.village.villageId && h.stage === 'surveyed',
  );
  const [minutes, setMinutes] = useState<{ fileId: string; name: string } | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [uploading, setUploading] = useState(false);

  const upload = async (file: File) => {
    setUploadError(null);
    if (!(MINUTES_TYPES as readonly string[]).includes(file.type)) {
      setUploadError(new Error(t('round.minutesType')));
      return;
    }
    if (file.size > MAX_MINUTES_BYTES) {
      setUploadError(new Error(t('round.minutesTooLarge')));
      return;
    }
    setUploading(true);
    try {
      const contentBase64 = await toBase64(file);
      const saved = await call(() =>
        api.POST('/api/rounds/{roundId}/files', {
          params: { path: { roundId: p.round.id } },
          body: { name: file.name, mimeType: file.type as MinutesType, contentBase64 },
        }),
      );
      setMinutes({ fileId: saved.fileId, name: file.name });
    } catch (e) {
      setUploadError(e);
    } finally {
      setUploading(false);
    }
  };

  return (
    <EventModal<MeetingValues>
      {...p}
      name="meeting"
      width={720}
      title={t('round.meetingTitle', { village: p.village.villageName })}
      okText={t('round.meetingSubmit')}
      done={t('round.meetingDone')}
      initialValues={{ votes: {} }}
      toEvents={(v) => [
        {
          type: 'meeting',
          date: iso(v.date),
          villageId: p.village.villageId,
          attendees: v.attendees ?? 0,
          votes: voting.map((h) => ({ householdId: h.householdId, agree: v.votes[h.householdId] ?? 0 })),
          minutesFileId: minutes?.fileId ?? null,
        },
      ]}
      before={
        voting.length === 0 ? (
          <Alert type="warning" showIcon title={t('round.meetingNone')} style={{ marginBottom: 16 }} />
        ) : null
      }
    >
      {(form) => (
        <>
          <Flex gap={16} wrap>
            <div style={{ flex: '1 1 200px' }}>
              <DateField label={t('round.meetingDate')} />
            </div>
            <Form.Item
              name="attendees"
              label={t('round.attendees')}
              style={{ flex: '1 1 200px' }}
              rules={[{ required: true, message: t('round.attendeesRequired') }]}
            >
              <InputNumber min={1} precision={0} style={{ width: '100%' }} inputMode="numeric" />
            </Form.Item>
          </Flex>
          <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
            {t('round.meetingHint')}
          </Typography.Paragraph>
          <Form.Item noStyle shouldUpdate>
            {() => {
              const attendees = form.getFieldValue('attendees') as number | null | undefined;
              return (
                <Table<RoundHousehold>
                  size="small"
                  rowKey="householdId"
                  pagination={false}
                  dataSource={voting}
                  style={{ marginBottom: 16 }}
                  columns={[
                    { title: t('round.col.head'), dataIndex: 'headName' },
                    {
                      title: t('round.agreeVotes'),
                      width: 150,
                      render: (_: unknown, h) => (
                        <Form.Item
                          name={['votes', h.householdId]}
                          noStyle
                          rules={[{ required: true, message: t('round.votesRequired') }]}
                        >
                          <InputNumber
                            min={0}
                            precision={0}
                            style={{ width: '100%' }}
                            inputMode="numeric"
                            id={`meeting_votes_${h.householdId}`}
                            aria-label={t('round.agreeVotesFor', { name: h.headName })}
                          />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('round.agreement'),
                      width: 250,
                      render: (_: unknown, h) => {
                        const agree = form.getFieldValue(['votes', h.householdId]) as number | null;
                        if (!attendees || agree === null || agree === undefined) return '—';
                        const share = (agree / attendees) * 100;
                        const stands = share >= 50;
                        return (
                          <Flex vertical data-testid={`agreement-${h.householdId}`}>
                            <Progress
                              percent={Math.min(100, share)}
                              size="small"
                              status={agree > attendees ? 'exception' : stands ? 'success' : 'normal'}
                              format={() => percent(share)}
                            />
                            <Tag color={stands ? 'green' : 'orange'} style={{ width: 'fit-content' }}>
                              {stands ? t('round.stands') : t('round.resurvey')}
                            </Tag>
                          </Flex>
                        );
                      },
                    },
                  ]}
                />
              );
            }}
          </Form.Item>
          <Form.Item label={t('round.minutes')} extra={t('round.minutesHint')}>
            {minutes ? (
              <Flex gap={8} align="center">
                <PaperClipOutlined />
                <Typography.Text data-testid="minutes-name">{minutes.name}</Typography.Text>
                <Button
                  icon={<DeleteOutlined />}
                  aria-label={t('common.remove')}
                  onClick={() => setMinutes(null)}
                />
              </Flex>
            ) : (
              <Upload
                accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                showUploadList={false}
                beforeUpload={(file) => {
                  void upload(file);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} loading={uploading} data-testid="minutes-upload">
                  {t('round.minutesUpload')}
                </Button>
              </Upload>
            )}
            {uploadError ? (
              <div style={{ marginTop: 8 }}>
                <UploadProblem error={uploadError} />
              </div>
            ) : null}
          </Form.Item>
        </>
      )}
    </EventModal>
  );
}

function UploadProblem({ error }: { error: unknown }) {
  if (error instanceof Error && !('status' in error)) {
    return <Alert type="error" showIcon title={error.message} />;
  }
  return <ErrorAlert error={error} />;
}

function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read'));
    reader.readAsDataURL(file);
  });
}

export function PostingModal(p: Common & { village: RoundVillage; mode: 'start' | 'end' }) {
  const { t, date } = useI18n();
  const open = p.village.postings.at(-1);
  return (
    <EventModal<{ date: Dayjs }>
      {...p}
      name={`posting_${p.mode}`}
      title={t(p.mode === 'start' ? 'round.postingStartTitle' : 'round.postingEndTitle', {
        village: p.village.villageName,
      })}
      okText={t('common.save')}
      done={t(p.mode === 'start' ? 'round.postingStarted' : 'round.postingEnded')}
      toEvents={(v) => [
        {
          type: p.mode === 'start' ? 'posting_start' : 'posting_end',
          date: iso(v.date),
          villageId: p.village.villageId,
        },
      ]}
      before={
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            p.mode === 'end' && open
              ? t('round.postingSince', { date: date(open.start) })
              : t('round.postingRule')
          }
        />
      }
    >
      {() => (
        <DateField label={p.mode === 'start' ? t('round.postingStartDate') : t('round.postingEndDate')} />
      )}
    </EventModal>
  );
}

export function ComplaintModal(p: Common & { household: RoundHousehold }) {
  const { t } = useI18n();
  return (
    <EventModal<{ date: Dayjs; content: string }>
      {...p}
      name="complaint"
      title={t('round.complaintTitle', { name: p.household.headName })}
      okText={t('common.save')}
      done={t('round.complaintDone')}
      toEvents={(v) => [
        {
          type: 'complaint',
          date: iso(v.date),
          householdId: p.household.householdId,
          content: v.content.trim(),
        },
      ]}
    >
      {() => (
        <>
          <Form.Item
            name="content"
            label={t('round.complaintContent')}
            rules={[
              { required: true, whitespace: true, message: t('round.complaintRequired') },
              { max: 2000 },
            ]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
          <DateField label={t('round.complaintDate')} />
        </>
      )}
    </EventModal>
  );
}

export function RecheckModal(p: Common & { household: RoundHousehold }) {
  const { t } = useI18n();
  return (
    <EventModal<{ date: Dayjs; class: (typeof CLASSES)[number]; outcome: RecheckOutcome }>
      {...p}
      name="recheck"
      title={t('round.recheckTitle', { name: p.household.headName })}
      okText={t('common.save')}
      done={t('round.recheckDone')}
      initialValues={{ class: (p.household.finalClass as (typeof CLASSES)[number] | null) ?? 'poor' }}
      toEvents={(v) => [
        {
          type: 'recheck',
          date: iso(v.date),
          householdId: p.household.householdId,
          class: v.class,
          outcome: v.outcome,
        },
      ]}
    >
      {() => (
        <>
          <Form.Item name="class" label={t('round.recheckClass')} rules={[{ required: true }]}>
            <Select options={CLASSES.map((c) => ({ value: c, label: t(`class.${c}`) }))} />
          </Form.Item>
          <Form.Item
            name="outcome"
            label={t('round.recheckOutcome')}
            rules={[{ required: true, message: t('round.recheckOutcomeRequired') }]}
          >
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: 'upheld', label: <span data-testid="recheck-upheld">{t('round.upheld')}</span> },
                { value: 'changed', label: <span data-testid="recheck-changed">{t('round.changed')}</span> },
              ]}
            />
          </Form.Item>
          <DateField label={t('round.recheckDate')} />
        </>
      )}
    </EventModal>
  );
}

export function RecogniseModal(p: Common) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <EventModal<{ date: Dayjs; decisionNumber: string }>
      {...p}
      name="recognise"
      title={t('round.recogniseTitle')}
      okText={t('round.recogniseSubmit')}
      done={t('round.recognised')}
      toEvents={(v) => [{ type: 'recognise', date: iso(v.date), decisionNumber: v.decisionNumber.trim() }]}
      before={
        p.round.readiness.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('round.notReady')}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {readinessTexts(p.round, i18n).map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            }
          />
        ) : null
      }
    >
      {() => (
        <>
          <Form.Item
            name="decisionNumber"
            label={t('round.decisionNumber')}
            rules={[{ required: true, whitespace: true, message: t('round.decisionRequired') }, { max: 60 }]}
          >
            <Input placeholder={t('round.decisionPlaceholder')} />
          </Form.Item>
          <DateField label={t('round.decisionDate')} />
        </>
      )}
    </EventModal>
  );
}

export function ReopenModal(p: Common) {
  const { t } = useI18n();
  return (
    <EventModal<{ date: Dayjs; reason: string }>
      {...p}
      name="reopen"
      danger
      title={t('round.reopenTitle')}
      okText={t('round.reopenSubmit')}
      done={t('round.reopened')}
      toEvents={(v) => [{ type: 'reopen', date: iso(v.date), reason: v.reason.trim() }]}
      before={<Alert type="warning" showIcon title={t('round.reopenNote')} style={{ marginBottom: 16 }} />}
    >
      {() => (
        <>
          <Form.Item
            name="reason"
            label={t('common.reason')}
            rules={[
              { required: true, whitespace: true, message: t('common.reasonRequired') },
              { min: 5, message: t('round.reasonTooShort') },
              { max: 1000 },
            ]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
          <DateField label={t('round.date')} />
        </>
      )}
    </EventModal>
  );
}

type AccountOutcome = NonNullable<RoundHousehold['accounted']>['outcome'];
/** The account event as the form holds it: its dates as pickers' values. */
type AccountValues = Omit<
  Extract<RoundEvent, { type: 'account' }>,
  'type' | 'householdId' | 'date' | 'effective'
> & {
  date: Dayjs;
  effective: Dayjs;
};
const ACCOUNT_OUTCOMES = allOf<AccountOutcome>()(['moved_out', 'dissolved', 'merged']);

/**
 * A household on the current list that leaves it without review: moved out, dissolved or merged, on the
 * registry's word (the record names the document).
 */
export function AccountModal(p: Common & { household: RoundHousehold }) {
  const { t } = useI18n();
  return (
    <EventModal<AccountValues>
      {...p}
      name="account"
      title={t('round.accountTitle', { name: p.household.headName })}
      okText={t('round.accountSubmit')}
      done={t('round.accountDone', { name: p.household.headName })}
      toEvents={(v) => [
        {
          type: 'account',
          date: iso(v.date),
          householdId: p.household.householdId,
          outcome: v.outcome,
          effective: iso(v.effective),
          record: v.record.trim(),
        },
      ]}
    >
      {() => (
        <>
          <Form.Item
            name="outcome"
            label={t('round.accountOutcome')}
            rules={[{ required: true, message: t('round.accountOutcomeRequired') }]}
          >
            <Select
              data-testid="account-outcome"
              options={ACCOUNT_OUTCOMES.map((o) => ({ value: o, label: t(`account.${o}`) }))}
            />
          </Form.Item>
          <DateField name="effective" label={t('round.accountEffective')} />
          <Form.Item
            name="record"
            label={t('round.accountRecord')}
            rules={[{ required: true, whitespace: true, message: t('round.accountRecordRequired') }]}
          >
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <DateField label={t('round.date')} />
        </>
      )}
    </EventModal>
  );
}
