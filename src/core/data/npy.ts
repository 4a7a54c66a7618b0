import { promises as fs } from 'node:fs';
import { StudioError } from '../../shared/errors';
import { openRegularFile } from '../io/regularFile';
import { writeFileAtomic } from '../io/atomic';
import { floatArrayToHalf, halfArrayToFloat } from './float16';
import { checkRowRange, type FloatDtype, type MatrixSource, matrixShape } from './matrix';
import { parsePythonDict } from './pyliteral';

/**
 * NumPy `.npy` files (format spec: numpy.lib.format, versions 1.0, 2.0 and 3.0).
 * Little-endian float32 (`<f4`) and float16 (`<f2`) in C order: what activation dumps use,
 * and what the studio writes its shards in; float64 (`<f8`, numpy's default) is read
 * converted to float32.
 */

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** Above this a header is not a header: numpy itself caps them near this size. */
const MAX_HEADER_BYTES = 1 << 20;

/** Element types read from .npy files; float64 is converted to float32 as it is read. */
export type NpyDtype = FloatDtype | 'float64';

export interface NpyHeader {
  version: string;
  dtype: NpyDtype;
  shape: number[];
  /** byte offset of the first element */
  dataOffset: number;
  rows: number;
  cols: number;
}

const DESCR: Record<string, NpyDtype> = { '<f4': 'float32', '<f2': 'float16', '<f8': 'float64' };
export const ITEM_SIZE: Record<FloatDtype, number> = { float32: 4, float16: 2 };
export const NPY_ITEM_SIZE: Record<NpyDtype, number> = { ...ITEM_SIZE, float64: 8 };

/** The note an import records when its values were narrowed. */
export const FLOAT64_NOTE = 'float64 values were converted to float32 (nearest; magnitudes above 3.4e38 become ±Infinity and are refused as non-finite)';

/** Parses and validates a header from the first bytes of a file of `fileSize` bytes. */
export function parseNpyHeader(bytes: Uint8Array, fileSize: number, where: string): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new StudioError('bad-file', 'not an .npy file (missing the \\x93NUMPY magic)', where);
  }
  const major = bytes[6];
  const minor = bytes[7];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new StudioError('bad-file', 'truncated .npy header', where);
    headerLen = view.getUint32(8, true);
    start = 12;
  } else {
    throw new StudioError('bad-file', `unsupported .npy format version ${major}.${minor}`, `${where}: version`);
  }
  if (headerLen > MAX_HEADER_BYTES || start + headerLen > fileSize) {
    throw new StudioError('bad-file', `the header declares ${headerLen} bytes but the file holds ${fileSize}`, `${where}: header length`);
  }
  if (start + headerLen > bytes.length) throw new StudioError('bad-file', 'truncated .npy header', where);
  // Version 3.0 only widens the header encoding from latin-1 to UTF-8.
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  const dict = parsePythonDict(text, `${where}: header`);
  const descr = dict.descr;
  if (typeof descr !== 'string') throw new StudioError('bad-file', 'the header has no dtype (descr)', `${where}: descr`);
  const dtype = DESCR[descr];
  if (!dtype) {
    throw new StudioError('dtype', `dtype ${descr} is not supported; save as float32 ('<f4'), float16 ('<f2') or float64 ('<f8')`, `${where}: descr`);
  }
  if (dict.fortran_order !== false) {
    throw new StudioError('unsupported', 'Fortran-ordered arrays are not supported; save with np.ascontiguousarray', `${where}: fortran_order`);
  }
  const shape = dict.shape;
  if (!Array.isArray(shape) || shape.some((n) => typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)) {
    throw new StudioError('bad-file', 'the shape is not a tuple of non-negative integers', `${where}: shape`);
  }
  const dims = shape as number[];
  const { rows, cols } = matrixShape(dims, `${where}: shape`);
  const dataOffset = start + headerLen;
  const bytesNeeded = rows * cols * NPY_ITEM_SIZE[dtype];
  if (bytesNeeded > fileSize - dataOffset) {
    throw new StudioError('bad-file', `shape (${dims.join(', ')}) needs ${bytesNeeded} data bytes but the file holds ${fileSize - dataOffset}`, `${where}: shape`);
  }
  return { version: `${major}.${minor}`, dtype, shape: dims, dataOffset, rows, cols };
}

/** Reads only the header, never the data. */
export async function readNpyHeader(path: string): Promise<NpyHeader> {
  const handle = await openForRead(path);
  try {
    return await readHeaderFrom(handle, path);
  } finally {
    await handle.close();
  }
}

const openForRead = (path: string): Promise<fs.FileHandle> => openRegularFile(path);

async function readHeaderFrom(handle: fs.FileHandle, path: string): Promise<NpyHeader> {
  const { size } = await handle.stat();
  const prefix = new Uint8Array(Math.min(size, 12));
  await handle.read(prefix, 0, prefix.length, 0);
  let want = prefix.length;
  if (prefix.length >= 10 && prefix[6] === 1) want = 10 + new DataView(prefix.buffer).getUint16(8, true);
  else if (prefix.length >= 12 && (prefix[6] === 2 || prefix[6] === 3)) want = 12 + new DataView(prefix.buffer).getUint32(8, true);
  const bytes = new Uint8Array(Math.min(want, size, MAX_HEADER_BYTES + 12));
  await handle.read(bytes, 0, bytes.length, 0);
  return parseNpyHeader(bytes, size, path);
}

/** Opens an .npy file for streaming reads by row range; nothing beyond the header is read up front. */
export async function openNpy(path: string): Promise<MatrixSource & { header: NpyHeader }> {
  const handle = await openForRead(path);
  let header: NpyHeader;
  try {
    header = await readHeaderFrom(handle, path);
  } catch (err) {
    await handle.close();
    throw err;
  }
  const rowBytes = header.cols * NPY_ITEM_SIZE[header.dtype];
  let scratch = new Uint8Array(0);
  return {
    header,
    rows: header.rows,
    cols: header.cols,
    async readRows(start, count, dst) {
      checkRowRange(header, start, count, path);
      const n = count * header.cols;
      const out = dst && dst.length >= n ? dst.subarray(0, n) : new Float32Array(n);
      const bytes = count * rowBytes;
      const position = header.dataOffset + start * rowBytes;
      if (header.dtype === 'float32') {
        await readExactly(handle, new Uint8Array(out.buffer, out.byteOffset, bytes), position, path);
      } else {
        if (scratch.length < bytes) scratch = new Uint8Array(bytes);
        await readExactly(handle, scratch.subarray(0, bytes), position, path);
        decodeNpyValues(scratch.subarray(0, bytes), header.dtype, out);
      }
      return out;
    },
    close: () => handle.close(),
  };
}

/** Decodes little-endian elements of `dtype` into float32 (`out.length` values). */
export function decodeNpyValues(bytes: Uint8Array, dtype: NpyDtype, out: Float32Array): void {
  const n = out.length;
  if (dtype === 'float32') {
    new Uint8Array(out.buffer, out.byteOffset, n * 4).set(bytes.subarray(0, n * 4));
  } else if (dtype === 'float16') {
    halfArrayToFloat(aligned(bytes, n * 2, Uint16Array), out);
  } else {
    const wide = aligned(bytes, n * 8, Float64Array);
    for (let i = 0; i < n; i++) out[i] = wide[i];
  }
}

/** A typed view of `bytes`, copied when its offset is not a multiple of the element size. */
function aligned<T extends Uint16Array | Float64Array>(bytes: Uint8Array, length: number, Type: { new (b: ArrayBufferLike, o: number, n: number): T; BYTES_PER_ELEMENT: number }): T {
  const src = bytes.byteOffset % Type.BYTES_PER_ELEMENT === 0 ? bytes : bytes.slice(0, length);
  return new Type(src.buffer, src.byteOffset, length / Type.BYTES_PER_ELEMENT);
}

export async function readExactly(handle: fs.FileHandle, into: Uint8Array, position: number, where: string): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) throw new StudioError('bad-file', `file ended ${into.length - done} bytes early`, where);
    done += bytesRead;
  }
}

/**
 * The header bytes for `shape`, padded so the data starts at a multiple of 64 (numpy's
 * alignment) and, when `minTotal` is given, to at least that many bytes so a streaming
 * writer can rewrite it in place once the row count is known.
 */
export function encodeNpyHeader(dtype: FloatDtype, shape: readonly number[], minTotal = 0): Uint8Array {
  const descr = dtype === 'float32' ? '<f4' : '<f2';
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  let total = Math.max(10 + dict.length + 1, minTotal);
  total = Math.ceil(total / 64) * 64;
  if (total - 10 > 0xffff) throw new StudioError('internal', 'npy header too long for version 1.0', 'shape');
  const out = new Uint8Array(total);
  out.set(MAGIC);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, total - 10, true);
  const body = dict.padEnd(total - 10 - 1, ' ') + '\n';
  for (let i = 0; i < body.length; i++) out[10 + i] = body.charCodeAt(i);
  return out;
}

export function encodeNpyData(data: Float32Array, dtype: FloatDtype): Uint8Array {
  if (dtype === 'float32') return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const half = floatArrayToHalf(data);
  return new Uint8Array(half.buffer, half.byteOffset, half.byteLength);
}

/** Writes a whole array atomically. */
export async function writeNpy(path: string, data: Float32Array, shape: readonly number[], dtype: FloatDtype = 'float32'): Promise<void> {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new StudioError('shape', `shape (${shape.join(', ')}) holds ${count} values but ${data.length} were given`, path);
  }
  const header = encodeNpyHeader(dtype, shape);
  const body = encodeNpyData(data, dtype);
  const out = new Uint8Array(header.length + body.length);
  out.set(header);
  out.set(body, header.length);
  await writeFileAtomic(path, out);
}
