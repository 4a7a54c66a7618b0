import { StudioError } from '../../../shared/errors';
import { constant, type Tensor } from '../ir/tensor';
import * as o from '../ops';
import { Linear } from './layers';
import type { Params } from './params';

/**
 * Causal multi-head self-attention (Vaswani et al. 2017; GPT-2 layout: one fused QKV projection,
 * an output projection). x [B, T, D] → [B, T, D].
 */
export class CausalSelfAttention {
  readonly qkv: Linear;
  readonly proj: Linear;

  constructor(
    ps: Params,
    readonly d: number,
    readonly heads: number,
  ) {
    if (d % heads !== 0) throw new StudioError('bad-input', `model width ${d} is not divisible by ${heads} heads`, 'heads');
    this.qkv = new Linear(ps.scope('qkv'), d, 3 * d);
    this.proj = new Linear(ps.scope('proj'), d, d);
  }

  forward(x: Tensor): Tensor {
    const [B, T, D] = x.shape;
    const H = this.heads;
    const dh = D / H;
    const qkv = o.reshape(this.qkv.forward(x), [B, T, 3, H, dh]);
    // [B, T, H, dh] → [B, H, T, dh]
    const part = (i: number) => o.transpose(o.reshape(o.slice(qkv, [i], [i + 1], [2]), [B, T, H, dh]), [0, 2, 1, 3]);
    const [q, k, v] = [part(0), part(1), part(2)];
    const scores = o.add(o.mul(o.matmul(q, o.transposeLast(k)), 1 / Math.sqrt(dh)), causalMask(T));
    const attended = o.matmul(o.softmax(scores, -1), v);
    return this.proj.forward(o.reshape(o.transpose(attended, [0, 2, 1, 3]), [B, T, D]));
  }
}

/** Additive mask [T, T]: 0 on and below the diagonal, −1e9 above (future positions). */
export function causalMask(T: number): Tensor {
  return constant(Array.from({ length: T * T }, (_, i) => (i % T > Math.floor(i / T) ? -1e9 : 0)), [T, T]);
}
