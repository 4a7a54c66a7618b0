import type { EChartsOption, ScatterSeriesOption } from 'echarts';
import { StudioError } from '../errors';
import { formatNumber } from '../format';
import { type ChartTheme, themedAxis, themedTooltip } from './theme';

/** A run's board scores at its sparsity. */
export interface BoardScorePoint {
  name: string;
  l0: number;
  coverage: number;
  boardReconstruction: number;
}

const METRICS = [
  { key: 'coverage', label: 'coverage' },
  { key: 'boardReconstruction', label: 'board reconstruction' },
] as const;

/**
 * Coverage and board reconstruction against L0, the way Karvonen et al. (2024) plot the board
 * metrics across a sparsity sweep: one scatter series per metric on a log L0 axis, each point
 * named by its run for the tooltip. A run at L0 = 0 cannot sit on a log axis and is named in
 * the description instead.
 */
export function coverageVsL0Option(runs: readonly BoardScorePoint[], theme: ChartTheme, family: string): EChartsOption {
  runs.forEach((r, i) => {
    if (!Number.isFinite(r.l0) || r.l0 < 0) throw new StudioError('bad-input', `L0 must be a finite number ≥ 0, got ${r.l0}`, `runs[${i}].l0 (${r.name})`);
    for (const { key } of METRICS) {
      if (!(r[key] >= 0 && r[key] <= 1)) throw new StudioError('bad-input', `${key} must lie in [0, 1], got ${r[key]}`, `runs[${i}].${key} (${r.name})`);
    }
  });
  const plotted = runs.filter((r) => r.l0 > 0);
  const left = runs.filter((r) => r.l0 === 0).map((r) => r.name);
  const series: ScatterSeriesOption[] = METRICS.map(({ key, label }) => ({
    type: 'scatter',
    name: label,
    symbolSize: 9,
    data: plotted.map((r) => ({ value: [r.l0, r[key]], name: r.name })),
  }));
  return {
    color: theme.series,
    animation: false,
    aria: { enabled: true, label: { description: `Coverage and board reconstruction on ${family} against L0 (log scale) for ${plotted.length} runs${left.length ? `; not shown (L0 = 0): ${left.join(', ')}` : ''}.` } },
    grid: { left: 64, right: 24, top: 40, bottom: 56 },
    legend: { data: METRICS.map((m) => m.label), textStyle: { color: theme.text }, top: 0 },
    tooltip: {
      ...themedTooltip(theme),
      trigger: 'item',
      formatter: (params: unknown) => {
        const p = params as { seriesName: string; name: string; value: [number, number] };
        return `${p.name}<br>${p.seriesName} ${formatNumber(p.value[1])} at L0 ${formatNumber(p.value[0])}`;
      },
    },
    xAxis: { ...themedAxis(theme, 'L0 (active features per input, log scale)'), type: 'log', nameGap: 30 },
    yAxis: { ...themedAxis(theme, `score on ${family} (F1-based, 0–1)`), type: 'value', min: 0, max: 1, nameGap: 44 },
    series,
  };
}
