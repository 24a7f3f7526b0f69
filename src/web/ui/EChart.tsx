import { useEffect, useRef } from 'react';
import { BarChart, FunnelChart, LineChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { init, use, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only the chart types and parts the pages use go into the bundle.
use([BarChart, LineChart, FunnelChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, DatasetComponent, CanvasRenderer]);

type Props = {
  option: EChartsCoreOption;
  height?: number;
  /** Replace the whole option on change (true) or merge it into the current one. */
  notMerge?: boolean;
  'data-testid'?: string;
};

/**
 * A chart: ECharts started on a div, given the option whenever it changes, resized with its box
 * and disposed when the component goes. Generic: the page builds the option.
 */
export function EChart({ option, height = 320, notMerge = true, ...rest }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge });
  }, [option, notMerge]);

  return <div ref={ref} style={{ width: '100%', height }} data-testid={rest['data-testid']} />;
}
