import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { meanStdOption } from './meanStd';
import { lightChartTheme } from './theme';

const mean = [-0.5, 0.25, 2];
const std = [0.1, 1, 0.5];

describe('meanStdOption', () => {
  const option = meanStdOption(mean, std, lightChartTheme) as any;
  const [base, band, line] = option.series;

  it('draws the mean as a line over the dimensions', () => {
    expect(line.name).toBe('mean');
    expect(line.data).toEqual(mean);
    expect(option.xAxis.data).toEqual(['0', '1', '2']);
  });

  it('stacks the band so it spans mean − std to mean + std, even below zero', () => {
    expect(base.stack).toBe(band.stack);
    expect(band.stackStrategy).toBe('all');
    mean.forEach((m, i) => {
      expect(base.data[i]).toBeCloseTo(m - std[i], 12);
      expect(base.data[i] + band.data[i]).toBeCloseTo(m + std[i], 12);
    });
  });

  it('names both axes with their units', () => {
    expect(option.xAxis.name).toBe('dimension (index)');
    expect(option.yAxis.name).toBe('value (activation units)');
  });

  it('describes the data in its accessible label', () => {
    expect(option.aria.label.description).toBe('Mean and ±1 standard deviation of each of 3 dimensions, in activation units.');
  });

  it('reports mean and std of the hovered dimension', () => {
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toBe('dimension 1<br>mean 0.25 · std 1 activation units');
  });

  it('rejects mean and std of different lengths, naming the field', () => {
    const bad = () => meanStdOption([1, 2], [1], lightChartTheme);
    expect(bad).toThrow(StudioError);
    expect(bad).toThrow(/stats\.std/);
  });

  it('renders to SVG with ECharts server-side rendering', () => {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 300 });
    chart.setOption(meanStdOption(mean, std, lightChartTheme));
    const svg = chart.renderToSVGString();
    chart.dispose();
    expect(svg).toContain('dimension (index)');
    expect(svg).toContain('value (activation units)');
    expect(svg).toContain('±1 std');
  });
});
