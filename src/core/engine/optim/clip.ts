import type { Tensor } from '../ir/tensor';
import { add, clip, div, mul, sqrt } from '../ops/elementwise';
import { reduceSumSquare } from '../ops/reduce';

/**
 * Scales all gradients by min(1, maxNorm / (‖g‖₂ + 1e-6)) where ‖g‖₂ is the norm of all of them
 * together, as torch.nn.utils.clip_grad_norm_ does (SAELens and dictionary_learning clip at 1.0).
 */
export function clipByGlobalNorm(grads: readonly Tensor[], maxNorm: number): { grads: Tensor[]; norm: Tensor } {
  const squares = grads.map((g) => reduceSumSquare(g));
  const norm = sqrt(squares.reduce((a, b) => add(a, b)));
  const scale = clip(div(maxNorm, add(norm, 1e-6)), 0, 1);
  return { grads: grads.map((g) => mul(g, scale)), norm };
}
