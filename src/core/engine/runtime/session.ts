import ort from 'onnxruntime-node';
import { StudioError } from '../../../shared/errors';
import { fmtShape, sizeOf, type DType } from '../ir/tensor';
import type { IOSpec, OnnxModel } from '../onnx/export';
import { defaultThreads, resolveProvider, type Provider } from './providers';

export type HostArray = Float32Array | BigInt64Array | Uint8Array | Uint16Array;

export interface SessionOptions {
  /** Default `cpu`; `auto` picks CUDA or DirectML where present. */
  provider?: Provider | 'auto';
  /** CPU intra-op threads; default one per core. */
  threads?: number;
  /**
   * Whether idle intra-op threads busy-wait for the next kernel (default false; ORT's own
   * default is true). Without spinning the cores go back between kernels: the studio's
   * sessions take turns (a sweep's trainers, evaluation beside a training job), and threads
   * left spinning by one session took the cores from the next — a 12-SAE sweep ran 3× slower
   * with them. It also makes CPU-time measurements count only work done.
   */
  spin?: boolean;
}

const ARRAY_OF: Record<DType, { ctor: new (n: number) => HostArray; ort: 'float32' | 'int64' | 'bool' | 'float16' }> = {
  float32: { ctor: Float32Array, ort: 'float32' },
  int64: { ctor: BigInt64Array, ort: 'int64' },
  bool: { ctor: Uint8Array, ort: 'bool' },
  float16: { ctor: Uint16Array, ort: 'float16' },
};

/** A host array of the right type for `spec`, filled with zeros. */
export function zerosFor(spec: { shape: readonly number[]; dtype: DType }): HostArray {
  return new ARRAY_OF[spec.dtype].ctor(sizeOf(spec.shape));
}

/** Checks one fed value against the model's declared input and wraps it without copying. */
export function toOrtTensor(spec: IOSpec, data: HostArray | undefined): ort.Tensor {
  if (data === undefined) throw new StudioError('bad-input', `no value fed for input '${spec.name}' ${fmtShape(spec.shape)} ${spec.dtype}`, spec.name);
  const want = ARRAY_OF[spec.dtype];
  if (!(data instanceof want.ctor)) {
    throw new StudioError('dtype', `input '${spec.name}' takes ${spec.dtype} (${want.ctor.name}), got ${data.constructor.name}`, spec.name);
  }
  if (data.length !== sizeOf(spec.shape)) {
    throw new StudioError('shape', `input '${spec.name}' expects ${fmtShape(spec.shape)} (${sizeOf(spec.shape)} values), got ${data.length}`, spec.name);
  }
  return new ort.Tensor(want.ort, data as never, spec.shape);
}

/** An ONNX Runtime session over an exported model, with fed values checked by name, dtype and size. */
export class EngineSession {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly model: OnnxModel,
    /** The provider that actually runs the model. */
    readonly provider: Provider,
    /** Why `provider` differs from the one requested, if it does. */
    readonly note: string | undefined,
  ) {}

  static async create(model: OnnxModel, options: SessionOptions = {}): Promise<EngineSession> {
    const choice = resolveProvider(options.provider);
    const base: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: options.threads ?? defaultThreads(),
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      extra: {
        session: {
          // Fail at load when ORT's own shape inference disagrees with the shapes the exporter declared.
          strict_shape_type_inference: '1',
          ...(options.spin ? {} : { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } }),
        },
      },
    };
    try {
      const session = await ort.InferenceSession.create(model.bytes, { ...base, executionProviders: [choice.provider] });
      return new EngineSession(session, model, choice.provider, choice.note);
    } catch (err) {
      if (choice.provider === 'cpu') throw new StudioError('runtime', `ONNX Runtime rejected the model: ${(err as Error).message}`, 'session');
      // A GPU provider whose libraries are present can still fail (no driver, wrong CUDA); the CPU always works.
      const session = await ort.InferenceSession.create(model.bytes, { ...base, executionProviders: ['cpu'] });
      return new EngineSession(session, model, 'cpu', `${choice.provider} failed to start (${(err as Error).message}); running on the CPU`);
    }
  }

  /** Runs once. Returned arrays are fresh buffers the caller owns. */
  async run(feeds: Readonly<Record<string, HostArray>>): Promise<Record<string, HostArray>> {
    const known = new Set(this.model.inputs.map((i) => i.name));
    for (const name of Object.keys(feeds)) {
      if (!known.has(name)) throw new StudioError('bad-input', `unknown input '${name}'; the model takes ${[...known].join(', ')}`, name);
    }
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const spec of this.model.inputs) ortFeeds[spec.name] = toOrtTensor(spec, feeds[spec.name]);
    let results: ort.InferenceSession.ReturnType;
    try {
      results = await this.session.run(ortFeeds);
    } catch (err) {
      throw new StudioError('runtime', `ONNX Runtime failed: ${(err as Error).message}`, 'session.run');
    }
    const out: Record<string, HostArray> = {};
    for (const spec of this.model.outputs) out[spec.name] = results[spec.name].data as HostArray;
    return out;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
