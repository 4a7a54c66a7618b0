import { EngineSession, exportStep, input, ops as o } from '../engine';
/** Decoder directions and their cosine distances (ALGORITHMS-DETAIL §11: d = clip(1 − cos, 0, 2)). */

/** The chosen rows of W_dec [features, dIn], each scaled to unit length (a zero row stays zero). */
export function unitRows(wDec: Float32Array, dIn: number, features: readonly number[]): Float32Array {
  const out = new Float32Array(features.length * dIn);
  features.forEach((f, j) => {
    let ss = 0;
    for (let c = 0; c < dIn; c++) ss += wDec[f * dIn + c] ** 2;
    const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
    for (let c = 0; c < dIn; c++) out[j * dIn + c] = wDec[f * dIn + c] * inv;
  });
  return out;
}

/** The full n × n cosine-distance matrix of unit rows, clip(1 − cos, 0, 2); symmetric, zero diagonal. */
export function cosineDistances(unit: Float32Array, n: number, dIn: number): Float32Array {
  const dist = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = i * dIn;
    for (let j = i + 1; j < n; j++) {
      const b = j * dIn;
      let dot = 0;
      for (let c = 0; c < dIn; c++) dot += unit[a + c] * unit[b + c];
      const v = Math.min(2, Math.max(0, 1 - dot));
      dist[i * n + j] = v;
      dist[j * n + i] = v;
    }
  }
  return dist;
}

/** Each point's distance to its nearest other point (the curve ε is read from), ascending. */
export function sortedNearestDistances(dist: Float32Array, n: number): Float64Array {
  const nn = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let j = 0; j < n; j++) if (j !== i && dist[i * n + j] < best) best = dist[i * n + j];
    nn[i] = best;
  }
  return nn.sort();
}

/**
 * The same matrix with the Gram product U·Uᵀ on ONNX Runtime (one MLAS GEMM): at 2,000
 * features × d = 512 the JavaScript loop spends 10⁹ multiply-adds, the GEMM a small share of
 * that. The diagonal is set to 0 and every entry clipped as above.
 */
export async function cosineDistancesOrt(unit: Float32Array, n: number, dIn: number): Promise<Float32Array> {
  if (n === 0) return new Float32Array(0);
  const u = input('u', [n, dIn]);
  const gram = o.matmul(u, o.transposeLast(u));
  const session = await EngineSession.create(exportStep({ updates: [], outputs: { gram } }));
  try {
    const dist = (await session.run({ u: unit })).gram as Float32Array;
    for (let k = 0; k < dist.length; k++) dist[k] = Math.min(2, Math.max(0, 1 - dist[k]));
    for (let i = 0; i < n; i++) dist[i * n + i] = 0;
    // the product is symmetric up to summation order; keep it exactly symmetric for Ball Mapper
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) dist[j * n + i] = dist[i * n + j];
    return dist;
  } finally {
    await session.dispose();
  }
}
