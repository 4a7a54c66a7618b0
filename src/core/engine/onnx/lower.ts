import { StudioError } from '../../../shared/errors';
import { topoSort } from '../ir/graph';
import type { Tensor } from '../ir/tensor';
import { getOp, type AttrValue, type LowerCtx } from '../ops/registry';
import { attribute, tensorProto, type NodeProto, type TensorProto } from './proto';

/**
 * Turns IR nodes into ONNX nodes. One Lowerer may fill several graphs (a step and the body of
 * a Loop around it): names stay unique across all of them and constants go to the outer
 * graph's initializers, which subgraphs may read.
 */
export class Lowerer {
  private readonly initializers: TensorProto[] = [];
  private count = 0;
  private readonly constNames = new Map<number, string>();

  private fresh(base: string): string {
    return `${base}_${this.count++}`;
  }

  /**
   * Appends to `nodes` the ONNX nodes computing `outputs`. `leafName` maps input/param/state
   * leaves to the value names that carry them in this graph; `outputNames` names the results.
   */
  lower(outputs: readonly Tensor[], outputNames: readonly string[], nodes: NodeProto[], leafName: (leaf: Tensor) => string): void {
    const names = new Map<number, string>();
    const claimed = new Map<number, string>();
    const made = new Map<string, unknown>();
    outputs.forEach((o, i) => {
      if (!o.leaf && !claimed.has(o.id)) claimed.set(o.id, outputNames[i]);
    });
    const ctx: LowerCtx = {
      emit: (opType, inputs, attrs = {}, nOutputs = 1) => {
        const outs = Array.from({ length: nOutputs }, () => this.fresh(opType.toLowerCase()));
        nodes.push({ opType, input: inputs, output: outs, name: this.fresh(`n_${opType}`), attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v as AttrValue)) });
        return outs;
      },
      i64: (values, shape = [values.length]) => this.initializer('int64', values, shape),
      f32: (values, shape = [values.length]) => this.initializer('float32', values, shape),
      uses: () => 0,
      once: <T>(key: string, make: () => T): T => {
        if (!made.has(key)) made.set(key, make());
        return made.get(key) as T;
      },
      nameOf: (t) => {
        const name = names.get(t.id);
        if (name === undefined) throw new StudioError('internal', 'a tensor was asked for before it was lowered', t.describe());
        return name;
      },
    };
    const order = topoSort(outputs);
    const readers = new Map<number, number>();
    for (const t of [...outputs, ...order.flatMap((node) => node.inputs)]) readers.set(t.id, (readers.get(t.id) ?? 0) + 1);
    ctx.uses = (t) => readers.get(t.id) ?? 0;
    const first = nodes.length;
    for (const node of order) {
      if (node.leaf) {
        names.set(node.id, node.leaf.kind === 'const' ? this.constant(node) : leafName(node));
        continue;
      }
      let out: string;
      try {
        out = getOp(node.op).lower(node, node.inputs.map((i) => names.get(i.id)!), ctx);
      } catch (err) {
        throw new StudioError('unsupported', `cannot lower ${node.op}: ${(err as Error).message}`, node.describe());
      }
      const want = claimed.get(node.id);
      if (want) out = this.rename(nodes, out, want);
      names.set(node.id, out);
    }
    // Outputs that are leaves, or the same node twice, need their own names: ONNX outputs are distinct values.
    outputs.forEach((o, i) => {
      if (names.get(o.id) !== outputNames[i]) nodes.push({ opType: 'Identity', input: [names.get(o.id)!], output: [outputNames[i]], name: this.fresh('n_Identity') });
    });
    pruneUnused(nodes, first, outputNames);
  }

  /**
   * The initializers that `nodes` read. A product lowered twice (once alone, then again into the
   * Gemm of an add that reads it) leaves the first form's constants behind when it is pruned.
   */
  initializersReadBy(nodes: readonly NodeProto[]): TensorProto[] {
    const read = new Set(nodes.flatMap((n) => n.input ?? []));
    return this.initializers.filter((t) => read.has(t.name!));
  }

  private rename(nodes: NodeProto[], from: string, to: string): string {
    for (let i = nodes.length - 1; i >= 0; i--) {
      const outs = nodes[i].output!;
      const k = outs.indexOf(from);
      if (k >= 0) {
        outs[k] = to;
        return to;
      }
    }
    return from;
  }

  private constant(node: Tensor): string {
    let name = this.constNames.get(node.id);
    if (!name) {
      name = this.initializer(node.dtype, node.leaf!.values!, node.shape);
      this.constNames.set(node.id, name);
    }
    return name;
  }

  private initializer(dtype: Tensor['dtype'], values: ArrayLike<number>, shape: readonly number[]): string {
    const name = this.fresh('c');
    this.initializers.push(tensorProto(name, dtype, shape, values));
    return name;
  }
}

/**
 * Drops the nodes (from `first` on) whose outputs nothing reads, e.g. a Transpose that a Gemm
 * took in as its transA flag. ONNX Runtime would run them: it keeps every node of the graph.
 */
function pruneUnused(nodes: NodeProto[], first: number, outputNames: readonly string[]): void {
  for (let changed = true; changed; ) {
    changed = false;
    const read = new Set<string>(outputNames);
    for (const n of nodes) for (const i of n.input ?? []) read.add(i);
    for (let k = nodes.length - 1; k >= first; k--) {
      if (!(nodes[k].output ?? []).some((o) => read.has(o))) {
        nodes.splice(k, 1);
        changed = true;
      }
    }
  }
}
