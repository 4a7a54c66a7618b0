import { Rng } from '../../io/rng';

export interface ToySpec {
  dims: number;
  /** more features than dims puts them in superposition */
  features: number;
  /** chance that a feature is active in a row (1 − S, the sparsity, of Elhage et al.) */
  activeProbability: number;
  seed: number;
}

/**
 * Synthetic activations with known sparse features in superposition, after Elhage et al. 2022,
 * "Toy Models of Superposition" §2 and Sharkey et al. 2022's SAE toy data: `features` random
 * unit directions in `dims` dimensions; in each row every feature is active with probability
 * p, with a coefficient uniform in [0, 1); the row is the sum of active coefficients times
 * their directions. The directions are the ground truth an SAE should recover.
 */
export class ToySuperposition {
  /** ground-truth directions, features × dims, unit rows */
  readonly directionsFD: Float32Array;
  private readonly rng: Rng;

  constructor(readonly spec: ToySpec) {
    const { dims, features } = spec;
    this.rng = new Rng(spec.seed);
    this.directionsFD = new Float32Array(features * dims);
    for (let f = 0; f < features; f++) {
      const row = this.directionsFD.subarray(f * dims, (f + 1) * dims);
      let norm = 0;
      for (let d = 0; d < dims; d++) {
        row[d] = this.rng.normal();
        norm += row[d] * row[d];
      }
      const inv = 1 / Math.sqrt(norm);
      for (let d = 0; d < dims; d++) row[d] *= inv;
    }
  }

  /**
   * The next `rows` rows (row-major, rows × dims) from the generator's stream; `coefficientsRF`
   * receives the active coefficients when given (rows × features).
   */
  sample(rows: number, outRD: Float32Array, coefficientsRF?: Float32Array): void {
    const { dims, features, activeProbability } = this.spec;
    outRD.fill(0, 0, rows * dims);
    coefficientsRF?.fill(0, 0, rows * features);
    // Skipping ahead by geometric gaps visits only the active features: O(active) per row
    // instead of O(features), which matters at p ≈ 0.01.
    const logQ = Math.log1p(-activeProbability);
    for (let r = 0; r < rows; r++) {
      const x = outRD.subarray(r * dims, (r + 1) * dims);
      let f = activeProbability >= 1 ? 0 : Math.floor(Math.log(1 - this.rng.next()) / logQ);
      while (f < features) {
        const c = this.rng.next();
        if (coefficientsRF) coefficientsRF[r * features + f] = c;
        const dir = this.directionsFD.subarray(f * dims, (f + 1) * dims);
        for (let d = 0; d < dims; d++) x[d] += c * dir[d];
        f += activeProbability >= 1 ? 1 : 1 + Math.floor(Math.log(1 - this.rng.next()) / logQ);
      }
    }
  }
}
