import type { EChartsOption } from 'echarts';
import { formatCount, formatNumber } from '../format';
import { bestCosines } from '../featureMatch';
import type { FeatureMatchResult } from '../schemas/match';
import { type ChartTheme, themedAxis, themedTooltip } from './theme';

/** Bins of width 0.05 over [−1, 1]: counts[i] cosines fall in [edges[i], edges[i+1]), 1 itself in the last. */
export function cosineBins(values: readonly number[], width = 0.05): { edges: number[]; counts: number[] } {
  const n = Math.round(2 / width);
  const edges = Array.from({ length: n + 1 }, (_, i) => Math.round((-1 + i * width) * 1e6) / 1e6);
  const counts = new Array<number>(n).fill(0);
  for (const v of values) counts[Math.min(n - 1, Math.max(0, Math.floor((v + 1) / width + 1e-9)))]++;
  return { edges, counts };
}

/**
 * How well each run's features are found in the other: the histogram of every feature's best
 * decoder cosine with the other run, one series per direction. Seeds of one SAE pile up near 1
 * (Paulo & Belrose 2025 find about half of features shared across seeds); a dictionary of
 * other features sits near 0. Bins from the lowest non-empty one, so the bars use the width.
 */
export function matchHistogramOption(result: FeatureMatchResult, theme: ChartTheme): EChartsOption {
  const best = bestCosines(result);
  const a = cosineBins(best.a);
  const b = cosineBins(best.b);
  const first = Math.max(0, Math.min(...[a.counts, b.counts].map((c) => c.findIndex((x) => x > 0)).filter((i) => i >= 0)));
  const labels = a.counts.slice(first).map((_, i) => formatNumber(a.edges[first + i]));
  const nameA = `${result.runA.name} → ${result.runB.name}`;
  const nameB = `${result.runB.name} → ${result.runA.name}`;
  return {
    color: theme.series,
    animation: false,
    aria: { enabled: true, label: { description: `Best-match decoder cosines: ${formatCount(best.a.length)} features of ${result.runA.name} (MMCS ${formatNumber(result.mmcsAB)}) and ${formatCount(best.b.length)} of ${result.runB.name} (MMCS ${formatNumber(result.mmcsBA)}).` } },
    grid: { left: 64, right: 24, top: 40, bottom: 56 },
    legend: { data: [nameA, nameB], textStyle: { color: theme.text }, top: 0 },
    tooltip: {
      ...themedTooltip(theme),
      formatter: (params: unknown) => {
        const ps = params as { dataIndex: number; seriesName: string; value: number }[];
        const i = first + ps[0].dataIndex;
        return `cosine in [${formatNumber(a.edges[i])}, ${formatNumber(a.edges[i + 1])})<br>${ps.map((p) => `${p.seriesName}: ${formatCount(p.value)} features`).join('<br>')}`;
      },
    },
    xAxis: { ...themedAxis(theme, 'best-match cosine (bin start)'), type: 'category', data: labels, nameGap: 32 },
    yAxis: { ...themedAxis(theme, 'features (count)'), type: 'value', minInterval: 1, nameGap: 48, axisLabel: { color: theme.text, formatter: (v: number) => formatNumber(v) } },
    series: [
      { type: 'bar', name: nameA, data: a.counts.slice(first), itemStyle: { color: theme.series[0] } },
      { type: 'bar', name: nameB, data: b.counts.slice(first), itemStyle: { color: theme.series[1] } },
    ],
  };
}
