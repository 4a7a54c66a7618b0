import { StudioError } from '../../../shared/errors';
import { Tensor, fmtShape, type DType, type Shape } from '../ir/tensor';

/** A dense float64 array used by the reference interpreter (ints and bools are stored as numbers). */
export interface NDArray {
  shape: number[];
  data: Float64Array;
}

export type AttrValue = number | string | number[] | { graph: unknown };

/** What an op's lowering may ask of the exporter. */
export interface LowerCtx {
  /** Appends one ONNX node and returns its output names (fresh, unique). */
  emit(opType: string, inputs: string[], attrs?: Record<string, AttrValue>, nOutputs?: number): string[];
  /** An int64 initializer (axes, shapes, indices). */
  i64(values: number[], shape?: number[]): string;
  /** A float32 initializer. */
  f32(values: number[], shape?: number[]): string;
  /** The value name of a tensor already lowered (an input's own inputs, to fuse through it). */
  nameOf(t: Tensor): string;
  /** How many nodes of the lowered graph read `t` (a graph output counts as a reader). */
  uses(t: Tensor): number;
  /**
   * `make()`'s result, made once per graph for each `key`: lowerings that derive the same values
   * from the same inputs (two segment sums over one index) share the nodes.
   */
  once<T>(key: string, make: () => T): T;
}

export interface OpDef {
  /** Output shape and dtype, or a thrown `ShapeFault` naming what does not fit. */
  shape(inputs: readonly Tensor[], attrs: Readonly<Record<string, unknown>>): { shape: Shape; dtype: DType };
  /** Emits the ONNX nodes that compute this op; returns the name of the output. */
  lower(node: Tensor, inputs: string[], ctx: LowerCtx): string;
  /**
   * Vector-Jacobian product: given the gradient of the output, the gradient of each input
   * (null where the input receives none, e.g. integer indices). Absent: not differentiable,
   * and `grad` fails naming the op.
   */
  vjp?: (node: Tensor, g: Tensor) => (Tensor | null)[];
  /** Plain float64 loops, the independent implementation the tests check ORT against. */
  reference(inputs: NDArray[], node: Tensor): NDArray;
}

/** Thrown by shape rules; `apply` turns it into a StudioError naming the node and shapes. */
export class ShapeFault extends Error {}

const registry = new Map<string, OpDef>();

export function defineOp(name: string, def: OpDef): void {
  if (registry.has(name)) throw new StudioError('internal', `op '${name}' defined twice`, name);
  registry.set(name, def);
}

export function getOp(name: string): OpDef {
  const def = registry.get(name);
  if (!def) throw new StudioError('unsupported', `unknown op '${name}'`, name);
  return def;
}

export function opNames(): string[] {
  return [...registry.keys()];
}

/** Builds a node of `op`, checking shapes and dtypes now so a bad graph fails where it is written. */
export function apply(op: string, inputs: readonly Tensor[], attrsOrMake: Record<string, unknown> | (() => Record<string, unknown>) = {}): Tensor {
  const def = getOp(op);
  try {
    // Attributes may need checking against the inputs (axes in range), so they are built inside the guard.
    const attrs = typeof attrsOrMake === 'function' ? attrsOrMake() : attrsOrMake;
    const { shape, dtype } = def.shape(inputs, attrs);
    return new Tensor(op, inputs, attrs, [...shape], dtype);
  } catch (err) {
    if (!(err instanceof ShapeFault)) throw err;
    const args = inputs.map((t) => `${t.leaf ? t.leaf.name : `${t.op}#${t.id}`} ${fmtShape(t.shape)} ${t.dtype}`).join(', ');
    throw new StudioError('shape', `${op}: ${err.message}`, `${op}(${args})`);
  }
}

export function fault(message: string): never {
  throw new ShapeFault(message);
}
