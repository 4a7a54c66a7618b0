import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetMeta } from '../../shared/schemas/dataset';
import { Rng } from '../io/rng';
import { floatArrayToHalf, halfArrayToFloat } from './float16';
import { importMatrix, inspectImportFile } from './import';
import { openNpy, writeNpy } from './npy';
import { writeSafetensors } from './safetensors';

const SHARED = path.resolve(__dirname, '../../../../shared/data');
// Real SAELens 3.4.0 weights (thijmennijdam/Othello-GPT-FeatInterp, MIT): activations/SOURCES.md §1.
const REAL_SAE = path.join(SHARED, 'activations/othello_gpt_saes_saelens/my-own-othello-model_blocks.1.hook_resid_pre_1_8_0.01_512_102400000_0.0001_0.01/sae_weights.safetensors');
// Real WTHOR games sample (FFO, via ledpup/Othello): othello/SOURCES.md §1.
const WTHOR = path.join(SHARED, 'othello/wthor_sample_5000.csv');

function randomMatrix(rows: number, cols: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: rows * cols }, (_, i) => rng.normal() * (1 + (i % cols)) + (i % cols));
}

async function readDataset(dir: string, meta: DatasetMeta): Promise<Float32Array> {
  const out = new Float32Array(meta.rows * meta.dims);
  let row = 0;
  for (const shard of meta.shards) {
    const src = await openNpy(path.join(dir, shard.file));
    expect(src.header.dtype).toBe(meta.dtype);
    out.set(await src.readRows(0, shard.rows), row * meta.dims);
    row += shard.rows;
    await src.close();
  }
  return out;
}

describe('importMatrix', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'import-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('imports an .npy into float16 shards with exact stats and a valid meta.json', async () => {
    const rows = 1000;
    const cols = 16;
    const data = randomMatrix(rows, cols, 1);
    const src = path.join(dir, 'acts.npy');
    await writeNpy(src, data, [rows, cols]);
    expect(await inspectImportFile(src)).toEqual({ format: 'npy', tensors: [{ name: 'acts', shape: [rows, cols], dtype: 'float32', importable: true }] });
    const progress: number[] = [];
    const target = path.join(dir, 'datasets', 'd1');
    const meta = await importMatrix({ source: src, datasetDir: target, id: 'd1', name: 'acts', dtype: 'float16', shardRows: 300, trainFraction: 0.8, onProgress: (done) => progress.push(done) });
    expect(progress.at(-1)).toBe(rows);
    expect(meta.shards).toEqual([300, 300, 300, 100].map((r, i) => ({ file: `shard-0000${i}.npy`, rows: r })));
    expect(meta.split.trainRows).toBe(800);
    expect(DatasetMeta.parse(JSON.parse(await fs.readFile(path.join(target, 'meta.json'), 'utf8')))).toEqual(meta);
    // Stored values are exactly the float16 rounding of the source.
    expect(await readDataset(target, meta)).toEqual(halfArrayToFloat(floatArrayToHalf(data)));
    // Stats are of the source rows (float32), checked against a direct two-pass computation.
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += data[r * cols + j];
      const mean = s / rows;
      let v = 0;
      for (let r = 0; r < rows; r++) v += (data[r * cols + j] - mean) ** 2;
      expect(meta.stats!.mean[j]).toBeCloseTo(mean, 9);
      expect(meta.stats!.std[j]).toBeCloseTo(Math.sqrt(v / rows), 9);
    }
    const { edges, counts } = meta.stats!.normHistogram;
    expect(counts.reduce((a, b) => a + b, 0)).toBe(rows);
    // Counted directly: equal-width bins between the smallest and largest row norm.
    const norms = Array.from({ length: rows }, (_, r) => Math.fround(Math.hypot(...data.subarray(r * cols, (r + 1) * cols))));
    const [lo, hi] = [Math.min(...norms), Math.max(...norms)];
    expect(edges[0]).toBe(lo);
    expect(edges.at(-1)).toBeCloseTo(hi, 9);
    const direct = new Array(counts.length).fill(0);
    for (const n of norms) direct[Math.min(counts.length - 1, Math.floor((n - lo) / ((hi - lo) / counts.length)))]++;
    expect(counts).toEqual(direct);
    expect((await fs.readdir(path.join(dir, 'datasets'))).sort()).toEqual(['d1']);
  });

  it('imports a chosen tensor of a real SAELens safetensors file and asks which when several are importable', async () => {
    const inspection = await inspectImportFile(REAL_SAE);
    expect(inspection.tensors.map((t) => [t.name, t.importable]).sort()).toEqual([['W_dec', true], ['W_enc', true], ['b_dec', true], ['b_enc', true]]);
    await expect(importMatrix({ source: REAL_SAE, datasetDir: path.join(dir, 'x'), id: 'x', name: 'x' })).rejects.toMatchObject({ code: 'bad-input', where: `${REAL_SAE}: tensor` });
    const meta = await importMatrix({ source: REAL_SAE, tensor: 'W_dec', datasetDir: path.join(dir, 'wdec'), id: 'wdec', name: 'decoder rows' });
    expect(meta).toMatchObject({ rows: 1024, dims: 128, dtype: 'float32', source: { kind: 'import', format: 'safetensors', tensor: 'W_dec' } });
    const single = path.join(dir, 'one.safetensors');
    await writeSafetensors(single, { acts: { shape: [3, 2], data: new Float32Array([1, 2, 3, 4, 5, 6]) } });
    const m2 = await importMatrix({ source: single, datasetDir: path.join(dir, 'one'), id: 'one', name: 'one' });
    expect(await readDataset(path.join(dir, 'one'), m2)).toEqual(new Float32Array([1, 2, 3, 4, 5, 6]));
  });

  it('imports the numeric columns of a real CSV and names the skipped ones', async () => {
    const inspection = await inspectImportFile(WTHOR);
    expect(inspection.skippedColumns).toEqual(['tournament', 'black_player', 'white_player', 'moves']);
    const meta = await importMatrix({ source: WTHOR, datasetDir: path.join(dir, 'wthor'), id: 'wthor', name: 'wthor' });
    expect(meta).toMatchObject({ rows: 5000, dims: 4 });
    const data = await readDataset(path.join(dir, 'wthor'), meta);
    // Column sums from Python's csv module over the same file: 10004702, 159056, 161749, 299148.
    const sums = [0, 1, 2, 3].map((j) => data.filter((_, i) => i % 4 === j).reduce((a, b) => a + b, 0));
    expect(sums).toEqual([10004702, 159056, 161749, 299148]);
  });

  it('reports a bad CSV cell by row and column', async () => {
    const p = path.join(dir, 'bad.csv');
    await fs.writeFile(p, 'a,name,b\n1,x,2\n3,"y, z",oops\n');
    await expect(importMatrix({ source: p, datasetDir: path.join(dir, 'bad'), id: 'b', name: 'b' })).rejects.toMatchObject({ code: 'bad-file', where: `${p}: row 3, column b` });
    expect(await fs.readdir(dir)).toEqual(['bad.csv']);
  });

  it('inspects a CSV from its header and first row only, and refuses unterminated quotes and runaway rows by row', async () => {
    const p = path.join(dir, 'late.csv');
    // Row 4 is broken; inspection never reaches it, the import names it.
    await fs.writeFile(p, '\uFEFFa,b\r\n1,2\r\n3,4\r\n5,"6\n');
    expect(await inspectImportFile(p)).toMatchObject({ format: 'csv', tensors: [{ shape: [-1, 2], importable: true }], skippedColumns: [] });
    await expect(importMatrix({ source: p, datasetDir: path.join(dir, 'l'), id: 'l', name: 'l' })).rejects.toMatchObject({ code: 'bad-file', where: `${p}: row 4` });
    const wide = path.join(dir, 'one-cell.csv');
    await fs.writeFile(wide, `a\n${'9'.repeat(17 * 1024 * 1024)}\n`);
    await expect(inspectImportFile(wide)).rejects.toMatchObject({ code: 'bad-file', where: `${wide}: row 2`, message: expect.stringContaining('longer than') });
    // Number() would read these as 16 and 0; the decimal grammar does not.
    for (const [i, cell] of ['0x10', '', ' ', '1_0'].entries()) {
      const odd = path.join(dir, `odd-${i}.csv`);
      await fs.writeFile(odd, `a,b\n1,2\n3,${cell}\n`);
      await expect(importMatrix({ source: odd, datasetDir: path.join(dir, `o${i}`), id: `o${i}`, name: 'o' }), cell).rejects.toMatchObject({ code: 'bad-file', where: `${odd}: row 3, column b` });
      await fs.rm(odd);
    }
    const ragged = path.join(dir, 'ragged.csv');
    await fs.writeFile(ragged, 'a,b\n1,2\n3\n');
    await expect(importMatrix({ source: ragged, datasetDir: path.join(dir, 'r'), id: 'r', name: 'r' })).rejects.toMatchObject({ code: 'bad-file', where: `${ragged}: row 3` });
    expect((await fs.readdir(dir)).sort()).toEqual(['late.csv', 'one-cell.csv', 'ragged.csv']);
  });

  it('cancels mid-stream leaving no folder behind, and never overwrites an existing dataset', async () => {
    const rows = 140_000;
    const src = path.join(dir, 'big.npy');
    await writeNpy(src, randomMatrix(rows, 16, 2), [rows, 16]);
    const controller = new AbortController();
    const target = path.join(dir, 'cancelled');
    const calls: number[] = [];
    const run = importMatrix({
      source: src,
      datasetDir: target,
      id: 'c',
      name: 'c',
      signal: controller.signal,
      onProgress: (done) => {
        calls.push(done);
        controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(calls.length).toBe(1);
    expect(calls[0]).toBeLessThan(rows);
    expect(await fs.readdir(dir)).toEqual(['big.npy']);

    const existing = path.join(dir, 'existing');
    await fs.mkdir(existing);
    await fs.writeFile(path.join(existing, 'keep.txt'), 'mine');
    await expect(importMatrix({ source: src, datasetDir: existing, id: 'e', name: 'e' })).rejects.toMatchObject({ code: 'conflict', where: existing });
    expect(await fs.readdir(existing)).toEqual(['keep.txt']);
    expect((await fs.readdir(dir)).sort()).toEqual(['big.npy', 'existing']);
  });
});

describe('dataset writer refusals', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'writer-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('refuses NaN, and values float16 cannot hold, by row and column, before writing them', async () => {
    const src = path.join(dir, 'big-values.npy');
    const data = new Float32Array(40).fill(1);
    data[3 * 4 + 2] = 70000;
    await writeNpy(src, data, [10, 4]);
    await expect(importMatrix({ source: src, datasetDir: path.join(dir, 'h'), id: 'h', name: 'h', dtype: 'float16' })).rejects.toMatchObject({ code: 'bad-input', where: `${src}: element [3, 2] (0-based)` });
    // float32 holds it.
    expect((await importMatrix({ source: src, datasetDir: path.join(dir, 'f'), id: 'f', name: 'f' })).rows).toBe(10);
    data[3 * 4 + 2] = NaN;
    await writeNpy(src, data, [10, 4]);
    await expect(importMatrix({ source: src, datasetDir: path.join(dir, 'n'), id: 'n', name: 'n' })).rejects.toMatchObject({ code: 'bad-input', where: `${src}: element [3, 2] (0-based)` });
    expect((await fs.readdir(dir)).sort()).toEqual(['big-values.npy', 'f']);
  });

  // Issue 24: NaN/Inf errors named no file, and CSV rows were counted from 0 there but with
  // header = row 1 elsewhere. One convention now: the CSV's own line of the value.
  it('names the file, and the CSV row with header = row 1, for a non-finite value', async () => {
    const csv = path.join(dir, 'inf.csv');
    await fs.writeFile(csv, 'a,b\n1,2\n3,inf\n');
    await expect(importMatrix({ source: csv, datasetDir: path.join(dir, 'c'), id: 'c', name: 'c' })).rejects.toMatchObject({ code: 'bad-input', where: `${csv}: row 3, column b` });
  });

  it('refuses files with no rows or no columns by the file\'s name, not the temp folder', async () => {
    for (const [name, shape] of [['rows0.npy', [0, 4]], ['cols0.npy', [4, 0]]] as const) {
      const src = path.join(dir, name);
      await writeNpy(src, new Float32Array(0), shape);
      const err = await importMatrix({ source: src, datasetDir: path.join(dir, 'z'), id: 'z', name: 'z' }).catch((e: unknown) => e);
      expect(err, name).toMatchObject({ code: 'bad-file', where: src });
      const inspected = await inspectImportFile(src);
      expect(inspected.tensors[0].importable).toBe(false);
    }
    const headerOnly = path.join(dir, 'header.csv');
    await fs.writeFile(headerOnly, 'a,b\n');
    await expect(importMatrix({ source: headerOnly, datasetDir: path.join(dir, 'z'), id: 'z', name: 'z' })).rejects.toMatchObject({ code: 'bad-file', where: headerOnly });
  });

  it('leaves the project untouched when the source file is corrupt', async () => {
    const src = path.join(dir, 'torn.npy');
    await writeNpy(src, new Float32Array(40), [10, 4]);
    await fs.truncate(src, 128 + 20);
    await expect(importMatrix({ source: src, datasetDir: path.join(dir, 't'), id: 't', name: 't' })).rejects.toMatchObject({ code: 'bad-file', where: `${src}: shape` });
    expect(await fs.readdir(dir)).toEqual(['torn.npy']);
  });
});
