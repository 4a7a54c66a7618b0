import { exportStep } from '../onnx/export';
import type { Tensor } from '../ir/tensor';
import { EngineSession, type HostArray } from '../runtime/session';

/** Typed host array for plain numbers, by the model's declared dtype. */
export function hostArray(dtype: string, values: ArrayLike<number>): HostArray {
  if (dtype === 'int64') return BigInt64Array.from(Array.from(values, (v) => BigInt(v)));
  if (dtype === 'bool') return Uint8Array.from(values);
  return Float32Array.from(values);
}

/** Exports `outputs` as one graph, runs it once on a real ORT session, returns the results as numbers. */
export async function runOrt(outputs: Record<string, Tensor>, feeds: Record<string, ArrayLike<number>>, threads = 2): Promise<Record<string, number[]>> {
  const model = exportStep({ updates: [], outputs });
  const session = await EngineSession.create(model, { threads });
  try {
    const fed: Record<string, HostArray> = {};
    for (const spec of model.inputs) fed[spec.name] = hostArray(spec.dtype, feeds[spec.name]);
    const out = await session.run(fed);
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Array.from(v as ArrayLike<number | bigint>, Number)]));
  } finally {
    await session.dispose();
  }
}
