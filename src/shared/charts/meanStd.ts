import type { EChartsOption, LineSeriesOption } from 'echarts';
import { StudioError } from '../errors';
import { formatCount, formatNumber } from '../format';
import { type ChartTheme, themedAxis, themedTooltip } from './theme';

/**
 * Per-dimension mean with a ±1 std band (DatasetStats.mean/std). The band is two stacked
 * areas: an invisible base at mean − std and a filled 2·std on top. `stackStrategy: 'all'`
 * is needed because the default ('samesign') would not stack a positive band on a negative
 * base, which activations often are.
 */
export function meanStdOption(mean: number[], std: number[], theme: ChartTheme, unit = 'activation units'): EChartsOption {
  if (mean.length !== std.length) {
    throw new StudioError('shape', `mean has ${mean.length} dimensions but std has ${std.length}`, 'stats.std');
  }
  const dims = mean.map((_, i) => String(i));
  const band = (name: string, data: number[], fill: boolean): LineSeriesOption => ({
    type: 'line',
    name,
    data,
    stack: 'std-band',
    stackStrategy: 'all',
    symbol: 'none',
    lineStyle: { opacity: 0 },
    areaStyle: fill ? { color: theme.series[0], opacity: 0.2 } : { opacity: 0 },
    // the legend swatch takes the series' item colour
    itemStyle: { color: theme.series[0], opacity: fill ? 0.35 : 0 },
    tooltip: { show: false },
    silent: true,
  });
  const meanLine: LineSeriesOption = {
    type: 'line',
    name: 'mean',
    data: [...mean],
    symbol: 'none',
    lineStyle: { color: theme.series[0], width: 1.5 },
    itemStyle: { color: theme.series[0] },
  };
  return {
    color: theme.series,
    animation: false,
    aria: { enabled: true, label: { description: `Mean and ±1 standard deviation of each of ${formatCount(mean.length)} dimensions, in ${unit}.` } },
    grid: { left: 64, right: 24, top: 32, bottom: 56 },
    legend: { data: ['mean', '±1 std'], textStyle: { color: theme.text }, top: 0 },
    tooltip: {
      ...themedTooltip(theme),
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0].dataIndex;
        return `dimension ${i}<br>mean ${formatNumber(mean[i])} · std ${formatNumber(std[i])} ${unit}`;
      },
    },
    xAxis: {
      ...themedAxis(theme, 'dimension (index)'),
      type: 'category',
      data: dims,
      nameGap: 32,
      boundaryGap: false,
      // activations straddle zero: keep the axis at the bottom, not across the band
      axisLine: { onZero: false, lineStyle: { color: theme.axis } },
    },
    yAxis: {
      ...themedAxis(theme, `value (${unit})`),
      type: 'value',
      nameGap: 48,
      axisLabel: { color: theme.text, formatter: (v: number) => formatNumber(v) },
    },
    series: [
      band('mean − std', mean.map((m, i) => m - std[i]), false),
      band('±1 std', std.map((s) => 2 * s), true),
      meanLine,
    ],
  };
}
