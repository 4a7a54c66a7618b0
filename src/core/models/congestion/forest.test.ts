import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { fitForest, predictForest } from './forest';

describe('random forest', () => {
  it('one stump on a step function: the split sits between the groups and all importance goes to the step feature', () => {
    const x = [0, 5, 1, 7, 2, 5, 3, 9, 10, 1, 11, 3, 12, 8, 13, 2]; // rows (step, noise)
    const y = [0, 0, 0, 0, 1, 1, 1, 1];
    const f = fitForest(x, y, 2, { trees: 1, maxDepth: 1, seed: 3 });
    expect(f.trees[0][0].feature).toBe(0);
    expect(f.trees[0][0].threshold).toBeGreaterThan(2);
    expect(f.trees[0][0].threshold).toBeLessThan(11);
    expect(Array.from(f.importances)).toEqual([1, 0]);
  });

  it('ranks an informative feature above noise and predicts held-out rows', () => {
    const rng = new Rng(1);
    const n = 120;
    const x = Float64Array.from({ length: n * 3 }, () => rng.next());
    const y = Float64Array.from({ length: n }, (_, i) => 3 * x[i * 3] + 0.5 * x[i * 3 + 1] ** 2);
    const f = fitForest(x.subarray(0, 100 * 3), y.subarray(0, 100), 3, { trees: 30, seed: 2 });
    expect(f.importances[0]).toBeGreaterThan(0.8);
    expect(f.importances[2]).toBeLessThan(0.1);
    expect(f.importances.reduce((a, b) => a + b)).toBeCloseTo(1, 9);
    const pred = predictForest(f, x.subarray(100 * 3), 3);
    const err = pred.reduce((s, p, i) => s + (p - y[100 + i]) ** 2, 0) / 20;
    expect(err).toBeLessThan(0.05);
  });
});
