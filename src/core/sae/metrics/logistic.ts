/**
 * L2-regularised logistic regression as SAEBench fits its probes (sklearn LogisticRegression,
 * C = 1, intercept not penalised): minimises C·Σ log-loss + ½‖w‖² by Newton's method in float64.
 * The probes here have at most a few hundred inputs, so the Hessian is solved directly.
 */
import { choleskySolve } from '../../games/lm/probe';

export interface Logistic {
  /** weights, one per input column */
  w: Float64Array;
  bias: number;
}

/** Fits on `rows` rows of `x` ([rows, p] row-major) with 0/1 labels. */
export function fitLogistic(x: ArrayLike<number>, y: ArrayLike<number>, rows: number, p: number, C = 1, iterations = 50): Logistic {
  const q = p + 1; // the last coordinate is the bias
  let beta = new Float64Array(q);
  const objective = (b: Float64Array) => {
    let s = 0;
    for (let r = 0; r < rows; r++) {
      const z = margin(x, b, r, p);
      s += C * (y[r] ? softplus(-z) : softplus(z));
    }
    for (let j = 0; j < p; j++) s += 0.5 * b[j] * b[j];
    return s;
  };
  let current = objective(beta);
  for (let it = 0; it < iterations; it++) {
    const g = new Float64Array(q);
    const H = new Float64Array(q * q);
    for (let j = 0; j < p; j++) {
      g[j] = beta[j];
      H[j * q + j] = 1;
    }
    for (let r = 0; r < rows; r++) {
      const pr = sigmoid(margin(x, beta, r, p));
      const e = C * (pr - y[r]);
      const s = C * pr * (1 - pr);
      for (let i = 0; i < q; i++) {
        const xi = i < p ? x[r * p + i] : 1;
        g[i] += e * xi;
        if (s === 0) continue;
        for (let j = 0; j <= i; j++) H[i * q + j] += s * xi * (j < p ? x[r * p + j] : 1);
      }
    }
    for (let i = 0; i < q; i++) for (let j = 0; j < i; j++) H[j * q + i] = H[i * q + j];
    // separable data leaves the bias direction flat: a tiny ridge keeps the solve defined
    H[q * q - 1] += 1e-9;
    const step = choleskySolve(H, q, g, 1);
    let t = 1;
    let next = beta;
    let value = current;
    for (let halvings = 0; halvings < 30; halvings++, t /= 2) {
      next = beta.map((b, i) => b - t * step[i]);
      value = objective(next);
      if (value <= current) break;
    }
    const done = current - value < 1e-10 * Math.max(1, Math.abs(current));
    if (value <= current) [beta, current] = [next, value];
    if (done) break;
  }
  return { w: beta.subarray(0, p), bias: beta[p] };
}

export function predictLogistic(model: Logistic, x: ArrayLike<number>, row: number): boolean {
  let z = model.bias;
  const p = model.w.length;
  for (let j = 0; j < p; j++) z += model.w[j] * x[row * p + j];
  return z > 0;
}

function margin(x: ArrayLike<number>, b: Float64Array, r: number, p: number): number {
  let z = b[p];
  for (let j = 0; j < p; j++) z += b[j] * x[r * p + j];
  return z;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const softplus = (z: number) => (z > 30 ? z : Math.log1p(Math.exp(z)));
