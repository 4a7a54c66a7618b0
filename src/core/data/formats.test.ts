import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Field, Float32, List, RecordBatchStreamWriter, Table, vectorFromArray } from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importMatrix, inspectImportFile } from './import';
import { openNpy, writeNpy } from './npy';
import { openTorchFile } from './torch';
import { writeSafetensors } from './safetensors';

// Fixtures made by fixtures/make_archive_fixtures.py: .npz by NumPy, .pt in torch.save's layout.
const fixture = (name: string) => path.join(__dirname, 'fixtures', name);
const base = Array.from({ length: 12 }, (_, i) => i * 0.5 - 1);

async function rowsOf(dir: string, meta: { shards: { file: string; rows: number }[]; dims: number }): Promise<number[]> {
  const out: number[] = [];
  for (const s of meta.shards) {
    const src = await openNpy(path.join(dir, s.file));
    out.push(...(await src.readRows(0, s.rows)));
    await src.close();
  }
  return out;
}

describe('import formats', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'formats-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });
  const importInto = (source: string, id: string, tensor?: string) => importMatrix({ source, tensor, datasetDir: path.join(dir, id), id, name: id });

  it('a path that is not there is named with "no such file", whatever its format', async () => {
    for (const name of ['gone.npy', 'gone.parquet', 'gone.npz', 'gone-folder']) {
      const file = path.join(dir, name);
      await expect(inspectImportFile(file)).rejects.toMatchObject({ code: 'not-found', detail: 'no such file', where: file });
    }
  });

  it('.npz from numpy.savez and savez_compressed: members by key, float64 narrowed with a note', async () => {
    const plain = await inspectImportFile(fixture('arrays.npz'));
    expect(plain.format).toBe('npz');
    expect(plain.tensors).toEqual([
      { name: 'acts', shape: [3, 4], dtype: 'float32', importable: true },
      expect.objectContaining({ name: 'labels', importable: false }),
    ]);
    const meta = await importInto(fixture('arrays.npz'), 'a');
    expect(meta).toMatchObject({ rows: 3, dims: 4, source: { format: 'npz', tensor: 'acts' } });
    expect(await rowsOf(path.join(dir, 'a'), meta)).toEqual(base);

    const packed = await inspectImportFile(fixture('f8_compressed.npz'));
    expect(packed.tensors[0]).toMatchObject({ name: 'acts', shape: [2, 3, 4], dtype: 'float64', note: expect.stringContaining('float64') });
    const m2 = await importInto(fixture('f8_compressed.npz'), 'c');
    expect(m2).toMatchObject({ rows: 6, dims: 4, source: { notes: [expect.stringContaining('float64 values were converted')] } });
    expect(await rowsOf(path.join(dir, 'c'), m2)).toEqual(Array.from({ length: 24 }, (_, i) => Math.fround(i / 3)));
  });

  it('a float64 .npy imports as float32 with a note', async () => {
    const meta = await importInto(fixture('f8.npy'), 'f8');
    expect(meta.source.notes).toEqual([expect.stringContaining('float64')]);
    expect(await rowsOf(path.join(dir, 'f8'), meta)).toEqual(base);
  });

  it('a folder of .npy and .safetensors shards is one dataset, in natural name order', async () => {
    const shards = path.join(dir, 'shards');
    await fs.mkdir(shards);
    await writeNpy(path.join(shards, 'part-2.npy'), new Float32Array([3, 3, 4, 4]), [2, 2]);
    await writeNpy(path.join(shards, 'part-10.npy'), new Float32Array([9, 9]), [1, 2]);
    await writeSafetensors(path.join(shards, 'part-1.safetensors'), { acts: { shape: [1, 2], data: new Float32Array([1, 1]) } });
    const inspection = await inspectImportFile(shards);
    expect(inspection).toMatchObject({ format: 'shards', tensors: [{ shape: [4, 2], importable: true }] });
    expect(inspection.notes![0]).toContain('part-1.safetensors, part-2.npy, part-10.npy');
    const meta = await importInto(shards, 's');
    expect(await rowsOf(path.join(dir, 's'), meta)).toEqual([1, 1, 3, 3, 4, 4, 9, 9]);
    await writeNpy(path.join(shards, 'part-3.npy'), new Float32Array(3), [1, 3]);
    await expect(inspectImportFile(shards)).rejects.toMatchObject({ code: 'shape', where: path.join(shards, 'part-3.npy') });
  });

  it('a Hugging Face dataset saved to disk as SAELens caches activations (Array2D column) imports as context × d rows', async () => {
    // Written by apache-arrow as `datasets` does in save_to_disk: an IPC stream per data file,
    // named in state.json; the hook column holds [context_size, d_in] per row as list<list<float32>>.
    const hook = 'blocks.0.hook_resid_pre';
    const saved = path.join(dir, 'cache', 'shard_0');
    await fs.mkdir(saved, { recursive: true });
    const type = new List(new Field('item', new List(new Field('item', new Float32(), true)), true));
    const seqs = [0, 1, 2, 3, 4].map((s) => [0, 1, 2].map((p) => [0, 1, 2, 3].map((j) => s * 100 + p * 10 + j)));
    const writer = new RecordBatchStreamWriter();
    writer.write(new Table({ [hook]: vectorFromArray(seqs.slice(0, 2), type) }).batches[0]);
    writer.write(new Table({ [hook]: vectorFromArray(seqs.slice(2), type) }).batches[0]);
    writer.finish();
    await fs.writeFile(path.join(saved, 'data-00000-of-00001.arrow'), await writer.toUint8Array());
    await fs.writeFile(path.join(saved, 'state.json'), JSON.stringify({ _data_files: [{ filename: 'data-00000-of-00001.arrow' }], _split: null }));
    await fs.writeFile(path.join(saved, 'dataset_info.json'), JSON.stringify({ features: { [hook]: { shape: [3, 4], dtype: 'float32', _type: 'Array2D' } } }));
    const cache = path.dirname(saved);
    const inspection = await inspectImportFile(cache);
    expect(inspection).toMatchObject({ format: 'arrow', tensors: [{ name: hook, shape: [-1, 3, 4], importable: true }] });
    const meta = await importInto(cache, 'arrow');
    expect(meta).toMatchObject({ rows: 15, dims: 4, source: { format: 'arrow', tensor: hook, contextSize: 3 } });
    expect(await rowsOf(path.join(dir, 'arrow'), meta)).toEqual(seqs.flat(2));
  });

  it('parquet columns: floats, lists of floats, lists of lists (written by hyparquet-writer)', async () => {
    const file = path.join(dir, 'acts.parquet');
    const vecs = [[1, 2], [3, 4], [5, 6]];
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'vec', data: vecs },
        { name: 'score', data: [0.5, 1.5, 2.5] },
        { name: 'text', data: ['a', 'b', 'c'] },
      ],
      schema: [
        { name: 'root', num_children: 3 },
        { name: 'vec', repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'FLOAT', repetition_type: 'REQUIRED' },
        { name: 'score', type: 'DOUBLE', repetition_type: 'REQUIRED' },
        { name: 'text', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      ],
      rowGroupSize: 2,
    });
    await fs.writeFile(file, Buffer.from(buf));
    const inspection = await inspectImportFile(file);
    expect(inspection.tensors.map((t) => [t.name, t.shape, t.importable])).toEqual([
      ['vec', [3, 2], true],
      ['score', [3, 1], true],
      ['text', [], false],
    ]);
    const meta = await importInto(file, 'pq', 'vec');
    expect(await rowsOf(path.join(dir, 'pq'), meta)).toEqual(vecs.flat());
    const m2 = await importInto(file, 'pq2', 'score');
    expect(m2.source.notes).toEqual(['DOUBLE values are converted to float32']);
    expect(await rowsOf(path.join(dir, 'pq2'), m2)).toEqual([0.5, 1.5, 2.5]);
  });

  it('PyTorch .pt: tensors of a saved dict by path, F64 narrowed, ints listed but not importable', async () => {
    const inspection = await inspectImportFile(fixture('mixed.pt'));
    expect(inspection.tensors.map((t) => [t.name, t.shape, t.dtype, t.importable])).toEqual([
      ['acts', [2, 3, 4], 'float64', true],
      ['step', [1], 'int64', false],
      ['nested.0', [3, 4], 'float32', true],
    ]);
    const meta = await importInto(fixture('mixed.pt'), 'pt', 'acts');
    expect(meta).toMatchObject({ rows: 6, dims: 4, source: { format: 'pt', tensor: 'acts', notes: [expect.stringContaining('float64')] } });
    expect(await rowsOf(path.join(dir, 'pt'), meta)).toEqual(Array.from({ length: 24 }, (_, i) => i / 4));
    const torch = await openTorchFile(fixture('mixed.pt'));
    expect(torch.scalars).toEqual({ lr: 0.001, name: 'run' });
    expect(Array.from(await torch.read('nested.0'))).toEqual(base);
    torch.close();
  });

  it('a pickle that calls anything but tensor and container constructors is refused by name, never run', async () => {
    await expect(inspectImportFile(fixture('evil.pt'))).rejects.toMatchObject({ code: 'unsupported', message: expect.stringContaining('posix.system') });
  });
});
