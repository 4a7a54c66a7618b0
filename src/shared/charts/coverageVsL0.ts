import type { EChartsOption, ScatterSeriesOption } from 'echarts';
import { StudioError } from '../errors';
import { formatNumber } from '../format';
import { type ChartTheme, seriesLook, themedAxis, themedTooltip, topBelowLegend } from './theme';

/** A run's board scores at its sparsity; `arch` is its architecture, or what a reference row is (random, neurons, control). */
export interface BoardScorePoint {
  name: string;
  arch: string;
  l0: number;
  coverage: number;
  boardReconstruction: number;
}

/** Shape says the metric; colour says the architecture. */
export const COVERAGE_METRICS = [
  { key: 'coverage', label: 'coverage', symbol: 'circle', glyph: '●' },
  { key: 'boardReconstruction', label: 'board reconstruction', symbol: 'triangle', glyph: '▲' },
] as const;

/**
 * Coverage and board reconstruction against L0, the way Karvonen et al. (2024) plot the board
 * metrics across a sparsity sweep, on a log L0 axis: one colour per architecture (the shared
 * theme's series colours, as on every chart) and one marker shape per metric, so runs stay
 * apart however many there are. `alwaysOn`, the coverage of a feature that fires everywhere,
 * is drawn as the floor; `order` lists the architectures in the order their colours are taken
 * (the same on every chart of a screen). A run at L0 = 0 cannot sit on a log axis and is named in the
 * description instead.
 */
export function coverageVsL0Option(runs: readonly BoardScorePoint[], theme: ChartTheme, family: string, alwaysOn?: number, order?: readonly string[]): EChartsOption {
  runs.forEach((r, i) => {
    if (!Number.isFinite(r.l0) || r.l0 < 0) throw new StudioError('bad-input', `L0 must be a finite number ≥ 0, got ${r.l0}`, `runs[${i}].l0 (${r.name})`);
    for (const { key } of COVERAGE_METRICS) {
      if (!(r[key] >= 0 && r[key] <= 1)) throw new StudioError('bad-input', `${key} must lie in [0, 1], got ${r[key]}`, `runs[${i}].${key} (${r.name})`);
    }
  });
  const plotted = runs.filter((r) => r.l0 > 0);
  const left = runs.filter((r) => r.l0 === 0).map((r) => r.name);
  const archs = [...new Set(plotted.map((r) => r.arch))];
  const series: ScatterSeriesOption[] = archs.flatMap((arch, a) =>
    COVERAGE_METRICS.map(({ key, label, symbol }, m) => ({
      type: 'scatter',
      name: arch,
      symbol,
      symbolSize: 10,
      itemStyle: { color: seriesLook(theme, order?.includes(arch) ? order.indexOf(arch) : a).color },
      data: plotted.filter((r) => r.arch === arch).map((r) => ({ value: [r.l0, r[key]], name: r.name, metric: label })),
      ...(a === 0 && m === 0 && alwaysOn !== undefined
        ? { markLine: { silent: true, symbol: 'none', lineStyle: { color: theme.axis, type: 'dashed' }, label: { color: theme.text, formatter: `always on ${formatNumber(alwaysOn)}`, position: 'insideEndTop' }, data: [{ yAxis: alwaysOn }] } }
        : {}),
    })),
  );
  const floor = alwaysOn === undefined ? '' : ` The dashed line is the coverage of a feature that always fires (${formatNumber(alwaysOn)}).`;
  return {
    color: theme.series,
    animation: false,
    aria: {
      enabled: true,
      label: {
        description: `Coverage (circles) and board reconstruction (triangles) on ${family} against L0 (log scale) for ${plotted.length} runs, coloured by architecture (${archs.join(', ')}).${floor}${left.length ? ` Not shown (L0 = 0): ${left.join(', ')}.` : ''}`,
      },
    },
    grid: { left: 56, right: 24, top: topBelowLegend(archs, 640), bottom: 56 },
    legend: { data: archs, textStyle: { color: theme.text }, top: 0 },
    tooltip: {
      ...themedTooltip(theme),
      trigger: 'item',
      formatter: (params: unknown) => {
        const p = params as { seriesName: string; name: string; value: [number, number]; data: { metric: string } };
        return `${p.name} (${p.seriesName})<br>${p.data.metric} ${formatNumber(p.value[1])} at L0 ${formatNumber(p.value[0])}`;
      },
    },
    xAxis: { ...themedAxis(theme, 'L0 (log scale)'), type: 'log', nameGap: 30 },
    // the family is in the caption: a long axis name ran past a short chart's height
    yAxis: { ...themedAxis(theme, 'F1-based score (0–1)'), type: 'value', min: 0, max: 1, nameGap: 36 },
    series,
  };
}
