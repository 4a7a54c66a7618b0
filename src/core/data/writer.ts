import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { StudioError } from '../../shared/errors';
import { DatasetMeta } from '../../shared/schemas/dataset';
import { writeJsonAtomic } from '../io/atomic';
import { floatArrayToHalf } from './float16';
import type { FloatDtype } from './matrix';
import { encodeNpyHeader, ITEM_SIZE } from './npy';
import { FixedHistogram, MomentsAccumulator, rowNorms } from './stats';
import { readExactly } from './npy';

export const META_FILE = 'meta.json';
export const shardFileName = (i: number) => `shard-${String(i).padStart(5, '0')}.npy`;
/** A streaming shard's header is written with room for any row count, then rewritten in place. */
const SHARD_HEADER_BYTES = 128;
const DEFAULT_SHARD_BYTES = 64 * 1024 * 1024;
/** Row norms wait here (4 bytes a row) until the range of the norm histogram is known. */
const NORMS_FILE = '.row-norms.f32';

export interface DatasetWriterOptions {
  dims: number;
  dtype?: FloatDtype;
  /** rows per shard file; default: about 64 MiB per shard */
  shardRows?: number;
  /** how a bad value's place is named (0-based row and column of the rows appended); default `row r, column c` */
  locate?: (row: number, col: number) => string;
}

export interface DatasetFinish {
  id: string;
  name: string;
  source: DatasetMeta['source'];
  /** share of rows (from the start) used for training; the rest is validation. Default 0.9 */
  trainFraction?: number;
  labels?: DatasetMeta['labels'];
  tokens?: DatasetMeta['tokens'];
}

export interface DatasetWriter {
  readonly rows: number;
  /** appends whole rows (length a multiple of dims), row-major float32 */
  append(rows: Float32Array): Promise<void>;
  /** closes the shards, writes meta.json and moves the folder into place */
  finish(meta: DatasetFinish): Promise<DatasetMeta>;
  /** removes everything written so far; the destination is never touched */
  abort(): Promise<void>;
}

/**
 * Writes a dataset folder (`shard-NNNNN.npy` + `meta.json`) row by row into a temp folder
 * beside `datasetDir` and renames it into place at the end, so a crash or a cancel never
 * leaves a half dataset under the real name (DESIGN.md "Project folder").
 */
export async function createDatasetWriter(datasetDir: string, opts: DatasetWriterOptions): Promise<DatasetWriter> {
  const { dims } = opts;
  const dtype = opts.dtype ?? 'float32';
  if (!Number.isInteger(dims) || dims <= 0) throw new StudioError('bad-input', `dims must be a positive integer, got ${dims}`, 'dims');
  const shardRows = opts.shardRows ?? Math.max(1, Math.floor(DEFAULT_SHARD_BYTES / (dims * ITEM_SIZE[dtype])));
  if (!Number.isInteger(shardRows) || shardRows <= 0) throw new StudioError('bad-input', `shardRows must be a positive integer, got ${shardRows}`, 'shardRows');
  await refuseExisting(datasetDir);
  const tmp = path.join(path.dirname(datasetDir), `.${path.basename(datasetDir)}.${randomBytes(6).toString('hex')}.tmp`);
  await fs.mkdir(tmp, { recursive: true });

  const moments = new MomentsAccumulator(dims);
  const normsHandle = await fs.open(path.join(tmp, NORMS_FILE), 'w+');
  let normsBytes = 0;
  let normMin = Infinity;
  let normMax = -Infinity;
  const shards: { file: string; rows: number }[] = [];
  let handle: fs.FileHandle | null = null;
  let shardRowsWritten = 0;
  let position = 0;
  let total = 0;
  let closed = false;
  let half = new Uint16Array(0);

  const closeShard = async () => {
    if (!handle) return;
    await handle.write(encodeNpyHeader(dtype, [shardRowsWritten, dims], SHARD_HEADER_BYTES), 0, SHARD_HEADER_BYTES, 0);
    await handle.sync();
    await handle.close();
    shards[shards.length - 1].rows = shardRowsWritten;
    handle = null;
  };
  const openShard = async () => {
    const file = shardFileName(shards.length);
    handle = await fs.open(path.join(tmp, file), 'w');
    await handle.write(encodeNpyHeader(dtype, [0, dims], SHARD_HEADER_BYTES), 0, SHARD_HEADER_BYTES, 0);
    position = SHARD_HEADER_BYTES;
    shardRowsWritten = 0;
    shards.push({ file, rows: 0 });
  };
  const writeRows = async (data: Float32Array) => {
    let bytes: Uint8Array;
    if (dtype === 'float32') bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    else {
      if (half.length < data.length) half = new Uint16Array(data.length);
      const h = floatArrayToHalf(data, half.subarray(0, data.length));
      bytes = new Uint8Array(h.buffer, h.byteOffset, h.byteLength);
    }
    await handle!.write(bytes, 0, bytes.length, position);
    position += bytes.length;
  };
  const ensureOpen = () => {
    if (closed) throw new StudioError('bad-input', 'the dataset writer is already finished or aborted', datasetDir);
  };

  return {
    get rows() {
      return total;
    },
    async append(data) {
      ensureOpen();
      if (data.length % dims !== 0) throw new StudioError('shape', `${data.length} values is not a whole number of ${dims}-dim rows`, datasetDir);
      const n = data.length / dims;
      checkValues(data, dtype, total, dims, opts.locate);
      moments.add(data, n);
      const norms = rowNorms(data, n, dims);
      for (const v of norms) {
        if (v < normMin) normMin = v;
        if (v > normMax) normMax = v;
      }
      await normsHandle.write(new Uint8Array(norms.buffer), 0, norms.byteLength, normsBytes);
      normsBytes += norms.byteLength;
      let done = 0;
      while (done < n) {
        if (!handle || shardRowsWritten === shardRows) {
          await closeShard();
          await openShard();
        }
        const take = Math.min(n - done, shardRows - shardRowsWritten);
        await writeRows(data.subarray(done * dims, (done + take) * dims));
        shardRowsWritten += take;
        done += take;
      }
      total += n;
    },
    async finish(info) {
      ensureOpen();
      if (total === 0) throw new StudioError('bad-input', 'no rows were written', datasetDir);
      const trainFraction = info.trainFraction ?? 0.9;
      if (!(trainFraction > 0 && trainFraction <= 1)) throw new StudioError('bad-input', `trainFraction must be in (0, 1], got ${trainFraction}`, 'trainFraction');
      closed = true;
      try {
        await closeShard();
        const meta = DatasetMeta.parse({
          id: info.id,
          name: info.name,
          rows: total,
          dims,
          dtype,
          shards,
          source: info.source,
          split: { trainRows: Math.max(1, Math.floor(total * trainFraction)) },
          labels: info.labels ?? [],
          tokens: info.tokens,
          stats: {
            mean: Array.from(moments.mean),
            std: Array.from(moments.variance(), Math.sqrt),
            normHistogram: await normHistogram(),
          },
          createdAt: new Date().toISOString(),
        });
        await normsHandle.close();
        await fs.rm(path.join(tmp, NORMS_FILE));
        await writeJsonAtomic(path.join(tmp, META_FILE), meta);
        await refuseExisting(datasetDir);
        await fs.rename(tmp, datasetDir);
        return meta;
      } catch (err) {
        await removeTemp();
        throw err;
      }
    },
    async abort() {
      closed = true;
      await removeTemp();
    },
  };

  async function normHistogram() {
    const hist = new FixedHistogram(normMin, normMax);
    const chunk = new Float32Array(1 << 16);
    const bytes = new Uint8Array(chunk.buffer);
    for (let at = 0; at < normsBytes; at += bytes.length) {
      const n = Math.min(bytes.length, normsBytes - at);
      await readExactly(normsHandle, bytes.subarray(0, n), at, NORMS_FILE);
      hist.add(chunk.subarray(0, n / 4));
    }
    return hist.result();
  }

  async function removeTemp() {
    await normsHandle.close().catch(() => undefined);
    if (handle) await (handle as fs.FileHandle).close().catch(() => undefined);
    handle = null;
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Beyond this a row's float32 norm overflows (issue 24: a finite 3e38 imported, then its stats
 * were a raw schema dump of Infinity and training went NaN); no real activation comes near.
 */
const MAX_ABS_VALUE = 1e15;

/** Refuses a batch before anything of it is written, so a failed append leaves the writer as it was. */
function checkValues(data: Float32Array, dtype: FloatDtype, firstRow: number, dims: number, locate = (row: number, col: number) => `row ${row}, column ${col}`): void {
  // NaN or ±inf would poison every statistic and metric computed from the dataset, and
  // float16 rounds |v| ≥ 65520 to infinity.
  const limit = dtype === 'float16' ? 65520 : MAX_ABS_VALUE;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (Number.isFinite(v) && Math.abs(v) < limit) continue;
    const where = locate(firstRow + Math.floor(i / dims), i % dims);
    if (!Number.isFinite(v)) throw new StudioError('bad-input', `value ${v} is not a finite number`, where);
    if (dtype !== 'float16') throw new StudioError('bad-input', `value ${v} is too large for an activation (|v| ≥ ${MAX_ABS_VALUE}): row norms and statistics would overflow; rescale the data`, where);
    throw new StudioError('bad-input', `value ${v} is outside the float16 range (±65504); store this dataset as float32`, where);
  }
}

async function refuseExisting(datasetDir: string): Promise<void> {
  const exists = await fs.stat(datasetDir).then(() => true, () => false);
  if (exists) throw new StudioError('conflict', 'a dataset folder already exists here', datasetDir);
}
