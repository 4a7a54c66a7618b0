import { StudioError } from '../../../shared/errors';
import { unwhitenBatch, whitenBatch } from '../../data/whiten';
import type { Sae } from './sae';

/**
 * Plain TypeScript reference forward pass for every architecture (ALGORITHMS-DETAIL.md §2),
 * accumulated in float64: what `CompiledSae` (compiled.ts, the ONNX Runtime path evaluation,
 * the explorer and the demo run on) and the engine's training steps are tested against, and
 * the home of BatchTopK's training-time selection over a whole batch. Inputs and outputs are
 * in the original activation space; whitening, if any, is applied inside.
 */

/** pre = (x̃ − [b_dec]) W_enc + b_enc for `rows` rows of x̃ (SAE input space). */
export function preActivations(sae: Sae, xIn: Float32Array): Float32Array {
  const { dIn: d, dSae: m } = sae;
  const rows = checkRows(xIn, d, 'x');
  const pre = new Float32Array(rows * m);
  const acc = new Float64Array(m);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < m; i++) acc[i] = sae.b_enc[i];
    for (let j = 0; j < d; j++) {
      const v = xIn[r * d + j] - (sae.applyBDecToInput ? sae.b_dec[j] : 0);
      if (v === 0) continue;
      const row = j * m;
      for (let i = 0; i < m; i++) acc[i] += v * sae.W_enc[row + i];
    }
    pre.set(acc, r * m);
  }
  return pre;
}

export interface EncodeOptions {
  /**
   * BatchTopK training-time selection (Bussmann et al. 2024): keep the rows·k largest
   * activations over the whole batch instead of thresholding at θ.
   */
  batchTopK?: boolean;
}

/** Feature activations f [rows, dSae] for raw inputs x [rows, dIn]. */
export function encode(sae: Sae, x: Float32Array, opts: EncodeOptions = {}): Float32Array {
  const xIn = sae.whitening ? whitenBatch(sae.whitening, x) : x;
  const pre = preActivations(sae, xIn);
  const m = sae.dSae;
  const rows = pre.length / m;
  switch (sae.architecture) {
    case 'standard':
      return relu(pre);
    case 'topk':
      for (let r = 0; r < rows; r++) keepTopK(relu(pre.subarray(r * m, (r + 1) * m)), sae.k!);
      return pre;
    case 'batchtopk':
      if (opts.batchTopK) return keepTopK(relu(pre), Math.round(rows * sae.k!));
      return jump(relu(pre), sae.threshold!, m);
    case 'jumprelu':
      return jump(pre, sae.threshold!, m);
    case 'gated': {
      // π_mag = x̃ (W_enc ⊙ exp(r_mag)) + b_mag = (π_gate − b_gate)·exp(r_mag) + b_mag
      const { r_mag, b_mag } = sae.gate!;
      for (let r = 0; r < rows; r++) {
        for (let i = 0; i < m; i++) {
          const g = pre[r * m + i];
          const mag = (g - sae.b_enc[i]) * Math.exp(r_mag[i]) + b_mag[i];
          pre[r * m + i] = g > 0 && mag > 0 ? mag : 0;
        }
      }
      return pre;
    }
  }
}

/** Reconstruction x̂ [rows, dIn] in the original space from features f [rows, dSae]. */
export function decode(sae: Sae, f: Float32Array): Float32Array {
  const { dIn: d, dSae: m } = sae;
  const rows = checkRows(f, m, 'f');
  const out = new Float32Array(rows * d);
  const acc = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < d; j++) acc[j] = sae.b_dec[j];
    for (let i = 0; i < m; i++) {
      const v = f[r * m + i];
      if (v === 0) continue;
      const row = i * d;
      for (let j = 0; j < d; j++) acc[j] += v * sae.W_dec[row + j];
    }
    out.set(acc, r * d);
  }
  return sae.whitening ? unwhitenBatch(sae.whitening, out) : out;
}

export function forward(sae: Sae, x: Float32Array, opts: EncodeOptions = {}): { f: Float32Array; xHat: Float32Array } {
  const f = encode(sae, x, opts);
  return { f, xHat: decode(sae, f) };
}

function checkRows(a: Float32Array, width: number, name: string): number {
  if (a.length % width !== 0) throw new StudioError('shape', `${name} holds ${a.length} values, not a whole number of ${width}-wide rows`, name);
  return a.length / width;
}

function relu(a: Float32Array): Float32Array {
  for (let i = 0; i < a.length; i++) if (!(a[i] > 0)) a[i] = 0;
  return a;
}

function jump(pre: Float32Array, threshold: Float32Array, m: number): Float32Array {
  for (let i = 0; i < pre.length; i++) if (!(pre[i] > threshold[i % m])) pre[i] = 0;
  return pre;
}

/**
 * Zeroes all but the k largest values of `a` in place (ties broken by lower index). Values
 * are ReLU outputs, so when fewer than k are positive the zeros simply stay zero.
 */
export function keepTopK(a: Float32Array, k: number): Float32Array {
  if (k >= a.length) return a;
  if (k <= 0) return a.fill(0);
  const kth = kthLargest(Float32Array.from(a), k);
  let above = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > kth) above++;
  let ties = k - above;
  for (let i = 0; i < a.length; i++) {
    if (a[i] > kth) continue;
    if (a[i] === kth && ties > 0) ties--;
    else a[i] = 0;
  }
  return a;
}

/** The k-th largest value (1-based) by quickselect; reorders `a`. */
function kthLargest(a: Float32Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] > pivot) i++;
      while (a[j] < pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target];
}
