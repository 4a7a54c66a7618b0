import type { EChartsOption } from 'echarts';
import { formatCount, formatNumber } from '../format';
import { histogramBars } from './histogramBars';
import { type ChartTheme, themedAxis, themedTooltip } from './theme';

export interface Histogram {
  /** bin edges, one more than counts: counts[i] falls in [edges[i], edges[i+1]) */
  edges: number[];
  counts: number[];
}

/** The label of one bin, e.g. "[1.2, 1.5)"; the tooltip and the report tables use it. */
export function binLabel(edges: number[], i: number): string {
  return `[${formatNumber(edges[i])}, ${formatNumber(edges[i + 1])})`;
}

/**
 * Histogram of row L2 norms (DatasetStats.normHistogram). Bins sit on a category axis at
 * their centres with no gap, so each bar's width is its bin; the tooltip names the bin range.
 */
export function normHistogramOption(hist: Histogram, theme: ChartTheme, unit = 'activation units'): EChartsOption {
  const { centres, bars } = histogramBars(hist, theme, 'normHistogram.edges');
  const rows = hist.counts.reduce((a, b) => a + b, 0);
  const first = hist.edges[0];
  const last = hist.edges[hist.edges.length - 1];
  return {
    color: theme.series,
    animation: false,
    // ECharts writes the description to the chart's aria-label, for screen readers and tests.
    aria: {
      enabled: true,
      label: { description: `Histogram of row L2 norms: ${formatCount(rows)} rows in ${hist.counts.length} bins from ${formatNumber(first)} to ${formatNumber(last)} ${unit}.` },
    },
    grid: { left: 64, right: 24, top: 24, bottom: 56 },
    tooltip: {
      ...themedTooltip(theme),
      formatter: (params: unknown) => {
        const [first] = params as { dataIndex: number; value: number }[];
        return `${binLabel(hist.edges, first.dataIndex)} ${unit}<br>${formatNumber(first.value)} rows`;
      },
    },
    xAxis: { ...themedAxis(theme, `row L2 norm (${unit})`), type: 'category', data: centres, nameGap: 32 },
    yAxis: {
      ...themedAxis(theme, 'rows (count)'),
      type: 'value',
      nameGap: 48,
      minInterval: 1,
      axisLabel: { color: theme.text, formatter: (v: number) => formatNumber(v) },
    },
    series: [bars],
  };
}
