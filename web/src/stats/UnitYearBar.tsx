// The bar above the statistics screens: the unit (within the user's scope), the year and, where asked, the group.
import { Card, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { FIGURE_GROUPS, type FigureGroup } from './types.ts';
import type { useUnitChoice } from './useUnitChoice.ts';

export function UnitYearBar({
  choice,
  group,
  onGroup,
  extra,
}: {
  choice: ReturnType<typeof useUnitChoice>;
  group?: FigureGroup;
  onGroup?: (g: FigureGroup) => void;
  extra?: ReactNode;
}) {
  const { t } = useI18n();
  const { unit, year, options, typeCode, set } = choice;
  return (
    <Card style={{ marginBottom: 16 }} size="small">
      <Row gutter={[16, 8]} align="bottom">
        <Col xs={24} md={10}>
          <Form.Item label={t('stats.unit')} layout="vertical" style={{ marginBottom: 0 }}>
            {typeCode ? (
              <Input
                data-testid="stats-unit-code"
                defaultValue={unit ?? ''}
                inputMode="numeric"
                maxLength={5}
                placeholder="19"
                onChange={(e) => {
                  const v = e.target.value.trim();
                  if (/^\d{2,5}$/.test(v)) set({ unit: v });
                }}
              />
            ) : (
              <Select
                data-testid="stats-unit"
                showSearch={{ optionFilterProp: 'label' }}
                loading={options.loading}
                value={unit ?? undefined}
                onChange={(v: string) => set({ unit: v })}
                options={(options.data ?? []).map((o) => ({
                  value: o.code,
                  label: `${o.depth ? '· ' : ''}${o.name === o.code ? o.code : `${o.name} (${o.code})`}`,
                }))}
              />
            )}
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item label={t('stats.year')} layout="vertical" style={{ marginBottom: 0 }}>
            <InputNumber
              data-testid="stats-year"
              value={year}
              min={2016}
              max={2100}
              style={{ width: '100%' }}
              onChange={(v) => typeof v === 'number' && v >= 2016 && v <= 2100 && set({ year: v })}
            />
          </Form.Item>
        </Col>
        {group && onGroup && (
          <Col xs={12} md={5}>
            <Form.Item label={t('stats.group')} layout="vertical" style={{ marginBottom: 0 }}>
              <Select
                data-testid="stats-group"
                value={group}
                onChange={onGroup}
                options={FIGURE_GROUPS.map((g) => ({ value: g, label: t(`stats.group.${g}`) }))}
              />
            </Form.Item>
          </Col>
        )}
        {extra && (
          <Col xs={24} md={5}>
            {extra}
          </Col>
        )}
      </Row>
    </Card>
  );
}
