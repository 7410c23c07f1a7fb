// One ECharts chart in a div: created once, updated when the option changes, resized with its box, disposed
// on unmount. Screens pass a plain option object; maps are registered beforehand (registerGeoJson).
import { useEffect, useRef, type CSSProperties } from 'react';
import { echarts, type ChartOption } from './echarts.ts';

/** Read by screen readers, not shown. */
const VISUALLY_HIDDEN: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};

export interface ChartProps {
  option: ChartOption;
  /** CSS height of the chart; the width follows the container. Default 320 px. */
  height?: number | string;
  /** Accessible name (the canvas itself says nothing to a screen reader). */
  label: string;
  style?: CSSProperties;
  /** Called with the data item's name when a bar, point or region is clicked. */
  onItemClick?: (name: string) => void;
  /** The chart's data as short lines of text, for screen readers (the canvas says nothing to them). */
  summary?: readonly string[];
  'data-testid'?: string;
}

export function Chart({ option, height = 320, label, style, onItemClick, summary, ...rest }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  const click = useRef(onItemClick);
  useEffect(() => {
    click.current = onItemClick;
  }, [onItemClick]);

  useEffect(() => {
    const el = box.current!;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (p) => click.current?.(String((p as { name?: unknown }).name ?? '')));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // notMerge: series removed from the option disappear from the chart.
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <figure style={{ margin: 0 }} data-testid={rest['data-testid']}>
      <div ref={box} role="img" aria-label={label} style={{ width: '100%', height, ...style }} />
      {summary && summary.length > 0 && (
        <figcaption style={VISUALLY_HIDDEN}>
          <ul>
            {summary.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </figcaption>
      )}
    </figure>
  );
}

/** Makes a GeoJSON FeatureCollection available to map series under `name`, series join on it with nameProperty: 'code'. */
export function registerGeoJson(name: string, geojson: object): void {
  echarts.registerMap(name, geojson as Parameters<typeof echarts.registerMap>[1]);
}
