import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { encodeNpyHeader } from '../../src/core/data/npy';
import { Rng } from '../../src/core/io/rng';
import { saveSaeLens } from '../../src/core/sae/checkpoint/saelens';
import { randomSae } from '../../src/core/sae/checkpoint/testSae';

/**
 * Seeded malformed inputs for every door a user's file comes through: dataset import (npy,
 * safetensors, CSV), explanations import and SAE import. Each case is a path and the door it
 * is tried at; the same seed gives the same files.
 */
export type Door = 'dataset' | 'explanations' | 'sae';

export interface BadCase {
  name: string;
  door: Door;
  path: string;
}

type Maker = (rng: Rng, file: (ext: string) => string) => Promise<BadCase>;

const npyHeader = (shape: number[]) => Buffer.from(encodeNpyHeader('float32', shape));
const floats = (values: number[]) => Buffer.from(new Float32Array(values).buffer);
const randomFloats = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.normal());

function safetensors(header: unknown, data: Buffer, text = JSON.stringify(header)): Buffer {
  const json = Buffer.from(text, 'utf8');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, json, data]);
}

const write = async (door: Door, name: string, p: string, bytes: Buffer | string): Promise<BadCase> => {
  await fs.writeFile(p, bytes);
  return { name, door, path: p };
};

/** Flips a few bytes of `header` (seeded), keeping the rest: headers that are almost right. */
function flip(rng: Rng, bytes: Buffer, from: number, to: number): Buffer {
  const out = Buffer.from(bytes);
  const n = 1 + rng.int(3);
  for (let i = 0; i < n; i++) out[from + rng.int(Math.max(1, to - from))] = rng.int(256);
  return out;
}

const MAKERS: Record<string, Maker> = {
  'npy: bad magic': (rng, f) => write('dataset', 'npy: bad magic', f('.npy'), Buffer.concat([Buffer.from('NOTNUMPY'), floats(randomFloats(rng, 8))])),
  'npy: truncated header': (_, f) => write('dataset', 'npy: truncated header', f('.npy'), npyHeader([4, 4]).subarray(0, 20)),
  'npy: header length beyond file': (_, f) => {
    const h = npyHeader([2, 2]);
    h.writeUInt16LE(60000, 8);
    return write('dataset', 'npy: header length beyond file', f('.npy'), Buffer.concat([h, floats([1, 2, 3, 4])]));
  },
  'npy: deeply nested header': (rng, f) => {
    const depth = 1000 + rng.int(20000);
    const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${'('.repeat(depth)}${')'.repeat(depth)}, }`;
    const body = Buffer.from(dict.padEnd(Math.ceil((dict.length + 11) / 64) * 64 - 11) + '\n');
    const prefix = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, depth > 60000 ? 2 : 1, 0, 0, 0]);
    prefix.writeUInt16LE(body.length & 0xffff, 8);
    return write('dataset', 'npy: deeply nested header', f('.npy'), Buffer.concat([prefix, body]));
  },
  'npy: float64': (_, f) => {
    const h = Buffer.from(npyHeader([2, 2]).toString('latin1').replace("'<f4'", "'<f8'"), 'latin1');
    return write('dataset', 'npy: float64', f('.npy'), Buffer.concat([h, Buffer.alloc(32)]));
  },
  'npy: shape beyond data': (rng, f) => write('dataset', 'npy: shape beyond data', f('.npy'), Buffer.concat([npyHeader([1000 + rng.int(1e6), 16]), floats(randomFloats(rng, 16))])),
  'npy: zero rows': (_, f) => write('dataset', 'npy: zero rows', f('.npy'), npyHeader([0, 8])),
  'npy: zero columns': (_, f) => write('dataset', 'npy: zero columns', f('.npy'), npyHeader([8, 0])),
  'npy: NaN value': (rng, f) => {
    const v = randomFloats(rng, 32);
    v[rng.int(32)] = NaN;
    return write('dataset', 'npy: NaN value', f('.npy'), Buffer.concat([npyHeader([4, 8]), floats(v)]));
  },
  'npy: 3e38 value': (rng, f) => {
    const v = randomFloats(rng, 32);
    v[rng.int(32)] = 3e38;
    return write('dataset', 'npy: 3e38 value', f('.npy'), Buffer.concat([npyHeader([4, 8]), floats(v)]));
  },
  'npy: flipped header bytes': (rng, f) => {
    const h = npyHeader([4, 8]);
    // Flip inside the dict's key part: the shape digits may stay valid, so keep to descr/order.
    return write('dataset', 'npy: flipped header bytes', f('.npy'), Buffer.concat([flip(rng, h, 11, 40), floats(randomFloats(rng, 32))]));
  },
  'safetensors: length beyond file': (_, f) => {
    const b = safetensors({ x: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, Buffer.alloc(4));
    b.writeBigUInt64LE(1n << 40n, 0);
    return write('dataset', 'safetensors: length beyond file', f('.safetensors'), b);
  },
  'safetensors: invalid UTF-8 header': (_, f) => {
    const text = JSON.stringify({ 'x\u00e9': { dtype: 'F32', shape: [1], data_offsets: [0, 4] } });
    const json = Buffer.from(text, 'latin1');
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(json.length));
    return write('dataset', 'safetensors: invalid UTF-8 header', f('.safetensors'), Buffer.concat([len, json, Buffer.alloc(4)]));
  },
  'safetensors: not JSON': (_, f) => write('dataset', 'safetensors: not JSON', f('.safetensors'), safetensors(null, Buffer.alloc(0), '{"x": [1, 2')),
  'safetensors: unknown dtype': (_, f) => write('dataset', 'safetensors: unknown dtype', f('.safetensors'), safetensors({ x: { dtype: 'F128', shape: [1], data_offsets: [0, 16] } }, Buffer.alloc(16))),
  'safetensors: overlapping offsets': (_, f) =>
    write('dataset', 'safetensors: overlapping offsets', f('.safetensors'), safetensors({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, Buffer.alloc(12))),
  'safetensors: NaN tensor': (rng, f) => {
    const v = randomFloats(rng, 16);
    v[rng.int(16)] = Infinity;
    return write('dataset', 'safetensors: NaN tensor', f('.safetensors'), safetensors({ x: { dtype: 'F32', shape: [4, 4], data_offsets: [0, 64] } }, floats(v)));
  },
  'csv: unterminated quote': (_, f) => write('dataset', 'csv: unterminated quote', f('.csv'), 'a,b\n1,2\n"3,4\n5,6\n'),
  'csv: ragged row': (rng, f) => write('dataset', 'csv: ragged row', f('.csv'), `a,b,c\n1,2,3\n${Array.from({ length: 1 + rng.int(5) }, () => '1').join(',')}${rng.int(2) ? ',9,9,9' : ''}\n`),
  'csv: header only': (_, f) => write('dataset', 'csv: header only', f('.csv'), 'a,b,c\n'),
  'csv: empty': (_, f) => write('dataset', 'csv: empty', f('.csv'), ''),
  'csv: not a number later': (_, f) => write('dataset', 'csv: not a number later', f('.csv'), 'a,b\n1,2\n3,oops\n'),
  'csv: infinity': (_, f) => write('dataset', 'csv: infinity', f('.csv'), 'a,b\n1,2\n-inf,4\n'),
  'csv: binary garbage': (rng, f) => write('dataset', 'csv: binary garbage', f('.csv'), Buffer.from(Array.from({ length: 200 + rng.int(2000) }, () => rng.int(256)))),
  'dataset: unknown extension': (_, f) => write('dataset', 'dataset: unknown extension', f('.parquetx'), 'x'),
  'dataset: FIFO': async (_, f) => {
    const p = f('.npy');
    execFileSync('mkfifo', [p]);
    return { name: 'dataset: FIFO', door: 'dataset', path: p };
  },
  'dataset: symlink to /dev/zero': async (_, f) => {
    const p = f('.csv');
    await fs.symlink('/dev/zero', p);
    return { name: 'dataset: symlink to /dev/zero', door: 'dataset', path: p };
  },
  'dataset: folder': async (_, f) => {
    const p = f('.npy');
    await fs.mkdir(p);
    return { name: 'dataset: folder', door: 'dataset', path: p };
  },
  'dataset: symlink loop': async (_, f) => {
    const a = f('.npy');
    const b = f('.npy');
    await fs.symlink(b, a);
    await fs.symlink(a, b);
    return { name: 'dataset: symlink loop', door: 'dataset', path: a };
  },
  'explanations: version 2': (_, f) => write('explanations', 'explanations: version 2', f('.json'), JSON.stringify({ version: 2, explanations: [{ feature: 1, text: 'x' }] })),
  'explanations: feature as string': (rng, f) => write('explanations', 'explanations: feature as string', f('.json'), JSON.stringify([{ feature: String(rng.int(8)), text: 'x' }])),
  'explanations: unterminated quote': (_, f) => write('explanations', 'explanations: unterminated quote', f('.csv'), 'feature,text\n1,"open\n2,b\n'),
  'explanations: feature out of range': (rng, f) => write('explanations', 'explanations: feature out of range', f('.csv'), `feature,text\n${100 + rng.int(1000)},x\n`),
  'explanations: duplicate feature': (_, f) => write('explanations', 'explanations: duplicate feature', f('.csv'), 'feature,text\n1,a\n1,b\n'),
  'explanations: not JSON': (_, f) => write('explanations', 'explanations: not JSON', f('.json'), '[{"feature": 1,'),
  'explanations: FIFO': async (_, f) => {
    const p = f('.csv');
    execFileSync('mkfifo', [p]);
    return { name: 'explanations: FIFO', door: 'explanations', path: p };
  },
  'explanations: symlink to /dev/zero': async (_, f) => {
    const p = f('.json');
    await fs.symlink('/dev/zero', p);
    return { name: 'explanations: symlink to /dev/zero', door: 'explanations', path: p };
  },
  'sae: whitening file climbs out': async (rng, f) => {
    const dir = await saeFolder(rng, f(''));
    const cfg = JSON.parse(await fs.readFile(path.join(dir, 'cfg.json'), 'utf8'));
    cfg.studio = { ...cfg.studio, whitening: { kind: 'zca', dims: 8, epsilon: 1e-6, file: '../../../../etc/passwd' } };
    await fs.writeFile(path.join(dir, 'cfg.json'), JSON.stringify(cfg));
    return { name: 'sae: whitening file climbs out', door: 'sae', path: dir };
  },
  'sae: NaN weights': async (rng, f) => {
    const dir = await saeFolder(rng, f(''));
    const file = path.join(dir, 'sae_weights.safetensors');
    const bytes = await fs.readFile(file);
    const headerLen = Number(bytes.readBigUInt64LE(0));
    // A NaN float32 (0x7fc00000, little-endian) somewhere in the data section.
    const at = 8 + headerLen + 4 * rng.int((bytes.length - 8 - headerLen) / 4);
    bytes.writeUInt32LE(0x7fc00000, at);
    await fs.writeFile(file, bytes);
    return { name: 'sae: NaN weights', door: 'sae', path: dir };
  },
  'sae: cfg not JSON': async (rng, f) => {
    const dir = await saeFolder(rng, f(''));
    await fs.writeFile(path.join(dir, 'cfg.json'), '{"d_in": 8,');
    return { name: 'sae: cfg not JSON', door: 'sae', path: dir };
  },
  'sae: d_in mismatch': async (rng, f) => {
    const dir = await saeFolder(rng, f(''));
    const cfg = JSON.parse(await fs.readFile(path.join(dir, 'cfg.json'), 'utf8'));
    cfg.d_in = 9 + rng.int(5);
    await fs.writeFile(path.join(dir, 'cfg.json'), JSON.stringify(cfg));
    return { name: 'sae: d_in mismatch', door: 'sae', path: dir };
  },
  'sae: weights symlinked outside': async (rng, f) => {
    const outside = await saeFolder(rng, f(''));
    const dir = f('');
    await fs.mkdir(dir);
    await fs.copyFile(path.join(outside, 'cfg.json'), path.join(dir, 'cfg.json'));
    await fs.symlink(path.join(outside, 'sae_weights.safetensors'), path.join(dir, 'sae_weights.safetensors'));
    return { name: 'sae: weights symlinked outside', door: 'sae', path: dir };
  },
  'sae: FIFO weights': async (rng, f) => {
    const dir = await saeFolder(rng, f(''));
    await fs.rm(path.join(dir, 'sae_weights.safetensors'));
    execFileSync('mkfifo', [path.join(dir, 'sae_weights.safetensors')]);
    return { name: 'sae: FIFO weights', door: 'sae', path: dir };
  },
};

async function saeFolder(rng: Rng, dir: string): Promise<string> {
  await saveSaeLens(dir, randomSae('standard', 8, 16, rng.int(1000)));
  return dir;
}

export const CASE_KINDS = Object.keys(MAKERS);

/** `count` cases in `dir`, cycling through every kind with seeded variations. */
export async function makeCases(dir: string, count: number, seed: number): Promise<BadCase[]> {
  const rng = new Rng(seed);
  let n = 0;
  const file = (ext: string) => path.join(dir, `case-${String(n++).padStart(4, '0')}${ext}`);
  const cases: BadCase[] = [];
  for (let i = 0; i < count; i++) cases.push(await MAKERS[CASE_KINDS[i % CASE_KINDS.length]](rng, file));
  return cases;
}
