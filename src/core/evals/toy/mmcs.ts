import { StudioError } from '../../../shared/errors';

export interface Recovery {
  /** mean over true features of the best cosine with any learned row */
  mmcs: number;
  /** per true feature: best cosine and the learned row that achieves it */
  best: Float32Array;
  bestIndex: Int32Array;
}

/**
 * Mean max cosine similarity (ALGORITHMS.md §3 "Toy recovery"): MMCS = mean_j max_i
 * cos(W_dec,i, g_j), learned rows `decoder` [m, d] against true directions `truth` [n, d].
 */
export function meanMaxCosine(decoder: Float32Array, truth: Float32Array, d: number): Recovery {
  if (decoder.length % d !== 0 || truth.length % d !== 0) throw new StudioError('shape', `arrays are not whole rows of ${d}`, 'mmcs');
  const m = decoder.length / d;
  const n = truth.length / d;
  const norms = (a: Float32Array, rows: number) =>
    Float64Array.from({ length: rows }, (_, i) => {
      let s = 0;
      for (let k = 0; k < d; k++) s += a[i * d + k] ** 2;
      return Math.sqrt(s);
    });
  const dn = norms(decoder, m);
  const tn = norms(truth, n);
  const best = new Float32Array(n).fill(-1);
  const bestIndex = new Int32Array(n).fill(-1);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) {
      if (dn[i] === 0 || tn[j] === 0) continue;
      let s = 0;
      for (let k = 0; k < d; k++) s += decoder[i * d + k] * truth[j * d + k];
      const cos = s / (dn[i] * tn[j]);
      if (cos > best[j]) {
        best[j] = cos;
        bestIndex[j] = i;
      }
    }
  }
  return { mmcs: best.reduce((a, b) => a + b, 0) / n, best, bestIndex };
}
