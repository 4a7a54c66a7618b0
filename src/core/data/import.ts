import path from 'node:path';
import { StudioError } from '../../shared/errors';
import type { DatasetMeta } from '../../shared/schemas/dataset';
import { assertRegularFile } from '../io/regularFile';
import { readCsvMatrix } from './csv';
import { checkRowRange, type FloatDtype, type MatrixSource, matrixShape } from './matrix';
import { openNpy, readNpyHeader } from './npy';
import { FLOAT_DTYPES, openSafetensorsMatrix, readSafetensorsHeader } from './safetensors';
import { readTokenSidecar, tokenCounts, TOKENS_FILE, writeTokenSidecar } from './tokens';
import { createDatasetWriter } from './writer';

export type ImportFormat = 'npy' | 'safetensors' | 'csv';

export interface ImportTensor {
  name: string;
  shape: number[];
  dtype: string;
  importable: boolean;
  /** why a tensor cannot be imported */
  reason?: string;
}

export interface ImportInspection {
  format: ImportFormat;
  tensors: ImportTensor[];
  /** CSV only: columns skipped because they are not numeric */
  skippedColumns?: string[];
}

export function importFormatOf(file: string): ImportFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.npy') return 'npy';
  if (ext === '.safetensors') return 'safetensors';
  if (ext === '.csv') return 'csv';
  throw new StudioError('unsupported', `cannot import ${ext || 'files without an extension'}; use .npy, .safetensors or .csv`, file);
}

/** What a file holds, from its header only (CSV, being small, is parsed). */
export async function inspectImportFile(file: string): Promise<ImportInspection> {
  // First, so a symlink to a device is called a device, whatever its name ends with.
  await assertRegularFile(file);
  const format = importFormatOf(file);
  if (format === 'npy') {
    const h = await readNpyHeader(file);
    const tensor: ImportTensor = { name: path.basename(file, '.npy'), shape: h.shape, dtype: h.dtype, importable: h.rows > 0 && h.cols > 0 };
    if (!tensor.importable) tensor.reason = h.rows === 0 ? 'the array has no rows' : 'the array has no columns';
    return { format, tensors: [tensor] };
  }
  if (format === 'safetensors') {
    const h = await readSafetensorsHeader(file);
    const tensors = Object.entries(h.tensors).map(([name, t]): ImportTensor => {
      if (!FLOAT_DTYPES.has(t.dtype)) return { name, shape: t.shape, dtype: t.dtype, importable: false, reason: `${t.dtype} is not a float type` };
      if (t.shape.length === 0) return { name, shape: t.shape, dtype: t.dtype, importable: false, reason: 'a scalar is not a matrix' };
      const { rows, cols } = matrixShape(t.shape, name);
      if (rows === 0 || cols === 0) return { name, shape: t.shape, dtype: t.dtype, importable: false, reason: `the tensor has no ${rows === 0 ? 'rows' : 'columns'}` };
      return { name, shape: t.shape, dtype: t.dtype, importable: true };
    });
    return { format, tensors };
  }
  const csv = await readCsvMatrix(file);
  return { format, tensors: [{ name: path.basename(file, '.csv'), shape: [csv.rows, csv.cols], dtype: 'float32', importable: true }], skippedColumns: csv.skipped };
}

export interface ImportOptions {
  source: string;
  /** safetensors: which tensor; optional when the file holds exactly one importable tensor */
  tensor?: string;
  datasetDir: string;
  id: string;
  name: string;
  /** storage type of the shards (float16 halves the disk and read traffic) */
  dtype?: FloatDtype;
  shardRows?: number;
  /** share of rows, from the start, used for training; the rest is validation (default 0.9) */
  trainFraction?: number;
  /** a token sidecar (data/tokens.ts) for the rows, checked before any row is copied */
  tokens?: string;
  signal?: AbortSignal;
  onProgress?(rowsDone: number, rowsTotal: number): void;
}

/** Rows per read: about 4 MiB of float32 at a time. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Streams a matrix from an .npy, .safetensors or CSV file into a dataset folder: shards,
 * stats and meta.json are written in a temp folder beside `datasetDir` and renamed into
 * place at the end. Cancelling (the signal) removes the temp folder and touches nothing else.
 */
export async function importMatrix(opts: ImportOptions): Promise<DatasetMeta> {
  await assertRegularFile(opts.source);
  const format = importFormatOf(opts.source);
  const { source: src, tensor, locate } = await openSource(opts.source, format, opts.tensor);
  try {
    // Said here, naming the user's file, not later by the writer about its temp folder.
    if (src.rows === 0) throw new StudioError('bad-file', 'the matrix has no rows: nothing to import', opts.source);
    if (src.cols === 0) throw new StudioError('bad-file', 'the matrix has no columns: nothing to import', opts.source);
    const tokens = opts.tokens ? await readTokenSidecar(opts.tokens, src.rows) : undefined;
    const writer = await createDatasetWriter(opts.datasetDir, { dims: src.cols, dtype: opts.dtype, shardRows: opts.shardRows, locate });
    try {
      const chunkRows = Math.max(1, Math.floor(CHUNK_BYTES / (src.cols * 4)));
      const buf = new Float32Array(Math.min(chunkRows, src.rows) * src.cols);
      for (let start = 0; start < src.rows; start += chunkRows) {
        if (opts.signal?.aborted) throw new StudioError('cancelled', 'import cancelled', opts.datasetDir);
        const count = Math.min(chunkRows, src.rows - start);
        await writer.append(await src.readRows(start, count, buf));
        opts.onProgress?.(start + count, src.rows);
      }
      if (opts.signal?.aborted) throw new StudioError('cancelled', 'import cancelled', opts.datasetDir);
      const meta = await writer.finish({
        id: opts.id,
        name: opts.name,
        source: { kind: 'import', format, path: opts.source, ...(tensor ? { tensor } : {}) },
        trainFraction: opts.trainFraction,
        ...(tokens ? { labels: [{ name: 'tokens', file: TOKENS_FILE }], tokens: tokenCounts(tokens) } : {}),
      });
      if (tokens) await writeTokenSidecar(opts.datasetDir, tokens);
      return meta;
    } catch (err) {
      await writer.abort();
      throw err;
    }
  } finally {
    await src.close();
  }
}

interface OpenedSource {
  source: MatrixSource;
  tensor?: string;
  /** names a value's place in the user's file: CSV rows with header = row 1, arrays by 0-based index */
  locate: (row: number, col: number) => string;
}

async function openSource(file: string, format: ImportFormat, tensor?: string): Promise<OpenedSource> {
  const element = (name?: string) => (row: number, col: number) => `${file}: ${name ?? 'element'} [${row}, ${col}] (0-based)`;
  if (format === 'npy') return { source: await openNpy(file), locate: element() };
  if (format === 'safetensors') {
    let name = tensor;
    if (!name) {
      const importable = (await inspectImportFile(file)).tensors.filter((t) => t.importable);
      if (importable.length !== 1) {
        throw new StudioError('bad-input', `the file holds ${importable.length} importable tensors; choose one (${importable.map((t) => t.name).join(', ')})`, `${file}: tensor`);
      }
      name = importable[0].name;
    }
    return { source: await openSafetensorsMatrix(file, name), tensor: name, locate: element(`tensor ${name}`) };
  }
  const csv = await readCsvMatrix(file);
  return {
    source: {
      rows: csv.rows,
      cols: csv.cols,
      async readRows(start, count) {
        checkRowRange(csv, start, count, file);
        return csv.data.subarray(start * csv.cols, (start + count) * csv.cols);
      },
      close: async () => undefined,
    },
    locate: (row, col) => `${file}: row ${row + 2}, column ${csv.columns[col]}`,
  };
}
