import type { Tensor } from '../ir/tensor';
import * as o from '../ops';

/*
 * Sparse pieces for TopK-style models, where each example uses k of m latents. The forward
 * passes gather k rows per example (O(B·k·d)) instead of multiplying by a mostly-zero [B, m]
 * code. The weight gradient Gᵀ·x (G the [B, m] sparse code of the output's gradient) can be
 * formed two ways:
 *  - 'sparse': sparseTMatmul, a segment sum of the B·k weighted rows (O(B·k·d) memory traffic);
 *  - 'dense': G made dense (ScatterElements, unique per row) and one dense matmul of O(B·m·d)
 *    flops that MLAS runs near peak.
 * On 2 CPU cores with B=1024, k=32, d=512 (ORT profile of the TopK SAE step) the two cost the
 * same at m=2048 and the segment sums won at m=4096 (128 against 150 ms a step) and by far at
 * m=16384, so 'auto' takes 'dense' below m = 128·k.
 */
export type WeightGrad = 'sparse' | 'dense' | 'auto';

function denseWeightGrad(mode: WeightGrad, m: number, k: number): boolean {
  return mode === 'dense' || (mode === 'auto' && m < 128 * k);
}

/** The pre-activations (x − shift)·Wᵀ + b of one row's chosen latents (selectedLinear's arguments). */
export interface SelectedLinear {
  /** [B, d] */
  x: Tensor;
  /**
   * [d], subtracted from x first (an SAE's b_dec). Its gradient is −(Σ_batch G)·W, one
   * vector–matrix product, where passing x − shift as x would route it through a [B, d] input
   * gradient (k gathered rows per example) summed over the batch.
   */
  shift?: Tensor;
  /** [m, d], one row per latent */
  w: Tensor;
  /** [m] */
  b: Tensor;
  /** int64 [B, k] */
  idx: Tensor;
  /** the same values [B, k], already computed (without gradient) by the dense pass that picked idx */
  chosen?: Tensor;
  weightGrad?: WeightGrad;
}

/**
 * (x − shift)·Wᵀ + b at the latents `idx` only → [B, k]. G below is the [B, m] sparse code of the
 * output's gradient g; d W = Gᵀ·(x − shift) (a segment sum, or one dense product), d b = Σ_batch G,
 * d x = G·W (k gathered rows per example), d shift = −(Σ_batch G)·W.
 */
export function selectedLinear(a: SelectedLinear): Tensor {
  const { x, shift, w: wMD, b: bM, idx, chosen, weightGrad = 'auto' } = a;
  const [B, d] = x.shape;
  const [m] = wMD.shape;
  const k = idx.shape[1];
  const centred = shift ? o.sub(x, shift) : x;
  const dense = denseWeightGrad(weightGrad, m, k);
  const rowsBKD = o.gather(wMD, idx);
  // A batched matmul reads the gathered rows once; mul + reduceSum would write and re-read them.
  const value = chosen ? o.stopGradient(chosen) : o.add(o.reshape(o.matmul(rowsBKD, o.reshape(centred, [B, d, 1])), [B, k]), o.gather(bM, idx));
  return o.withGrad(value, shift ? [x, wMD, bM, shift] : [x, wMD, bM], (g) => {
    const denseBM = dense ? o.scatterAlong(g, idx, m) : undefined;
    const sumG = denseBM ? o.reduceSum(denseBM, [0]) : o.scatterAdd(o.reshape(idx, [B * k]), o.reshape(g, [B * k]), m);
    const dx = denseBM ? o.matmul(denseBM, wMD) : o.reshape(o.matmul(o.reshape(g, [B, 1, k]), rowsBKD), [B, d]);
    const dw = denseBM ? o.matmul(o.transposeLast(denseBM), centred) : o.sparseTMatmul(idx, g, centred, m);
    const grads = [dx, dw, sumG];
    return shift ? [...grads, o.neg(o.reshape(o.matmul(o.reshape(sumG, [1, m]), wMD), [d]))] : grads;
  });
}

/** Σ_j values[b, j] · wMD[idx[b, j]]: values [B, k], idx int64 [B, k], wMD [m, d] → [B, d]. */
export function sparseDecode(values: Tensor, idx: Tensor, wMD: Tensor, weightGrad: WeightGrad = 'auto'): Tensor {
  const [B, k] = values.shape;
  const [m, d] = wMD.shape;
  const rowsBKD = o.gather(wMD, idx);
  const out = o.reshape(o.matmul(o.reshape(values, [B, 1, k]), rowsBKD), [B, d]);
  // d values = rows·g; d W = Vᵀ·g with V the sparse code of the values.
  return o.withGrad(out, [values, wMD], (g) => [
    o.reshape(o.matmul(rowsBKD, o.reshape(g, [B, d, 1])), [B, k]),
    denseWeightGrad(weightGrad, m, k) ? o.matmul(o.transposeLast(o.scatterAlong(values, idx, m)), g) : o.sparseTMatmul(idx, values, g, m),
  ]);
}
