import { describe, expect, it } from 'vitest';
import type { LineSeriesOption } from 'echarts';
import { lightChartTheme } from './theme';
import { boardScoresByArchOption } from './boardScoresByArch';

describe('board scores against L0 by architecture', () => {
  const runs = [
    { name: 'relu λ=4', arch: 'relu', l0: 30, coverage: 0.4, boardReconstruction: 0.2 },
    { name: 'panneal λ=1', arch: 'panneal', l0: 50, coverage: 0.5, boardReconstruction: 0.3 },
    { name: 'relu λ=1', arch: 'relu', l0: 90, coverage: 0.45, boardReconstruction: 0.25 },
  ];

  it('draws one line per architecture in each panel, through its runs in L0 order', () => {
    const option = boardScoresByArchOption(runs, lightChartTheme, 'mine_yours_blank_mask');
    const series = option.series as LineSeriesOption[];
    expect(series.map((s) => [s.name, s.xAxisIndex])).toEqual([['relu', 0], ['panneal', 0], ['relu', 1], ['panneal', 1]]);
    expect(series[0].data).toEqual([{ value: [30, 0.4], name: 'relu λ=4' }, { value: [90, 0.45], name: 'relu λ=1' }]);
    expect(series[3].data).toEqual([{ value: [50, 0.3], name: 'panneal λ=1' }]);
    // an architecture keeps its colour across the two panels
    expect(series[0].color).toBe(series[2].color);
    expect(series[0].color).not.toBe(series[1].color);
    expect((option.xAxis as { type: string }[]).map((a) => a.type)).toEqual(['log', 'log']);
    expect((option.title as { text: string }[]).map((t) => t.text)).toEqual(['coverage', 'board reconstruction']);
    expect((option.aria as { label: { description: string } }).label.description).toContain('on mine_yours_blank_mask against L0 (log scale), one line per architecture: relu (2 runs), panneal (1 run)');
  });

  it('names the run whose value cannot be drawn', () => {
    expect(() => boardScoresByArchOption([{ ...runs[0], l0: 0 }], lightChartTheme, 'f')).toThrow(expect.objectContaining({ where: 'runs[0].l0 (relu λ=4)' }));
    expect(() => boardScoresByArchOption([{ ...runs[1], coverage: 1.5 }], lightChartTheme, 'f')).toThrow(expect.objectContaining({ where: 'runs[0].coverage (panneal λ=1)' }));
  });
});
