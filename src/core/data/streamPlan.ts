import { Rng } from '../io/rng';

/**
 * The order in which the activation store visits rows: a pure function of (seed, epoch),
 * so any position of the stream can be rebuilt without reading what came before it.
 * An epoch is the split's rows cut into contiguous blocks, the blocks in a seeded random
 * order, grouped into windows that fit the buffer, each window's rows permuted.
 */
export interface Block {
  shard: number;
  /** first row within the shard */
  row: number;
  rows: number;
}

export interface EpochPlan {
  windows: Block[][];
  /** offset of each window's first row within the epoch */
  starts: number[];
}

/** Rows [lo, hi) of the dataset cut into blocks of at most `blockRows` that never cross a shard. */
export function blocksOf(shards: readonly { start: number; rows: number }[], lo: number, hi: number, blockRows: number): Block[] {
  const blocks: Block[] = [];
  shards.forEach((s, i) => {
    const a = Math.max(lo, s.start);
    const b = Math.min(hi, s.start + s.rows);
    for (let r = a; r < b; r += blockRows) blocks.push({ shard: i, row: r - s.start, rows: Math.min(blockRows, b - r) });
  });
  return blocks;
}

/** Blocks in (seeded random) order, grouped greedily into windows of at most `cap` rows. */
export function planEpoch(blocks: readonly Block[], cap: number, shuffle: boolean, seed: number, epoch: number): EpochPlan {
  const order = blocks.map((_, i) => i);
  if (shuffle) new Rng(mixSeed(seed, epoch, 0x9e37)).shuffle(order);
  const windows: Block[][] = [];
  const starts: number[] = [];
  let current: Block[] = [];
  let rows = 0;
  let offset = 0;
  for (const i of order) {
    if (rows + blocks[i].rows > cap) {
      windows.push(current);
      starts.push(offset);
      offset += rows;
      current = [];
      rows = 0;
    }
    current.push(blocks[i]);
    rows += blocks[i].rows;
  }
  if (current.length) {
    windows.push(current);
    starts.push(offset);
  }
  return { windows, starts };
}

/** The window holding epoch offset `off` (binary search over window starts). */
export function findWindow(plan: EpochPlan, off: number): number {
  let lo = 0;
  let hi = plan.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (plan.starts[mid] <= off) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Fills `perm` with the order of a window's rows: identity, or a seeded permutation. */
export function windowOrder(perm: Uint32Array, shuffle: boolean, seed: number, epoch: number, window: number): Uint32Array {
  for (let k = 0; k < perm.length; k++) perm[k] = k;
  if (shuffle) new Rng(mixSeed(seed, epoch, window + 1)).shuffle(perm);
  return perm;
}

/** A seed for (seed, epoch, window) so each shuffle can be rebuilt on its own. */
function mixSeed(seed: number, a: number, b: number): number {
  let h = (seed ^ Math.imul(a + 1, 0x85ebca6b) ^ Math.imul(b + 1, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}
