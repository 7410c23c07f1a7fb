// Phiếu B on the device: prefilled from the last answers (what the device recorded, else the household's
// latest Phiếu B) so a re-survey edits rather than starts blank; the class is worked out on the device by the
// server's own rule book as the enumerator types, shown under the fields (never over them).
import { Alert, Button, Card, Checkbox, Flex, Input, Segmented, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { AssessmentEntry } from '../../../src/domain/field/changes.ts';
import type { Area } from '../../../src/domain/standards/types.ts';
import { ClassTag } from '../components/ClassTag.tsx';
import { DateField } from '../finance/DateField.tsx';
import { useI18n } from '../i18n/index.tsx';
import { classifyOnDevice, standardOf } from './classify.ts';
import type { DeviceHousehold } from './model.ts';

type Measure = 'income' | 'scoreA';

export function PhieuBForm({
  h,
  rules,
  standardId,
  area,
  today,
  disabled,
  onRecord,
}: {
  h: DeviceHousehold;
  rules: unknown;
  standardId: string | null;
  area: Area;
  today: string;
  disabled: boolean;
  onRecord(answers: Omit<AssessmentEntry, 'baseAssessmentId'>): Promise<void>;
}) {
  const { t, pick, number, date } = useI18n();
  const previous = h.deviceAssessment ?? h.latestAssessment;
  const standard = standardOf(rules, standardId);
  const [measure, setMeasure] = useState<Measure>(
    previous?.scoreA != null && previous.incomePerCapita == null ? 'scoreA' : 'income',
  );
  const [amount, setAmount] = useState<string>(() => {
    const v = measure === 'income' ? previous?.incomePerCapita : previous?.scoreA;
    return v == null ? '' : String(v);
  });
  const [deficits, setDeficits] = useState<string[]>(() =>
    (previous?.deficits ?? []).filter((c) => standard?.indicatorCodes.has(c)),
  );
  const [surveyDate, setSurveyDate] = useState(today);
  const value = amount.trim() === '' ? undefined : Number(amount.replace(/[.\s]/g, '').replace(',', '.'));
  const valid = value !== undefined && Number.isFinite(value) && value >= 0;

  const verdict = useMemo(
    () =>
      valid && standard
        ? classifyOnDevice(rules, {
            standard: standard.id,
            area,
            ...(measure === 'income' ? { incomePerCapita: value } : { scoreA: value }),
            deficits,
          })
        : null,
    [valid, standard, rules, area, measure, value, deficits],
  );

  const dimensions = useMemo(() => {
    const groups = new Map<
      string,
      { name: { vi: string; en: string }; codes: { code: string; name: { vi: string; en: string } }[] }
    >();
    for (const i of standard?.indicators ?? []) {
      const g = groups.get(i.dimension.code) ?? { name: i.dimension, codes: [] };
      g.codes.push({ code: i.code, name: i.name });
      groups.set(i.dimension.code, g);
    }
    return [...groups.values()];
  }, [standard]);

  if (!standard) return <Alert type="warning" showIcon title={t('offline.noStandard')} />;
  const prefilledFrom = h.deviceAssessment
    ? t('offline.prefilledDevice', { date: date(h.deviceAssessment.surveyDate) })
    : h.latestAssessment
      ? t('offline.prefilledFrom', { date: date(h.latestAssessment.surveyDate) })
      : null;

  return (
    <Card title={t('offline.phieuB')} data-testid="field-phieu-b">
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{pick(standard.name)}</Typography.Text>
        {prefilledFrom && <Alert type="info" showIcon title={prefilledFrom} data-testid="prefilled-note" />}
        <label>
          <Typography.Text strong>{t('assess.surveyDate')}</Typography.Text>
          <DateField value={surveyDate} onChange={(d) => setSurveyDate(d ?? '')} />
        </label>
        {standard.parameters.scoreA && (
          <Segmented
            block
            value={measure}
            onChange={(m) => {
              setMeasure(m as Measure);
              setAmount('');
            }}
            options={[
              { value: 'income', label: t('assess.income') },
              { value: 'scoreA', label: t('assess.scoreA') },
            ]}
          />
        )}
        <label>
          <Typography.Text strong>
            {measure === 'income' ? t('assess.incomeValue') : t('assess.scoreAValue')}
          </Typography.Text>
          <Input
            inputMode="numeric"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            suffix={measure === 'income' ? t('assess.dongPerMonth') : undefined}
            status={amount && !valid ? 'error' : undefined}
            data-testid="field-amount"
          />
          {valid && measure === 'income' && (
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {number(value)} {t('assess.dongPerMonth')}
            </Typography.Text>
          )}
        </label>
        <Typography.Text strong>{t('assess.deficits')}</Typography.Text>
        <Checkbox.Group
          value={deficits}
          onChange={(v) => setDeficits(v as string[])}
          style={{ width: '100%' }}
        >
          <Flex vertical gap={8} style={{ width: '100%' }}>
            {dimensions.map((d) => (
              <Flex vertical gap={4} key={pick(d.name)}>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {pick(d.name)}
                </Typography.Text>
                {d.codes.map((c) => (
                  <Checkbox key={c.code} value={c.code} className="gn-touch-check" data-code={c.code}>
                    {pick(c.name)}
                  </Checkbox>
                ))}
              </Flex>
            ))}
          </Flex>
        </Checkbox.Group>
        {/* The live class, under the fields: typing is never covered. */}
        <Card size="small" data-testid="field-live-class" styles={{ body: { padding: 12 } }}>
          {verdict?.ok ? (
            <Flex vertical gap={4}>
              <Flex gap={8} align="center" wrap>
                <ClassTag value={verdict.class} />
                <Typography.Text>{t('assess.deficitCount', { n: verdict.deficitCount })}</Typography.Text>
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {pick(verdict.explanation)}
              </Typography.Text>
            </Flex>
          ) : verdict ? (
            <Typography.Text type="danger">{pick(verdict.message)}</Typography.Text>
          ) : (
            <Typography.Text type="secondary">{t('assess.previewHint')}</Typography.Text>
          )}
        </Card>
        <Button
          type="primary"
          size="large"
          block
          disabled={disabled || !verdict?.ok || !surveyDate || surveyDate > today}
          onClick={() =>
            void onRecord({
              standard: standard.id,
              surveyDate,
              ...(measure === 'income' ? { incomePerCapita: value } : { scoreA: value }),
              deficits,
            })
          }
          data-testid="field-record"
        >
          {t('offline.recordB')}
        </Button>
      </Flex>
    </Card>
  );
}
