import type { EChartsOption, LineSeriesOption, ScatterSeriesOption } from 'echarts';
import { StudioError } from '../errors';
import { formatNumber } from '../format';
import type { RunRecord } from './runTable';
import { type ChartTheme, seriesLook, themedAxis, themedTooltip, topBelowLegend } from './theme';

/** One SAE (or baseline) as the sparsity–fidelity trade-off plots it. */
export interface ParetoRun {
  name: string;
  /** architecture (or baseline kind): one colour and legend entry each */
  arch: string;
  /** mean active features per input */
  l0: number;
  /** fraction of variance unexplained, 1 − EV */
  fvu: number;
}

/**
 * A run table's rows as points (rows without both L0 and FVU left out). A baseline is its own
 * series, named by its run: the demo's random-weights control is a ReLU SAE, but of another
 * model's activations, so it must not join the ReLU runs.
 */
export function paretoRuns(records: readonly RunRecord[]): ParetoRun[] {
  return records
    .filter((r) => typeof r.l0 === 'number' && typeof r.fvu === 'number')
    .map((r) => ({ name: String(r.run), arch: String(r.kind === 'baseline' ? r.run : r.arch), l0: r.l0 as number, fvu: r.fvu as number }));
}

/**
 * The runs no other run beats on both axes (lower L0 and lower FVU), by increasing L0: the
 * frontier SAEBench and Gao et al. (2024) compare architectures along.
 */
export function paretoFrontier(runs: readonly ParetoRun[]): ParetoRun[] {
  const sorted = [...runs].sort((a, b) => a.l0 - b.l0 || a.fvu - b.fvu);
  const front: ParetoRun[] = [];
  for (const r of sorted) if (front.length === 0 || r.fvu < front[front.length - 1].fvu) front.push(r);
  return front;
}

/**
 * L0 against FVU, one scatter series per architecture, with the frontier over all runs as a
 * line. L0 spans orders of magnitude across a sweep, so its axis is logarithmic; a run with
 * L0 = 0 (every feature dead) cannot sit on it and is named in the subtitle instead.
 * `order` lists the architectures in the order their colours are taken (default: as they come).
 */
export function paretoOption(runs: readonly ParetoRun[], theme: ChartTheme, order?: readonly string[]): EChartsOption {
  runs.forEach((r, i) => {
    if (!Number.isFinite(r.l0) || r.l0 < 0) throw new StudioError('bad-input', `L0 must be a finite number ≥ 0, got ${r.l0}`, `runs[${i}].l0 (${r.name})`);
    if (!Number.isFinite(r.fvu)) throw new StudioError('bad-input', `FVU must be finite, got ${r.fvu}`, `runs[${i}].fvu (${r.name})`);
  });
  const plotted = runs.filter((r) => r.l0 > 0);
  const left = runs.filter((r) => r.l0 === 0).map((r) => r.name);
  const archs = [...new Set(plotted.map((r) => r.arch))];
  const point = (r: ParetoRun) => ({ value: [r.l0, r.fvu], name: r.name });
  const scatter: ScatterSeriesOption[] = archs.map((arch, i) => {
    // `order` keeps an architecture's colour the same on every chart of a screen
    const { color, symbol } = seriesLook(theme, order?.includes(arch) ? order.indexOf(arch) : i);
    return { type: 'scatter', name: arch, symbol, symbolSize: 9, itemStyle: { color }, data: plotted.filter((r) => r.arch === arch).map(point) };
  });
  const legend = [...archs, 'Pareto frontier'];
  const frontier: LineSeriesOption = {
    type: 'line',
    name: 'Pareto frontier',
    data: paretoFrontier(plotted).map(point),
    symbol: 'none',
    lineStyle: { color: theme.axis, type: 'dashed', width: 1.5 },
    itemStyle: { color: theme.axis },
    z: 1,
  };
  return {
    color: theme.series,
    animation: false,
    aria: { enabled: true, label: { description: `Fraction of variance unexplained against mean active features (L0, log scale) for ${plotted.length} runs in ${archs.length} architectures, with the Pareto frontier.` } },
    title: left.length ? { subtext: `not shown (L0 = 0): ${left.join(', ')}`, left: 'center', bottom: 0, subtextStyle: { color: theme.text } } : undefined,
    grid: { left: 64, right: 24, top: topBelowLegend(legend), bottom: left.length ? 72 : 56 },
    legend: { data: legend, textStyle: { color: theme.text }, top: 0 },
    tooltip: {
      ...themedTooltip(theme),
      trigger: 'item',
      formatter: (params: unknown) => {
        const p = params as { seriesName: string; name: string; value: [number, number] };
        return `${p.name} (${p.seriesName})<br>L0 ${formatNumber(p.value[0])} · FVU ${formatNumber(p.value[1])}`;
      },
    },
    xAxis: { ...themedAxis(theme, 'L0 (active features per input, log scale)'), type: 'log', nameGap: 30 },
    yAxis: { ...themedAxis(theme, 'FVU (variance unexplained)'), type: 'value', nameGap: 48, axisLabel: { color: theme.text, formatter: (v: number) => formatNumber(v) } },
    series: [...scatter, frontier],
  };
}
