import { promises as fs } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { StudioError } from '../../../shared/errors';
import { parsePythonDict } from '../../data/pyliteral';

/**
 * Layout maps as CircuitNet stores them: whole `.npy` arrays (optionally gzipped), float64 or
 * float32, 2-D [H, W] or [H, W, C]. The activation reader (core/data/npy.ts) streams float32/16
 * rows; maps are small and float64, so they are read whole here and kept as float32.
 */
export interface MapArray {
  height: number;
  width: number;
  channels: number;
  /** [H, W, C] row-major, C innermost (numpy's C order) */
  data: Float32Array;
}

const ITEM: Record<string, { size: number; read: (v: DataView, at: number) => number }> = {
  '<f8': { size: 8, read: (v, at) => v.getFloat64(at, true) },
  '<f4': { size: 4, read: (v, at) => v.getFloat32(at, true) },
  '>f8': { size: 8, read: (v, at) => v.getFloat64(at, false) },
  '>f4': { size: 4, read: (v, at) => v.getFloat32(at, false) },
};

/** Parses a (decompressed) `.npy` buffer; `where` names the file in errors. */
export function parseMapNpy(bytes: Uint8Array, where: string): MapArray {
  if (bytes.length < 10 || bytes[0] !== 0x93 || String.fromCharCode(...bytes.subarray(1, 6)) !== 'NUMPY') {
    throw new StudioError('bad-file', 'not an .npy file (missing the \\x93NUMPY magic)', where);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const [headerLen, start] = major === 1 ? [view.getUint16(8, true), 10] : [view.getUint32(8, true), 12];
  if (start + headerLen > bytes.length) throw new StudioError('bad-file', 'truncated .npy header', where);
  const dict = parsePythonDict(new TextDecoder('latin1').decode(bytes.subarray(start, start + headerLen)), `${where}: header`);
  const descr = String(dict.descr);
  const item = ITEM[descr];
  if (!item) throw new StudioError('dtype', `dtype ${descr} is not a map dtype; save as float64 or float32`, `${where}: descr`);
  if (dict.fortran_order !== false) throw new StudioError('unsupported', 'Fortran-ordered arrays are not supported; save with np.ascontiguousarray', `${where}: fortran_order`);
  const shape = dict.shape as number[];
  if (!Array.isArray(shape) || (shape.length !== 2 && shape.length !== 3) || shape.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new StudioError('shape', `a map must be [H, W] or [H, W, C], got (${Array.isArray(shape) ? shape.join(', ') : String(shape)})`, `${where}: shape`);
  }
  const [height, width, channels = 1] = shape;
  const n = height * width * channels;
  const offset = start + headerLen;
  if (offset + n * item.size > bytes.length) {
    throw new StudioError('bad-file', `shape (${shape.join(', ')}) needs ${n * item.size} data bytes but the file holds ${bytes.length - offset}`, `${where}: shape`);
  }
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = item.read(view, offset + i * item.size);
    if (!Number.isFinite(v)) {
      const c = i % channels;
      const px = (i - c) / channels;
      throw new StudioError('bad-input', `value ${v} at row ${Math.floor(px / width)}, column ${px % width}${channels > 1 ? `, channel ${c}` : ''}`, where);
    }
    data[i] = v;
  }
  return { height, width, channels, data };
}

/** Reads a `.npy` or gzipped `.npy` (detected by content, not by name). */
export async function readMapNpy(file: string): Promise<MapArray> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    throw new StudioError('not-found', `cannot read the map: ${(e as Error).message}`, file);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw new StudioError('bad-file', 'the gzip stream is damaged', file);
    }
  }
  return parseMapNpy(bytes, file);
}

/** Encodes an [H, W] or [H, W, C] float32 array as `.npy` bytes (gzipped with `gzip`). */
export function encodeMapNpy(map: MapArray, gzip = false, dtype: '<f4' | '<f8' = '<f4'): Uint8Array {
  const shape = map.channels === 1 ? `(${map.height}, ${map.width})` : `(${map.height}, ${map.width}, ${map.channels})`;
  let header = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shape}, }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const size = dtype === '<f4' ? 4 : 8;
  const out = new Uint8Array(10 + header.length + map.data.length * size);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  const view = new DataView(out.buffer, 10 + header.length);
  for (let i = 0; i < map.data.length; i++) {
    if (size === 4) view.setFloat32(i * 4, map.data[i], true);
    else view.setFloat64(i * 8, map.data[i], true);
  }
  return gzip ? gzipSync(out) : out;
}

/** Channel c of an [H, W, C] array as its own [H, W] plane. */
export function channel(map: MapArray, c: number): Float32Array {
  const out = new Float32Array(map.height * map.width);
  for (let i = 0; i < out.length; i++) out[i] = map.data[i * map.channels + c];
  return out;
}
