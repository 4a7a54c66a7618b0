import { StudioError } from '../../../shared/errors';

/** Element types the IR knows. float16 is accepted for inputs only (activation stores) and cast on entry. */
export type DType = 'float32' | 'int64' | 'bool' | 'float16';
export type Shape = readonly number[];

/**
 * Where a leaf's value comes from: `input` is fed per call (batches, schedule scalars),
 * `param` is trainable host-owned state, `state` is non-trainable host-owned state carried
 * between steps (optimizer moments, EMA thresholds, dead-latent counters), `const` is baked
 * into the model.
 */
export type LeafKind = 'input' | 'param' | 'state' | 'const';

let nextId = 0;

/** One node of the IR: a leaf or an op applied to earlier nodes. Immutable once built. */
export class Tensor {
  readonly id = nextId++;
  constructor(
    readonly op: string,
    readonly inputs: readonly Tensor[],
    readonly attrs: Readonly<Record<string, unknown>>,
    readonly shape: Shape,
    readonly dtype: DType,
    /** Leaves only: feed name (input/param/state) and, for constants, the values. */
    readonly leaf?: { kind: LeafKind; name: string; values?: ArrayLike<number> },
  ) {}

  get size(): number {
    return sizeOf(this.shape);
  }

  get rank(): number {
    return this.shape.length;
  }

  /** Human-readable label used in error messages: the op (or leaf name) and its shape. */
  describe(): string {
    const what = this.leaf ? `${this.leaf.kind} '${this.leaf.name}'` : `${this.op}#${this.id}`;
    return `${what} ${fmtShape(this.shape)} ${this.dtype}`;
  }
}

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function fmtShape(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

/** Leaf names become ONNX value names; `__` is kept for the exporter's own (`w__next`, `loop__iter`). */
function checkName(name: string): void {
  if (!name || name.includes('__')) throw new StudioError('bad-input', `leaf name '${name}' must be non-empty and free of '__'`, name);
}

function checkShape(shape: Shape, where: string): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new StudioError('shape', `invalid dimension ${d} in ${fmtShape(shape)}`, where);
  }
}

/** A value fed on every call (a batch, a learning rate, a step counter). */
export function input(name: string, shape: Shape, dtype: DType = 'float32'): Tensor {
  checkName(name);
  checkShape(shape, name);
  return new Tensor('leaf', [], {}, [...shape], dtype, { kind: 'input', name });
}

/** A trainable float32 tensor whose values the host owns and the step updates. */
export function param(name: string, shape: Shape): Tensor {
  checkName(name);
  checkShape(shape, name);
  return new Tensor('leaf', [], {}, [...shape], 'float32', { kind: 'param', name });
}

/** Non-trainable state carried from one step to the next (optimizer moments, EMAs, counters). */
export function state(name: string, shape: Shape, dtype: DType = 'float32'): Tensor {
  checkName(name);
  checkShape(shape, name);
  return new Tensor('leaf', [], {}, [...shape], dtype, { kind: 'state', name });
}

let constCount = 0;

/** A constant baked into the model. */
export function constant(values: ArrayLike<number>, shape: Shape, dtype: DType = 'float32'): Tensor {
  checkShape(shape, 'constant');
  if (values.length !== sizeOf(shape)) {
    throw new StudioError('shape', `constant has ${values.length} values for shape ${fmtShape(shape)}`, 'constant');
  }
  return new Tensor('leaf', [], {}, [...shape], dtype, { kind: 'const', name: `const${constCount++}`, values: Array.from(values) });
}

export function scalar(value: number, dtype: DType = 'float32'): Tensor {
  return constant([value], [], dtype);
}

export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float16';
}
