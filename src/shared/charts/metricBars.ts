import type { BarSeriesOption, EChartsOption } from 'echarts';
import { StudioError } from '../errors';
import { formatNumber } from '../format';
import { type ChartTheme, themedAxis, themedTooltip } from './theme';

/** A family of metrics drawn side by side per run: they share one axis and its unit. */
export interface MetricFamily {
  title: string;
  metrics: readonly { key: string; label: string }[];
  /** y-axis name with its unit */
  axis: string;
}

export const METRIC_FAMILIES: readonly MetricFamily[] = [
  { title: 'Sparsity', metrics: [{ key: 'l0', label: 'L0' }], axis: 'L0 (active features per input)' },
  { title: 'Fidelity', metrics: [{ key: 'fvu', label: 'FVU' }, { key: 'deadFraction', label: 'dead fraction' }], axis: 'fraction (0–1)' },
  { title: 'Board benchmark', metrics: [{ key: 'coverage', label: 'coverage' }, { key: 'boardReconstruction', label: 'board reconstruction' }], axis: 'F1-based score (0–1)' },
];

/**
 * One bar group per run, one bar per metric of the family. A run without a metric gets no bar
 * there (ECharts draws '-' as a gap), so an unmeasured value never reads as zero.
 */
export function metricBarsOption(runs: readonly { name: string; values: Readonly<Record<string, number | null>> }[], family: MetricFamily, theme: ChartTheme): EChartsOption {
  runs.forEach((r, i) => {
    for (const { key } of family.metrics) {
      const v = r.values[key];
      if (v !== null && v !== undefined && !Number.isFinite(v)) throw new StudioError('bad-input', `${key} must be a finite number or missing, got ${v}`, `runs[${i}].${key} (${r.name})`);
    }
  });
  const series: BarSeriesOption[] = family.metrics.map(({ key, label }) => ({
    type: 'bar',
    name: label,
    data: runs.map((r) => r.values[key] ?? '-'),
  }));
  return {
    color: theme.series,
    animation: false,
    aria: { enabled: true, label: { description: `${family.title}: ${family.metrics.map((m) => m.label).join(' and ')} for ${runs.length} runs.` } },
    grid: { left: 64, right: 24, top: 40, bottom: 64 },
    legend: { data: family.metrics.map((m) => m.label), textStyle: { color: theme.text }, top: 0 },
    tooltip: { ...themedTooltip(theme), valueFormatter: (v: unknown) => (typeof v === 'number' ? formatNumber(v) : 'not measured') },
    xAxis: { ...themedAxis(theme, 'run'), type: 'category', data: runs.map((r) => r.name), nameGap: 40, axisLabel: { color: theme.text, interval: 0, overflow: 'truncate', width: 90 } },
    yAxis: { ...themedAxis(theme, family.axis), type: 'value', nameGap: 48, axisLabel: { color: theme.text, formatter: (v: number) => formatNumber(v) } },
    series,
  };
}
