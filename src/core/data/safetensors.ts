import { promises as fs } from 'node:fs';
import { StudioError } from '../../shared/errors';
import { openRegularFile } from '../io/regularFile';
import { openAtomicWriter } from '../io/atomic';
import { bfloatArrayToFloat, halfArrayToFloat } from './float16';
import { checkRowRange, type MatrixSource, matrixShape } from './matrix';
import { decodeNpyValues, readExactly } from './npy';

/**
 * safetensors (huggingface/safetensors, format in its README): an 8-byte little-endian
 * header length, a JSON header `{name: {dtype, shape, data_offsets: [begin, end]}, __metadata__}`,
 * then the tensors' bytes. Every header is checked against the file before any data is read.
 */

export const SAFETENSORS_ITEM_SIZE: Record<string, number> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U64: 8, U32: 4, U16: 2, U8: 1, BOOL: 1, F8_E4M3: 1, F8_E5M2: 1,
};
/** The dtypes read into Float32Array (F64 narrowed, with a note). */
export const FLOAT_DTYPES = new Set(['F32', 'F16', 'BF16', 'F64']);

/** The note a read records when a tensor's values were narrowed. */
export const f64Note = (name: string) => `${name}: F64 values were converted to float32`;
/** Headers above this are refused: the format's own reader refuses 100 MB. */
const MAX_HEADER_BYTES = 100_000_000;

export interface TensorInfo {
  dtype: string;
  shape: number[];
  /** absolute byte range in the file */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  tensors: Record<string, TensorInfo>;
  metadata: Record<string, string>;
}

export interface F32Tensor {
  shape: number[];
  data: Float32Array;
}

/** Validates a header; `fileSize` is the whole file's size. */
export function parseSafetensorsHeader(json: string, headerLen: number, fileSize: number, where: string): SafetensorsHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new StudioError('bad-file', 'the safetensors header is not JSON', `${where}: header`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new StudioError('bad-file', 'the safetensors header is not a JSON object', `${where}: header`);
  const dataStart = 8 + headerLen;
  const tensors: Record<string, TensorInfo> = {};
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(raw as Record<string, unknown>)) {
    const at = `${where}: ${name}`;
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null || Object.values(entry).some((v) => typeof v !== 'string')) {
        throw new StudioError('bad-file', '__metadata__ must map strings to strings', at);
      }
      metadata = entry as Record<string, string>;
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof e !== 'object' || e === null) throw new StudioError('bad-file', 'tensor entry is not an object', at);
    if (typeof e.dtype !== 'string' || !(e.dtype in SAFETENSORS_ITEM_SIZE)) {
      throw new StudioError('bad-file', `unknown dtype ${JSON.stringify(e.dtype)}`, `${at}.dtype`);
    }
    if (!Array.isArray(e.shape) || e.shape.some((n) => !Number.isSafeInteger(n) || n < 0)) {
      throw new StudioError('bad-file', 'shape is not a list of non-negative integers', `${at}.shape`);
    }
    const off = e.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || off.some((n) => !Number.isSafeInteger(n) || n < 0) || off[1] < off[0]) {
      throw new StudioError('bad-file', 'data_offsets must be [begin, end] with begin ≤ end', `${at}.data_offsets`);
    }
    const shape = e.shape as number[];
    const bytes = shape.reduce((a, b) => a * b, 1) * SAFETENSORS_ITEM_SIZE[e.dtype];
    if (bytes !== off[1] - off[0]) {
      throw new StudioError('bad-file', `shape [${shape.join(', ')}] of ${e.dtype} needs ${bytes} bytes but data_offsets span ${off[1] - off[0]}`, `${at}.shape`);
    }
    if (dataStart + off[1] > fileSize) {
      throw new StudioError('bad-file', `data_offsets end at ${off[1]} beyond the ${fileSize - dataStart} data bytes in the file`, `${at}.data_offsets`);
    }
    tensors[name] = { dtype: e.dtype, shape, begin: dataStart + off[0], end: dataStart + off[1] };
  }
  // The format requires the tensors to tile the data section with no gaps or overlaps.
  let cursor = dataStart;
  for (const [name, t] of Object.entries(tensors).sort((a, b) => a[1].begin - b[1].begin || a[1].end - b[1].end)) {
    if (t.begin !== cursor) throw new StudioError('bad-file', `data_offsets are not contiguous (expected ${cursor - dataStart}, got ${t.begin - dataStart})`, `${where}: ${name}.data_offsets`);
    cursor = t.end;
  }
  if (cursor !== fileSize) throw new StudioError('bad-file', `${fileSize - cursor} bytes after the last tensor`, `${where}: data_offsets`);
  return { tensors, metadata };
}

const openForRead = (path: string): Promise<fs.FileHandle> => openRegularFile(path);

async function readHeaderFrom(handle: fs.FileHandle, path: string): Promise<SafetensorsHeader> {
  const { size } = await handle.stat();
  if (size < 8) throw new StudioError('bad-file', 'too short for a safetensors file', `${path}: header length`);
  const lenBytes = new Uint8Array(8);
  await readExactly(handle, lenBytes, 0, path);
  const headerLen = Number(new DataView(lenBytes.buffer).getBigUint64(0, true));
  if (headerLen > MAX_HEADER_BYTES || 8 + headerLen > size) {
    throw new StudioError('bad-file', `header length ${headerLen} does not fit in the ${size}-byte file`, `${path}: header length`);
  }
  const json = new Uint8Array(headerLen);
  await readExactly(handle, json, 8, path);
  let text: string;
  try {
    // The format requires UTF-8; a lenient decode would turn bad bytes into U+FFFD and accept them.
    text = new TextDecoder('utf-8', { fatal: true }).decode(json);
  } catch {
    throw new StudioError('bad-file', 'the header is not valid UTF-8', `${path}: header`);
  }
  return parseSafetensorsHeader(text, headerLen, size, path);
}

/** Reads only the header, never the tensors. */
export async function readSafetensorsHeader(path: string): Promise<SafetensorsHeader> {
  const handle = await openForRead(path);
  try {
    return await readHeaderFrom(handle, path);
  } finally {
    await handle.close();
  }
}

function toFloat32(bytes: Uint8Array, dtype: string, dst: Float32Array): void {
  if (dtype === 'F32') new Uint8Array(dst.buffer, dst.byteOffset, dst.byteLength).set(bytes);
  else if (dtype === 'F64') decodeNpyValues(bytes, 'float64', dst);
  else if (dtype === 'F16') halfArrayToFloat(new Uint16Array(bytes.buffer, bytes.byteOffset, dst.length), dst);
  else bfloatArrayToFloat(new Uint16Array(bytes.buffer, bytes.byteOffset, dst.length), dst);
}

function requireFloat(info: TensorInfo, where: string): void {
  if (!FLOAT_DTYPES.has(info.dtype)) throw new StudioError('dtype', `dtype ${info.dtype} cannot be read as float32 (F32, F16, BF16 or F64 only)`, where);
}

/**
 * Reads every tensor (for checkpoints, which fit in memory) as float32. F64 tensors are
 * narrowed and integer or boolean ones (step counters, token ids) skipped, each with a note,
 * so one such tensor does not stop a checkpoint from loading; a reader that needs a skipped
 * tensor names it as missing.
 */
export async function readSafetensors(path: string): Promise<{ tensors: Record<string, F32Tensor>; metadata: Record<string, string>; notes: string[] }> {
  const handle = await openForRead(path);
  try {
    const header = await readHeaderFrom(handle, path);
    const tensors: Record<string, F32Tensor> = {};
    const notes: string[] = [];
    for (const [name, info] of Object.entries(header.tensors)) {
      if (!FLOAT_DTYPES.has(info.dtype)) {
        notes.push(`${name}: ${info.dtype} tensor skipped (not floating point)`);
        continue;
      }
      if (info.dtype === 'F64') notes.push(f64Note(name));
      const bytes = new Uint8Array(info.end - info.begin);
      await readExactly(handle, bytes, info.begin, path);
      const data = new Float32Array(bytes.length / SAFETENSORS_ITEM_SIZE[info.dtype]);
      toFloat32(bytes, info.dtype, data);
      tensors[name] = { shape: info.shape, data };
    }
    return { tensors, metadata: header.metadata, notes };
  } finally {
    await handle.close();
  }
}

/** Opens one tensor for streaming reads by row range (rows as in `matrixShape`). */
export async function openSafetensorsMatrix(path: string, name: string): Promise<MatrixSource> {
  const handle = await openForRead(path);
  try {
    const header = await readHeaderFrom(handle, path);
    const info = header.tensors[name];
    if (!info) throw new StudioError('not-found', `no tensor named ${name}`, `${path}: ${name}`);
    requireFloat(info, `${path}: ${name}.dtype`);
    const { rows, cols } = matrixShape(info.shape, `${path}: ${name}.shape`);
    const itemSize = SAFETENSORS_ITEM_SIZE[info.dtype];
    let scratch = new Uint8Array(0);
    return {
      rows,
      cols,
      async readRows(start, count, dst) {
        checkRowRange({ rows }, start, count, `${path}: ${name}`);
        const n = count * cols;
        const out = dst && dst.length >= n ? dst.subarray(0, n) : new Float32Array(n);
        const bytes = n * itemSize;
        if (scratch.length < bytes) scratch = new Uint8Array(bytes);
        await readExactly(handle, scratch.subarray(0, bytes), info.begin + start * cols * itemSize, path);
        toFloat32(scratch.subarray(0, bytes), info.dtype, out);
        return out;
      },
      close: () => handle.close(),
    };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** Writes float32 tensors atomically, streaming each tensor's bytes (no whole-file copy). */
export async function writeSafetensors(path: string, tensors: Record<string, F32Tensor>, metadata?: Record<string, string>): Promise<void> {
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) {
      throw new StudioError('shape', `shape [${t.shape.join(', ')}] holds ${count} values but ${t.data.length} were given`, `${path}: ${name}`);
    }
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  const encoded = new TextEncoder().encode(JSON.stringify(header));
  // Pad with spaces so the data section starts 8-byte aligned, as the reference writer does.
  const jsonBytes = new Uint8Array(Math.ceil(encoded.length / 8) * 8).fill(0x20);
  jsonBytes.set(encoded);
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(jsonBytes.length), true);
  const writer = await openAtomicWriter(path);
  try {
    await writer.write(prefix);
    await writer.write(jsonBytes);
    for (const t of Object.values(tensors)) await writer.write(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    await writer.commit();
  } catch (err) {
    await writer.abort();
    throw err;
  }
}
