// Tiles for what the money built: works by status, production projects and the households in them, and
// the output indicators that reached their plan (/api/finance/tiles).
import { Space, Tag } from 'antd';
import { api, call } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { Tiles } from './Tiles.tsx';
import { STATUS_COLORS, WORK_STATUSES } from './works/types.ts';

export function WorkTiles({ unit, year }: { unit: string; year: number }) {
  const { t, number } = useI18n();
  const tiles = useAsync(
    () => call(() => api.GET('/api/finance/tiles', { params: { query: { unitCode: unit, year } } })),
    [unit, year],
  );
  const tile = tiles.data?.tile;
  if (!tile) return null;
  const works = tile.works as Record<string, number>;
  const planned = tile.outputs.filter((o) => o.planned !== null && o.planned > 0);
  const met = planned.filter((o) => (o.achieved ?? 0) >= o.planned!);
  return (
    <Tiles
      tiles={[
        {
          key: 'works',
          label: t('finance.tile.works'),
          value: number(works.total ?? 0),
          note: (
            <Space size={[4, 4]} wrap>
              {WORK_STATUSES.filter((s) => works[s]).map((s) => (
                <Tag key={s} color={STATUS_COLORS[s]} style={{ marginInlineEnd: 0 }}>
                  {t(`works.status.${s}`)}: {number(works[s]!)}
                </Tag>
              ))}
            </Space>
          ),
        },
        {
          key: 'projects',
          label: t('finance.tile.projects'),
          value: number(tile.productionProjects),
          note: t('finance.tile.households', { count: number(tile.participatingHouseholds) }),
        },
        {
          key: 'outputs',
          label: t('finance.tile.outputs'),
          value: planned.length ? `${number(met.length)}/${number(planned.length)}` : '—',
          note: t('finance.tile.outputsNote'),
        },
      ]}
    />
  );
}
