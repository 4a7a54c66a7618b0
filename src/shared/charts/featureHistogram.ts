import type { EChartsOption } from 'echarts';
import { StudioError } from '../errors';
import { formatCount, formatNumber, formatPercent } from '../format';
import { histogramBars } from './histogramBars';
import { type ChartTheme, themedAxis, themedTooltip } from './theme';

/** A feature's firing activations binned: counts[i] values fall in [edges[i], edges[i+1]). */
export interface FeatureHistogram {
  edges: number[];
  counts: number[];
  /** rows looked at, firing or not: the bars hold only the firing ones */
  rows: number;
}

/**
 * The distribution of one feature's non-zero activations (the "activation density" panel of
 * Bricken et al. 2023's feature pages). Zeros are left out: a sparse feature's zero bar would
 * dwarf the rest; the share of rows it fires on is said in the description and the tooltip.
 */
export function featureHistogramOption(hist: FeatureHistogram, theme: ChartTheme, feature: number): EChartsOption {
  if (!(hist.rows >= 0)) throw new StudioError('bad-input', `rows must be ≥ 0, got ${hist.rows}`, 'histogram.rows');
  const firing = hist.counts.reduce((a, b) => a + b, 0);
  if (firing > hist.rows) throw new StudioError('bad-input', `${firing} firing values is more than the ${hist.rows} rows`, 'histogram.rows');
  const share = hist.rows > 0 ? firing / hist.rows : 0;
  const { centres, bars } = histogramBars(hist, theme, 'histogram.edges');
  return {
    color: theme.series,
    animation: false,
    aria: { enabled: true, label: { description: `Activations of feature ${feature}: fires on ${formatCount(firing)} of ${formatCount(hist.rows)} rows (${formatPercent(share)}), in ${hist.counts.length} bins.` } },
    grid: { left: 64, right: 24, top: 24, bottom: 56 },
    tooltip: {
      ...themedTooltip(theme),
      formatter: (params: unknown) => {
        const [p] = params as { dataIndex: number; value: number }[];
        return `[${formatNumber(hist.edges[p.dataIndex])}, ${formatNumber(hist.edges[p.dataIndex + 1])})<br>${formatCount(p.value)} rows`;
      },
    },
    xAxis: { ...themedAxis(theme, 'activation (feature units, firing rows only)'), type: 'category', data: centres, nameGap: 32 },
    yAxis: { ...themedAxis(theme, 'rows (count)'), type: 'value', minInterval: 1, nameGap: 48, axisLabel: { color: theme.text, formatter: (v: number) => formatNumber(v) } },
    series: [bars],
  };
}
