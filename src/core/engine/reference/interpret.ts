import { StudioError } from '../../../shared/errors';
import { topoSort } from '../ir/graph';
import { fmtShape, sizeOf, type Tensor } from '../ir/tensor';
import { getOp, type NDArray } from '../ops/registry';
import '../ops';

/**
 * Evaluates IR nodes in float64 with the ops' plain-loop reference implementations. Tests use it
 * as the independent check on ONNX Runtime and for finite differences; it is not for production.
 * `feeds` gives every input/param/state leaf by name.
 */
export function evaluate(outputs: readonly Tensor[], feeds: Record<string, ArrayLike<number>>): NDArray[] {
  const values = new Map<number, NDArray>();
  for (const node of topoSort(outputs)) {
    if (node.leaf) {
      const src = node.leaf.kind === 'const' ? node.leaf.values! : feeds[node.leaf.name];
      if (!src) throw new StudioError('bad-input', `no value fed for '${node.leaf.name}'`, node.leaf.name);
      if (src.length !== sizeOf(node.shape)) throw new StudioError('shape', `'${node.leaf.name}' expects ${fmtShape(node.shape)}, got ${src.length} values`, node.leaf.name);
      values.set(node.id, { shape: [...node.shape], data: Float64Array.from(src) });
      continue;
    }
    const ins = node.inputs.map((i) => values.get(i.id)!);
    values.set(node.id, getOp(node.op).reference(ins, node));
  }
  return outputs.map((o) => values.get(o.id)!);
}
