// (b) The units under the chosen one ranked by poor rate, and (c) the same rates on a map when a loaded
// boundary layer outlines them (with the layer's attribution on the map).
import { Button, Card, Empty, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, call } from '../api/client.ts';
import { Chart, registerGeoJson } from '../components/charts/Chart.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { choroplethOption, rankingOption } from './chart-options.ts';
import type { ChildFigure } from './types.ts';

const TOP = 15;

export function RankingCard({ rows }: { rows: ChildFigure[] }) {
  const { t, lang, percent } = useI18n();
  const [all, setAll] = useState(false);
  const rated = rows.filter((c) => c.poorRate !== null).sort((a, b) => b.poorRate! - a.poorRate!);
  const shown = all ? rated : rated.slice(0, TOP);
  const option = useMemo(() => rankingOption(shown, lang, t('stats.poorRate')), [shown, lang, t]);
  return (
    <Card
      title={t('stats.rankingTitle')}
      size="small"
      data-testid="ranking-card"
      extra={
        rated.length > TOP && (
          <Button size="small" onClick={() => setAll((v) => !v)}>
            {all ? t('stats.showTop', { n: TOP }) : t('stats.showAll', { n: rated.length })}
          </Button>
        )
      }
    >
      {shown.length === 0 ? (
        <Empty description={t('stats.noChildren')} />
      ) : (
        <Chart
          option={option}
          height={Math.max(200, shown.length * 26 + 40)}
          label={t('stats.rankingTitle')}
          summary={shown.map((c, i) => `${i + 1}. ${c.name}: ${percent(c.poorRate!, 2)}`)}
          data-testid="ranking-chart"
        />
      )}
    </Card>
  );
}

export function MapCard({ unit, year, rows }: { unit: string; year: number; rows: ChildFigure[] }) {
  const { t, lang } = useI18n();
  const layer = useAsync(
    () =>
      call(() =>
        api.GET('/api/maps/children', { params: { query: { unitCode: unit, date: `${year}-12-31` } } }),
      ),
    [unit, year],
  );
  const data = layer.data;
  const mapName = data?.layer ? `${data.layer.id}:${unit}:${year}` : null;
  const option = useMemo(() => {
    if (!mapName || !data?.geojson) return null;
    registerGeoJson(mapName, data.geojson);
    return choroplethOption(mapName, rows, lang, { rate: t('stats.poorRate'), noData: t('stats.noData') });
  }, [mapName, data, rows, lang, t]);
  return (
    <Card title={t('stats.mapTitle')} size="small" data-testid="map-card">
      <ErrorAlert error={layer.error} />
      {!option || !data?.layer ? (
        <Empty description={layer.loading ? t('common.loading') : t('stats.noMap')} />
      ) : (
        <div style={{ position: 'relative' }}>
          <Chart
            option={option}
            height={420}
            label={t('stats.mapTitle')}
            summary={[t('stats.mapPartial', { covered: data.covered, total: data.children })]}
            data-testid="map-chart"
          />
          <Typography.Text
            type="secondary"
            data-testid="map-attribution"
            style={{
              position: 'absolute',
              right: 4,
              bottom: 4,
              maxWidth: '70%',
              fontSize: 11,
              lineHeight: 1.3,
              background: 'rgba(255,255,255,0.85)',
              padding: '2px 6px',
              textAlign: 'right',
            }}
          >
            © {data.layer.attribution} — {data.layer.licence}
          </Typography.Text>
          {data.covered < data.children && (
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 13 }}>
              {t('stats.mapPartial', { covered: data.covered, total: data.children })}
            </Typography.Paragraph>
          )}
        </div>
      )}
    </Card>
  );
}
