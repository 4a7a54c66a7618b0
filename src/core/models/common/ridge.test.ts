import { describe, expect, it } from 'vitest';
import { fitRidge, predictRidge } from './ridge';

describe('ridge regression', () => {
  it('matches the closed form on one column', () => {
    // no intercept: w = Σxy / (Σx² + α) = 28 / (14 + 1)
    expect(fitRidge([1, 2, 3], [2, 4, 6], 1, 1, false).weights[0]).toBeCloseTo(28 / 15, 12);
    // intercept: centred x = −1,0,1, y = −2,0,2 → w = 4/(2 + α)
    const fit = fitRidge([1, 2, 3], [3, 5, 7], 1, 2);
    expect(fit.weights[0]).toBeCloseTo(1, 12);
    expect(fit.intercept).toBeCloseTo(5 - 2, 12);
  });

  it('recovers two weights without penalty', () => {
    const x = [1, 0, 0, 1, 1, 1, 2, 1];
    const y = [3, -1, 2, 5].map((v, i) => 3 * x[2 * i] - x[2 * i + 1] + 0.5 + 0 * v);
    const fit = fitRidge(x, y, 2, 0);
    expect(Array.from(fit.weights).map((w) => +w.toFixed(9))).toEqual([3, -1]);
    expect(Array.from(predictRidge(fit, [1, 1], 2))[0]).toBeCloseTo(2.5, 9);
  });
});
