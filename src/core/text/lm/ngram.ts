/**
 * An interpolated Kneser–Ney byte n-gram model (Chen & Goodman 1998, §3.5 with one discount
 * per order, D = n₁/(n₁ + 2n₂)): the baseline the text model's held-out bits per byte are
 * compared with. The highest order counts n-grams; lower orders count the distinct bytes seen
 * before each n-gram (continuation counts); the lowest interpolates with the uniform 1/256.
 *
 * Every n-gram is a number (bytes in base 256, at most 6 bytes, exact in a double), and each
 * order is a sorted array of unique keys beside their counts: one sort of the stream's
 * n-grams, then binary search, instead of a hash map per order that 20 MB of text would take
 * gigabytes to hold.
 */
import { StudioError } from '../../../shared/errors';
import { documentTokens } from './bytes';

interface Order {
  /** sorted unique n-gram keys and their (continuation) counts */
  keys: Float64Array;
  counts: Float64Array;
  /** per context (the key without its last byte): total count and number of distinct next bytes */
  ctxKeys: Float64Array;
  ctxTotal: Float64Array;
  ctxTypes: Float64Array;
  discount: number;
}

function uniqueCounts(sorted: Float64Array): { keys: Float64Array; counts: Float64Array } {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) n++;
  const keys = new Float64Array(n);
  const counts = new Float64Array(n);
  let j = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) keys[++j] = sorted[i];
    counts[j]++;
  }
  return { keys, counts };
}

function buildOrder(keys: Float64Array, counts: Float64Array): Order {
  let n1 = 0;
  let n2 = 0;
  for (const c of counts) {
    if (c === 1) n1++;
    else if (c === 2) n2++;
  }
  const discount = n1 + n2 > 0 ? Math.min(0.99, Math.max(0.05, n1 / (n1 + 2 * n2))) : 0.75;
  let m = 0;
  for (let i = 0; i < keys.length; i++) if (i === 0 || Math.floor(keys[i] / 256) !== Math.floor(keys[i - 1] / 256)) m++;
  const ctxKeys = new Float64Array(m);
  const ctxTotal = new Float64Array(m);
  const ctxTypes = new Float64Array(m);
  let j = -1;
  for (let i = 0; i < keys.length; i++) {
    const ctx = Math.floor(keys[i] / 256);
    if (i === 0 || ctx !== ctxKeys[j]) ctxKeys[++j] = ctx;
    ctxTotal[j] += counts[i];
    ctxTypes[j]++;
  }
  return { keys, counts, ctxKeys, ctxTotal, ctxTypes, discount };
}

function find(sorted: Float64Array, key: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid];
    if (v === key) return mid;
    if (v < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export class KneserNeyModel {
  private constructor(
    readonly order: number,
    /** orders[k − 1] holds the k-grams */
    private readonly orders: Order[],
  ) {}

  /** Counts the n-grams of a token stream (documents opened by DOC_START, bytes.ts `tokenStream`). */
  static fit(stream: Uint8Array, order = 5): KneserNeyModel {
    if (!(Number.isInteger(order) && order >= 1 && order <= 6)) throw new StudioError('bad-input', `an n-gram order must be 1–6, got ${order}`, 'order');
    if (stream.length < order) throw new StudioError('bad-input', `the training text holds ${stream.length} bytes, fewer than the order ${order}`, 'stream');
    const grams = new Float64Array(stream.length - order + 1);
    let key = 0;
    const top = 256 ** (order - 1);
    for (let i = 0; i < stream.length; i++) {
      key = (key % top) * 256 + stream[i];
      if (i >= order - 1) grams[i - order + 1] = key;
    }
    grams.sort();
    const orders: Order[] = new Array(order);
    let { keys, counts } = uniqueCounts(grams);
    orders[order - 1] = buildOrder(keys, counts);
    for (let k = order - 1; k >= 1; k--) {
      // continuation count of a k-gram: the distinct bytes seen before it = the unique (k+1)-grams it ends
      const mod = 256 ** k;
      const suffixes = keys.map((v) => v % mod).sort();
      ({ keys, counts } = uniqueCounts(suffixes));
      orders[k - 1] = buildOrder(keys, counts);
    }
    return new KneserNeyModel(order, orders);
  }

  /** P(next | context), context given as its last ≤ order − 1 bytes (oldest first). */
  probability(context: ArrayLike<number>, next: number): number {
    const n = Math.min(context.length, this.order - 1);
    let p = 1 / 256;
    for (let k = 1; k <= n + 1; k++) {
      const o = this.orders[k - 1];
      let ctx = 0;
      for (let j = context.length - (k - 1); j < context.length; j++) ctx = ctx * 256 + context[j];
      const ci = find(o.ctxKeys, ctx);
      if (ci < 0) continue; // context unseen at this order: keep the lower order's estimate
      const gi = find(o.keys, ctx * 256 + next);
      const c = gi < 0 ? 0 : o.counts[gi];
      const total = o.ctxTotal[ci];
      p = Math.max(c - o.discount, 0) / total + ((o.discount * o.ctxTypes[ci]) / total) * p;
    }
    return p;
  }

  /** Bits per byte over each document's bytes, each predicted from at most order − 1 bytes before it in its document (DOC_START included). */
  bitsPerByte(texts: readonly string[]): { bitsPerByte: number; bytes: number } {
    let bits = 0;
    let count = 0;
    for (const t of texts) {
      const doc = documentTokens(t);
      for (let i = 1; i < doc.length; i++) {
        bits -= Math.log2(this.probability(doc.subarray(Math.max(0, i - this.order + 1), i), doc[i]));
        count++;
      }
    }
    return { bitsPerByte: bits / Math.max(1, count), bytes: count };
  }
}
