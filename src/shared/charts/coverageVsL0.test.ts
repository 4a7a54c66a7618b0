import { describe, expect, it } from 'vitest';
import type { ScatterSeriesOption } from 'echarts';
import { lightChartTheme } from './theme';
import { coverageVsL0Option } from './coverageVsL0';

describe('coverage and board reconstruction against L0', () => {
  const runs = [
    { name: 'topk-8', arch: 'topk', l0: 8, coverage: 0.41, boardReconstruction: 0.3 },
    { name: 'relu-32', arch: 'relu', l0: 32, coverage: 0.52, boardReconstruction: 0.45 },
    { name: 'topk-16', arch: 'topk', l0: 16, coverage: 0.5, boardReconstruction: 0.4 },
    { name: 'dead', arch: 'relu', l0: 0, coverage: 0, boardReconstruction: 0 },
  ];

  it('colours points by architecture and shapes them by metric on a log L0 axis, with the always-on floor, naming runs it cannot place', () => {
    const option = coverageVsL0Option(runs, lightChartTheme, 'mine_yours_blank_mask', 0.27);
    const series = option.series as ScatterSeriesOption[];
    expect(series.map((s) => [s.name, s.symbol])).toEqual([['topk', 'circle'], ['topk', 'triangle'], ['relu', 'circle'], ['relu', 'triangle']]);
    // one colour per architecture, from the shared palette, for both of its metrics
    expect(series.map((s) => (s.itemStyle as { color: string }).color)).toEqual([lightChartTheme.series[0], lightChartTheme.series[0], lightChartTheme.series[1], lightChartTheme.series[1]]);
    expect(series[0].data).toEqual([{ value: [8, 0.41], name: 'topk-8', metric: 'coverage' }, { value: [16, 0.5], name: 'topk-16', metric: 'coverage' }]);
    expect(series[3].data).toEqual([{ value: [32, 0.45], name: 'relu-32', metric: 'board reconstruction' }]);
    expect((series[0].markLine as { data: { yAxis: number }[] }).data).toEqual([{ yAxis: 0.27 }]);
    expect(option.legend).toMatchObject({ data: ['topk', 'relu'] });
    expect(option.xAxis).toMatchObject({ type: 'log', name: 'L0 (log scale)' });
    const description = (option.aria as { label: { description: string } }).label.description;
    expect(description).toContain('on mine_yours_blank_mask');
    expect(description).toContain('always fires (0.27)');
    expect(description).toContain('Not shown (L0 = 0): dead');
  });

  it('names the run and metric of a score outside [0, 1]', () => {
    expect(() => coverageVsL0Option([{ name: 'x', arch: 'a', l0: 4, coverage: 1.2, boardReconstruction: 0.5 }], lightChartTheme, 'f')).toThrow(expect.objectContaining({ where: 'runs[0].coverage (x)' }));
    expect(() => coverageVsL0Option([{ name: 'y', arch: 'a', l0: -1, coverage: 0.2, boardReconstruction: 0.5 }], lightChartTheme, 'f')).toThrow(expect.objectContaining({ where: 'runs[0].l0 (y)' }));
  });
});
