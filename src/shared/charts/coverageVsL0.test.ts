import { describe, expect, it } from 'vitest';
import type { ScatterSeriesOption } from 'echarts';
import { lightChartTheme } from './theme';
import { coverageVsL0Option } from './coverageVsL0';

describe('coverage and board reconstruction against L0', () => {
  const runs = [
    { name: 'topk-8', l0: 8, coverage: 0.41, boardReconstruction: 0.3 },
    { name: 'topk-32', l0: 32, coverage: 0.52, boardReconstruction: 0.45 },
    { name: 'dead', l0: 0, coverage: 0, boardReconstruction: 0 },
  ];

  it('plots each metric as a series of named points on a log L0 axis, naming runs it cannot place', () => {
    const option = coverageVsL0Option(runs, lightChartTheme, 'mine_yours_blank_mask');
    const series = option.series as ScatterSeriesOption[];
    expect(series.map((s) => s.name)).toEqual(['coverage', 'board reconstruction']);
    expect(series[0].data).toEqual([{ value: [8, 0.41], name: 'topk-8' }, { value: [32, 0.52], name: 'topk-32' }]);
    expect(series[1].data).toEqual([{ value: [8, 0.3], name: 'topk-8' }, { value: [32, 0.45], name: 'topk-32' }]);
    expect(option.xAxis).toMatchObject({ type: 'log', name: 'L0 (active features per input, log scale)' });
    expect((option.yAxis as { name: string }).name).toBe('score on mine_yours_blank_mask (F1-based, 0–1)');
    expect((option.aria as { label: { description: string } }).label.description).toContain('not shown (L0 = 0): dead');
  });

  it('names the run and metric of a score outside [0, 1]', () => {
    expect(() => coverageVsL0Option([{ name: 'x', l0: 4, coverage: 1.2, boardReconstruction: 0.5 }], lightChartTheme, 'f')).toThrow(expect.objectContaining({ where: 'runs[0].coverage (x)' }));
    expect(() => coverageVsL0Option([{ name: 'y', l0: -1, coverage: 0.2, boardReconstruction: 0.5 }], lightChartTheme, 'f')).toThrow(expect.objectContaining({ where: 'runs[0].l0 (y)' }));
  });
});
