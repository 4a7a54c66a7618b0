/** Column means of `rows` rows of `d` values. */
export function columnMean(x: Float32Array, d: number): Float32Array {
  const rows = x.length / d;
  const acc = new Float64Array(d);
  for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) acc[j] += x[r * d + j];
  return Float32Array.from(acc, (v) => v / rows);
}

/**
 * Geometric median by Weiszfeld's iteration from the mean (≤ 100 iterations, tolerance 1e-5,
 * weights 1/‖x − g‖), as dictionary_learning initialises b_dec (ALGORITHMS-DETAIL.md §2.1).
 */
export function geometricMedian(x: Float32Array, d: number, iterations = 100, tol = 1e-5): Float32Array {
  const rows = x.length / d;
  let g = Float64Array.from(columnMean(x, d));
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(d);
    let wsum = 0;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x[r * d + j] - g[j]) ** 2;
      const w = 1 / Math.max(Math.sqrt(s), 1e-12);
      wsum += w;
      for (let j = 0; j < d; j++) next[j] += w * x[r * d + j];
    }
    let moved = 0;
    for (let j = 0; j < d; j++) {
      next[j] /= wsum;
      moved += (next[j] - g[j]) ** 2;
    }
    g = next;
    if (Math.sqrt(moved) < tol) break;
  }
  return Float32Array.from(g);
}
