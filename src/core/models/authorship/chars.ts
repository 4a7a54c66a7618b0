/**
 * The residual's input: each text as hashed character n-gram frequencies (n = 1…4, FNV-1a into
 * `dim` buckets, square-rooted relative frequencies). The residual's encoder is a layer trained
 * on these, so the whole neural side is a character-level encoder trained here. The built-in
 * byte-level text model was the other candidate; docs/authorship.md gives the measurement
 * (≈ 180 ms per C50 text for its pooled states against ≈ 1 ms here) that decided it.
 */
export const CHAR_DIM = 2048;
export const CHAR_ORDERS = [1, 2, 3, 4] as const;

function fnv1a(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One text's hashed n-gram profile [dim]. */
export function charProfile(text: string, dim = CHAR_DIM): Float32Array {
  const counts = new Float64Array(dim);
  let total = 0;
  for (const n of CHAR_ORDERS) {
    for (let i = 0; i + n <= text.length; i++) {
      // the order salts the hash so a 1-gram and a 2-gram do not share a bucket by construction
      counts[(fnv1a(text, i, i + n) + n * 0x9e3779b1) % dim]++;
      total++;
    }
  }
  const out = new Float32Array(dim);
  for (let j = 0; j < dim; j++) out[j] = total > 0 ? Math.sqrt(counts[j] / total) : 0;
  return out;
}

/** Per-column mean and standard deviation of rows [n, dim], for standardising. */
export function columnStats(rows: Float32Array, dim: number): { mean: Float32Array; std: Float32Array } {
  const n = rows.length / dim;
  const mean = new Float32Array(dim);
  const std = new Float32Array(dim);
  for (let r = 0; r < n; r++) for (let j = 0; j < dim; j++) mean[j] += rows[r * dim + j] / n;
  for (let r = 0; r < n; r++) for (let j = 0; j < dim; j++) std[j] += (rows[r * dim + j] - mean[j]) ** 2 / n;
  // a bucket (almost) constant in training would turn any later count into an enormous z: floor it
  for (let j = 0; j < dim; j++) std[j] = Math.max(Math.sqrt(std[j]), STD_FLOOR);
  return { mean, std };
}

/** the smallest spread a column is divided by (profile entries are √frequencies, typically 0.01–0.2) */
const STD_FLOOR = 0.01;
/** z-scores are clipped here, so a text unlike the training texts (another genre) cannot saturate the encoder */
const Z_CLIP = 8;

export function standardise(rows: Float32Array, dim: number, stats: { mean: Float32Array; std: Float32Array }): Float32Array {
  const out = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = Math.max(-Z_CLIP, Math.min(Z_CLIP, (rows[i] - stats.mean[i % dim]) / stats.std[i % dim]));
  return out;
}
