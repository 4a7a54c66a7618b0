import { StudioError } from '../../../shared/errors';
import { topoSort } from '../ir/graph';
import { isFloat, scalar, type Tensor } from '../ir/tensor';
import { getOp } from '../ops/registry';
import { add } from '../ops/elementwise';
import { expand } from '../ops/shape';

/**
 * Reverse-mode gradients of a scalar `loss` with respect to `targets` (after tinygrad's
 * gradient.py): walk the nodes in reverse topological order, visiting only those on a float path
 * from a target to the loss, apply each op's vector-Jacobian product and sum fan-in.
 * An op on that path without a rule fails with a StudioError naming it. A target the loss does
 * not depend on gets a zero gradient.
 */
export function grad(loss: Tensor, targets: readonly Tensor[]): Tensor[] {
  if (loss.size !== 1 || !isFloat(loss.dtype)) {
    throw new StudioError('shape', `grad needs a scalar float loss, got [${loss.shape.join(',')}] ${loss.dtype}`, loss.describe());
  }
  const order = topoSort([loss]);
  const targetIds = new Set(targets.map((t) => t.id));
  const onPath = new Set<number>();
  for (const node of order) {
    if (targetIds.has(node.id) || (isFloat(node.dtype) && node.inputs.some((i) => onPath.has(i.id)))) onPath.add(node.id);
  }
  const grads = new Map<number, Tensor>([[loss.id, expand(scalar(1, loss.dtype), loss.shape)]]);
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i];
    const g = grads.get(node.id);
    if (!g || node.leaf || !onPath.has(node.id)) continue;
    const rule = getOp(node.op).vjp;
    if (!rule) throw new StudioError('unsupported', `op '${node.op}' has no gradient rule; wrap it in stopGradient if no gradient is meant`, node.describe());
    const parts = rule(node, g);
    node.inputs.forEach((input, k) => {
      const part = parts[k];
      if (!part || !onPath.has(input.id)) return;
      const prev = grads.get(input.id);
      grads.set(input.id, prev ? add(prev, part) : part);
    });
  }
  return targets.map((t) => grads.get(t.id) ?? expand(scalar(0, t.dtype), t.shape));
}
