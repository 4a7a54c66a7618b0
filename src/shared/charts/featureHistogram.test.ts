import { describe, expect, it } from 'vitest';
import { darkChartTheme } from './theme';
import { featureHistogramOption } from './featureHistogram';

describe('feature histogram', () => {
  it('bins at their centres, labels the axes with units and states the firing share', () => {
    const option = featureHistogramOption({ edges: [0, 1, 2, 4], counts: [5, 3, 2], rows: 40 }, darkChartTheme, 7);
    expect((option.xAxis as { data: string[] }).data).toEqual(['0.5', '1.5', '3']);
    expect((option.xAxis as { name: string }).name).toMatch(/activation/);
    expect((option.yAxis as { name: string }).name).toBe('rows (count)');
    expect(option.aria).toMatchObject({ label: { description: 'Activations of feature 7: fires on 10 of 40 rows (25%), in 3 bins.' } });
  });

  it('refuses edges that do not bound the counts, and more firing values than rows', () => {
    expect(() => featureHistogramOption({ edges: [0, 1], counts: [1, 2], rows: 3 }, darkChartTheme, 0)).toThrow(expect.objectContaining({ where: 'histogram.edges' }));
    expect(() => featureHistogramOption({ edges: [0, 1, 2], counts: [4, 2], rows: 5 }, darkChartTheme, 0)).toThrow(expect.objectContaining({ where: 'histogram.rows' }));
  });
});
