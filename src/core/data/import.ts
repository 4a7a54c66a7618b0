import path from 'node:path';
import { StudioError } from '../../shared/errors';
import type { DatasetMeta } from '../../shared/schemas/dataset';
import type { FloatDtype } from './matrix';
import { formatOf, type ImportFormat, readerFor } from './importReaders';
import type { RowSource } from './rowSource';
import { readTokenSidecar, tokenCounts, TOKENS_FILE, writeTokenSidecar } from './tokens';
import { createDatasetWriter } from './writer';

export type { ImportFormat } from './importReaders';

export interface ImportTensor {
  name: string;
  shape: number[];
  dtype: string;
  importable: boolean;
  /** why a tensor cannot be imported */
  reason?: string;
  /** what an import converts (float64 narrowed to float32, …) */
  note?: string;
}

export interface ImportInspection {
  format: ImportFormat;
  tensors: ImportTensor[];
  /** CSV only: columns skipped because they are not numeric */
  skippedColumns?: string[];
  /** about the file as a whole (a folder's shards, a CSV's row count not known until read) */
  notes?: string[];
}

/** What a file or folder holds, from headers only (a CSV: its header and first data row). */
export async function inspectImportFile(file: string): Promise<ImportInspection> {
  const format = await formatOf(file);
  return readerFor(format).inspect(file);
}

export interface ImportOptions {
  source: string;
  /** which tensor (safetensors, .npz, Arrow/parquet column); optional when only one is importable */
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
  onProgress?(done: number, total: number, unit: 'rows' | 'bytes'): void;
}

/** Rows per read: about 4 MiB of float32 at a time. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Streams a matrix from any importable file into a dataset folder: shards, stats and
 * meta.json are written in a temp folder beside `datasetDir` and renamed into place at the
 * end. Memory is bounded by one chunk whatever the file's size. Cancelling (the signal)
 * removes the temp folder and touches nothing else.
 */
export async function importMatrix(opts: ImportOptions): Promise<DatasetMeta> {
  const format = await formatOf(opts.source);
  const src = await openImportSource(opts.source, format, opts.tensor);
  try {
    // Said here, naming the user's file, not later by the writer about its temp folder.
    if (src.rows === 0) throw new StudioError('bad-file', 'the matrix has no rows: nothing to import', opts.source);
    if (src.cols === 0) throw new StudioError('bad-file', 'the matrix has no columns: nothing to import', opts.source);
    // A sidecar is checked before copying when the row count is known; a CSV's only after.
    let tokens = opts.tokens && src.rows !== undefined ? await readTokenSidecar(opts.tokens, src.rows) : undefined;
    const locate = src.locate ?? ((row: number, col: number) => `${opts.source}: ${src.tensor ? `tensor ${src.tensor}` : 'element'} [${row}, ${col}] (0-based)`);
    const writer = await createDatasetWriter(opts.datasetDir, { dims: src.cols, dtype: opts.dtype, shardRows: opts.shardRows, locate });
    try {
      const chunkRows = Math.max(1, Math.floor(CHUNK_BYTES / (src.cols * 4)));
      for await (const chunk of src.chunks(chunkRows)) {
        if (opts.signal?.aborted) throw new StudioError('cancelled', 'import cancelled', opts.datasetDir);
        await writer.append(chunk.data);
        opts.onProgress?.(chunk.done, chunk.total, chunk.unit);
      }
      if (opts.signal?.aborted) throw new StudioError('cancelled', 'import cancelled', opts.datasetDir);
      if (writer.rows === 0) throw new StudioError('bad-file', 'the file holds no rows', opts.source);
      if (opts.tokens && !tokens) tokens = await readTokenSidecar(opts.tokens, writer.rows);
      const meta = await writer.finish({
        id: opts.id,
        name: opts.name,
        source: { kind: 'import', format, path: opts.source, ...src.source, ...(src.tensor ? { tensor: src.tensor } : {}), ...(src.notes.length ? { notes: src.notes } : {}) },
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

/** Opens the rows to import; `tensor` may be left out when exactly one tensor is importable. */
export async function openImportSource(file: string, format: ImportFormat, tensor?: string): Promise<RowSource> {
  const reader = readerFor(format);
  let name = tensor;
  if (name === undefined && reader.needsTensor) {
    const importable = (await reader.inspect(file)).tensors.filter((t) => t.importable);
    if (importable.length !== 1) {
      throw new StudioError('bad-input', `the file holds ${importable.length} importable tensors; choose one (${importable.map((t) => t.name).join(', ')})`, `${file}: tensor`);
    }
    name = importable[0].name;
  }
  return reader.open(file, name);
}

export const datasetNameOf = (file: string) => path.basename(file).replace(/\.[^.]+$/, '');
