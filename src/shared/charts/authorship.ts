import type { EChartsOption } from 'echarts';
import { StudioError } from '../errors';
import type { AuthorshipPairView } from '../schemas/authorship';
import { histogramBars } from './histogramBars';
import { waterfallOption } from './pairwiseAccuracy';
import { themedAxis, themedTooltip, type ChartTheme } from './theme';

/** The interpretability confidence IC = 1 − |r̂| of the test pairs: mass near 1 means the features decide. */
export function icHistogramOption(hist: { edges: readonly number[]; counts: readonly number[] }, theme: ChartTheme): EChartsOption {
  const { centres, bars } = histogramBars(hist, theme, 'faithfulness.histogram');
  const total = hist.counts.reduce((a, b) => a + b, 0);
  return {
    animation: false,
    aria: { enabled: true, label: { description: `Interpretability confidence of ${total} test pairs in ${hist.counts.length} bins from 0 to 1.` } },
    grid: { left: 56, right: 16, top: 16, bottom: 48 },
    tooltip: { ...themedTooltip(theme), trigger: 'axis' },
    xAxis: { ...themedAxis(theme, 'IC = 1 − |r̂|'), type: 'category', data: centres, nameLocation: 'middle', nameGap: 30 },
    yAxis: { ...themedAxis(theme, 'pairs'), type: 'value' },
    series: [{ ...bars, name: 'pairs' }],
  };
}

/**
 * How a pair's score is built: each listed feature's share of the cosine (aᵢbᵢ/‖a‖‖b‖), the rest
 * of the features, then the residual r̂, ending at s = s_I + r̂.
 */
export function contributionWaterfallOption(view: Pick<AuthorshipPairView, 'contributions' | 'rest' | 'rHat'>, theme: ChartTheme): EChartsOption {
  if (!Number.isFinite(view.rHat)) throw new StudioError('bad-input', `r̂ must be finite, got ${view.rHat}`, 'rHat');
  const steps = [...view.contributions.map((c) => ({ label: c.feature, delta: c.value })), { label: 'other features', delta: view.rest }, { label: 'residual r̂', delta: view.rHat }];
  return waterfallOption(steps, theme, 's = s_I + r̂', 'contribution to the score');
}
