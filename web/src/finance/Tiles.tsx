// Headline figures in cards: a label, a value and an optional line under it.
import { Card, Col, Row, Typography } from 'antd';
import type { ReactNode } from 'react';

export interface Tile {
  key: string;
  label: string;
  value: ReactNode;
  note?: ReactNode;
  danger?: boolean;
}

export function Tiles({ tiles }: { tiles: Tile[] }) {
  return (
    <Row gutter={[12, 12]}>
      {tiles.map((tile) => (
        <Col key={tile.key} xs={12} md={8} lg={6}>
          <Card size="small" style={{ height: '100%' }} data-testid={`tile-${tile.key}`}>
            <Typography.Text type="secondary">{tile.label}</Typography.Text>
            <div
              style={{
                fontSize: 22,
                fontWeight: 600,
                lineHeight: 1.3,
                marginTop: 4,
                color: tile.danger ? '#cf1322' : undefined,
              }}
            >
              {tile.value}
            </div>
            {tile.note ? <Typography.Text type="secondary">{tile.note}</Typography.Text> : null}
          </Card>
        </Col>
      ))}
    </Row>
  );
}
