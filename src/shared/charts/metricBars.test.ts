import { describe, expect, it } from 'vitest';
import type { BarSeriesOption } from 'echarts';
import { lightChartTheme } from './theme';
import { HORIZONTAL_FROM, METRIC_FAMILIES, metricBarsHeight, metricBarsOption } from './metricBars';

const fidelity = METRIC_FAMILIES.find((f) => f.title === 'Fidelity')!;

describe('metric bars per family', () => {
  it('groups one bar per metric by run, leaving unmeasured values as gaps', () => {
    const option = metricBarsOption([{ name: 'a', values: { fvu: 0.2, deadFraction: 0.01 } }, { name: 'b', values: { fvu: 0.1, deadFraction: null } }], fidelity, lightChartTheme);
    const series = option.series as BarSeriesOption[];
    expect(series.map((s) => s.name)).toEqual(['FVU', 'dead fraction']);
    expect(series[0].data).toEqual([0.2, 0.1]);
    expect(series[1].data).toEqual([0.01, '-']);
    expect((option.xAxis as { data: string[] }).data).toEqual(['a', 'b']);
    expect((option.yAxis as { name: string }).name).toBe('fraction (0–1)');
  });

  it('lies down past six runs: one band per run, names on the left in table order, and a height that grows with the runs', () => {
    const runs = Array.from({ length: 13 }, (_, i) => ({ name: `relu λ=${i} whitened`, values: { fvu: i / 20, deadFraction: 0 } }));
    const option = metricBarsOption(runs, fidelity, lightChartTheme);
    expect(option.yAxis).toMatchObject({ type: 'category', inverse: true, data: runs.map((r) => r.name) });
    expect(option.xAxis).toMatchObject({ type: 'value', name: 'fraction (0–1)' });
    expect(metricBarsHeight(13, fidelity)).toBeGreaterThan(metricBarsHeight(HORIZONTAL_FROM - 1, fidelity));
    expect(metricBarsOption(runs.slice(0, HORIZONTAL_FROM - 1), fidelity, lightChartTheme).xAxis).toMatchObject({ type: 'category' });
  });

  it('names a run whose metric is not a finite number', () => {
    expect(() => metricBarsOption([{ name: 'x', values: { fvu: Number.NaN } }], fidelity, lightChartTheme)).toThrow(expect.objectContaining({ where: 'runs[0].fvu (x)' }));
  });
});
