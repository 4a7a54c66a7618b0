import { describe, expect, it } from 'vitest';
import type { BarSeriesOption } from 'echarts';
import { lightChartTheme } from './theme';
import { pairwiseAccuracyOption, waterfallOption } from './pairwiseAccuracy';

describe('reward charts', () => {
  it('draws accuracies top to bottom with their intervals as whiskers from low to high', () => {
    const option = pairwiseAccuracyOption([{ label: 'a', accuracy: 0.6, low: 0.55, high: 0.65 }, { label: 'b', accuracy: 0.5, low: 0.45, high: 0.56 }], lightChartTheme);
    const series = option.series as BarSeriesOption[];
    expect((option.yAxis as { data: string[] }).data).toEqual(['b', 'a']);
    expect(series[0].data).toEqual([0.5, 0.6]);
    expect(series[1].data).toEqual([0.45, 0.55]);
    expect((series[2].data as number[]).map((v) => +v.toFixed(12))).toEqual([0.11, 0.1]);
    // the value is written past the whisker's end (on the interval series), not across the whisker
    expect(series[0].label).toBeUndefined();
    const label = series[2].label as { position: string; formatter: (p: { dataIndex: number }) => string };
    expect(label.position).toBe('right');
    expect([0, 1].map((dataIndex) => label.formatter({ dataIndex }))).toEqual(['50.0%', '60.0%']);
    expect(() => pairwiseAccuracyOption([{ label: 'x', accuracy: 1.2, low: 0, high: 1 }], lightChartTheme)).toThrow(/accuracy must be a share in \[0, 1\], got 1.2 \(bars\[0\]\.accuracy \(x\)\)/);
  });

  it('stacks a waterfall: each step starts where the last ended, and the margin is their sum', () => {
    const option = waterfallOption([{ label: 'f1', delta: 2 }, { label: 'f2', delta: -3 }, { label: 'f3', delta: 0.5 }], lightChartTheme);
    const [base, size] = option.series as BarSeriesOption[];
    // 0 → 2 (base 0, size 2); 2 → −1 (base −1, size 3); −1 → −0.5 (base −1, size 0.5); margin −0.5 (base −0.5, size 0.5)
    expect(base.data).toEqual([0, -1, -1, -0.5]);
    expect((size.data as { value: number }[]).map((d) => d.value)).toEqual([2, 3, 0.5, 0.5]);
  });

  it('turns the labels of a long waterfall steeper and leaves room below for the longest', () => {
    // the authorship report's shape: 12 features, the rest and r̂; 40° labels overprinted their neighbours
    const steps = ['fw.rate', 'punct.period', 'punct.comma', 'pos.NOUN', 'fw.the', 'punct.quote', 'punct.apostrophe', 'pos.PUNCT', 'pos.ADP', 'letter.e', 'pos.VERB', 'letter.t', 'other features'].map((label) => ({ label, delta: 0.1 }));
    const option = waterfallOption(steps, lightChartTheme) as any;
    expect(option.xAxis.axisLabel.rotate).toBe(60);
    // 'punct.apostrophe' reaches 16 characters × 6.5 px × sin 60° ≈ 90 px below the axis
    expect(option.grid.bottom).toBeGreaterThan(90);
    expect((waterfallOption(steps.slice(0, 3), lightChartTheme) as any).xAxis.axisLabel.rotate).toBe(40);
  });
});
