import onnxProto from 'onnx-proto';
import type { DType } from '../ir/tensor';
import type { AttrValue } from '../ops/registry';

export const { onnx } = onnxProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type ValueInfo = onnxProto.onnx.IValueInfoProto;
export type GraphProto = onnxProto.onnx.IGraphProto;

export const ELEM_TYPE: Record<DType, number> = { float32: 1, int64: 7, bool: 9, float16: 10 };

/** Attributes whose numbers are floats even when integral (ONNX types attributes strictly). */
const FLOAT_ATTRS = new Set(['epsilon', 'alpha', 'beta', 'min', 'max']);

export function attribute(name: string, value: AttrValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: T.INTS, ints: value };
  if (typeof value === 'number') return FLOAT_ATTRS.has(name) ? { name, type: T.FLOAT, f: value } : { name, type: T.INT, i: value };
  return { name, type: T.GRAPH, g: value.graph as GraphProto };
}

export function valueInfo(name: string, dtype: DType, shape: readonly number[]): ValueInfo {
  return { name, type: { tensorType: { elemType: ELEM_TYPE[dtype], shape: { dim: shape.map((d) => ({ dimValue: d })) } } } };
}

export function tensorProto(name: string, dtype: DType, shape: readonly number[], values: ArrayLike<number>): TensorProto {
  let raw: Uint8Array;
  if (dtype === 'int64') raw = new Uint8Array(BigInt64Array.from(Array.from(values, (v) => BigInt(v))).buffer);
  else if (dtype === 'bool') raw = Uint8Array.from(values, (v) => (v ? 1 : 0));
  else if (dtype === 'float32') raw = new Uint8Array(Float32Array.from(values).buffer);
  else throw new Error(`constants of ${dtype} are not supported`);
  return { name, dims: [...shape], dataType: ELEM_TYPE[dtype], rawData: raw };
}
