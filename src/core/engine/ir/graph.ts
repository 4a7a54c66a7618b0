import { StudioError } from '../../../shared/errors';
import type { Tensor } from './tensor';

/** All nodes that `outputs` depend on, each after its inputs (iterative DFS, so deep graphs don't overflow the stack). */
export function topoSort(outputs: readonly Tensor[]): Tensor[] {
  const order: Tensor[] = [];
  const done = new Set<number>();
  const stack: [Tensor, number][] = outputs.map((t) => [t, 0]);
  const onStack = new Set<number>();
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [node, next] = top;
    if (done.has(node.id)) {
      stack.pop();
      continue;
    }
    onStack.add(node.id);
    if (next < node.inputs.length) {
      top[1]++;
      const child = node.inputs[next];
      if (!done.has(child.id)) stack.push([child, 0]);
    } else {
      stack.pop();
      onStack.delete(node.id);
      done.add(node.id);
      order.push(node);
    }
  }
  return order;
}

/** The leaves of the given kinds that `nodes` reference, checking that each name means one tensor. */
export function leavesOf(nodes: readonly Tensor[], kinds: readonly string[]): Tensor[] {
  const byName = new Map<string, Tensor>();
  for (const n of nodes) {
    if (!n.leaf || !kinds.includes(n.leaf.kind)) continue;
    const seen = byName.get(n.leaf.name);
    if (seen && seen !== n) throw new StudioError('conflict', `two different tensors are named '${n.leaf.name}'`, n.leaf.name);
    byName.set(n.leaf.name, n);
  }
  return [...byName.values()];
}
