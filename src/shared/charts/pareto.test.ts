import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { type ParetoRun, paretoFrontier, paretoOption, paretoRuns } from './pareto';
import { darkChartTheme, lightChartTheme } from './theme';

const runs: ParetoRun[] = [
  { name: 'topk-k8', arch: 'topk', l0: 8, fvu: 0.3 },
  { name: 'topk-k32', arch: 'topk', l0: 32, fvu: 0.12 },
  { name: 'relu-a', arch: 'relu', l0: 20, fvu: 0.35 }, // beaten by topk-k8 on both axes
  { name: 'relu-b', arch: 'relu', l0: 60, fvu: 0.1 },
  { name: 'dead', arch: 'relu', l0: 0, fvu: 1 },
];

describe('paretoFrontier', () => {
  it('keeps exactly the runs no other run beats on both L0 and FVU, by increasing L0', () => {
    expect(paretoFrontier(runs.slice(0, 4)).map((r) => r.name)).toEqual(['topk-k8', 'topk-k32', 'relu-b']);
  });

  it('keeps the better of two runs with the same L0', () => {
    const tie = [{ name: 'a', arch: 'x', l0: 5, fvu: 0.5 }, { name: 'b', arch: 'x', l0: 5, fvu: 0.4 }];
    expect(paretoFrontier(tie).map((r) => r.name)).toEqual(['b']);
  });
});

describe('paretoOption', () => {
  const option = paretoOption(runs, lightChartTheme) as any;

  it('draws one scatter series per architecture and the frontier as a line', () => {
    expect(option.series.map((s: any) => `${s.type}:${s.name}`)).toEqual(['scatter:topk', 'scatter:relu', 'line:Pareto frontier']);
    expect(option.series[0].data).toEqual([{ value: [8, 0.3], name: 'topk-k8' }, { value: [32, 0.12], name: 'topk-k32' }]);
    expect(option.series[2].data.map((d: any) => d.name)).toEqual(['topk-k8', 'topk-k32', 'relu-b']);
  });

  it('puts L0 on a log axis and names both axes with their units', () => {
    expect(option.xAxis.type).toBe('log');
    expect(option.xAxis.name).toBe('L0 (active features per input, log scale)');
    // short enough to stand beside the plot: the long form overran it into a three-row legend on a PDF page
    expect(option.yAxis.name).toBe('FVU (variance unexplained)');
  });

  it('leaves a run with L0 = 0 off the log axis and names it', () => {
    expect(option.series[1].data.map((d: any) => d.name)).toEqual(['relu-a', 'relu-b']);
    expect(option.title.subtext).toBe('not shown (L0 = 0): dead');
  });

  it('gives every series of a long sweep its own colour and marker, and starts the plot below its wrapped legend', () => {
    // the demo's table: ten architectures and the three baselines
    const kinds = ['relu', 'panneal', 'topk', 'batchtopk', 'jumprelu', 'atm', 'gated', 'random', 'neurons', 'random-weights model', 'extra-a', 'extra-b'];
    const many = paretoOption(kinds.map((arch, i) => ({ name: `${arch}-run`, arch, l0: 4 + i, fvu: 0.5 - i / 40 })), lightChartTheme) as any;
    const looks = many.series.filter((x: any) => x.type === 'scatter').map((x: any) => `${x.itemStyle.color}/${x.symbol}`);
    expect(new Set(looks).size).toBe(kinds.length);
    expect(looks[10]).toBe(`${lightChartTheme.series[0]}/diamond`);
    // twelve entries do not fit one row of a report-page chart; two short ones do
    expect(many.grid.top).toBeGreaterThan(option.grid.top);
    expect(option.grid.top).toBe(40);
  });

  it('names the run in its tooltip', () => {
    expect(option.tooltip.formatter({ seriesName: 'topk', name: 'topk-k8', value: [8, 0.3] })).toBe('topk-k8 (topk)<br>L0 8 · FVU 0.3');
  });

  it('refuses a non-finite metric, naming the run', () => {
    const bad = () => paretoOption([{ name: 'nan-run', arch: 'x', l0: 3, fvu: Number.NaN }], lightChartTheme);
    expect(bad).toThrow(StudioError);
    expect(bad).toThrow(/runs\[0\]\.fvu \(nan-run\)/);
  });

  it('renders to SVG server-side in both themes', () => {
    for (const theme of [lightChartTheme, darkChartTheme]) {
      const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 360 });
      chart.setOption(paretoOption(runs, theme));
      const svg = chart.renderToSVGString();
      chart.dispose();
      expect(svg).toContain('L0 (active features per input, log scale)');
      expect(svg).toContain('Pareto frontier');
      expect(svg).toContain(theme.series[0]);
    }
  });
});

describe('paretoRuns', () => {
  it('plots a baseline as its own series, even one with an SAE architecture, and skips rows without L0 and FVU', () => {
    const points = paretoRuns([
      { run: 'relu a', kind: 'sae', arch: 'relu', l0: 30, fvu: 0.2 },
      { run: 'random-weights model', kind: 'baseline', arch: 'relu', l0: 24, fvu: 0.12 },
      { run: 'random', kind: 'baseline', arch: 'random', l0: 256, fvu: 0.3 },
      { run: 'imported', kind: 'sae', arch: 'topk', l0: 16, fvu: null },
    ]);
    expect(points.map((r) => [r.name, r.arch])).toEqual([['relu a', 'relu'], ['random-weights model', 'random-weights model'], ['random', 'random']]);
    const option = paretoOption(points, lightChartTheme);
    const names = (option.series as { name?: string }[]).map((s) => s.name);
    expect(names).toContain('random-weights model');
    expect(names.filter((n) => n === 'relu')).toHaveLength(1);
  });
});
