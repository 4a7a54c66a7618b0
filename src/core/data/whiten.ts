import { StudioError } from '../../shared/errors';
import { symmetricEigen } from './eigen';
import type { F32Tensor } from './safetensors';
import type { ActivationStore } from './store';

/**
 * PCA and ZCA whitening (Saraswatula & Klindt; ALGORITHMS.md §2, ALGORITHMS-DETAIL.md §4).
 * Fit on a sample: μ, Σ + εI = U Λ Uᵀ (float64; the stored Λ includes that ε). PCA:
 * W = (Λ + εI)^−½ Uᵀ; ZCA: W = U (Λ + εI)^−½ Uᵀ, so ε enters twice, as in the reference.
 * x_w = W (x − μ) and x = W⁻¹ x_w + μ. The SAE trains on x_w; metrics are reported on x.
 */
export type WhiteningKind = 'pca' | 'zca';

export interface Whitening {
  kind: WhiteningKind;
  dims: number;
  epsilon: number;
  mean: Float32Array;
  /** Λ, largest first */
  eigenvalues: Float32Array;
  /** U's columns stored as rows: row i is the eigenvector of eigenvalues[i] */
  eigenvectors: Float32Array;
  /** W and W⁻¹, [dims, dims] row-major, derived from the fields above */
  W: Float32Array;
  Winv: Float32Array;
}

export interface FitWhiteningOptions {
  kind: WhiteningKind;
  /** ε added to the covariance and again under the square root; default DEFAULT_WHITENING_EPSILON */
  epsilon?: number;
  /** ε as this share of the mean eigenvalue (used when `epsilon` is not given) */
  epsilonScale?: number;
}

/** The reference PCAWhitener's ε (ALGORITHMS-DETAIL §4): absolute, in C + εI and in (λ + ε)^−½. */
export const DEFAULT_WHITENING_EPSILON = 1e-6;

/** Fits on `rows` row-major rows of `dims` values. */
export function fitWhitening(sample: Float32Array, rows: number, dims: number, opts: FitWhiteningOptions): Whitening {
  if (sample.length !== rows * dims) throw new StudioError('shape', `sample holds ${sample.length} values, not ${rows}×${dims}`, 'sample');
  if (rows < 2) throw new StudioError('bad-input', 'whitening needs at least two rows', 'sample');
  const mean = new Float64Array(dims);
  for (let r = 0; r < rows; r++) for (let j = 0; j < dims; j++) mean[j] += sample[r * dims + j];
  for (let j = 0; j < dims; j++) mean[j] /= rows;
  const cov = centredGram(sample, rows, dims, mean);
  for (let i = 0; i < dims; i++) {
    for (let j = i; j < dims; j++) {
      cov[i * dims + j] /= rows - 1;
      cov[j * dims + i] = cov[i * dims + j];
    }
  }
  const { values, vectors } = symmetricEigen(cov, dims);
  // Round-off can leave tiny negative eigenvalues of a PSD matrix; they are zero.
  for (let i = 0; i < dims; i++) values[i] = Math.max(0, values[i]);
  const meanEig = values.reduce((a, b) => a + b, 0) / dims;
  const epsilon = opts.epsilon ?? (opts.epsilonScale !== undefined ? opts.epsilonScale * meanEig : DEFAULT_WHITENING_EPSILON);
  if (!(epsilon > 0)) throw new StudioError('bad-input', `epsilon must be positive, got ${epsilon} (is the sample constant?)`, 'epsilon');
  // C + εI: the same eigenvectors, eigenvalues λ + ε; `buildWhitening` adds ε once more under the root.
  for (let i = 0; i < dims; i++) values[i] += epsilon;
  return buildWhitening(opts.kind, dims, epsilon, Float32Array.from(mean), Float32Array.from(values), Float32Array.from(vectors));
}

/** Upper triangle of (X − μ)ᵀ(X − μ) in float64, computed over chunks of rows stored transposed. */
function centredGram(sample: Float32Array, rows: number, dims: number, mean: Float64Array): Float64Array {
  const cov = new Float64Array(dims * dims);
  // Each chunk is held column by column so every entry is one contiguous dot product.
  const R = 64;
  const cols = new Float64Array(dims * R);
  for (let r0 = 0; r0 < rows; r0 += R) {
    const n = Math.min(R, rows - r0);
    for (let r = 0; r < n; r++) for (let j = 0; j < dims; j++) cols[j * R + r] = sample[(r0 + r) * dims + j] - mean[j];
    for (let i = 0; i < dims; i++) {
      const a = i * R;
      let j = i;
      // Four entries at a time share each load of column i.
      for (; j + 3 < dims; j += 4) {
        const b = j * R;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let r = 0; r < n; r++) {
          const v = cols[a + r];
          s0 += v * cols[b + r];
          s1 += v * cols[b + R + r];
          s2 += v * cols[b + 2 * R + r];
          s3 += v * cols[b + 3 * R + r];
        }
        const o = i * dims + j;
        cov[o] += s0;
        cov[o + 1] += s1;
        cov[o + 2] += s2;
        cov[o + 3] += s3;
      }
      for (; j < dims; j++) {
        const b = j * R;
        let s = 0;
        for (let r = 0; r < n; r++) s += cols[a + r] * cols[b + r];
        cov[i * dims + j] += s;
      }
    }
  }
  return cov;
}

/**
 * Fits on a random sample of a dataset's train split: at most `sampleRows` rows (default
 * 50 000, as the reference PCA-whitening trainer subsamples), drawn with `seed`.
 */
export async function fitWhiteningOnStore(store: ActivationStore, opts: FitWhiteningOptions & { sampleRows?: number; seed?: number }): Promise<Whitening> {
  const [lo, hi] = store.splitRange('train');
  const rows = Math.min(opts.sampleRows ?? 50_000, hi - lo);
  const sample = await store.sample(rows, { split: 'train', seed: opts.seed });
  return fitWhitening(sample, rows, store.dims, opts);
}

/** W and W⁻¹ from the stored (float32) parameters, so a reloaded whitening is bit-identical. */
function buildWhitening(kind: WhiteningKind, dims: number, epsilon: number, mean: Float32Array, eigenvalues: Float32Array, eigenvectors: Float32Array): Whitening {
  const inv = Float64Array.from(eigenvalues, (l) => 1 / Math.sqrt(l + epsilon));
  const fwd = Float64Array.from(eigenvalues, (l) => Math.sqrt(l + epsilon));
  const W = new Float32Array(dims * dims);
  const Winv = new Float32Array(dims * dims);
  const E = eigenvectors; // E[i*d + k] = U[k][i]
  if (kind === 'pca') {
    // W = diag(inv) Uᵀ → W[i][k] = inv_i U[k][i]; W⁻¹ = U diag(fwd) → W⁻¹[k][i] = U[k][i] fwd_i
    for (let i = 0; i < dims; i++) {
      for (let k = 0; k < dims; k++) {
        W[i * dims + k] = inv[i] * E[i * dims + k];
        Winv[k * dims + i] = E[i * dims + k] * fwd[i];
      }
    }
  } else {
    // ZCA: W[k][l] = Σ_i U[k][i] inv_i U[l][i], and the same with fwd for W⁻¹.
    const acc = new Float64Array(dims * dims);
    const accInv = new Float64Array(dims * dims);
    for (let i = 0; i < dims; i++) {
      const ui = E.subarray(i * dims, (i + 1) * dims);
      for (let k = 0; k < dims; k++) {
        const a = ui[k] * inv[i];
        const b = ui[k] * fwd[i];
        const row = k * dims;
        for (let l = 0; l < dims; l++) {
          acc[row + l] += a * ui[l];
          accInv[row + l] += b * ui[l];
        }
      }
    }
    W.set(acc);
    Winv.set(accInv);
  }
  return { kind, dims, epsilon, mean, eigenvalues, eigenvectors, W, Winv };
}

/** x_w = W (x − μ) for each row of `x` (row-major, `rows` × dims). */
export function whitenBatch(w: Whitening, x: Float32Array, out = new Float32Array(x.length)): Float32Array {
  const d = w.dims;
  const centred = new Float64Array(d);
  for (let r = 0; r < x.length / d; r++) {
    for (let j = 0; j < d; j++) centred[j] = x[r * d + j] - w.mean[j];
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0, o = i * d; j < d; j++) s += w.W[o + j] * centred[j];
      out[r * d + i] = s;
    }
  }
  return out;
}

/** x = W⁻¹ x_w + μ for each row. */
export function unwhitenBatch(w: Whitening, xw: Float32Array, out = new Float32Array(xw.length)): Float32Array {
  const d = w.dims;
  const row = new Float64Array(d);
  for (let r = 0; r < xw.length / d; r++) {
    for (let j = 0; j < d; j++) row[j] = xw[r * d + j];
    for (let k = 0; k < d; k++) {
      let s = w.mean[k];
      for (let j = 0, o = k * d; j < d; j++) s += w.Winv[o + j] * row[j];
      out[r * d + k] = s;
    }
  }
  return out;
}

export interface WhiteningJson {
  kind: WhiteningKind;
  dims: number;
  epsilon: number;
}

/** Parameters for storage beside a checkpoint: a small JSON part and float32 tensors. */
export function whiteningToTensors(w: Whitening): { json: WhiteningJson; tensors: Record<string, F32Tensor> } {
  return {
    json: { kind: w.kind, dims: w.dims, epsilon: w.epsilon },
    tensors: {
      mean: { shape: [w.dims], data: w.mean },
      eigenvalues: { shape: [w.dims], data: w.eigenvalues },
      eigenvectors: { shape: [w.dims, w.dims], data: w.eigenvectors },
    },
  };
}

export function whiteningFromTensors(json: WhiteningJson, tensors: Record<string, F32Tensor>, where: string): Whitening {
  const d = json.dims;
  if (json.kind !== 'pca' && json.kind !== 'zca') throw new StudioError('bad-file', `unknown whitening kind ${JSON.stringify(json.kind)}`, `${where}: kind`);
  for (const [name, size] of [['mean', d], ['eigenvalues', d], ['eigenvectors', d * d]] as const) {
    if (!tensors[name] || tensors[name].data.length !== size) throw new StudioError('shape', `whitening tensor ${name} must hold ${size} values`, `${where}: ${name}`);
  }
  return buildWhitening(json.kind, d, json.epsilon, tensors.mean.data, tensors.eigenvalues.data, tensors.eigenvectors.data);
}

export interface FoldableWeights {
  dIn: number;
  dSae: number;
  /** [dIn, dSae] */
  W_enc: Float32Array;
  /** [dSae, dIn] */
  W_dec: Float32Array;
  b_dec: Float32Array;
  /** the encoder sees x − b_dec (SAELens `apply_b_dec_to_input`) */
  applyBDecToInput: boolean;
}

export interface FoldedWeights {
  W_enc: Float32Array;
  /** add to the encoder bias (before any per-feature scale such as gated r_mag) */
  encoderShift: Float32Array;
  W_dec: Float32Array;
  b_dec: Float32Array;
}

/**
 * Folds the affine whitening into an SAE trained on x_w so it takes and returns raw x
 * (DETAIL §4, exact because the transform is affine). Row-vector form, x_w = (x − μ) Wᵀ:
 * W_enc′ = Wᵀ W_enc, shift = −(μ Wᵀ + [b_dec]) W_enc, W_dec′ = W_dec W⁻ᵀ, b_dec′ = b_dec W⁻ᵀ + μ.
 * The folded SAE no longer subtracts b_dec from its input.
 */
export function foldWhitening(w: Whitening, sae: FoldableWeights): FoldedWeights {
  const { dIn: d, dSae: m } = sae;
  if (w.dims !== d) throw new StudioError('shape', `whitening is for ${w.dims} dims but the SAE takes ${d}`, 'whitening.dims');
  const W_enc = new Float32Array(d * m);
  const acc = new Float64Array(m);
  for (let k = 0; k < d; k++) {
    acc.fill(0);
    for (let j = 0; j < d; j++) {
      const wjk = w.W[j * d + k];
      if (wjk === 0) continue;
      const row = sae.W_enc.subarray(j * m, (j + 1) * m);
      for (let i = 0; i < m; i++) acc[i] += wjk * row[i];
    }
    W_enc.set(acc, k * m);
  }
  // Shift in whitened space: x_w's offset −μWᵀ, minus b_dec when the encoder subtracted it.
  const offset = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += w.mean[k] * w.W[j * d + k];
    offset[j] = -s - (sae.applyBDecToInput ? sae.b_dec[j] : 0);
  }
  const shift = new Float64Array(m);
  for (let j = 0; j < d; j++) {
    const row = sae.W_enc.subarray(j * m, (j + 1) * m);
    for (let i = 0; i < m; i++) shift[i] += offset[j] * row[i];
  }
  const W_dec = new Float32Array(m * d);
  const rowAcc = new Float64Array(d);
  for (let i = 0; i < m; i++) {
    const row = sae.W_dec.subarray(i * d, (i + 1) * d);
    for (let k = 0; k < d; k++) {
      let s = 0;
      for (let j = 0, o = k * d; j < d; j++) s += row[j] * w.Winv[o + j];
      rowAcc[k] = s;
    }
    W_dec.set(rowAcc, i * d);
  }
  const b_dec = new Float32Array(d);
  for (let k = 0; k < d; k++) {
    let s = w.mean[k];
    for (let j = 0; j < d; j++) s += sae.b_dec[j] * w.Winv[k * d + j];
    b_dec[k] = s;
  }
  return { W_enc, encoderShift: Float32Array.from(shift), W_dec, b_dec };
}
