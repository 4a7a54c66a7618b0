import { StudioError } from '../../../shared/errors';
import { topoSort } from '../ir/graph';
import { isFloat, scalar, type Tensor } from '../ir/tensor';
import { getOp } from '../ops/registry';
import { add } from '../ops/elementwise';
import { concat, expand } from '../ops/shape';

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
  // Fan-in parts are kept apart until the node is reached, so slices' gradients can be stitched.
  const parts = new Map<number, Tensor[]>([[loss.id, [expand(scalar(1, loss.dtype), loss.shape)]]]);
  const total = (id: number) => {
    const ps = parts.get(id);
    return ps && (stitchSlices(ps) ?? ps.reduce((a, b) => add(a, b)));
  };
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i];
    if (node.leaf || !onPath.has(node.id)) continue;
    const g = total(node.id);
    if (!g) continue;
    const rule = getOp(node.op).vjp;
    if (!rule) throw new StudioError('unsupported', `op '${node.op}' has no gradient rule; wrap it in stopGradient if no gradient is meant`, node.describe());
    const fromNode = rule(node, g);
    node.inputs.forEach((input, k) => {
      const part = fromNode[k];
      if (!part || !onPath.has(input.id)) return;
      const list = parts.get(input.id);
      if (list) list.push(part);
      else parts.set(input.id, [part]);
    });
  }
  return targets.map((t) => total(t.id) ?? expand(scalar(0, t.dtype), t.shape));
}

/**
 * The gradients of slices that tile their input along one axis (attention's q, k and v cut from
 * one projection) arrive as zero-padded pieces; one Concat of the pieces is their sum, without
 * the Pads and the Adds over full-size zeros. Null when `ps` is anything else.
 */
function stitchSlices(ps: readonly Tensor[]): Tensor | null {
  if (ps.length < 2 || ps.some((p) => p.op !== 'pad')) return null;
  const rank = ps[0].rank;
  const spans = ps.map((p) => {
    const pads = p.attrs.pads as number[];
    const axes = pads.slice(0, rank).map((v, a) => v + pads[a + rank]).flatMap((v, a) => (v > 0 ? [a] : []));
    return { p, axes, begin: pads[axes[0]] };
  });
  const axis = spans[0].axes[0];
  if (spans.some((s) => s.axes.length !== 1 || s.axes[0] !== axis)) return null;
  spans.sort((a, b) => a.begin - b.begin);
  let at = 0;
  for (const { p, begin } of spans) {
    if (begin !== at) return null;
    at += p.inputs[0].shape[axis];
  }
  return at === ps[0].shape[axis] ? concat(spans.map((s) => s.p.inputs[0]), axis) : null;
}
