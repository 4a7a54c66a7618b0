import type { EChartsOption, LineSeriesOption } from 'echarts';
import { StudioError } from '../errors';
import { formatNumber } from '../format';
import { type ChartTheme, themedAxis, themedTooltip } from './theme';

/** One logged training step: the step number and the scalars the trainer reported. */
export type TrainingPoint = { step: number } & Readonly<Record<string, number>>;

/** A curve family drawn in one chart: the metric names and the y axis they share. */
export interface CurveFamily {
  id: string;
  title: string;
  metrics: readonly string[];
  /** y-axis name with its unit */
  axis: string;
  log?: boolean;
}

/**
 * The families the live-training screen shows, one chart each: loss terms share a log axis
 * (they span decades during warm-up), sparsity and fidelity live in [0, 1] or in features.
 */
export const TRAINING_FAMILIES: readonly CurveFamily[] = [
  { id: 'loss', title: 'Loss terms', metrics: ['loss', 'mse', 'auxK', 'sparsity', 'l1'], axis: 'loss (squared activation units, log scale)', log: true },
  { id: 'l0', title: 'L0', metrics: ['l0'], axis: 'L0 (active features per input)' },
  { id: 'fidelity', title: 'FVU and dead fraction', metrics: ['fvu', 'deadFraction'], axis: 'fraction (0–1)' },
];

const seriesId = (metric: string) => `metric:${metric}`;

/** The metrics of `family` that at least one point carries, in the family's order. */
export function presentMetrics(family: CurveFamily, points: readonly TrainingPoint[]): string[] {
  return family.metrics.filter((m) => points.some((p) => Number.isFinite(p[m])));
}

function seriesData(points: readonly TrainingPoint[], metric: string): [number, number][] {
  const out: [number, number][] = [];
  for (const p of points) {
    const v = p[metric];
    if (!Number.isFinite(v) || !Number.isFinite(p.step)) continue;
    // a log axis cannot place zero or a negative value; the point is left out, not bent
    out.push([p.step, v]);
  }
  return out;
}

/**
 * The full chart for one family over `points` (step on x). Every series carries an id, so a
 * later `trainingCurvesUpdate` with more points is merged by ECharts into the same series
 * (setOption with the default merge) instead of rebuilding the chart.
 */
export function trainingCurvesOption(family: CurveFamily, points: readonly TrainingPoint[], theme: ChartTheme, totalSteps?: number): EChartsOption {
  points.forEach((p, i) => {
    if (!Number.isFinite(p.step)) throw new StudioError('bad-input', `step must be a finite number, got ${p.step}`, `points[${i}].step`);
  });
  const metrics = presentMetrics(family, points);
  const series: LineSeriesOption[] = metrics.map((metric) => ({
    id: seriesId(metric),
    type: 'line',
    name: metric,
    showSymbol: false,
    data: seriesData(points, metric).filter(([, v]) => !family.log || v > 0),
  }));
  const last = points.length ? points[points.length - 1].step : 0;
  return {
    color: theme.series,
    animation: false,
    aria: { enabled: true, label: { description: `${family.title} against training step: ${metrics.join(', ') || 'no metric yet'}, ${points.length} logged steps up to step ${last}.` } },
    grid: { left: 72, right: 24, top: 36, bottom: 56 },
    legend: { data: metrics, textStyle: { color: theme.text }, top: 0 },
    tooltip: {
      ...themedTooltip(theme),
      valueFormatter: (v: unknown) => formatNumber(Number(v)),
    },
    xAxis: { ...themedAxis(theme, 'training step (optimizer steps)'), type: 'value', min: 0, max: totalSteps || undefined, nameGap: 32, axisLabel: { color: theme.text, formatter: (v: number) => formatNumber(v) } },
    yAxis: { ...themedAxis(theme, family.axis), type: family.log ? 'log' : 'value', nameGap: 56, scale: !family.log, axisLabel: { color: theme.text, formatter: (v: number) => formatNumber(v) } },
    series,
  };
}

/**
 * The patch that adds `points` to a chart drawn by `trainingCurvesOption`: only the series'
 * data, matched by id. Pass all points so far; ECharts replaces each series' data in place.
 */
export function trainingCurvesUpdate(family: CurveFamily, points: readonly TrainingPoint[]): EChartsOption {
  const metrics = presentMetrics(family, points);
  return {
    legend: { data: metrics },
    series: metrics.map((metric) => ({ id: seriesId(metric), type: 'line', name: metric, showSymbol: false, data: seriesData(points, metric).filter(([, v]) => !family.log || v > 0) })),
  };
}
