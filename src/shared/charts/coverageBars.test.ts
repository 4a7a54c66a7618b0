import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { coverageBarsOption } from './coverageBars';
import { lightChartTheme } from './theme';

const runs = [
  { name: 'p-anneal', coverage: 0.52, boardReconstruction: 0.71 },
  { name: 'relu', coverage: 0.41, boardReconstruction: 0.55 },
];
const baselines = [
  { name: 'random', coverage: 0.12, boardReconstruction: 0.05 },
  { name: 'neurons', coverage: 0.3, boardReconstruction: 0.2 },
];

describe('coverageBarsOption', () => {
  const option = coverageBarsOption(runs, baselines, lightChartTheme, 'mine_yours_blank_mask') as any;

  it('draws coverage and board reconstruction as bars per run', () => {
    expect(option.xAxis.data).toEqual(['p-anneal', 'relu']);
    expect(option.series.map((s: any) => s.name)).toEqual(['coverage', 'board reconstruction']);
    expect(option.series[0].data).toEqual([0.52, 0.41]);
    expect(option.series[1].data).toEqual([0.71, 0.55]);
  });

  it('draws every baseline as a reference line on each metric', () => {
    expect(option.series[0].markLine.data).toEqual([{ name: 'random coverage', caption: 'random', yAxis: 0.12 }, { name: 'neurons coverage', caption: 'neurons', yAxis: 0.3 }]);
    expect(option.series[1].markLine.data).toEqual([{ name: 'random board reconstruction', caption: 'random', yAxis: 0.05 }, { name: 'neurons board reconstruction', caption: 'neurons', yAxis: 0.2 }]);
    expect(option.series[1].markLine.label.formatter({ data: option.series[1].markLine.data[1] })).toBe('neurons');
  });

  it('gives baselines with nearly equal scores one shared label instead of two overprinted ones', () => {
    const close = [{ name: 'random', coverage: 0.3254, boardReconstruction: 0.02 }, { name: 'neurons', coverage: 0.3252, boardReconstruction: 0.3 }];
    const o = coverageBarsOption(runs, close, lightChartTheme, 'f') as any;
    expect(o.series[0].markLine.data.map((d: any) => d.caption)).toEqual(['', 'neurons, random']);
    expect(o.series[1].markLine.data.map((d: any) => d.caption)).toEqual(['random', 'neurons']);
  });

  it('reaches a tenth past the highest score (never past 1) and names the family', () => {
    // highest 0.71 → 0.71 · 1.15 = 0.82 → 0.9
    expect(option.yAxis).toMatchObject({ min: 0, max: 0.9, name: 'F1 on mine_yours_blank_mask' });
    const low = coverageBarsOption([{ name: 'a', coverage: 0.08, boardReconstruction: 0.16 }], [{ name: 'random-weights model', coverage: 0.1, boardReconstruction: 0.18 }], lightChartTheme, 'f') as any;
    expect(low.yAxis.max).toBeCloseTo(0.3, 12);
    // the longest baseline label gets room right of the plot
    expect(low.grid.right).toBeGreaterThan(16 + 5 * 'random-weights model'.length);
    expect((coverageBarsOption([{ name: 'b', coverage: 0.95, boardReconstruction: 0.2 }], [], lightChartTheme, 'f') as any).yAxis.max).toBe(1);
  });

  it('wraps long baseline labels instead of narrowing the bars, and leaves room for a legend of two rows', () => {
    // the Othello demo's shape: 9 architectures and three baselines, two of them sharing a label on each metric
    const archs = ['relu', 'l1', 'panneal', 'gated', 'topk', 'batchtopk', 'jumprelu', 'atm', 'relu'];
    const many = archs.map((arch, i) => ({ name: `${arch} run ${i}`, arch, coverage: 0.3, boardReconstruction: 0.05 }));
    const three = ['neurons', 'random-weights model', 'random'].map((name) => ({ name, coverage: 0.33, boardReconstruction: 0.01 }));
    const o = coverageBarsOption(many, three, lightChartTheme, 'f') as any;
    expect(o.series[1].markLine.data.map((d: any) => d.caption).join('')).toBe('neurons, random-weights model, random (board reconstruction)');
    expect(o.grid.right).toBeLessThanOrEqual(160);
    expect(o.series[1].markLine.label.overflow).toBe('break');
    expect(o.series[1].markLine.label.width).toBeLessThan(o.grid.right - 8);
    expect(o.grid.top).toBeGreaterThanOrEqual(60);
    expect(o.xAxis.axisLabel.rotate).toBe(60);
  });

  it('refuses a score outside [0, 1], naming run and metric', () => {
    const bad = () => coverageBarsOption([{ name: 'x', coverage: 1.5, boardReconstruction: 0 }], [], lightChartTheme, 'f');
    expect(bad).toThrow(StudioError);
    expect(bad).toThrow(/x\.coverage/);
  });

  it('renders to SVG server-side with the baseline labels', () => {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 360 });
    chart.setOption(option);
    const svg = chart.renderToSVGString();
    chart.dispose();
    expect(svg).toContain('>neurons<');
    expect(svg).toContain('board reconstruction');
  });

  it('colours runs by architecture when they carry one: the same architecture one colour, the second metric lighter, the baselines named with their metric', () => {
    const sweep = [
      { name: 'topk k=16', arch: 'topk', coverage: 0.5, boardReconstruction: 0.6 },
      { name: 'relu λ=1', arch: 'relu', coverage: 0.4, boardReconstruction: 0.5 },
      { name: 'topk k=32', arch: 'topk', coverage: 0.45, boardReconstruction: 0.55 },
    ];
    const o = coverageBarsOption(sweep, baselines, lightChartTheme, 'mine_yours_blank_mask', ['relu', 'topk']) as any;
    const colours = o.series[0].data.map((d: any) => d.itemStyle.color);
    expect(colours[0]).toBe(colours[2]);
    expect(colours[0]).not.toBe(colours[1]);
    // `order` fixes the colours: relu takes the first, topk the second
    expect(colours[1]).toBe(lightChartTheme.series[0]);
    expect(colours[0]).toBe(lightChartTheme.series[1]);
    expect(o.series[1].data.map((d: any) => d.itemStyle.color)).toEqual(colours);
    expect(o.series[1].itemStyle.opacity).toBeLessThan(o.series[0].itemStyle.opacity);
    expect(o.legend.data).toEqual(['topk', 'relu', 'coverage', 'board reconstruction']);
    expect(o.series[0].markLine.data[0].caption).toBe('random (coverage)');
    expect(o.series[0].data.map((d: any) => d.value)).toEqual([0.5, 0.4, 0.45]);
  });
});
