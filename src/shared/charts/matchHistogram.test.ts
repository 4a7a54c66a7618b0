import { describe, expect, it } from 'vitest';
import type { FeatureMatchResult } from '../schemas/match';
import { cosineBins, matchHistogramOption } from './matchHistogram';
import { lightChartTheme } from './theme';

describe('matchHistogramOption', () => {
  it('bins cosines by 0.05 from −1, with 1 in the last bin', () => {
    const { edges, counts } = cosineBins([-1, -0.96, 0, 0.049, 0.05, 0.97, 1]);
    expect(edges).toHaveLength(41);
    expect(edges[20]).toBe(0);
    expect(counts[0]).toBe(2); // −1 and −0.96 in [−1, −0.95)
    expect(counts[20]).toBe(2); // 0 and 0.049 in [0, 0.05)
    expect(counts[21]).toBe(1);
    expect(counts[39]).toBe(2); // 0.97 and 1 in [0.95, 1]
    expect(counts.reduce((a, b) => a + b, 0)).toBe(7);
  });

  it('draws both directions from the lowest non-empty bin', () => {
    const row = (a: number | null, aBestCosine: number | null, b: number | null, bBestCosine: number | null) => ({ a, b, cosine: null, aBest: null, aBestCosine, bBest: null, bBestCosine });
    const result = {
      runA: { id: 'a', name: 'A', arch: 'topk', features: 2 },
      runB: { id: 'b', name: 'B', arch: 'relu', features: 1 },
      mmcsAB: 0.6,
      mmcsBA: 0.9,
      rows: [row(0, 0.9, 0, 0.9), row(1, 0.3, null, null)],
    } as FeatureMatchResult;
    const option = matchHistogramOption(result, lightChartTheme) as { series: { name: string; data: number[] }[]; xAxis: { data: string[] } };
    expect(option.xAxis.data[0]).toBe('0.3');
    expect(option.series.map((s) => s.name)).toEqual(['A → B', 'B → A']);
    // bins from 0.3: A has one at 0.3 and one at 0.9, B one at 0.9
    expect(option.series[0].data[0]).toBe(1);
    expect(option.series[0].data[12]).toBe(1);
    expect(option.series[1].data[12]).toBe(1);
    expect(option.series[1].data.reduce((a, b) => a + b, 0)).toBe(1);
  });
});
