import { describe, expect, it } from 'vitest';
import { ToySuperposition } from './toy-superposition';

describe('ToySuperposition', () => {
  const spec = { dims: 16, features: 64, activeProbability: 0.05, seed: 7 };

  it('has unit-norm ground-truth directions', () => {
    const toy = new ToySuperposition(spec);
    for (let f = 0; f < spec.features; f++) {
      const row = toy.directionsFD.subarray(f * spec.dims, (f + 1) * spec.dims);
      expect(Math.hypot(...row)).toBeCloseTo(1, 5);
    }
  });

  it('activates each feature with the given probability (within 4 standard errors)', () => {
    const toy = new ToySuperposition(spec);
    const rows = 4000;
    const coef = new Float32Array(rows * spec.features);
    toy.sample(rows, new Float32Array(rows * spec.dims), coef);
    const n = rows * spec.features;
    const active = coef.reduce((a, c) => a + (c > 0 ? 1 : 0), 0);
    const se = Math.sqrt((spec.activeProbability * (1 - spec.activeProbability)) / n);
    expect(Math.abs(active / n - spec.activeProbability)).toBeLessThan(4 * se);
    // coefficients of active features are uniform on [0, 1): mean 1/2, standard error 1/sqrt(12·k)
    const mean = coef.reduce((a, c) => a + c, 0) / active;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 / Math.sqrt(12 * active));
  });

  it('builds each row as the coefficient-weighted sum of directions', () => {
    const toy = new ToySuperposition(spec);
    const rows = 50;
    const x = new Float32Array(rows * spec.dims);
    const coef = new Float32Array(rows * spec.features);
    toy.sample(rows, x, coef);
    // Reference: the dense product coefficients (rows × features) · directions (features × dims).
    for (let r = 0; r < rows; r++) {
      for (let d = 0; d < spec.dims; d++) {
        let sum = 0;
        for (let f = 0; f < spec.features; f++) sum += coef[r * spec.features + f] * toy.directionsFD[f * spec.dims + d];
        expect(x[r * spec.dims + d]).toBeCloseTo(sum, 5);
      }
    }
  });

  it('is reproducible from its seed and differs across seeds', () => {
    const a = new Float32Array(10 * spec.dims);
    const b = new Float32Array(10 * spec.dims);
    const c = new Float32Array(10 * spec.dims);
    new ToySuperposition(spec).sample(10, a);
    new ToySuperposition(spec).sample(10, b);
    new ToySuperposition({ ...spec, seed: 8 }).sample(10, c);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });
});
