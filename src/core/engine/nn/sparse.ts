import type { Tensor } from '../ir/tensor';
import * as o from '../ops';

/*
 * Sparse pieces for TopK-style models, where each example uses k of m latents. The forward
 * passes gather k rows per example (O(B·k·d)) instead of multiplying by a mostly-zero [B, m]
 * code. The weight gradient can be formed two ways:
 *  - 'sparse': scatterAdd of the B·k gathered-row gradients (a segment sum, O(B·k·d) memory traffic);
 *  - 'dense': Sᵀ·G with S the [B, m] code made dense (ScatterElements, unique per row), one dense
 *    matmul of O(B·m·d) flops that MLAS runs near peak.
 * On 2 shared CPU cores with B=1024, k=32, d=512 the segment sum cost about 1.5 dense matmuls at
 * m=4096 and 0.4–0.8 at m=16384 (bench/engine-scatter.ts, measured under load from other
 * processes), so 'auto' takes 'dense' below m = 256·k; re-measure on the target machine.
 */
export type WeightGrad = 'sparse' | 'dense' | 'auto';

function denseWeightGrad(mode: WeightGrad, m: number, k: number): boolean {
  return mode === 'dense' || (mode === 'auto' && m < 256 * k);
}

/**
 * (x · Wᵀ + b) at the latents `idx` only: x [B, d], wMD [m, d] (one row per latent), bM [m],
 * idx int64 [B, k] → [B, k]. `chosen`, when given, is that same value already computed by the
 * dense pass that picked `idx` (without gradient).
 */
export function selectedLinear(x: Tensor, wMD: Tensor, bM: Tensor, idx: Tensor, weightGrad: WeightGrad = 'auto', chosen?: Tensor): Tensor {
  const [B, d] = x.shape;
  const [m] = wMD.shape;
  const k = idx.shape[1];
  if (chosen && denseWeightGrad(weightGrad, m, k)) {
    // The values are already known from the dense pass that chose them (its top-k values), and
    // dense gradients need no gathered rows: d x = dense(g)·W (of which a bias in front of x
    // needs only the column sums, a vector–matrix product), d W = dense(g)ᵀ·x, d b = Σ dense(g).
    return o.withGrad(o.stopGradient(chosen), [x, wMD, bM], (g) => {
      const denseBM = o.scatterAlong(g, idx, m);
      return [o.matmul(denseBM, wMD), o.matmul(o.transposeLast(denseBM), x), o.reduceSum(denseBM, [0])];
    });
  }
  const rowsBKD = o.gather(wMD, idx);
  // A batched matmul reads the gathered rows once; mul + reduceSum would write and re-read them.
  const out = o.add(o.reshape(o.matmul(rowsBKD, o.reshape(x, [B, d, 1])), [B, k]), o.gather(bM, idx));
  if (!denseWeightGrad(weightGrad, m, k)) return out;
  // d x = g·rows; d W = dense(g)ᵀ·x; d b = Σ_batch dense(g).
  return o.withGrad(out, [x, wMD, bM], (g) => {
    const denseBM = o.scatterAlong(g, idx, m);
    return [o.reshape(o.matmul(o.reshape(g, [B, 1, k]), rowsBKD), [B, d]), o.matmul(o.transposeLast(denseBM), x), o.reduceSum(denseBM, [0])];
  });
}

/** Σ_j values[b, j] · wMD[idx[b, j]]: values [B, k], idx int64 [B, k], wMD [m, d] → [B, d]. */
export function sparseDecode(values: Tensor, idx: Tensor, wMD: Tensor, weightGrad: WeightGrad = 'auto'): Tensor {
  const [B, k] = values.shape;
  const [m, d] = wMD.shape;
  const rowsBKD = o.gather(wMD, idx);
  const out = o.reshape(o.matmul(o.reshape(values, [B, 1, k]), rowsBKD), [B, d]);
  if (!denseWeightGrad(weightGrad, m, k)) return out;
  // d values = rows·g; d W = dense(values)ᵀ·g.
  return o.withGrad(out, [values, wMD], (g) => [
    o.reshape(o.matmul(rowsBKD, o.reshape(g, [B, d, 1])), [B, k]),
    o.matmul(o.transposeLast(o.scatterAlong(values, idx, m)), g),
  ]);
}
