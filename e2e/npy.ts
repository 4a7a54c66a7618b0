import { writeFile } from 'node:fs/promises';

/**
 * Writes a C-order float32 `.npy` (format 1.0): magic, version, little-endian header length,
 * a Python-dict header padded with spaces to a multiple of 64 bytes and ending in '\n', then
 * the raw rows (numpy's own `format.write_array` layout).
 */
export async function writeNpyFloat32(file: string, data: Float32Array, rows: number, cols: number): Promise<void> {
  if (data.length !== rows * cols) throw new Error(`npy data has ${data.length} values, expected ${rows}×${cols}`);
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  await writeFile(file, Buffer.concat([prefix, Buffer.from(header, 'latin1'), body]));
}
