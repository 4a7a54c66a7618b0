import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/errors';
import { encodeNpyHeader, openNpy, readNpyHeader, writeNpy } from './npy';

// The .npy fixtures were written by NumPy's own numpy.lib.format (fixtures/make_fixtures.py).
const fixture = (name: string) => path.join(__dirname, 'fixtures', name);
const base = Array.from({ length: 12 }, (_, i) => i * 0.5 - 1);

async function expectBadFile(p: Promise<unknown>, code: string, where: RegExp) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(StudioError);
  expect((err as StudioError).code).toBe(code);
  expect((err as StudioError).where).toMatch(where);
}

describe('npy reader', () => {
  it('reads NumPy-written float32 and float16 files in versions 1.0, 2.0 and 3.0', async () => {
    for (const [name, version, dtype] of [['f4_v1.npy', '1.0', 'float32'], ['f2_v2.npy', '2.0', 'float16'], ['f4_v3.npy', '3.0', 'float32']] as const) {
      const header = await readNpyHeader(fixture(name));
      expect(header).toMatchObject({ version, dtype, shape: [3, 4], rows: 3, cols: 4 });
      const src = await openNpy(fixture(name));
      expect(Array.from(await src.readRows(0, 3))).toEqual(base);
      expect(Array.from(await src.readRows(1, 1))).toEqual(base.slice(4, 8));
      await src.close();
    }
  });

  it('flattens leading axes into rows and reads a 1-D array as one column', async () => {
    expect(await readNpyHeader(fixture('f4_3d.npy'))).toMatchObject({ shape: [2, 3, 4], rows: 6, cols: 4 });
    expect(await readNpyHeader(fixture('f4_1d.npy'))).toMatchObject({ shape: [5], rows: 5, cols: 1 });
    const src = await openNpy(fixture('f4_3d.npy'));
    expect(Array.from(await src.readRows(5, 1))).toEqual([20, 21, 22, 23]);
    await src.close();
  });

  it('names the field of unsupported files: Fortran order, big-endian', async () => {
    await expectBadFile(readNpyHeader(fixture('fortran.npy')), 'unsupported', /fortran\.npy: fortran_order$/);
    await expectBadFile(readNpyHeader(fixture('f4_big_endian.npy')), 'dtype', /big_endian\.npy: descr$/);
  });

  it('reads float64 (NumPy-written) as float32, rounded to nearest', async () => {
    const src = await openNpy(fixture('f8.npy'));
    expect(src.header).toMatchObject({ dtype: 'float64', shape: [3, 4] });
    // make_fixtures.py: arange(12).reshape(3, 4) * 0.5 - 1 as <f8
    expect(Array.from(await src.readRows(1, 2))).toEqual(Array.from({ length: 8 }, (_, i) => (i + 4) * 0.5 - 1));
    await src.close();
  });

  it('refuses an out-of-range row request', async () => {
    const src = await openNpy(fixture('f4_v1.npy'));
    await expectBadFile(src.readRows(2, 2), 'bad-input', /f4_v1\.npy$/);
    await src.close();
  });
});

describe('npy writer and corrupt files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'npy-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('round-trips float32 and float16 and writes a header NumPy accepts (64-byte aligned, same bytes as NumPy)', async () => {
    const data = new Float32Array(base);
    const p = path.join(dir, 'a.npy');
    await writeNpy(p, data, [3, 4]);
    // NumPy 2.x writes exactly this header for a (3, 4) float32 array.
    expect(Buffer.from(await fs.readFile(p))).toEqual(await fs.readFile(fixture('f4_v1.npy')));
    await writeNpy(p, data, [3, 4], 'float16');
    const src = await openNpy(p);
    expect(src.header.dtype).toBe('float16');
    expect(Array.from(await src.readRows(0, 3))).toEqual(base);
    await src.close();
    expect(encodeNpyHeader('float32', [10 ** 12, 4096], 128).length).toBe(128);
  });

  it('reports truncated headers, huge shapes, truncated data and non-npy files as bad-file naming the file', async () => {
    const good = await fs.readFile(fixture('f4_v1.npy'));
    const write = async (name: string, bytes: Uint8Array) => {
      const p = path.join(dir, name);
      await fs.writeFile(p, bytes);
      return p;
    };
    await expectBadFile(readNpyHeader(await write('short.npy', good.subarray(0, 40))), 'bad-file', /short\.npy: header length$/);
    await expectBadFile(readNpyHeader(await write('data.npy', good.subarray(0, good.length - 4))), 'bad-file', /data\.npy: shape$/);
    await expectBadFile(readNpyHeader(await write('text.npy', new TextEncoder().encode('hello, not an array'))), 'bad-file', /text\.npy$/);
    const huge = Buffer.concat([encodeNpyHeader('float32', [1e12, 1e6]), Buffer.alloc(64)]);
    await expectBadFile(readNpyHeader(await write('huge.npy', huge)), 'bad-file', /huge\.npy: shape$/);
    const garbled = Buffer.from(good);
    garbled.write("{'descr' '<f4'", 10, 'latin1');
    await expectBadFile(readNpyHeader(await write('garbled.npy', garbled)), 'bad-file', /garbled\.npy: header$/);
  });

  // Issue 24: a header nested thousands deep overflowed the stack and came out as `internal`.
  it('refuses a deeply nested header as bad-file naming the header', async () => {
    const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${'('.repeat(5000)}${')'.repeat(5000)}, }`;
    const body = Buffer.from(dict.padEnd(Math.ceil((dict.length + 11) / 64) * 64 - 11) + '\n');
    const prefix = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0]);
    prefix.writeUInt16LE(body.length, 8);
    const file = path.join(dir, 'deep.npy');
    await fs.writeFile(file, Buffer.concat([prefix, body]));
    await expectBadFile(readNpyHeader(file), 'bad-file', /deep\.npy: header$/);
  });

  it('refuses a shape that does not match the data and leaves the existing file untouched', async () => {
    const p = path.join(dir, 'keep.npy');
    await writeNpy(p, new Float32Array([1, 2]), [2]);
    const before = await fs.readFile(p);
    await expect(writeNpy(p, new Float32Array(5), [2, 3])).rejects.toMatchObject({ code: 'shape' });
    expect(await fs.readFile(p)).toEqual(before);
    expect(await fs.readdir(dir)).toEqual(['keep.npy']);
  });
});
