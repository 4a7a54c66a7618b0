import type { EChartsOption, LineSeriesOption } from 'echarts';
import { StudioError } from '../errors';
import { formatNumber } from '../format';
import { type ChartTheme, seriesLook, themedAxis, themedTooltip, topBelowLegend } from './theme';

/** One run of an architecture's sweep with its board scores. */
export interface ArchBoardPoint {
  name: string;
  arch: string;
  l0: number;
  coverage: number;
  boardReconstruction: number;
}

const plural = (arch: string, n: number) => `${arch} (${n} run${n === 1 ? '' : 's'})`;

const PANELS = [
  { key: 'coverage', label: 'coverage' },
  { key: 'boardReconstruction', label: 'board reconstruction' },
] as const;

/**
 * Coverage (left) and board reconstruction (right) against L0, one line per architecture
 * through its runs in L0 order, as Karvonen et al. (2024) compare p-annealing with standard
 * L1. The L0 axis is logarithmic, so each straight segment is the linear-in-log-L0
 * interpolation the matched-L0 table reads its values from.
 */
export function boardScoresByArchOption(runs: readonly ArchBoardPoint[], theme: ChartTheme, family: string): EChartsOption {
  runs.forEach((r, i) => {
    if (!(Number.isFinite(r.l0) && r.l0 > 0)) throw new StudioError('bad-input', `L0 must be a finite number > 0 for a log axis, got ${r.l0}`, `runs[${i}].l0 (${r.name})`);
    for (const { key } of PANELS) {
      if (!(r[key] >= 0 && r[key] <= 1)) throw new StudioError('bad-input', `${key} must lie in [0, 1], got ${r[key]}`, `runs[${i}].${key} (${r.name})`);
    }
  });
  const archs = [...new Set(runs.map((r) => r.arch))];
  // the panel titles sit under the legend, however many rows it takes
  const legendTop = topBelowLegend(archs) - 16;
  const series: LineSeriesOption[] = PANELS.flatMap(({ key }, panel) =>
    archs.map((arch, a) => ({
      type: 'line',
      name: arch,
      xAxisIndex: panel,
      yAxisIndex: panel,
      symbolSize: 8,
      ...seriesLook(theme, a),
      data: runs
        .filter((r) => r.arch === arch)
        .sort((x, y) => x.l0 - y.l0)
        .map((r) => ({ value: [r.l0, r[key]], name: r.name })),
    })),
  );
  return {
    color: theme.series,
    animation: false,
    aria: { enabled: true, label: { description: `Coverage and board reconstruction on ${family} against L0 (log scale), one line per architecture: ${archs.map((a) => plural(a, runs.filter((r) => r.arch === a).length)).join(', ')}.` } },
    legend: { data: archs, textStyle: { color: theme.text }, top: 0 },
    title: PANELS.map(({ label }, panel) => ({ text: label, left: panel === 0 ? '25%' : '75%', top: legendTop, textAlign: 'center', textStyle: { color: theme.text, fontSize: 12, fontWeight: 'normal' } })),
    grid: [
      { left: 48, right: '54%', top: legendTop + 32, bottom: 48 },
      { left: '57%', right: 16, top: legendTop + 32, bottom: 48 },
    ],
    tooltip: {
      ...themedTooltip(theme),
      trigger: 'item',
      formatter: (params: unknown) => {
        const p = params as { seriesName: string; name: string; seriesIndex: number; value: [number, number] };
        return `${p.name} (${p.seriesName})<br>${PANELS[Math.floor(p.seriesIndex / archs.length)].label} ${formatNumber(p.value[1])} at L0 ${formatNumber(p.value[0])}`;
      },
    },
    xAxis: PANELS.map((_, panel) => ({ ...themedAxis(theme, 'L0 (log scale)'), type: 'log', gridIndex: panel, nameGap: 30 })),
    yAxis: PANELS.map((_, panel) => ({ ...themedAxis(theme, ''), type: 'value', gridIndex: panel, min: 0, axisLabel: { color: theme.text, formatter: (v: number) => formatNumber(v) } })),
    series,
  };
}
