import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { binLabel, normHistogramOption } from './normHistogram';
import { darkChartTheme, lightChartTheme } from './theme';

const hist = { edges: [0, 0.5, 1, 1.5, 2], counts: [3, 10, 1200, 7] };

describe('normHistogramOption', () => {
  const option = normHistogramOption(hist, lightChartTheme) as any;

  it('draws one bar per bin at the bin centres', () => {
    expect(option.series).toHaveLength(1);
    expect(option.series[0].type).toBe('bar');
    expect(option.series[0].data).toEqual([3, 10, 1200, 7]);
    expect(option.xAxis.data).toEqual(['0.25', '0.75', '1.25', '1.75']);
  });

  it('names both axes with their units', () => {
    expect(option.xAxis.name).toBe('row L2 norm (activation units)');
    expect(option.yAxis.name).toBe('rows (count)');
    expect((normHistogramOption(hist, lightChartTheme, 'normalised') as any).xAxis.name).toBe('row L2 norm (normalised)');
  });

  it('names the bin range and count in the tooltip', () => {
    const text = option.tooltip.formatter([{ dataIndex: 2, value: 1200 }]);
    expect(text).toBe('[1, 1.5) activation units<br>1.2k rows');
    expect(binLabel(hist.edges, 0)).toBe('[0, 0.5)');
  });

  it('describes the data in its accessible label', () => {
    expect(option.aria.label.description).toBe('Histogram of row L2 norms: 1,220 rows in 4 bins from 0 to 2 activation units.');
  });

  it('takes its colours from the theme', () => {
    const dark = normHistogramOption(hist, darkChartTheme) as any;
    expect(dark.series[0].itemStyle.color).toBe(darkChartTheme.series[0]);
    expect(dark.xAxis.axisLabel.color).toBe(darkChartTheme.text);
    expect(option.series[0].itemStyle.color).toBe(lightChartTheme.series[0]);
  });

  it('rejects edges that do not bound the counts, naming the field', () => {
    const bad = () => normHistogramOption({ edges: [0, 1], counts: [1, 2] }, lightChartTheme);
    expect(bad).toThrow(StudioError);
    expect(bad).toThrow(/normHistogram\.edges/);
  });

  // The reports render the same options server-side, so ECharts must accept them without a DOM.
  it('renders to SVG with ECharts server-side rendering', () => {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 300 });
    chart.setOption(normHistogramOption(hist, lightChartTheme));
    const svg = chart.renderToSVGString();
    chart.dispose();
    expect(svg).toContain('row L2 norm (activation units)');
    expect(svg).toContain('rows (count)');
    // one <path> per bar at least: four bins, non-zero counts
    expect(svg.match(/<path/g)!.length).toBeGreaterThanOrEqual(4);
  });
});
