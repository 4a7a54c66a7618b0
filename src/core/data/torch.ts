import { promises as fs } from 'node:fs';
import { StudioError } from '../../shared/errors';
import { openRegularFile } from '../io/regularFile';
import { bfloatArrayToFloat, halfArrayToFloat } from './float16';
import { checkRowRange, type MatrixSource, matrixShape } from './matrix';
import { decodeNpyValues, readExactly } from './npy';
import { type PickledStorage, type PickledTensor, type PickleValue, PickleTuple, readPickle } from './pickle';
import { ZipArchive } from './zip';

/**
 * PyTorch `.pt`/`.pth` files as `torch.save` writes them since 1.6: a zip holding
 * `<name>/data.pkl` (the object, pickled) and `<name>/data/<key>` (each storage's raw
 * little-endian bytes). Only state dicts and other plain containers of tensors are read
 * (pickle.ts); anything else a pickle names is refused. Tensors are read from the archive by
 * range, never the whole file at once.
 */

const STORAGE_DTYPES: Record<string, { dtype: string; size: number }> = {
  FloatStorage: { dtype: 'float32', size: 4 },
  HalfStorage: { dtype: 'float16', size: 2 },
  BFloat16Storage: { dtype: 'bfloat16', size: 2 },
  DoubleStorage: { dtype: 'float64', size: 8 },
  LongStorage: { dtype: 'int64', size: 8 },
  IntStorage: { dtype: 'int32', size: 4 },
  ShortStorage: { dtype: 'int16', size: 2 },
  CharStorage: { dtype: 'int8', size: 1 },
  ByteStorage: { dtype: 'uint8', size: 1 },
  BoolStorage: { dtype: 'bool', size: 1 },
};
export const TORCH_FLOAT_DTYPES = new Set(['float32', 'float16', 'bfloat16', 'float64']);
/** Above this a data.pkl is not a state dict's index. */
const MAX_PICKLE_BYTES = 64 * 1024 * 1024;

export interface TorchTensorInfo {
  name: string;
  dtype: string;
  shape: number[];
  /** why it cannot be read as float32 rows */
  reason?: string;
}

export interface TorchFile {
  tensors: TorchTensorInfo[];
  /** values that are not tensors (a dictionary_learning `k`, a step count): name → number or string */
  scalars: Record<string, number | string | boolean | null>;
  /** a tensor as float32 (row-major), whole */
  read(name: string): Promise<Float32Array>;
  /** a tensor as rows (matrixShape), read by range */
  matrix(name: string): Promise<MatrixSource>;
  /** a one-element tensor of any numeric dtype (a buffer such as a TopK `k`) */
  scalar(name: string): Promise<number>;
  close(): void;
}

const MAGIC_ZIP = [0x50, 0x4b, 0x03, 0x04];

export async function openTorchFile(file: string): Promise<TorchFile> {
  const head = new Uint8Array(4);
  // A FIFO or device is refused before a byte is read (io/regularFile.ts).
  const handle = await openRegularFile(file);
  try {
    await handle.read(head, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (MAGIC_ZIP.some((b, i) => head[i] !== b)) {
    throw new StudioError('unsupported', 'not a zip-format PyTorch file (saved before torch 1.6, or not PyTorch); re-save it with torch.save or convert it to safetensors', file);
  }
  const zip = await ZipArchive.open(file);
  try {
    const pkl = zip.entries().find((e) => /^[^/]+\/data\.pkl$/.test(e.name));
    if (!pkl) throw new StudioError('bad-file', 'the archive has no <name>/data.pkl: not a torch.save file', file);
    const prefix = pkl.name.slice(0, -'data.pkl'.length);
    const storages = new Map<string, PickledStorage>();
    const root = readPickle(await zip.read(pkl.name, MAX_PICKLE_BYTES), `${file}: data.pkl`, (pid) => storageOf(pid, storages, file));
    const tensors = new Map<string, PickledTensor>();
    const scalars: TorchFile['scalars'] = {};
    flatten(root, '', tensors, scalars);
    const infos = [...tensors].map(([name, t]): TorchTensorInfo => {
      const dtype = STORAGE_DTYPES[t.storage.dtype]?.dtype ?? t.storage.dtype;
      const reason = !TORCH_FLOAT_DTYPES.has(dtype) ? `${dtype} is not a float type` : !isContiguous(t) ? 'the tensor is a strided view; save tensor.contiguous()' : undefined;
      return { name, dtype, shape: t.shape, ...(reason ? { reason } : {}) };
    });
    const where = (name: string) => `${file}: ${name}`;
    const locate = async (name: string, allowInt = false) => {
      const t = tensors.get(name);
      if (!t) throw new StudioError('not-found', `no tensor named ${name} (${[...tensors.keys()].join(', ')})`, where(name));
      const info = infos.find((i) => i.name === name)!;
      if (info.reason && !(allowInt && STORAGE_DTYPES[t.storage.dtype])) throw new StudioError('dtype', info.reason, where(name));
      const entry = `${prefix}data/${t.storage.key}`;
      const found = zip.entries().find((e) => e.name === entry);
      if (!found) throw new StudioError('bad-file', `the storage ${entry} is missing`, where(name));
      const size = STORAGE_DTYPES[t.storage.dtype].size;
      const count = t.shape.reduce((a, b) => a * b, 1);
      if ((t.offset + count) * size > found.size) throw new StudioError('bad-file', `the tensor reaches past its storage (${found.size} bytes)`, where(name));
      if (!found.stored) throw new StudioError('unsupported', 'the storage is compressed; torch.save stores storages uncompressed', where(name));
      return { t, info, size, start: (await zip.dataStart(entry)) + t.offset * size, count };
    };
    const matrix = async (name: string): Promise<MatrixSource> => {
      const { info, size, start } = await locate(name);
      const shape = info.shape.length === 0 ? [1] : info.shape;
      const { rows, cols } = matrixShape(shape, where(name));
      const fh = await fs.open(file, 'r');
      let scratch = new Uint8Array(0);
      return {
        rows,
        cols,
        async readRows(first, count, dst) {
          checkRowRange({ rows }, first, count, where(name));
          const n = count * cols;
          const out = dst && dst.length >= n ? dst.subarray(0, n) : new Float32Array(n);
          if (scratch.length < n * size) scratch = new Uint8Array(n * size);
          const bytes = scratch.subarray(0, n * size);
          await readExactly(fh, bytes, start + first * cols * size, file);
          decode(bytes, info.dtype, out);
          return out;
        },
        close: () => fh.close(),
      };
    };
    const scalar = async (name: string): Promise<number> => {
      const { t, size, start, count } = await locate(name, true);
      if (count !== 1) throw new StudioError('shape', `expected one value, the tensor holds ${count}`, where(name));
      const fh = await fs.open(file, 'r');
      try {
        const b = new Uint8Array(size);
        await readExactly(fh, b, start, file);
        const v = new DataView(b.buffer);
        const dtype = STORAGE_DTYPES[t.storage.dtype].dtype;
        if (dtype === 'int64') return Number(v.getBigInt64(0, true));
        if (dtype === 'int32') return v.getInt32(0, true);
        if (dtype === 'float32') return v.getFloat32(0, true);
        if (dtype === 'float64') return v.getFloat64(0, true);
        throw new StudioError('dtype', `${dtype} scalars are not read`, where(name));
      } finally {
        await fh.close();
      }
    };
    return {
      tensors: infos,
      scalars,
      matrix,
      scalar,
      async read(name) {
        const m = await matrix(name);
        try {
          return await m.readRows(0, m.rows);
        } finally {
          await m.close();
        }
      },
      close: () => zip.close(),
    };
  } catch (err) {
    zip.close();
    throw err;
  }
}

function decode(bytes: Uint8Array, dtype: string, out: Float32Array): void {
  if (dtype === 'float32' || dtype === 'float64') decodeNpyValues(bytes, dtype, out);
  else {
    const half = new Uint16Array(bytes.buffer, bytes.byteOffset, out.length);
    if (dtype === 'float16') halfArrayToFloat(half, out);
    else bfloatArrayToFloat(half, out);
  }
}

function storageOf(pid: PickleValue, storages: Map<string, PickledStorage>, file: string): PickledStorage {
  if (!(pid instanceof PickleTuple) || pid[0] !== 'storage') throw new StudioError('unsupported', 'a persistent reference that is not a tensor storage', `${file}: data.pkl`);
  const [, type, key, , numel] = pid;
  const name = typeof type === 'object' && type !== null && 'name' in type ? String(type.name) : String(type);
  if (!(name in STORAGE_DTYPES)) throw new StudioError('unsupported', `storage type ${name} is not read`, `${file}: data.pkl`);
  const k = String(key);
  const s = storages.get(k) ?? { kind: 'storage' as const, dtype: name, key: k, numel: Number(numel) };
  storages.set(k, s);
  return s;
}

function isContiguous(t: PickledTensor): boolean {
  let expected = 1;
  for (let i = t.shape.length - 1; i >= 0; i--) {
    if (t.shape[i] !== 1 && t.stride[i] !== expected) return false;
    expected *= t.shape[i];
  }
  return true;
}

/** Names tensors by their path in nested dicts and lists: `encoder.weight`, `layers.0.bias`. */
function flatten(v: PickleValue, name: string, tensors: Map<string, PickledTensor>, scalars: TorchFile['scalars']): void {
  if (v instanceof Map) {
    for (const [k, x] of v) flatten(x, name ? `${name}.${String(k)}` : String(k), tensors, scalars);
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => flatten(x, name ? `${name}.${i}` : String(i), tensors, scalars));
  } else if (typeof v === 'object' && v !== null && 'kind' in v && v.kind === 'tensor') {
    tensors.set(name || 'tensor', v);
  } else if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') {
    scalars[name || 'value'] = v;
  } else if (typeof v === 'bigint') scalars[name || 'value'] = Number(v);
}
