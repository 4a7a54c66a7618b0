import type { BarSeriesOption } from 'echarts';
import { StudioError } from '../errors';
import { formatNumber } from '../format';
import type { ChartTheme } from './theme';

/**
 * Bins on a category axis at their centres with no gap, so each bar's width is its bin.
 * `where` names the field in the error when edges and counts do not fit together.
 */
export function histogramBars(hist: { edges: readonly number[]; counts: readonly number[] }, theme: ChartTheme, where: string): { centres: string[]; bars: BarSeriesOption } {
  if (hist.edges.length !== hist.counts.length + 1) {
    throw new StudioError('shape', `a histogram needs one more edge than counts, got ${hist.edges.length} edges and ${hist.counts.length} counts`, where);
  }
  return {
    centres: hist.counts.map((_, i) => formatNumber((hist.edges[i] + hist.edges[i + 1]) / 2)),
    bars: {
      type: 'bar',
      name: 'rows',
      data: [...hist.counts],
      barCategoryGap: '0%',
      itemStyle: { color: theme.series[0], borderColor: theme.surface, borderWidth: 0.5 },
    },
  };
}
