import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { fitRidge, fitRidgePath } from './ridge';

describe('ridge for several α at once', () => {
  it('fitting every α from one Gram matrix gives exactly what common/ridge gives α by α', () => {
    const rng = new Rng(11);
    const [n, dim] = [40, 7];
    const x = Float64Array.from({ length: n * dim }, () => rng.normal());
    const y = Float64Array.from({ length: n }, (_, i) => x[i * dim] - 2 * x[i * dim + 3] + 0.1 * rng.normal());
    const alphas = [0.1, 10, 1000];
    const path = fitRidgePath(x, y, dim, alphas);
    alphas.forEach((alpha, a) => {
      const one = fitRidge(x, y, dim, alpha);
      expect(Array.from(path[a].weights)).toEqual(Array.from(one.weights));
      expect(path[a].intercept).toBe(one.intercept);
    });
  });

  it('with fewer rows than columns, the n × n solve gives common/ridge\'s weights', () => {
    const rng = new Rng(12);
    const [n, dim] = [15, 40];
    const x = Float64Array.from({ length: n * dim }, () => rng.normal());
    const y = Float64Array.from({ length: n }, (_, i) => x[i * dim + 5] + 0.1 * rng.normal());
    const alphas = [0.1, 10, 1000];
    fitRidgePath(x, y, dim, alphas).forEach((fit, a) => {
      const one = fitRidge(x, y, dim, alphas[a]);
      fit.weights.forEach((w, j) => expect(w).toBeCloseTo(one.weights[j], 9));
      expect(fit.intercept).toBeCloseTo(one.intercept, 9);
    });
  });
});
