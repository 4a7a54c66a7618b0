import { Rng } from '../../io/rng';
import { type MagnitudeDistribution, type ToyConfig, validateToyConfig } from './config';

export interface SparseCodes {
  /** row r's entries are indices/values[indptr[r] .. indptr[r+1]) (CSR) */
  indptr: Uint32Array;
  indices: Uint32Array;
  values: Float32Array;
}

export interface ToyData {
  config: ToyConfig;
  /** true feature directions, unit rows [nFeatures, d] */
  directions: Float32Array;
  codes: SparseCodes;
  /** x = codes · directions, [rows, d] */
  activations: Float32Array;
  /** parent feature of each feature, −1 for none */
  parentOf: Int32Array;
}

/** Generates a seeded toy data set; the same config always gives the same data. */
export function generateToy(config: ToyConfig): ToyData {
  validateToyConfig(config);
  const { d, nFeatures: n, rows } = config;
  const rng = new Rng(config.seed);
  const directions = randomUnitRows(n, d, rng);
  const prob = Float64Array.from({ length: n }, (_, j) => (typeof config.firingProb === 'number' ? config.firingProb : config.firingProb[j]));
  const parentOf = new Int32Array(n).fill(-1);
  const children: number[][] = [];
  const h = config.hierarchy;
  if (h) {
    for (let p = 0; p < h.parents; p++) {
      const parent = p * (1 + h.childrenPerParent);
      const kids = Array.from({ length: h.childrenPerParent }, (_, c) => parent + 1 + c);
      kids.forEach((c) => (parentOf[c] = parent));
      children.push(kids);
    }
  }
  // Features that fire on their own (parents and free features), grouped for the copula.
  const free = Array.from({ length: n }, (_, j) => j).filter((j) => parentOf[j] < 0);
  const threshold = Float64Array.from(prob, (p) => normalQuantile(1 - p));
  const group = config.correlation?.groupSize ?? 1;
  const rho = config.correlation?.rho ?? 0;

  const indptr = new Uint32Array(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  const fires = new Uint8Array(n);
  for (let r = 0; r < rows; r++) {
    fires.fill(0);
    let shared = 0;
    for (let g = 0; g < free.length; g++) {
      const j = free[g];
      if (g % group === 0) shared = rho > 0 ? rng.normal() : 0;
      const z = rho > 0 ? Math.sqrt(rho) * shared + Math.sqrt(1 - rho) * rng.normal() : rng.normal();
      // Without correlation this is just a Bernoulli(p) draw, written through the same quantile.
      if (z > threshold[j]) fires[j] = 1;
    }
    if (h) {
      children.forEach((kids, p) => {
        const parent = p * (1 + h.childrenPerParent);
        if (!fires[parent]) return;
        if (h.exclusive) {
          if (rng.next() < h.childProb) fires[kids[rng.int(kids.length)]] = 1;
        } else for (const c of kids) if (rng.next() < h.childProb) fires[c] = 1;
      });
    }
    for (let j = 0; j < n; j++) {
      if (!fires[j]) continue;
      indices.push(j);
      values.push(drawMagnitude(config.magnitude, rng));
    }
    indptr[r + 1] = indices.length;
  }
  const codes: SparseCodes = { indptr, indices: Uint32Array.from(indices), values: Float32Array.from(values) };
  return { config, directions, codes, activations: codesTimesDirections(codes, directions, rows, d), parentOf };
}

export function codesTimesDirections(codes: SparseCodes, directions: Float32Array, rows: number, d: number): Float32Array {
  const x = new Float32Array(rows * d);
  const acc = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    acc.fill(0);
    for (let e = codes.indptr[r]; e < codes.indptr[r + 1]; e++) {
      const j = codes.indices[e];
      const v = codes.values[e];
      for (let k = 0; k < d; k++) acc[k] += v * directions[j * d + k];
    }
    x.set(acc, r * d);
  }
  return x;
}

function randomUnitRows(n: number, d: number, rng: Rng): Float32Array {
  const out = new Float32Array(n * d);
  for (let j = 0; j < n; j++) {
    const v = Float64Array.from({ length: d }, () => rng.normal());
    const norm = Math.hypot(...v);
    for (let k = 0; k < d; k++) out[j * d + k] = v[k] / norm;
  }
  return out;
}

function drawMagnitude(m: MagnitudeDistribution, rng: Rng): number {
  switch (m.kind) {
    case 'constant':
      return m.value;
    case 'uniform':
      return m.min + (m.max - m.min) * rng.next();
    case 'halfnormal':
      // E|N(0,1)| = √(2/π)
      return Math.abs(rng.normal()) * m.mean * Math.sqrt(Math.PI / 2);
    case 'exponential':
      return -Math.log(1 - rng.next()) * m.mean;
  }
}

/**
 * Φ⁻¹(p), the standard normal quantile (Acklam's rational approximation, relative error
 * below 1.2e-9); ±∞ at 0 and 1 so that p = 0 never fires and p = 1 always does.
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const dd = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((dd[0] * q + dd[1]) * q + dd[2]) * q + dd[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
