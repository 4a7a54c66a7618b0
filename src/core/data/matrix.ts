import { StudioError } from '../../shared/errors';

/** Element types the studio stores activations in. */
export type FloatDtype = 'float32' | 'float16';

/**
 * A 2-D view of a tensor on disk, read by row ranges so a file larger than memory can be
 * streamed. Implemented by the npy and safetensors readers.
 */
export interface MatrixSource {
  readonly rows: number;
  readonly cols: number;
  /** rows [start, start + count) as float32, row-major; `dst` is reused when given */
  readRows(start: number, count: number, dst?: Float32Array): Promise<Float32Array>;
  close(): Promise<void>;
}

/**
 * How an N-D tensor is seen as a matrix: the last axis holds the dimensions and all leading
 * axes are flattened into rows, so a `[batch, seq, d]` activation dump imports as batch·seq
 * rows of d. A 1-D tensor is one column (n rows of one value): a list of scalar activations.
 */
export function matrixShape(shape: readonly number[], where: string): { rows: number; cols: number } {
  if (shape.length === 0) throw new StudioError('shape', 'a scalar cannot be read as rows of activations', where);
  if (shape.length === 1) return { rows: shape[0], cols: 1 };
  const cols = shape[shape.length - 1];
  let rows = 1;
  for (let i = 0; i < shape.length - 1; i++) rows *= shape[i];
  return { rows, cols };
}

export function checkRowRange(source: { rows: number }, start: number, count: number, where: string): void {
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > source.rows) {
    throw new StudioError('bad-input', `row range [${start}, ${start + count}) is outside the ${source.rows} rows`, where);
  }
}
