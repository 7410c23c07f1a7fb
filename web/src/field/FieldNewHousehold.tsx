// Thêm hộ on the device: the household waits in the outbox with a name of the device's own until the server
// creates it (with its members and Phiếu B) at the next sync.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Flex, Form, Input, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMe } from '../auth.tsx';
import { Loading } from '../components/States.tsx';
import { useI18n } from '../i18n/index.tsx';
import { newHousehold, type HouseholdValues } from './model.ts';
import { openFieldStore, saveOutbox, useFieldStore } from './store.ts';

export function FieldNewHousehold() {
  const me = useMe();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const st = useFieldStore();
  const [form] = Form.useForm<HouseholdValues & { villageId: string }>();
  useEffect(() => {
    void openFieldStore(me.username);
  }, [me.username]);
  if (!st.loaded) return <Loading />;
  const villages = (st.snapshot?.villages ?? []).filter((v) => v.write);

  const submit = async (v: HouseholdValues & { villageId: string }) => {
    const { outbox, localId } = newHousehold(
      st.outbox,
      v.villageId,
      {
        headName: v.headName.trim().normalize('NFC'),
        address: v.address?.trim() || null,
        ethnicity: v.ethnicity?.trim() || null,
        isEthnicMinority: !!v.isEthnicMinority,
        personOfMerit: !!v.personOfMerit,
        socialProtection: !!v.socialProtection,
        noLabourCapacity: !!v.noLabourCapacity,
      },
      new Date().toISOString(),
    );
    await saveOutbox(outbox);
    navigate(`/field/h/${encodeURIComponent(localId)}`, { replace: true });
  };

  return (
    <Flex vertical gap={12} className="gn-field">
      <Link to="/field">
        <ArrowLeftOutlined /> {t('offline.back')}
      </Link>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('household.add')}
      </Typography.Title>
      <Card>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ villageId: params.get('village') ?? villages[0]?.villageId }}
          onFinish={(v) => void submit(v)}
          data-testid="field-new-household"
        >
          <Form.Item name="villageId" label={t('field.village')} rules={[{ required: true }]}>
            <Select options={villages.map((v) => ({ value: v.villageId, label: v.villageName }))} />
          </Form.Item>
          <Form.Item
            name="headName"
            label={t('field.headName')}
            rules={[{ required: true, whitespace: true, message: t('household.headRequired') }, { max: 120 }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="address" label={t('field.address')}>
            <Input maxLength={300} autoComplete="off" />
          </Form.Item>
          <Form.Item name="ethnicity" label={t('field.ethnicity')}>
            <Input maxLength={60} placeholder={t('member.ethnicityPlaceholder')} />
          </Form.Item>
          <Form.Item name="isEthnicMinority" valuePropName="checked" style={{ marginBottom: 12 }}>
            <Checkbox className="gn-touch-check">{t('field.isEthnicMinority')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" data-testid="field-create-household">
            {t('offline.createHere')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
