import type { EChartsOption } from 'echarts';
import { type ChartTheme, themedAxis, themedTooltip } from './theme';

/** One generation of the congestion workspace's genetic feature search. */
export interface SearchPoint {
  generation: number;
  /** held-out-design SRCC of the kept pool (never falls) */
  poolScore: number;
  /** the same for the generation's candidate pool, before the pool is kept or not */
  candidateScore: number;
}

/** Fitness over generations: the kept pool's cross-validated score and each generation's candidates. */
export function searchCurveOption(points: readonly SearchPoint[], theme: ChartTheme): EChartsOption {
  return {
    animation: false,
    color: theme.series,
    tooltip: themedTooltip(theme),
    legend: { textStyle: { color: theme.text }, top: 0 },
    grid: { left: 60, right: 20, top: 36, bottom: 44 },
    xAxis: { ...themedAxis(theme, 'generation'), type: 'value', minInterval: 1 },
    yAxis: { ...themedAxis(theme, 'held-out-design SRCC'), type: 'value', scale: true },
    series: [
      { name: 'kept pool', type: 'line', step: 'end', data: points.map((p) => [p.generation, p.poolScore]), symbolSize: 6 },
      { name: 'candidates', type: 'line', lineStyle: { type: 'dashed' }, data: points.map((p) => [p.generation, p.candidateScore]), symbolSize: 4 },
    ],
  };
}
