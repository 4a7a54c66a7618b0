/**
 * Linear probes for board state (the standard check that a transcript model represents the
 * board, Li et al. 2023 / Nanda 2023): per square, a linear map from the residual stream to the
 * classes, fitted by ridge least squares on one-hot targets and read by argmax. One solve fits
 * every square at once since they share the design matrix.
 */
import { StudioError } from '../../../shared/errors';

export interface LinearProbe {
  dims: number;
  /** cells × classes outputs */
  outputs: number;
  classes: number;
  mean: Float64Array;
  scale: Float64Array;
  /** (dims + 1) × outputs, the last row the intercept */
  weights: Float64Array;
}

/**
 * Fits y ≈ [z, 1]·W with z the standardised activations, minimising ‖Y − ZW‖² + ridge·‖W‖²
 * (intercept not penalised). `targets` is rows × cells × classes of 0/1.
 */
export function fitLinearProbe(x: Float32Array, rows: number, dims: number, targets: Uint8Array, classes: number, ridge = 1e-3): LinearProbe {
  if (x.length !== rows * dims) throw new StudioError('shape', `activations hold ${x.length} values, not ${rows} × ${dims}`, 'activations');
  const outputs = targets.length / rows;
  if (!Number.isInteger(outputs) || outputs % classes !== 0) throw new StudioError('shape', `targets hold ${targets.length} values, not ${rows} × cells × ${classes}`, 'targets');
  const { mean, scale } = standardiser(x, rows, dims);
  const p = dims + 1;
  const gram = new Float64Array(p * p);
  const xty = new Float64Array(p * outputs);
  const z = new Float64Array(p);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < dims; j++) z[j] = (x[r * dims + j] - mean[j]) * scale[j];
    z[dims] = 1;
    for (let i = 0; i < p; i++) {
      const zi = z[i];
      for (let j = i; j < p; j++) gram[i * p + j] += zi * z[j];
    }
    const t = targets.subarray(r * outputs, (r + 1) * outputs);
    for (let o = 0; o < outputs; o++) {
      if (!t[o]) continue;
      for (let i = 0; i < p; i++) xty[i * outputs + o] += z[i];
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) gram[i * p + j] = gram[j * p + i];
  for (let i = 0; i < dims; i++) gram[i * p + i] += ridge * rows;
  return { dims, outputs, classes, mean, scale, weights: choleskySolve(gram, p, xty, outputs) };
}

/** Share of (row, cell) pairs whose argmax class matches the one-hot target's class. */
export function probeAccuracy(probe: LinearProbe, x: Float32Array, rows: number, targets: Uint8Array): number {
  const { dims, outputs, classes, mean, scale, weights } = probe;
  if (x.length !== rows * dims || targets.length !== rows * outputs) throw new StudioError('shape', `probe needs ${rows} × ${dims} activations and ${rows} × ${outputs} targets`, 'activations');
  const z = new Float64Array(dims + 1);
  const y = new Float64Array(outputs);
  let hits = 0;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < dims; j++) z[j] = (x[r * dims + j] - mean[j]) * scale[j];
    z[dims] = 1;
    y.fill(0);
    for (let i = 0; i <= dims; i++) {
      const zi = z[i];
      const w = weights.subarray(i * outputs, (i + 1) * outputs);
      for (let o = 0; o < outputs; o++) y[o] += zi * w[o];
    }
    for (let c0 = 0; c0 < outputs; c0 += classes) {
      let best = c0;
      for (let o = c0 + 1; o < c0 + classes; o++) if (y[o] > y[best]) best = o;
      if (targets[r * outputs + best]) hits++;
    }
  }
  return hits / (rows * (outputs / classes));
}

function standardiser(x: Float32Array, rows: number, dims: number): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(dims);
  const sq = new Float64Array(dims);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < dims; j++) {
      const v = x[r * dims + j];
      mean[j] += v;
      sq[j] += v * v;
    }
  }
  const scale = new Float64Array(dims);
  for (let j = 0; j < dims; j++) {
    mean[j] /= rows;
    const sd = Math.sqrt(Math.max(0, sq[j] / rows - mean[j] * mean[j]));
    scale[j] = sd > 1e-12 ? 1 / sd : 0;
  }
  return { mean, scale };
}

/** Solves A·X = B for symmetric positive definite A (p × p) and B (p × m), in float64. */
export function choleskySolve(a: Float64Array, p: number, b: Float64Array, m: number): Float64Array {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
      if (i === j) {
        if (!(s > 0)) throw new StudioError('runtime', 'the probe design matrix is singular; add ridge or more rows', `pivot ${i}`);
        l[i * p + i] = Math.sqrt(s);
      } else l[i * p + j] = s / l[j * p + j];
    }
  }
  const x = Float64Array.from(b);
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < p; i++) {
      let s = x[i * m + c];
      for (let k = 0; k < i; k++) s -= l[i * p + k] * x[k * m + c];
      x[i * m + c] = s / l[i * p + i];
    }
    for (let i = p - 1; i >= 0; i--) {
      let s = x[i * m + c];
      for (let k = i + 1; k < p; k++) s -= l[k * p + i] * x[k * m + c];
      x[i * m + c] = s / l[i * p + i];
    }
  }
  return x;
}
