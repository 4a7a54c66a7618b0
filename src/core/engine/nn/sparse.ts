import type { Tensor } from '../ir/tensor';
import * as o from '../ops';

/*
 * Sparse pieces for TopK-style models, where each example uses k of m latents. Written with
 * gather/scatterAdd so their backward passes cost O(B·k·d), not a dense [B, m] matmul: a TopK
 * SAE step then costs about one dense matmul (the encoder forward that picks the latents).
 */

/**
 * (x · Wᵀ + b) at the latents `idx` only: x [B, d], wMD [m, d] (one row per latent), bM [m],
 * idx int64 [B, k] → [B, k]. Gradients reach only the k gathered rows of wMD and bM.
 */
export function selectedLinear(x: Tensor, wMD: Tensor, bM: Tensor, idx: Tensor): Tensor {
  const [B, d] = x.shape;
  const k = idx.shape[1];
  // A batched matmul reads the gathered rows once; mul + reduceSum would write and re-read them.
  const dotsBK = o.reshape(o.matmul(o.gather(wMD, idx), o.reshape(x, [B, d, 1])), [B, k]);
  return o.add(dotsBK, o.gather(bM, idx));
}

/** Σ_j values[b, j] · wMD[idx[b, j]]: values [B, k], idx int64 [B, k], wMD [m, d] → [B, d]. */
export function sparseDecode(values: Tensor, idx: Tensor, wMD: Tensor): Tensor {
  const [B, k] = values.shape;
  const d = wMD.shape[1];
  return o.reshape(o.matmul(o.reshape(values, [B, 1, k]), o.gather(wMD, idx)), [B, d]);
}
