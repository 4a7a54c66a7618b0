import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { DatasetMeta } from '../../shared/schemas/dataset';
import { halfArrayToFloat } from './float16';
import { ITEM_SIZE, type NpyHeader, readExactly, readNpyHeader } from './npy';
import { type Block, blocksOf, type EpochPlan, findWindow, planEpoch, windowOrder } from './streamPlan';
import { META_FILE } from './writer';

export type Split = 'train' | 'validation' | 'all';

export interface StoreOptions {
  /** most bytes one batch stream holds: its window, permutation, read scratch and the batch being filled. Default 256 MiB */
  bufferBytes?: number;
  /** rows per contiguous read; default: about 1/16 of the window, at most 8192 */
  blockRows?: number;
}

export interface BatchOptions {
  split: Split;
  batchSize: number;
  /** shuffled, endless (or `epochs` long) stream when true (default); one ordered pass when false */
  shuffle?: boolean;
  seed?: number;
  /**
   * Position in the row stream to start from: after k batches of size B the cursor is
   * start + k·B, and starting there continues the very same stream (resume).
   */
  startRow?: number;
  /** stop after this many passes (default: endless when shuffled, 1 when ordered) */
  epochs?: number;
}

interface Shard {
  file: string;
  rows: number;
  /** first global row */
  start: number;
  header?: NpyHeader;
  handle?: fs.FileHandle;
}

/**
 * Streams a dataset folder's shards in shuffled batches within a fixed memory bound, so a
 * dataset many times larger than memory trains from disk. The row stream of an epoch is:
 * the split's rows cut into contiguous blocks, the blocks put in a seeded random order,
 * grouped into windows that fit the buffer, and each window's rows permuted. Every row
 * appears once per epoch, reads stay contiguous, and any position in the stream can be
 * reopened without reading what came before it.
 */
export class ActivationStore {
  readonly rows: number;
  readonly dims: number;
  readonly bufferBytes: number;
  private readonly shards: Shard[];
  private resident = 0;
  private peak = 0;

  private constructor(readonly dir: string, readonly meta: DatasetMeta, private readonly opts: StoreOptions) {
    this.rows = meta.rows;
    this.dims = meta.dims;
    this.bufferBytes = opts.bufferBytes ?? 256 * 1024 * 1024;
    let start = 0;
    this.shards = meta.shards.map((s) => {
      const shard = { file: s.file, rows: s.rows, start };
      start += s.rows;
      return shard;
    });
    if (start !== meta.rows) throw new StudioError('bad-file', `shards hold ${start} rows but meta.json says ${meta.rows}`, path.join(dir, META_FILE));
  }

  static async open(dir: string, opts: StoreOptions = {}): Promise<ActivationStore> {
    const metaPath = path.join(dir, META_FILE);
    const text = await fs.readFile(metaPath, 'utf8').catch((err: Error) => {
      throw new StudioError('not-found', `no dataset here: ${err.message}`, metaPath);
    });
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new StudioError('bad-file', 'meta.json is not JSON', metaPath);
    }
    const parsed = DatasetMeta.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new StudioError('bad-file', `meta.json: ${issue.message}`, `${metaPath}: ${issue.path.join('.')}`);
    }
    return new ActivationStore(dir, parsed.data, opts);
  }

  /** The rows [start, end) of a split: train first, validation after it. */
  splitRange(split: Split): [number, number] {
    const t = this.meta.split.trainRows;
    if (split === 'train') return [0, t];
    if (split === 'validation') return [t, this.rows];
    return [0, this.rows];
  }

  /** Bytes held by open batch streams, now and at most so far; one stream never holds more than `bufferBytes`. */
  get memory(): { boundBytes: number; residentBytes: number; peakBytes: number } {
    return { boundBytes: this.bufferBytes, residentBytes: this.resident, peakBytes: this.peak };
  }

  private hold(bytes: number): void {
    this.resident += bytes;
    this.peak = Math.max(this.peak, this.resident);
  }

  /** Every row of the dataset in `dir` (opens, reads, closes): for small datasets and checks. */
  static async readAll(dir: string): Promise<Float32Array> {
    const store = await ActivationStore.open(dir);
    try {
      return await store.readRows(0, store.rows);
    } finally {
      await store.close();
    }
  }

  /** Reads rows [start, start + count) of the whole dataset, across shards, in order. */
  async readRows(start: number, count: number): Promise<Float32Array> {
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > this.rows) {
      throw new StudioError('bad-input', `row range [${start}, ${start + count}) is outside the ${this.rows} rows`, this.dir);
    }
    const out = new Float32Array(count * this.dims);
    let done = 0;
    for (const shard of this.shards) {
      const lo = Math.max(start + done, shard.start);
      const hi = Math.min(start + count, shard.start + shard.rows);
      if (lo >= hi) continue;
      await this.readBlock({ shard: this.shards.indexOf(shard), row: lo - shard.start, rows: hi - lo }, out.subarray(done * this.dims), null);
      done += hi - lo;
    }
    return out;
  }

  async *batches(opts: BatchOptions): AsyncGenerator<Float32Array> {
    const { batchSize } = opts;
    const shuffle = opts.shuffle ?? true;
    const seed = opts.seed ?? 0;
    const [lo, hi] = this.splitRange(opts.split);
    const n = hi - lo;
    if (n <= 0) throw new StudioError('bad-input', `the ${opts.split} split has no rows`, `${this.dir}: split`);
    if (!Number.isInteger(batchSize) || batchSize <= 0) throw new StudioError('bad-input', `batchSize must be a positive integer, got ${batchSize}`, 'batchSize');
    const d = this.dims;
    const itemSize = ITEM_SIZE[this.meta.dtype];
    const batchBytes = batchSize * d * 4;
    const rowCost = d * 4 + 4;
    const blockRows = this.opts.blockRows ?? Math.max(1, Math.min(8192, Math.floor((this.bufferBytes - batchBytes) / (16 * rowCost))));
    const scratchBytes = itemSize === 4 ? 0 : blockRows * d * itemSize;
    const capRows = Math.floor((this.bufferBytes - batchBytes - scratchBytes) / rowCost);
    if (capRows < blockRows) {
      throw new StudioError('bad-input', `a buffer of ${this.bufferBytes} bytes cannot hold a batch of ${batchSize} and a block of ${blockRows} rows of ${d} dims`, 'bufferBytes');
    }
    const blocks = blocksOf(this.shards, lo, hi, blockRows);
    const epochs = opts.epochs ?? (shuffle ? Infinity : 1);
    const end = epochs * n;
    let pos = opts.startRow ?? 0;
    if (!Number.isInteger(pos) || pos < 0) throw new StudioError('bad-input', `startRow must be a non-negative integer, got ${pos}`, 'startRow');

    const windowRows = Math.min(capRows, n);
    const windowBuf = new Float32Array(windowRows * d);
    const perm = new Uint32Array(windowRows);
    const scratch = scratchBytes ? new Uint8Array(scratchBytes) : null;
    const held = windowBuf.byteLength + perm.byteLength + scratchBytes + batchBytes;
    this.hold(held);
    try {
      let epoch = -1;
      let plan: EpochPlan = { windows: [], starts: [] };
      let w = -1;
      let wStart = 0;
      let wLen = 0;
      while (pos < end) {
        const rows = Math.min(batchSize, end - pos);
        const batch = new Float32Array(rows * d);
        for (let i = 0; i < rows; i++, pos++) {
          const e = Math.floor(pos / n);
          const off = pos - e * n;
          if (e !== epoch) {
            epoch = e;
            plan = planEpoch(blocks, windowRows, shuffle, seed, epoch);
            w = -1;
          }
          if (w < 0 || off < wStart || off >= wStart + wLen) {
            w = findWindow(plan, off);
            wStart = plan.starts[w];
            wLen = await this.loadWindow(plan.windows[w], windowBuf, scratch);
            windowOrder(perm.subarray(0, wLen), shuffle, seed, epoch, w);
          }
          const src = perm[off - wStart] * d;
          batch.set(windowBuf.subarray(src, src + d), i * d);
        }
        yield batch;
      }
    } finally {
      this.resident -= held;
    }
  }

  /** `n` rows drawn from the shuffled stream of a split (e.g. to fit whitening). */
  async sample(n: number, opts: { split?: Split; seed?: number } = {}): Promise<Float32Array> {
    const out = new Float32Array(n * this.dims);
    let got = 0;
    const [lo, hi] = this.splitRange(opts.split ?? 'train');
    if (n > hi - lo) throw new StudioError('bad-input', `cannot sample ${n} rows from ${hi - lo}`, 'n');
    // Batches of at most a quarter of the buffer leave room for the window.
    const batchSize = Math.max(1, Math.min(n, 4096, Math.floor(this.bufferBytes / (16 * this.dims))));
    for await (const batch of this.batches({ split: opts.split ?? 'train', batchSize, seed: opts.seed, epochs: 1 })) {
      const take = Math.min(batch.length / this.dims, n - got);
      out.set(batch.subarray(0, take * this.dims), got * this.dims);
      got += take;
      if (got === n) break;
    }
    return out;
  }

  async close(): Promise<void> {
    for (const s of this.shards) {
      await s.handle?.close();
      s.handle = undefined;
    }
  }

  private async loadWindow(window: Block[], into: Float32Array, scratch: Uint8Array | null): Promise<number> {
    let rows = 0;
    for (const block of window) {
      await this.readBlock(block, into.subarray(rows * this.dims), scratch);
      rows += block.rows;
    }
    return rows;
  }

  private async readBlock(block: Block, into: Float32Array, scratch: Uint8Array | null): Promise<void> {
    const shard = this.shards[block.shard];
    const file = path.join(this.dir, shard.file);
    if (!shard.header) {
      const header = await readNpyHeader(file);
      if (header.rows !== shard.rows || header.cols !== this.dims || header.dtype !== this.meta.dtype) {
        throw new StudioError('bad-file', `shard is [${header.rows}, ${header.cols}] ${header.dtype} but meta.json says [${shard.rows}, ${this.dims}] ${this.meta.dtype}`, file);
      }
      shard.header = header;
    }
    shard.handle ??= await fs.open(file, 'r');
    const n = block.rows * this.dims;
    const itemSize = ITEM_SIZE[this.meta.dtype];
    const position = shard.header.dataOffset + block.row * this.dims * itemSize;
    if (itemSize === 4) {
      await readExactly(shard.handle, new Uint8Array(into.buffer, into.byteOffset, n * 4), position, file);
    } else {
      const bytes = scratch ? scratch.subarray(0, n * 2) : new Uint8Array(n * 2);
      await readExactly(shard.handle, bytes, position, file);
      halfArrayToFloat(new Uint16Array(bytes.buffer, bytes.byteOffset, n), into.subarray(0, n));
    }
  }
}
