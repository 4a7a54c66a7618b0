import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { choleskySolve, fitLinearProbe, probeAccuracy } from './probe';

/** Activations that are a known linear image of the one-hot cell states plus noise. */
function synthetic(rows: number, cells: number, classes: number, dims: number, noise: number, rng: Rng, mix: Float64Array) {
  const targets = new Uint8Array(rows * cells * classes);
  const x = new Float32Array(rows * dims);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cells; c++) {
      const k = rng.int(classes);
      targets[(r * cells + c) * classes + k] = 1;
      const src = (c * classes + k) * dims;
      for (let j = 0; j < dims; j++) x[r * dims + j] += mix[src + j];
    }
    for (let j = 0; j < dims; j++) x[r * dims + j] += noise * rng.normal();
  }
  return { x, targets };
}

describe('linear probe', () => {
  it('Cholesky solve reproduces a known solution of an SPD system', () => {
    // A = [[4, 2], [2, 3]], X = [[1, −1], [2, 0.5]] → B = A·X
    const a = Float64Array.of(4, 2, 2, 3);
    const b = Float64Array.of(4 * 1 + 2 * 2, 4 * -1 + 2 * 0.5, 2 * 1 + 3 * 2, 2 * -1 + 3 * 0.5);
    const x = choleskySolve(a, 2, b, 2);
    [1, -1, 2, 0.5].forEach((v, i) => expect(x[i]).toBeCloseTo(v, 12));
  });

  it('recovers cell states that are a linear function of the activations; shuffled labels score at chance', () => {
    const rng = new Rng(3);
    const [cells, classes, dims] = [8, 3, 48];
    const mix = Float64Array.from({ length: cells * classes * dims }, () => rng.normal());
    const train = synthetic(2000, cells, classes, dims, 0.3, rng, mix);
    const test = synthetic(500, cells, classes, dims, 0.3, rng, mix);
    const probe = fitLinearProbe(train.x, 2000, dims, train.targets, classes);
    expect(probeAccuracy(probe, test.x, 500, test.targets)).toBeGreaterThan(0.99);

    // Labels of other rows carry no information about these activations: accuracy ≈ 1/3.
    const other = synthetic(2000, cells, classes, dims, 0.3, rng, mix);
    const blind = fitLinearProbe(train.x, 2000, dims, other.targets, classes);
    const acc = probeAccuracy(blind, test.x, 500, test.targets);
    expect(Math.abs(acc - 1 / 3)).toBeLessThan(0.05);
  });

  it('refuses targets that are not rows × cells × classes', () => {
    expect(() => fitLinearProbe(new Float32Array(20), 4, 5, new Uint8Array(10), 3)).toThrow(/targets/);
  });
});
