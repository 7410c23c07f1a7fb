// Tài liệu của đợt rà soát: the posting list (per village or the whole commune) at any time; after
// recognition the certificates, the recognised lists and the lists for other agencies (BHYT, học phí,
// NHCSXH — personal data, only for roles that may read it, with the purpose kept in the audit).
import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, Modal, Select, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import { allOf, type Round, type Schemas } from '../api/types.ts';
import { useMe } from '../auth.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import { isVillageScoped } from '../lib/reference.ts';

type AgencyList = Schemas['AgencyListKind'];
const AGENCY_LISTS = allOf<AgencyList>()(['health-insurance', 'tuition', 'social-policy-bank']);
type PdfDocument = 'certificates' | 'posting-list' | 'recognised-list';

/** The file name the server gives (content-disposition: filename*=UTF-8''…), or a fallback. */
function fileName(disposition: string | null, fallback: string): string {
  const star = disposition?.split(';').find((p) => p.trim().toLowerCase().startsWith("filename*=utf-8''"));
  if (star) {
    try {
      return decodeURIComponent(star.trim().slice("filename*=utf-8''".length));
    } catch {
      return fallback;
    }
  }
  return fallback;
}

/** Saves a blob under a name through a temporary link. */
function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function RoundDocuments({ round }: { round: Round }) {
  const { t } = useI18n();
  const me = useMe();
  const [villageId, setVillageId] = useState('');
  const [agency, setAgency] = useState<{ kind: AgencyList; seq: number } | null>(null);
  const recognised = round.status !== 'open' && !!round.decisionNumber;
  const query = villageId ? `?${new URLSearchParams({ villageId }).toString()}` : '';
  const pdf = (doc: PdfDocument) => `/api/rounds/${round.id}/documents/${doc}.pdf${query}`;
  const link = (doc: PdfDocument) => (
    <a href={pdf(doc)} download data-testid={`document-${doc}`}>
      <Button icon={<FilePdfOutlined />} tabIndex={-1}>
        {t(`round.documents.${doc}`)}
      </Button>
    </a>
  );

  return (
    <Card
      title={t('round.documents')}
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="round-documents"
    >
      <Flex vertical gap={12}>
        <Flex gap={8} align="center" wrap>
          <Typography.Text>{t('field.village')}:</Typography.Text>
          <Select
            value={villageId}
            onChange={setVillageId}
            style={{ minWidth: 220 }}
            data-testid="documents-village"
            options={[
              {
                value: '',
                label: isVillageScoped(me)
                  ? t('round.documents.ownVillages')
                  : t('round.documents.wholeCommune'),
              },
              ...round.villages.map((v) => ({ value: v.villageId, label: v.villageName })),
            ]}
          />
        </Flex>
        <Flex gap={8} wrap>
          {link('posting-list')}
          {recognised && link('certificates')}
          {recognised && link('recognised-list')}
        </Flex>
        {recognised && me.permissions.personalData && (
          <div>
            <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
              {t('round.documents.agencyHint')}
            </Typography.Text>
            <Flex gap={8} wrap>
              {AGENCY_LISTS.map((kind) => (
                <Button
                  key={kind}
                  icon={<FileExcelOutlined />}
                  onClick={() => setAgency((a) => ({ kind, seq: (a?.seq ?? 0) + 1 }))}
                  data-testid={`agency-${kind}`}
                >
                  {t(`round.documents.agency.${kind}`)}
                </Button>
              ))}
            </Flex>
          </div>
        )}
        {!recognised && (
          <Typography.Text type="secondary" data-testid="documents-after-recognition">
            {t('round.documents.afterRecognition')}
          </Typography.Text>
        )}
      </Flex>
      {agency && (
        <AgencyListModal
          key={agency.seq}
          roundId={round.id}
          kind={agency.kind}
          villageId={villageId}
          onClose={() => setAgency(null)}
        />
      )}
    </Card>
  );
}

function AgencyListModal({
  roundId,
  kind,
  villageId,
  onClose,
}: {
  roundId: string;
  kind: AgencyList;
  villageId: string;
  onClose(): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ purpose: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const download = async ({ purpose }: { purpose: string }) => {
    setBusy(true);
    setError(null);
    try {
      let disposition: string | null = null;
      const blob = await call(async () => {
        const r = await api.GET('/api/rounds/{roundId}/documents/agency-lists/{kind}.xlsx', {
          params: {
            path: { roundId, kind },
            query: { purpose: purpose.trim(), ...(villageId ? { villageId } : {}) },
          },
          parseAs: 'blob',
        });
        disposition = r.response.headers.get('content-disposition');
        return r;
      });
      save(blob as Blob, fileName(disposition, `${kind}.xlsx`));
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t(`round.documents.agency.${kind}`)}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('round.documents.download')}
      okButtonProps={{ 'data-testid': 'agency-submit' } as ButtonProps}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
    >
      <Typography.Paragraph type="secondary">{t('round.documents.agencyNote')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <Form form={form} name="agency" layout="vertical" onFinish={(v) => void download(v)}>
        <Form.Item
          name="purpose"
          label={t('round.documents.purpose')}
          rules={[
            { required: true, whitespace: true, message: t('round.documents.purposeRequired') },
            {
              validator: async (_, v?: string) => {
                if (v?.trim() && v.trim().length < 5) throw new Error(t('round.documents.purposeShort'));
              },
            },
          ]}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid="agency-purpose" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
