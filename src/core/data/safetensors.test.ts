import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/errors';
import { floatToBfloat, floatToHalf } from './float16';
import { openSafetensorsMatrix, readSafetensors, readSafetensorsHeader, writeSafetensors } from './safetensors';

// A real SAELens 3.4.0 checkpoint from thijmennijdam/Othello-GPT-FeatInterp (MIT), see
// shared/data/activations/SOURCES.md §1.
const REAL = path.resolve(
  __dirname,
  '../../../../shared/data/activations/othello_gpt_saes_saelens/my-own-othello-model_blocks.1.hook_resid_pre_1_8_0.01_512_102400000_0.0001_0.01/sae_weights.safetensors',
);

/** Builds a file from a raw header object and data bytes, bypassing the writer's checks. */
function rawFile(header: unknown, data: Uint8Array, headerText = JSON.stringify(header)): Buffer {
  const json = Buffer.from(headerText);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, json, data]);
}

describe('safetensors', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'st-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reads a real SAELens file: header only, then tensors, then row ranges', async () => {
    const header = await readSafetensorsHeader(REAL);
    expect(Object.keys(header.tensors).sort()).toEqual(['W_dec', 'W_enc', 'b_dec', 'b_enc']);
    expect(header.tensors.W_enc).toMatchObject({ dtype: 'F32', shape: [128, 1024] });
    const { tensors } = await readSafetensors(REAL);
    expect(tensors.W_dec.shape).toEqual([1024, 128]);
    // Independent check of the bytes: decode W_dec's row 7 straight from the file.
    const raw = await fs.readFile(REAL);
    const info = header.tensors.W_dec;
    const row7 = new Float32Array(raw.buffer.slice(raw.byteOffset + info.begin + 7 * 512, raw.byteOffset + info.begin + 8 * 512));
    const src = await openSafetensorsMatrix(REAL, 'W_dec');
    expect(src.rows).toBe(1024);
    expect(await src.readRows(7, 1)).toEqual(row7);
    expect(tensors.W_dec.data.subarray(7 * 128, 8 * 128)).toEqual(row7);
    await src.close();
  });

  it('round-trips float32 tensors and metadata, and reads F16 and BF16 as float32', async () => {
    const p = path.join(dir, 'w.safetensors');
    const a = new Float32Array([1, -2.5, 3e-8, 65504, 0.1, -0]);
    await writeSafetensors(p, { a: { shape: [2, 3], data: a }, b: { shape: [1], data: new Float32Array([7]) } }, { note: 'é ok' });
    const back = await readSafetensors(p);
    expect(back.metadata).toEqual({ note: 'é ok' });
    expect(back.tensors.a).toEqual({ shape: [2, 3], data: a });
    expect((8 + Number((await fs.readFile(p)).readBigUInt64LE(0))) % 8).toBe(0);

    const values = [1, -2, 0.5, 1 / 3];
    const half = new Uint16Array(values.map(floatToHalf));
    const bf = new Uint16Array(values.map(floatToBfloat));
    const q = path.join(dir, 'h.safetensors');
    await fs.writeFile(q, rawFile({ h: { dtype: 'F16', shape: [2, 2], data_offsets: [0, 8] }, g: { dtype: 'BF16', shape: [4], data_offsets: [8, 16] } }, Buffer.concat([Buffer.from(half.buffer), Buffer.from(bf.buffer)])));
    const mixed = await readSafetensors(q);
    expect(Array.from(mixed.tensors.h.data)).toEqual([1, -2, 0.5, 0.333251953125]);
    expect(Array.from(mixed.tensors.g.data)).toEqual([1, -2, 0.5, 0.333984375]);
    const rows = await openSafetensorsMatrix(q, 'h');
    expect(Array.from(await rows.readRows(1, 1))).toEqual([0.5, 0.333251953125]);
    await rows.close();
  });

  it('names the file and field of every malformed header', async () => {
    const cases: [string, Buffer, string, RegExp][] = [
      ['tiny', Buffer.from([1, 2, 3]), 'bad-file', /tiny: header length$/],
      ['long-header', rawFile(null, Buffer.alloc(0), '{}').fill(0xff, 0, 8), 'bad-file', /long-header: header length$/],
      ['truncated-header', rawFile({}, Buffer.alloc(0), '{"a": {"dtype": "F32"').subarray(0, 20), 'bad-file', /truncated-header: header length$/],
      ['not-json', rawFile(null, Buffer.alloc(0), '{not json}'), 'bad-file', /not-json: header$/],
      ['dtype', rawFile({ a: { dtype: 'F33', shape: [1], data_offsets: [0, 4] } }, Buffer.alloc(4)), 'bad-file', /dtype: a\.dtype$/],
      ['span', rawFile({ a: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 12] } }, Buffer.alloc(12)), 'bad-file', /span: a\.shape$/],
      ['huge', rawFile({ a: { dtype: 'F32', shape: [1e12, 1e6], data_offsets: [0, 4e18] } }, Buffer.alloc(8)), 'bad-file', /huge: a\.data_offsets$/],
      ['huge-shape', rawFile({ a: { dtype: 'F32', shape: [1e12, 1e6], data_offsets: [0, 8] } }, Buffer.alloc(8)), 'bad-file', /huge-shape: a\.shape$/],
      ['bounds', rawFile({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, Buffer.alloc(8)), 'bad-file', /bounds: a\.data_offsets$/],
      ['gap', rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] } }, Buffer.alloc(12)), 'bad-file', /gap: b\.data_offsets$/],
      ['trailing', rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, Buffer.alloc(8)), 'bad-file', /trailing: data_offsets$/],
    ];
    for (const [name, bytes, code, where] of cases) {
      const p = path.join(dir, name);
      await fs.writeFile(p, bytes);
      const err = await readSafetensors(p).then(() => null, (e: unknown) => e);
      expect(err, name).toBeInstanceOf(StudioError);
      expect((err as StudioError).code, name).toBe(code);
      expect((err as StudioError).where, name).toMatch(where);
    }
  });

  it('skips integer tensors and narrows F64 ones with a note, instead of failing the whole load', async () => {
    const p = path.join(dir, 'mixed.safetensors');
    const f64 = new Float64Array([0.1, -2.5, 1e-40]);
    const i64 = new BigInt64Array([7n]);
    await fs.writeFile(p, rawFile({ step: { dtype: 'I64', shape: [1], data_offsets: [0, 8] }, w: { dtype: 'F64', shape: [3], data_offsets: [8, 32] } }, Buffer.concat([Buffer.from(i64.buffer), Buffer.from(f64.buffer)])));
    const read = await readSafetensors(p);
    expect(Object.keys(read.tensors)).toEqual(['w']);
    expect(read.tensors.w.data).toEqual(Float32Array.from(f64));
    expect(read.notes).toEqual(['step: I64 tensor skipped (not floating point)', 'w: F64 values were converted to float32']);
    const rows = await openSafetensorsMatrix(p, 'w');
    expect(await rows.readRows(1, 2)).toEqual(Float32Array.from([-2.5, 1e-40]));
    await rows.close();
    await expect(openSafetensorsMatrix(p, 'step')).rejects.toMatchObject({ code: 'dtype', where: `${p}: step.dtype` });
  });

  // Issue 24: the header was decoded leniently, so invalid UTF-8 became U+FFFD and was accepted.
  it('refuses a header that is not valid UTF-8', async () => {
    const file = path.join(dir, 'latin1.safetensors');
    const header = Buffer.from(JSON.stringify({ 'x\u00e9': { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }), 'latin1');
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(header.length));
    await fs.writeFile(file, Buffer.concat([len, header, Buffer.alloc(4)]));
    const err = await readSafetensorsHeader(file).then(() => null, (e: unknown) => e as StudioError);
    expect(err).toMatchObject({ code: 'bad-file', where: `${file}: header` });
  });

  it('refuses mismatched data on write and leaves the existing file as it was', async () => {
    const p = path.join(dir, 'keep.safetensors');
    await writeSafetensors(p, { a: { shape: [2], data: new Float32Array([1, 2]) } });
    const before = await fs.readFile(p);
    await expect(writeSafetensors(p, { a: { shape: [3, 3], data: new Float32Array(4) } })).rejects.toMatchObject({ code: 'shape', where: `${p}: a` });
    expect(await fs.readFile(p)).toEqual(before);
    expect(await fs.readdir(dir)).toEqual(['keep.safetensors']);
  });
});
