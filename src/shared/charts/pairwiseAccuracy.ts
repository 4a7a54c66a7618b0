import type { EChartsOption } from 'echarts';
import { StudioError } from '../errors';
import { type ChartTheme, themedAxis, themedTooltip } from './theme';

export interface AccuracyBar {
  label: string;
  accuracy: number;
  low: number;
  high: number;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * Held-out pairwise accuracy per model as horizontal bars (models are read top to bottom), each
 * with its bootstrap 95% interval as a whisker, and chance (0.5) marked.
 */
export function pairwiseAccuracyOption(bars: readonly AccuracyBar[], theme: ChartTheme): EChartsOption {
  bars.forEach((b, i) => {
    for (const key of ['accuracy', 'low', 'high'] as const) {
      if (!Number.isFinite(b[key]) || b[key] < 0 || b[key] > 1) throw new StudioError('bad-input', `${key} must be a share in [0, 1], got ${b[key]}`, `bars[${i}].${key} (${b.label})`);
    }
  });
  const rows = [...bars].reverse();
  return {
    color: theme.series,
    animation: false,
    aria: { enabled: true, label: { description: `Held-out pairwise accuracy: ${bars.map((b) => `${b.label} ${pct(b.accuracy)}`).join(', ')}.` } },
    grid: { left: 190, right: 90, top: 16, bottom: 48 },
    tooltip: { ...themedTooltip(theme), formatter: (params: unknown) => {
      const p = (params as { dataIndex: number }[])[0];
      const b = rows[p.dataIndex];
      return `${b.label}: ${pct(b.accuracy)} (95% interval ${pct(b.low)}–${pct(b.high)})`;
    } },
    xAxis: { ...themedAxis(theme, 'pairwise accuracy on held-out pairs'), type: 'value', min: 0, max: 1, nameGap: 28, axisLabel: { color: theme.text, formatter: (v: number) => pct(v) } },
    yAxis: { ...themedAxis(theme, ''), type: 'category', data: rows.map((b) => b.label), axisLabel: { color: theme.text, width: 180, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        name: 'accuracy',
        data: rows.map((b) => b.accuracy),
        barMaxWidth: 28,
        markLine: { symbol: 'none', silent: true, lineStyle: { color: theme.axis, type: 'dashed' }, label: { color: theme.text, formatter: 'chance' }, data: [{ xAxis: 0.5 }] },
      },
      // the interval as a whisker: a thin bar from low to high stacked on an invisible base
      { type: 'bar', name: 'low', stack: 'ci', data: rows.map((b) => b.low), itemStyle: { color: 'transparent' }, barWidth: 3, barGap: '-100%', tooltip: { show: false } },
      // the value sits past the whisker's end, where no line crosses it
      { type: 'bar', name: '95% interval', stack: 'ci', data: rows.map((b) => b.high - b.low), itemStyle: { color: theme.text }, barWidth: 3, tooltip: { show: false }, label: { show: true, position: 'right', distance: 6, color: theme.text, formatter: (p: { dataIndex: number }) => pct(rows[p.dataIndex].accuracy) } },
    ],
  };
}

export interface WaterfallStep {
  label: string;
  delta: number;
}

/**
 * How a margin r(chosen) − r(rejected) is built: one bar per feature, starting where the previous
 * one ended (a waterfall), positive steps in the accent colour and negative ones in the warning
 * colour, then the margin itself.
 */
export function waterfallOption(steps: readonly WaterfallStep[], theme: ChartTheme, totalLabel = 'margin', axisName = 'reward difference'): EChartsOption {
  steps.forEach((s, i) => {
    if (!Number.isFinite(s.delta)) throw new StudioError('bad-input', `delta must be finite, got ${s.delta}`, `steps[${i}] (${s.label})`);
  });
  const base: number[] = [];
  const size: number[] = [];
  let at = 0;
  for (const s of steps) {
    base.push(s.delta >= 0 ? at : at + s.delta);
    size.push(Math.abs(s.delta));
    at += s.delta;
  }
  base.push(Math.min(0, at));
  size.push(Math.abs(at));
  const labels = [...steps.map((s) => s.label), totalLabel];
  const colour = (i: number) => (i === steps.length ? theme.text : steps[i].delta >= 0 ? theme.series[0] : theme.series[3]);
  const signed = [...steps.map((s) => s.delta), at];
  // Many steps crowd the axis: steeper labels keep neighbours apart, and the grid's foot makes room for the longest.
  const rotate = labels.length > 8 ? 60 : 40;
  const bottom = 24 + Math.round(6.5 * Math.sin((rotate * Math.PI) / 180) * Math.max(...labels.map((l) => l.length)));
  return {
    animation: false,
    aria: { enabled: true, label: { description: `Contributions to the ${totalLabel}, ${steps.length} steps, ${totalLabel} ${at.toFixed(4)}.` } },
    grid: { left: 64, right: 24, top: 16, bottom },
    tooltip: { ...themedTooltip(theme), formatter: (params: unknown) => {
      const p = (params as { dataIndex: number }[])[0];
      return `${labels[p.dataIndex]}: ${signed[p.dataIndex] >= 0 ? '+' : ''}${signed[p.dataIndex].toFixed(4)}`;
    } },
    xAxis: { ...themedAxis(theme, ''), type: 'category', data: labels, axisLabel: { color: theme.text, interval: 0, rotate } },
    yAxis: { ...themedAxis(theme, axisName), type: 'value', nameGap: 48 },
    series: [
      { type: 'bar', stack: 'w', data: base, itemStyle: { color: 'transparent' }, tooltip: { show: false } },
      { type: 'bar', stack: 'w', data: size.map((v, i) => ({ value: v, itemStyle: { color: colour(i) } })) },
    ],
  };
}
