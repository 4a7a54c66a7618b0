import { describe, expect, it } from 'vitest';
import { columnMean, geometricMedian } from './init';

describe('b_dec initialisation', () => {
  it('the geometric median resists an outlier that drags the mean', () => {
    // Four corners of a unit square around (1, 1) and one far outlier.
    const x = Float32Array.of(0, 0, 2, 0, 0, 2, 2, 2, 1000, 1000);
    expect(Array.from(columnMean(x, 2))).toEqual([200.8, 200.8].map((v) => Math.fround(v)));
    const g = geometricMedian(x, 2);
    // On the diagonal at 1 + t the unit pulls balance: 1 (outlier) = 2t/√(1 + t²) (two side corners), t = 1/√3.
    expect(g[0]).toBeCloseTo(g[1], 5);
    expect(g[0]).toBeCloseTo(1 + 1 / Math.sqrt(3), 4);
  });

  it('in one dimension it is the median', () => {
    const g = geometricMedian(Float32Array.of(1, 2, 3, 10, 100), 1, 500, 1e-9);
    expect(g[0]).toBeCloseTo(3, 3);
  });
});
