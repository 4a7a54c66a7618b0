import { describe, expect, it } from 'vitest';
import type { BarSeriesOption } from 'echarts';
import { lightChartTheme } from './theme';
import { METRIC_FAMILIES, metricBarsOption } from './metricBars';

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

  it('names a run whose metric is not a finite number', () => {
    expect(() => metricBarsOption([{ name: 'x', values: { fvu: Number.NaN } }], fidelity, lightChartTheme)).toThrow(expect.objectContaining({ where: 'runs[0].fvu (x)' }));
  });
});
