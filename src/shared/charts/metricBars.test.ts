import { describe, expect, it } from 'vitest';
import type { BarSeriesOption } from 'echarts';
import { lightChartTheme } from './theme';
import { HORIZONTAL_FROM, METRIC_FAMILIES, metricBarsHeight, metricBarsOption } from './metricBars';

const fidelity = METRIC_FAMILIES.find((f) => f.title === 'Fidelity')!;

describe('metric bars per family', () => {
  it('groups one bar per metric by run, leaving unmeasured values as gaps', () => {
    const option = metricBarsOption([{ name: 'a', arch: 'topk', values: { fvu: 0.2, deadFraction: 0.01 } }, { name: 'b', arch: 'topk', values: { fvu: 0.1, deadFraction: null } }], fidelity, lightChartTheme);
    const bars = (option.series as BarSeriesOption[]).filter((s) => s.type === 'bar');
    expect(bars.map((s) => s.name)).toEqual(['FVU', 'dead fraction']);
    expect(bars[0].data).toMatchObject([{ value: 0.2 }, { value: 0.1 }]);
    expect(bars[1].data).toMatchObject([{ value: 0.01 }, { value: '-' }]);
    expect((option.xAxis as { data: string[] }).data).toEqual(['a', 'b']);
    expect((option.yAxis as { name: string }).name).toBe('fraction (0–1)');
  });

  it('colours each bar by its run\'s architecture, in the order the screen gives, with the architectures in the legend', () => {
    const runs = [
      { name: 'r1', arch: 'topk', values: { fvu: 0.2, deadFraction: 0 } },
      { name: 'r2', arch: 'relu', values: { fvu: 0.3, deadFraction: 0 } },
      { name: 'r3', arch: 'topk', values: { fvu: 0.1, deadFraction: 0 } },
    ];
    // the screen's order: relu takes the first colour, topk the third, whatever order the runs come in
    const option = metricBarsOption(runs, fidelity, lightChartTheme, ['relu', 'random dictionary', 'topk']);
    const [relu, topk] = [lightChartTheme.series[0], lightChartTheme.series[2]];
    const bars = (option.series as BarSeriesOption[]).filter((s) => s.type === 'bar');
    for (const bar of bars) expect((bar.data as { itemStyle: { color: string } }[]).map((d) => d.itemStyle.color)).toEqual([topk, relu, topk]);
    // the metrics differ by shade, not hue: the second is lighter
    expect(bars.map((b) => b.itemStyle?.opacity)).toEqual([1, 0.45]);
    const legend = (option.legend as { data: { name: string }[] }).data.map((d) => d.name);
    expect(legend).toEqual(['topk', 'relu', 'FVU', 'dead fraction']);
    const swatches = (option.series as { type: string; name: string; itemStyle: { color: string } }[]).filter((s) => s.type === 'scatter');
    expect(swatches.map((s) => [s.name, s.itemStyle.color])).toEqual([['topk', topk], ['relu', relu]]);
  });

  it('lies down past six runs: one band per run, names on the left in table order, and a height that grows with the runs', () => {
    const runs = Array.from({ length: 13 }, (_, i) => ({ name: `relu λ=${i} whitened`, arch: 'relu', values: { fvu: i / 20, deadFraction: 0 } }));
    const option = metricBarsOption(runs, fidelity, lightChartTheme);
    expect(option.yAxis).toMatchObject({ type: 'category', inverse: true, data: runs.map((r) => r.name) });
    expect(option.xAxis).toMatchObject({ type: 'value', name: 'fraction (0–1)' });
    expect(metricBarsHeight(13, fidelity)).toBeGreaterThan(metricBarsHeight(HORIZONTAL_FROM - 1, fidelity));
    expect(metricBarsOption(runs.slice(0, HORIZONTAL_FROM - 1), fidelity, lightChartTheme).xAxis).toMatchObject({ type: 'category' });
  });

  it('names a run whose metric is not a finite number', () => {
    expect(() => metricBarsOption([{ name: 'x', arch: 'relu', values: { fvu: Number.NaN } }], fidelity, lightChartTheme)).toThrow(expect.objectContaining({ where: 'runs[0].fvu (x)' }));
  });
});
