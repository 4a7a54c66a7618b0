import type { EChartsOption } from 'echarts';
import { formatNumber } from '../format';
import type { CausalResult } from '../schemas/explain';
import { type ChartTheme, themedAxis, themedTooltip } from './theme';

/** The four effects of a causal test as signed bars: t statistics of the mean change, |t| ≥ 3 marked as the measurable line. */
export function causalEffectRows(c: CausalResult): { label: string; mean: number; t: number; positions: number }[] {
  const rows: { label: string; mean: number; t: number; positions: number }[] = [];
  const sq = c.square ?? 'the square';
  if (c.clamp.squareProb) rows.push({ label: `clamp: p(${sq})`, ...c.clamp.squareProb });
  rows.push({ label: 'clamp: legal-move mass', ...c.clamp.legalMass });
  if (c.ablate.squareProb) rows.push({ label: `ablate: p(${sq})`, ...c.ablate.squareProb });
  rows.push({ label: 'ablate: legal-move mass', ...c.ablate.legalMass });
  return rows;
}

export function causalEffectsOption(c: CausalResult, theme: ChartTheme, feature: number): EChartsOption {
  const rows = causalEffectRows(c);
  return {
    animation: false,
    aria: { enabled: true, label: { description: `Causal effects of feature ${feature}: ${rows.map((r) => `${r.label} t = ${formatNumber(r.t)}`).join('; ')}.` } },
    grid: { left: 170, right: 24, top: 16, bottom: 48 },
    tooltip: {
      ...themedTooltip(theme),
      formatter: (params: unknown) => {
        const p = (params as { dataIndex: number }[])[0];
        const r = rows[p.dataIndex];
        return `${r.label}<br>mean change ${formatNumber(r.mean)} over ${r.positions} positions<br>t = ${formatNumber(r.t)}`;
      },
      trigger: 'axis',
    },
    xAxis: { ...themedAxis(theme, 't statistic of the change (|t| ≥ 3: measurable)'), type: 'value', nameGap: 28 },
    yAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { color: theme.text }, inverse: true },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => ({ value: r.t, itemStyle: { color: Math.abs(r.t) >= 3 ? theme.series[0] : theme.axis } })),
        markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: theme.axis }, data: [{ xAxis: 3 }, { xAxis: -3 }] },
      },
    ],
  };
}
