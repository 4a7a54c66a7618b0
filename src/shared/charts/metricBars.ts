import type { BarSeriesOption, EChartsOption, ScatterSeriesOption } from 'echarts';
import { StudioError } from '../errors';
import { formatNumber } from '../format';
import { type ChartTheme, seriesLook, themedAxis, themedTooltip, topBelowLegend } from './theme';

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

/** Past this many runs the bars lie down: names run along the side instead of overlapping under the bars. */
export const HORIZONTAL_FROM = 7;

/** Pixels a bar chart of `runs` runs needs: a fixed height standing, a band per run lying down. */
export function metricBarsHeight(runs: number, family: MetricFamily): number {
  return runs < HORIZONTAL_FROM ? 320 : Math.max(320, 72 + runs * (10 * family.metrics.length + 10));
}

/** The second metric of a family is drawn as a lighter bar of the same colour, outlined. */
const SECOND_METRIC_OPACITY = 0.45;

/**
 * One bar group per run, one bar per metric of the family, coloured by the run's architecture
 * (issue 26: coloured by metric, runs could not be told apart): `order` lists the
 * architectures in the order their colours are taken, the same order the screen's other
 * charts use, so an architecture has one colour everywhere. The legend names the
 * architectures in their colours, then the metrics in grey (solid, then lighter). With many
 * runs the bars are horizontal, one band per run, names in full width on the left. A run
 * without a metric gets no bar there (ECharts draws '-' as a gap), so an unmeasured value
 * never reads as zero.
 */
export function metricBarsOption(runs: readonly { name: string; arch: string; values: Readonly<Record<string, number | null>> }[], family: MetricFamily, theme: ChartTheme, order?: readonly string[]): EChartsOption {
  runs.forEach((r, i) => {
    for (const { key } of family.metrics) {
      const v = r.values[key];
      if (v !== null && v !== undefined && !Number.isFinite(v)) throw new StudioError('bad-input', `${key} must be a finite number or missing, got ${v}`, `runs[${i}].${key} (${r.name})`);
    }
  });
  const horizontal = runs.length >= HORIZONTAL_FROM;
  const archs = [...new Set(runs.map((r) => r.arch))];
  const colour = (arch: string) => seriesLook(theme, order?.includes(arch) ? order.indexOf(arch) : archs.indexOf(arch)).color;
  const series: (BarSeriesOption | ScatterSeriesOption)[] = family.metrics.map(({ key, label }, m) => ({
    type: 'bar',
    name: label,
    // the series' own colour is the metric's legend swatch; each bar takes its run's architecture
    itemStyle: { color: theme.axis, opacity: m === 0 ? 1 : SECOND_METRIC_OPACITY, borderColor: theme.axis, borderWidth: m === 0 ? 0 : 1 },
    data: runs.map((r) => ({ value: r.values[key] ?? '-', name: r.arch, itemStyle: { color: colour(r.arch), borderColor: colour(r.arch) } })),
  }));
  // an empty scatter series per architecture: a legend entry in its colour that takes no bar slot
  for (const arch of archs) series.push({ type: 'scatter', name: arch, data: [], itemStyle: { color: colour(arch) } });
  const legend = [...archs, ...family.metrics.map((m) => m.label)];
  const names = runs.map((r) => r.name);
  const valueAxis = { ...themedAxis(theme, family.axis), type: 'value' as const, axisLabel: { color: theme.text, formatter: (v: number) => formatNumber(v) } };
  // the longest name, at about 6.5 px a character, sets the room on the left (capped; the tooltip has it in full)
  const nameRoom = Math.min(220, 16 + Math.round(6.5 * Math.max(0, ...names.map((n) => n.length))));
  const top = topBelowLegend(legend);
  return {
    color: theme.series,
    animation: false,
    aria: { enabled: true, label: { description: `${family.title}: ${family.metrics.map((m) => m.label).join(' and ')} for ${runs.length} runs, coloured by architecture (${archs.join(', ')}).` } },
    grid: horizontal ? { left: nameRoom, right: 24, top, bottom: 48 } : { left: 64, right: 24, top, bottom: 64 },
    legend: { data: legend.map((name) => ({ name, icon: 'roundRect' })), textStyle: { color: theme.text }, top: 0 },
    tooltip: { ...themedTooltip(theme), trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? formatNumber(v) : 'not measured') },
    ...(horizontal
      ? {
          // first run on top, as in the table
          yAxis: { ...themedAxis(theme, ''), type: 'category', data: names, inverse: true, axisLabel: { color: theme.text, interval: 0, overflow: 'truncate', width: nameRoom - 12 } },
          xAxis: { ...valueAxis, nameGap: 28 },
        }
      : {
          xAxis: { ...themedAxis(theme, 'run'), type: 'category', data: names, nameGap: 40, axisLabel: { color: theme.text, interval: 0, overflow: 'truncate', width: 90 } },
          yAxis: { ...valueAxis, nameGap: 48 },
        }),
    series,
  };
}
