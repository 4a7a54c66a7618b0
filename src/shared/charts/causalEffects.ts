import type { EChartsOption } from 'echarts';
import { formatNumber } from '../format';
import { type CausalResult, isTextCausal, type TextCausalResult } from '../schemas/explain';
import { type ChartTheme, themedAxis, themedTooltip } from './theme';

type Row = { label: string; mean: number; t: number; positions: number };

/**
 * A causal test's effects as signed bars (t statistics of the mean change). Othello: the named
 * square's probability and the legal-move mass under clamp and ablation. Text: the change along
 * the hypothesis's next-byte signature under each, then the bytes the ablation most promotes and
 * suppresses.
 */
export function causalEffectRows(c: CausalResult): Row[] {
  if (isTextCausal(c)) return textRows(c);
  const rows: Row[] = [];
  const sq = c.square ?? 'the square';
  if (c.clamp.squareProb) rows.push({ label: `clamp: p(${sq})`, ...c.clamp.squareProb });
  rows.push({ label: 'clamp: legal-move mass', ...c.clamp.legalMass });
  if (c.ablate.squareProb) rows.push({ label: `ablate: p(${sq})`, ...c.ablate.squareProb });
  rows.push({ label: 'ablate: legal-move mass', ...c.ablate.legalMass });
  return rows;
}

const quoted = (b: string) => `"${b === ' ' ? '␠' : b}"`;

function textRows(c: TextCausalResult): Row[] {
  const rows: Row[] = [];
  if (c.clamp.alignment) rows.push({ label: 'clamp: toward the hypothesis', ...c.clamp.alignment });
  if (c.ablate.alignment) rows.push({ label: 'ablate: toward the hypothesis', ...c.ablate.alignment });
  const n = c.ablate.kl.positions;
  for (const b of [...c.ablate.promoted, ...c.ablate.suppressed]) rows.push({ label: `ablate: p(${quoted(b.byte)})`, mean: b.mean, t: b.t, positions: n });
  return rows;
}

export function causalEffectsOption(c: CausalResult, theme: ChartTheme, feature: number): EChartsOption {
  const rows = causalEffectRows(c);
  return {
    animation: false,
    aria: { enabled: true, label: { description: `Causal effects of feature ${feature}: ${rows.map((r) => `${r.label} t = ${formatNumber(r.t)}`).join('; ')}.` } },
    grid: { left: 190, right: 24, top: 16, bottom: 48 },
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
