/**
 * SARM's per-token standardisation (ALGORITHMS-DETAIL §7): h̃ = (h − mean_d h)/(std_d h + ε),
 * ε = 1e-6, with torch's default unbiased std (n − 1), as the reference's `pre_process`.
 * Rows of d; a fresh array.
 */
export function standardiseRows(rows: Float32Array, d: number, eps = 1e-6): Float32Array {
  const out = new Float32Array(rows.length);
  for (let r = 0; r * d < rows.length; r++) {
    const o = r * d;
    let mean = 0;
    for (let j = 0; j < d; j++) mean += rows[o + j];
    mean /= d;
    let ss = 0;
    for (let j = 0; j < d; j++) ss += (rows[o + j] - mean) ** 2;
    const std = Math.sqrt(ss / Math.max(1, d - 1));
    const scale = 1 / (std + eps);
    for (let j = 0; j < d; j++) out[o + j] = (rows[o + j] - mean) * scale;
  }
  return out;
}
