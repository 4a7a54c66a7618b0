import type { BarSeriesOption, EChartsOption, ScatterSeriesOption } from 'echarts';
import { StudioError } from '../errors';
import { formatNumber } from '../format';
import { type ChartTheme, seriesLook, themedAxis, themedTooltip, topBelowLegend } from './theme';

/** A run's two board-game scores (Karvonen et al. 2024; ALGORITHMS-DETAIL §1.4–1.5), each in [0, 1]. */
export interface BoardScores {
  name: string;
  /** the run's architecture: when every run has one, bars take its colour (baselines have none) */
  arch?: string;
  coverage: number;
  boardReconstruction: number;
}

/** The second metric is a lighter bar of the same colour, outlined (as on Compare's metric bars). */
const SECOND_METRIC_OPACITY = 0.45;

/** Baseline lines closer than this share of the axis share one label, which would otherwise overprint. */
const LABEL_MERGE = 0.04;
/** The baseline labels wrap at this many pixels: three baselines named in one label took most of a page's width from the bars. */
const LABEL_WIDTH = 140;

const METRICS = [
  { key: 'coverage', label: 'coverage' },
  { key: 'boardReconstruction', label: 'board reconstruction' },
] as const;

/**
 * Coverage and board reconstruction per run as grouped bars, with each baseline (a random
 * dictionary of the same width, the model's own residual basis) drawn as a dashed reference
 * line across the bars of the same metric: a run is worth reading only where it clears them.
 * Runs that carry an architecture are coloured by it (`order` fixes which colour each takes),
 * the second metric lighter, so many runs of a sweep can be told apart.
 */
export function coverageBarsOption(runs: readonly BoardScores[], baselines: readonly BoardScores[], theme: ChartTheme, family: string, order?: readonly string[]): EChartsOption {
  [...runs, ...baselines].forEach((r) => {
    for (const { key } of METRICS) {
      if (!(r[key] >= 0 && r[key] <= 1)) throw new StudioError('bad-input', `${key} must lie in [0, 1], got ${r[key]}`, `${r.name}.${key}`);
    }
  });
  // The axis reaches a tenth past the highest bar or line, not always to 1: scores near 0.1
  // (chess's headline family) were a sliver at the bottom of a [0, 1] axis.
  const highest = Math.max(0, ...[...runs, ...baselines].flatMap((r) => METRICS.map(({ key }) => r[key])));
  const top = Math.min(1, Math.max(0.1, Math.ceil(highest * 1.15 * 10) / 10));
  const labelled = METRICS.map(({ key }) => baselineLabels(baselines, key, LABEL_MERGE * top));
  // Runs with architectures are told apart by colour, the metric by shade; without, the metric takes the colour.
  const byArch = runs.length > 0 && runs.every((r) => r.arch);
  const archs = byArch ? [...new Set(runs.map((r) => r.arch!))] : [];
  const colour = (arch: string) => seriesLook(theme, order?.includes(arch) ? order.indexOf(arch) : archs.indexOf(arch)).color;
  const metricColour = (m: number) => (byArch ? theme.axis : theme.series[m]);
  const series: (BarSeriesOption | ScatterSeriesOption)[] = METRICS.map(({ key, label }, m) => ({
    type: 'bar',
    name: label,
    data: runs.map((r) => (byArch ? { value: r[key], itemStyle: { color: colour(r.arch!), borderColor: colour(r.arch!) } } : r[key])),
    itemStyle: { color: metricColour(m), ...(byArch ? { opacity: m === 0 ? 1 : SECOND_METRIC_OPACITY, borderColor: theme.axis, borderWidth: m === 0 ? 0 : 1 } : {}) },
    markLine: {
      silent: true,
      symbol: 'none',
      lineStyle: { color: metricColour(m), type: m === 0 ? 'dashed' : 'dotted', width: 1.5 },
      // Labelled past the plot's right edge, so they never sit on a bar; the colour (or, by architecture, the words) says the metric.
      label: { color: byArch ? theme.text : metricColour(m), fontSize: 10, lineHeight: 12, width: LABEL_WIDTH, overflow: 'break', formatter: (p: unknown) => (p as { data: { caption: string } }).data.caption, position: 'end' },
      data: labelled[m].map(({ b, text }) => ({ name: `${b.name} ${label}`, caption: byArch && text ? `${text} (${label})` : text, yAxis: b[key] })),
    },
  }));
  // an empty scatter series per architecture: a legend entry in its colour that takes no bar slot
  for (const arch of archs) series.push({ type: 'scatter', name: arch, data: [], itemStyle: { color: colour(arch) } });
  // Many runs crowd the axis: steeper labels keep neighbours from overprinting.
  const rotate = runs.length > 8 ? 60 : 30;
  const nameGap = 24 + Math.round(6.5 * Math.sin((rotate * Math.PI) / 180) * Math.max(0, ...runs.map((r) => r.name.length)));
  // the baseline labels sit right of the plot: room for the longest, wrapped at LABEL_WIDTH
  const right = Math.max(72, 16 + Math.min(LABEL_WIDTH, Math.round(5.5 * Math.max(0, ...labelled.flat().map((l) => l.text.length + (byArch ? 24 : 0))))));
  const legend = [...archs, ...METRICS.map((m) => m.label)];
  return {
    color: theme.series,
    animation: false,
    aria: { enabled: true, label: { description: `Coverage and board reconstruction on ${family} for ${runs.length} runs, with ${baselines.map((b) => b.name).join(' and ') || 'no'} baselines as dashed lines${byArch ? `, coloured by architecture (${archs.join(', ')})` : ''}.` } },
    grid: { left: 64, right, top: topBelowLegend(legend), bottom: nameGap + 24 },
    legend: { data: legend, textStyle: { color: theme.text }, top: 0 },
    tooltip: {
      ...themedTooltip(theme),
      formatter: (params: unknown) => {
        const ps = params as { dataIndex: number }[];
        const r = runs[ps[0].dataIndex];
        return `${r.name}<br>coverage ${formatNumber(r.coverage)} · board reconstruction ${formatNumber(r.boardReconstruction)}`;
      },
    },
    // rotated labels reach down about half their length; the axis name goes below the longest
    xAxis: { ...themedAxis(theme, 'run'), type: 'category', data: runs.map((r) => r.name), nameGap, axisLabel: { color: theme.text, rotate, interval: 0 } },
    yAxis: { ...themedAxis(theme, `F1 on ${family}`), type: 'value', min: 0, max: top, nameGap: 44 },
    series,
  };
}

/** Each baseline with its line's label: the names of all baselines within `merge` of it go on the lowest one, the others get none. */
function baselineLabels(baselines: readonly BoardScores[], key: 'coverage' | 'boardReconstruction', merge: number): { b: BoardScores; text: string }[] {
  const sorted = [...baselines].sort((a, b) => a[key] - b[key]);
  const text = new Map<BoardScores, string>();
  let head: BoardScores | null = null;
  for (const b of sorted) {
    if (head && b[key] - head[key] < merge) {
      text.set(head, `${text.get(head)}, ${b.name}`);
      text.set(b, '');
    } else {
      head = b;
      text.set(b, b.name);
    }
  }
  return baselines.map((b) => ({ b, text: text.get(b)! }));
}

