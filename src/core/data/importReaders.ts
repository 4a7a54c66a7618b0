import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import type { ImportFormat } from '../../shared/schemas/dataset';
import { assertRegularFile, openError } from '../io/regularFile';
import { inspectArrow, openArrowColumn } from './arrow';
import { inspectCsv, streamCsvRows } from './csv';
import { inspectParquet, openParquetColumn } from './parquet';
import { openTorchFile } from './torch';
import type { ImportInspection, ImportTensor } from './import';
import { matrixShape } from './matrix';
import { inspectNpz, openNpzMember } from './npz';
import { FLOAT64_NOTE, openNpy, readNpyHeader } from './npy';
import { concatRowSources, type RowSource, rowSourceOf } from './rowSource';
import { f64Note, FLOAT_DTYPES, openSafetensorsMatrix, readSafetensorsHeader } from './safetensors';

/**
 * The import formats: how each is recognised, inspected from its header and opened as rows.
 * Adding a format is one reader here.
 */
export type { ImportFormat };

export interface ImportReader {
  inspect(file: string): Promise<ImportInspection>;
  open(file: string, tensor?: string): Promise<RowSource>;
  /** the file holds several tensors and an import names one */
  needsTensor: boolean;
}

const BY_EXTENSION: Record<string, ImportFormat> = {
  '.npy': 'npy',
  '.npz': 'npz',
  '.safetensors': 'safetensors',
  '.csv': 'csv',
  '.arrow': 'arrow',
  '.parquet': 'parquet',
  '.pt': 'pt',
  '.pth': 'pt',
};

/**
 * A file's format by its extension. A folder is a saved Hugging Face dataset (state.json, or
 * .arrow files, or shard folders of those, as SAELens caches activations) or else a set of
 * .npy/.safetensors shards.
 */
export async function formatOf(file: string): Promise<ImportFormat> {
  const stat = await fs.stat(file).catch((err: NodeJS.ErrnoException) => {
    throw openError(err, file);
  });
  if (stat.isDirectory()) {
    const entries = await fs.readdir(file, { withFileTypes: true });
    const arrow = entries.some((e) => (e.isFile() && (e.name === 'state.json' || e.name.endsWith('.arrow'))) || (e.isDirectory() && /^shard_\d+$/.test(e.name)));
    return arrow ? 'arrow' : 'shards';
  }
  // Before the extension, so a symlink to a device is called a device, whatever its name ends with.
  await assertRegularFile(file);
  const ext = path.extname(file).toLowerCase();
  const format = BY_EXTENSION[ext];
  if (!format) throw new StudioError('unsupported', `cannot import ${ext || 'files without an extension'}; use ${Object.keys(BY_EXTENSION).join(', ')} or a folder of shards`, file);
  return format;
}

function tensorEntry(name: string, shape: number[], dtype: string, ok: { reason?: string; note?: string }): ImportTensor {
  if (ok.reason) return { name, shape, dtype, importable: false, reason: ok.reason };
  if (shape.length === 0) return { name, shape, dtype, importable: false, reason: 'a scalar is not a matrix' };
  const { rows, cols } = matrixShape(shape, name);
  if (rows === 0 || cols === 0) return { name, shape, dtype, importable: false, reason: `the tensor has no ${rows === 0 ? 'rows' : 'columns'}` };
  return { name, shape, dtype, importable: true, ...(ok.note ? { note: ok.note } : {}) };
}

const npy: ImportReader = {
  needsTensor: false,
  async inspect(file) {
    const h = await readNpyHeader(file);
    return { format: 'npy', tensors: [tensorEntry(path.basename(file, '.npy'), h.shape, h.dtype, { note: h.dtype === 'float64' ? FLOAT64_NOTE : undefined })] };
  },
  async open(file) {
    const src = await openNpy(file);
    return rowSourceOf(src, { notes: src.header.dtype === 'float64' ? [FLOAT64_NOTE] : [] });
  },
};

const npz: ImportReader = {
  needsTensor: true,
  async inspect(file) {
    const { members, others } = await inspectNpz(file);
    const tensors = members.map((m) => tensorEntry(m.name, m.header.shape, m.header.dtype, { note: m.header.dtype === 'float64' ? FLOAT64_NOTE : undefined }));
    for (const o of others) tensors.push({ name: o.name, shape: [], dtype: 'unknown', importable: false, reason: o.reason });
    return { format: 'npz', tensors };
  },
  open: (file, tensor) => openNpzMember(file, tensor!),
};

const safetensors: ImportReader = {
  needsTensor: true,
  async inspect(file) {
    const h = await readSafetensorsHeader(file);
    const tensors = Object.entries(h.tensors).map(([name, t]) =>
      tensorEntry(name, t.shape, t.dtype, FLOAT_DTYPES.has(t.dtype) ? { note: t.dtype === 'F64' ? f64Note(name) : undefined } : { reason: `${t.dtype} is not a float type` }),
    );
    return { format: 'safetensors', tensors };
  },
  async open(file, tensor) {
    const h = await readSafetensorsHeader(file);
    const dtype = h.tensors[tensor!]?.dtype;
    return rowSourceOf(await openSafetensorsMatrix(file, tensor!), { tensor, notes: dtype === 'F64' ? [f64Note(tensor!)] : [] });
  },
};

const csv: ImportReader = {
  needsTensor: false,
  async inspect(file) {
    const head = await inspectCsv(file);
    return {
      format: 'csv',
      // The row count of a streamed CSV is known only once it has been read: -1 until then.
      tensors: [{ name: path.basename(file, '.csv'), shape: [-1, head.columns.length], dtype: 'float32', importable: true }],
      skippedColumns: head.skipped,
      notes: ['rows are counted as the file is imported'],
    };
  },
  async open(file) {
    const head = await inspectCsv(file);
    const { size } = await fs.stat(file);
    return {
      cols: head.columns.length,
      locate: (row, col) => `${file}: row ${row + 2}, column ${head.columns[col]}`,
      notes: head.skipped.length ? [`non-numeric columns skipped: ${head.skipped.join(', ')}`] : [],
      async *chunks(chunkRows) {
        for await (const c of streamCsvRows(file, chunkRows)) yield { data: c.data, done: c.bytesRead, total: size, unit: 'bytes' as const };
      },
      close: async () => undefined,
    };
  },
};

/** Files a folder of shards is made of: .npy and .safetensors, in natural name order. */
async function shardFiles(dir: string): Promise<string[]> {
  const names = (await fs.readdir(dir)).filter((n) => /\.(npy|safetensors)$/i.test(n) && !n.startsWith('.'));
  if (names.length === 0) throw new StudioError('bad-input', 'is a folder holding no .npy or .safetensors shards nor a saved dataset: nothing to import', dir);
  return names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((n) => path.join(dir, n));
}

const shards: ImportReader = {
  needsTensor: false,
  async inspect(dir) {
    const parts = await Promise.all((await shardFiles(dir)).map(async (f) => ({ file: f, ...(await (f.endsWith('.npy') ? npy : safetensors).inspect(f)) })));
    let rows = 0;
    let cols: number | undefined;
    const notes = new Set<string>();
    for (const p of parts) {
      const t = p.tensors.filter((x) => x.importable);
      if (t.length !== 1) throw new StudioError('bad-file', `a shard must hold exactly one importable tensor; it holds ${t.length}`, p.file);
      const shape = matrixShape(t[0].shape, p.file);
      if (cols !== undefined && shape.cols !== cols) throw new StudioError('shape', `the shard has ${shape.cols} columns but ${path.basename(parts[0].file)} has ${cols}`, p.file);
      cols = shape.cols;
      rows += shape.rows;
      if (t[0].note) notes.add(t[0].note.replace(/^[^:]+: /, ''));
    }
    return {
      format: 'shards',
      tensors: [{ name: path.basename(dir), shape: [rows, cols!], dtype: 'float32', importable: true }],
      notes: [`${parts.length} shards joined in name order (${parts.map((p) => path.basename(p.file)).join(', ')})`, ...notes],
    };
  },
  async open(dir) {
    const files = await shardFiles(dir);
    const opened: RowSource[] = [];
    try {
      for (const f of files) opened.push(await (f.endsWith('.npy') ? npy : safetensors).open(f, f.endsWith('.npy') ? undefined : await onlyTensor(f)));
      return concatRowSources(opened, dir, [`${files.length} shards joined in name order`]);
    } catch (err) {
      for (const o of opened) await o.close();
      throw err;
    }
  },
};

async function onlyTensor(file: string): Promise<string> {
  const t = (await safetensors.inspect(file)).tensors.filter((x) => x.importable);
  if (t.length !== 1) throw new StudioError('bad-file', `a shard must hold exactly one importable tensor; it holds ${t.length}`, file);
  return t[0].name;
}

const arrow: ImportReader = { needsTensor: true, inspect: inspectArrow, open: (file, tensor) => openArrowColumn(file, tensor!) };
const parquet: ImportReader = { needsTensor: true, inspect: inspectParquet, open: (file, tensor) => openParquetColumn(file, tensor!) };

const pt: ImportReader = {
  needsTensor: true,
  async inspect(file) {
    const torch = await openTorchFile(file);
    torch.close();
    return {
      format: 'pt',
      tensors: torch.tensors.map((t) => tensorEntry(t.name, t.shape, t.dtype, t.reason ? { reason: t.reason } : { note: t.dtype === 'float64' ? FLOAT64_NOTE : undefined })),
    };
  },
  async open(file, tensor) {
    const torch = await openTorchFile(file);
    try {
      const info = torch.tensors.find((t) => t.name === tensor);
      const src = await torch.matrix(tensor!);
      const rows = rowSourceOf(src, { tensor, notes: info?.dtype === 'float64' ? [FLOAT64_NOTE] : [] });
      return {
        ...rows,
        async close() {
          await src.close();
          torch.close();
        },
      };
    } catch (err) {
      torch.close();
      throw err;
    }
  },
};

const READERS: Record<ImportFormat, ImportReader> = { npy, npz, safetensors, csv, shards, arrow, parquet, pt };

export const readerFor = (format: ImportFormat): ImportReader => READERS[format];
