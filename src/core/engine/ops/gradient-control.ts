import { Tensor } from '../ir/tensor';
import { apply, defineOp } from './registry';

// stopGradient(x) = x in the forward pass; no gradient flows back through it.
defineOp('stopGradient', {
  shape: ([x]) => ({ shape: x.shape, dtype: x.dtype }),
  lower: (_n, [x], ctx) => ctx.emit('Identity', [x])[0],
  vjp: () => [null],
  reference: ([x]) => x,
});

export const stopGradient = (x: Tensor) => apply('stopGradient', [x]);

/** A custom gradient: given the gradient of the output, the gradients of `deps` (null: none). */
export type CustomVjp = (g: Tensor) => (Tensor | null)[];

/*
 * withGrad(value, deps, rule): forward value `value`, backward `rule(g)` into `deps`, nothing
 * into `value` itself. This is how pseudo-derivatives are written, e.g. JumpReLU's straight-
 * through estimator for θ (Rajamanoharan et al. 2024, see ALGORITHMS-DETAIL §2.5).
 */
defineOp('withGrad', {
  shape: ([value]) => ({ shape: value.shape, dtype: value.dtype }),
  lower: (_n, [value], ctx) => ctx.emit('Identity', [value])[0],
  vjp: (n, g) => [null, ...(n.attrs.rule as CustomVjp)(g)],
  reference: ([value]) => value,
});

export function withGrad(value: Tensor, deps: Tensor[], rule: CustomVjp): Tensor {
  return apply('withGrad', [value, ...deps], { rule });
}
