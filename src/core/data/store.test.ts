import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivationStore } from './store';
import { createDatasetWriter } from './writer';

/** Row r holds [r, j/2 − 1 …]: exact in float16 (integers below 2048), so every batch row names its source row. */
const DIMS = 8;
function rowsFrom(start: number, count: number): Float32Array {
  const out = new Float32Array(count * DIMS);
  for (let r = 0; r < count; r++) for (let j = 0; j < DIMS; j++) out[r * DIMS + j] = j === 0 ? start + r : j * 0.5 - 1;
  return out;
}
const ids = (batch: Float32Array) => Array.from({ length: batch.length / DIMS }, (_, i) => batch[i * DIMS]);

describe('ActivationStore', () => {
  let dir: string;
  let dataset: string;
  const ROWS = 2000;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'store-'));
    dataset = path.join(dir, 'ds');
    const writer = await createDatasetWriter(dataset, { dims: DIMS, dtype: 'float16', shardRows: 700 });
    for (let s = 0; s < ROWS; s += 250) await writer.append(rowsFrom(s, 250));
    await writer.finish({ id: 'ds', name: 'ds', source: { kind: 'test' }, trainFraction: 0.75 });
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('streams a dataset 5× larger than its buffer, every row once per epoch, never above the bound', async () => {
    // The train split is 1500 rows × 8 dims × 4 bytes = 48 000 bytes in memory; the bound is 9 600.
    const f32 = path.join(dir, 'ds32');
    const writer = await createDatasetWriter(f32, { dims: DIMS, dtype: 'float32', shardRows: 650 });
    await writer.append(rowsFrom(0, ROWS));
    await writer.finish({ id: 'ds32', name: 'ds32', source: { kind: 'test' }, trainFraction: 0.75 });
    for (const folder of [dataset, f32]) {
      const store = await ActivationStore.open(folder, { bufferBytes: 9600, blockRows: 20 });
      expect(store.memory.peakBytes).toBe(0);
      const seen = new Map<number, number>();
      let batches = 0;
      for await (const batch of store.batches({ split: 'train', batchSize: 32, seed: 3, epochs: 3 })) {
        expect(store.memory.residentBytes).toBeLessThanOrEqual(9600);
        for (const id of ids(batch)) seen.set(id, (seen.get(id) ?? 0) + 1);
        batches++;
      }
      expect(batches).toBe(Math.ceil((3 * 1500) / 32));
      expect(seen.size).toBe(1500);
      expect([...seen.keys()].every((k) => k >= 0 && k < 1500)).toBe(true);
      expect([...seen.values()].every((c) => c === 3)).toBe(true);
      expect(store.memory.peakBytes).toBeGreaterThan(9600 / 2);
      expect(store.memory.peakBytes).toBeLessThanOrEqual(9600);
      expect(store.memory.residentBytes).toBe(0);
      await store.close();
    }
  });

  it('is deterministic given a seed, mixes blocks, and resumes mid-stream from a row cursor', async () => {
    const store = await ActivationStore.open(dataset, { bufferBytes: 9600, blockRows: 20 });
    const take = async (opts: Parameters<ActivationStore['batches']>[0], k: number) => {
      const out: number[][] = [];
      for await (const b of store.batches(opts)) {
        out.push(ids(b));
        if (out.length === k) break;
      }
      return out;
    };
    const a = await take({ split: 'train', batchSize: 32, seed: 9 }, 60);
    expect(await take({ split: 'train', batchSize: 32, seed: 9 }, 60)).toEqual(a);
    expect(await take({ split: 'train', batchSize: 32, seed: 10 }, 1)).not.toEqual([a[0]]);
    // 60 batches cross epoch and window boundaries; resuming after 37 gives the same tail.
    expect(await take({ split: 'train', batchSize: 32, seed: 9, startRow: 37 * 32 }, 23)).toEqual(a.slice(37));
    // A batch draws on several 20-row blocks, not one contiguous run.
    expect(new Set(a[0].map((id) => Math.floor(id / 20))).size).toBeGreaterThan(3);
    // Each row keeps its values intact through float16 storage and shuffling.
    for await (const b of store.batches({ split: 'train', batchSize: 5, seed: 1 })) {
      expect(b).toEqual(new Float32Array(ids(b).flatMap((id) => Array.from(rowsFrom(id, 1)))));
      break;
    }
    await store.close();
  });

  it('reads the validation split in order, last batch partial, and random row ranges across shards', async () => {
    const store = await ActivationStore.open(dataset, { bufferBytes: 9600 });
    expect(store.splitRange('validation')).toEqual([1500, 2000]);
    const got: number[] = [];
    const sizes: number[] = [];
    for await (const b of store.batches({ split: 'validation', batchSize: 64, shuffle: false })) {
      got.push(...ids(b));
      sizes.push(b.length / DIMS);
    }
    expect(got).toEqual(Array.from({ length: 500 }, (_, i) => 1500 + i));
    expect(sizes.at(-1)).toBe(500 % 64);
    expect(await store.readRows(690, 20)).toEqual(rowsFrom(690, 20));
    await expect(store.readRows(1990, 20)).rejects.toMatchObject({ code: 'bad-input' });
    const sample = await store.sample(100, { seed: 4 });
    expect(new Set(ids(sample)).size).toBe(100);
    await store.close();
  });

  it('refuses a buffer too small for one batch and a meta.json that disagrees with its shards', async () => {
    const store = await ActivationStore.open(dataset, { bufferBytes: 1000 });
    await expect(store.batches({ split: 'train', batchSize: 64 }).next()).rejects.toMatchObject({ code: 'bad-input', where: 'bufferBytes' });
    const broken = path.join(dir, 'broken');
    await fs.cp(dataset, broken, { recursive: true });
    const meta = JSON.parse(await fs.readFile(path.join(broken, 'meta.json'), 'utf8'));
    meta.dims = 4;
    await fs.writeFile(path.join(broken, 'meta.json'), JSON.stringify(meta));
    const bad = await ActivationStore.open(broken);
    await expect(bad.readRows(0, 1)).rejects.toMatchObject({ code: 'bad-file', where: path.join(broken, 'shard-00000.npy') });
    await bad.close();
  });
});
