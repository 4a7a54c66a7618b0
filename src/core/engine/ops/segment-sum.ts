import type { LowerCtx } from './registry';

const FLOAT = 1;
const INT64 = 7;
const BOOL = 9;
const DOUBLE = 11;

/** The largest divisor of n that is at most `cap`, so rows split into equal blocks without padding. */
function blockSize(n: number, cap: number): number {
  for (let t = Math.min(cap, n); t > 1; t--) if (n % t === 0) return t;
  return 1;
}

/** What a segment sum adds up: n terms, term i being `weight[i] · src[srcRow(i)]` into output row `idx[i]`. */
export interface SegmentSumTerms {
  /** int64 with n values (any shape, read flat): the output row of each term */
  idx: string;
  /** float32 [S, width]: the rows the terms read */
  src: string;
  /** term i reads src row i (`undefined`) or row ⌊i / rowsPer⌋ (a [B, k] index over B source rows) */
  rowsPer?: number;
  /** int64 [n] (flat): term i reads src row srcIdx[i] (instead of rowsPer's rule) */
  srcIdx?: string;
  /** the caller promises idx ascending: the sort is skipped */
  sorted?: boolean;
  /** float32 with n values: a scale per term (omitted: 1) */
  weight?: string;
  n: number;
  width: number;
  rows: number;
}

/*
 * ONNX for out[r] = Σ_{i: idx[i] = r} weight[i] · src[row(i)] ([rows, width] float32).
 *
 * Why not ScatterND(reduction=add): in ORT 1.30 it races when indices repeat and more than one
 * intra-op thread runs (measured: sums off by up to 0.5 at 2 threads). ScatterElements(add) is
 * correct at 2 threads but slow on rows (0.3–0.9 s for 32k rows of 512 here).
 *
 * Instead, a segmented scan over the terms sorted by output row:
 *  1. sort the indices once (TopK ascending over n) and gather the source rows in that order,
 *     as [blocks, T, width] with T = 16;
 *  2. inside each block, the running sum of each segment (run of equal indices) up to each
 *     position is one batched MatMul by a [T+1, T] mask per block: row t+1 takes the positions
 *     u ≤ t of t's segment, times their weights (so scaled terms are never written out), and
 *     row 0 is zero (the value of a row that receives nothing);
 *  3. a segment that began in earlier blocks carries the sum of its parts there: the block-end
 *     running sums, prefix-summed across blocks in float64 (blocks = n/T rows: small) and
 *     differenced at the block where the segment began;
 *  4. out[r] = the running sum at r's last term + r's carry (a zero row when it has none).
 * The big passes are the sorted gather, the batched MatMul and two gathers of [rows, width];
 * every one is thread-safe. Everything that depends on the indices alone (step 1's sort, the
 * masks, the rows to read in 3–4) is made once per index and shared by every sum over it.
 */
export function lowerSegmentSum(ctx: LowerCtx, t: SegmentSumTerms): string {
  const { n, width } = t;
  const s = ctx.once(`segments ${t.idx} ${t.rows} ${t.sorted === true}`, () => segments(ctx, t.idx, n, t.rows, t.sorted === true));
  const { T, blocks } = s;
  const e = (op: string, inputs: string[], attrs?: Record<string, number | string | number[]>, outs?: number) => ctx.emit(op, inputs, attrs, outs);
  // in sorted order: term perm[j] (or term j when the keys came sorted)
  const inOrder = (flat: string) => (s.perm ? e('Gather', [flat, s.perm], { axis: 0 })[0] : flat);
  const position = s.perm ?? ctx.once(`positions ${n}`, () => ctx.i64(Array.from({ length: n }, (_, i) => i), [n]));
  const srcRow = t.srcIdx ? inOrder(t.srcIdx) : t.rowsPer ? e('Div', [position, ctx.i64([t.rowsPer], [])])[0] : position;
  const sorted = e('Reshape', [e('Gather', [t.src, srcRow], { axis: 0 })[0], ctx.i64([blocks, T, width])])[0];
  const weight = t.weight && e('Reshape', [inOrder(e('Reshape', [t.weight, ctx.i64([n])])[0]), ctx.i64([blocks, 1, T])])[0];
  const mask = e('Pad', [weight ? e('Mul', [s.sameSegment, weight])[0] : s.sameSegment, ctx.i64([0, 1, 0, 0, 0, 0])])[0];
  const running = e('MatMul', [mask, sorted])[0];
  const blockEnds = e('Reshape', [e('Slice', [running, ctx.i64([T]), ctx.i64([T + 1]), ctx.i64([1])])[0], ctx.i64([blocks, width])])[0];
  const before = e('CumSum', [e('Cast', [blockEnds], { to: DOUBLE })[0], ctx.i64([0], [])], { exclusive: 1 })[0];
  const carry = e('Cast', [e('Sub', [before, e('Gather', [before, s.runStart], { axis: 0 })[0]])[0]], { to: FLOAT })[0];
  const carryOrZero = e('Concat', [carry, ctx.f32(new Array(width).fill(0), [1, width])], { axis: 0 })[0];
  const runningRows = e('Reshape', [running, ctx.i64([blocks * (T + 1), width])])[0];
  return e('Add', [e('Gather', [runningRows, s.lastRow], { axis: 0 })[0], e('Gather', [carryOrZero, s.carryRow], { axis: 0 })[0]])[0];
}

/** The index-only part of a segment sum (steps 1–4 above, without the values). */
function segments(ctx: LowerCtx, idxAnyShape: string, n: number, rows: number, presorted: boolean) {
  const T = blockSize(n, 16);
  const blocks = n / T;
  const e = (op: string, inputs: string[], attrs?: Record<string, number | string | number[]>, outs?: number) => ctx.emit(op, inputs, attrs, outs);
  const one = (v: number) => ctx.i64([v], []);
  const idx = e('Reshape', [idxAnyShape, ctx.i64([n])])[0];
  const [keys, perm] = presorted ? [idx, undefined] : (e('TopK', [idx, ctx.i64([n])], { largest: 0, sorted: 1 }, 2) as [string, string]);

  // sameSegment[b, t, u] = 1 if u ≤ t and the keys at t and u agree.
  const keysBT = e('Reshape', [keys, ctx.i64([blocks, T])])[0];
  const same = e('Equal', [e('Unsqueeze', [keysBT, ctx.i64([2])])[0], e('Unsqueeze', [keysBT, ctx.i64([1])])[0]])[0];
  const lowerTri = e('Cast', [ctx.f32(Array.from({ length: T * T }, (_, i) => (i % T <= Math.floor(i / T) ? 1 : 0)), [T, T])], { to: BOOL })[0];
  const sameSegment = e('Cast', [e('And', [same, lowerTri])[0]], { to: FLOAT })[0];

  // Blocks whose last key is below block b's first key: where b's carry starts (sorted keys).
  const lastKey = e('Reshape', [e('Slice', [keysBT, ctx.i64([T - 1]), ctx.i64([T]), ctx.i64([1])])[0], ctx.i64([blocks])])[0];
  const firstKey = e('Reshape', [e('Slice', [keysBT, ctx.i64([0]), ctx.i64([1]), ctx.i64([1])])[0], ctx.i64([blocks])])[0];
  const count = (keysN: string, len: number) => e('ScatterElements', [e('Expand', [one(0), ctx.i64([rows])])[0], keysN, e('Expand', [one(1), ctx.i64([len])])[0]], { axis: 0, reduction: 'add' })[0];
  const runStart = e('Gather', [e('CumSum', [count(lastKey, blocks), one(0)], { exclusive: 1 })[0], firstKey], { axis: 0 })[0];

  // Each output row's terms are sorted positions [lo, hi); its last term is at p = hi − 1.
  const counts = count(idx, n);
  const hi = e('CumSum', [counts, one(0)])[0];
  const fired = e('Greater', [counts, one(0)])[0];
  const p = e('Max', [e('Sub', [hi, one(1)])[0], one(0)])[0];
  const block = e('Div', [p, one(T)])[0];
  const lastRow = e('Mul', [e('Add', [e('Add', [e('Mul', [block, one(T + 1)])[0], e('Mod', [p, one(T)])[0]])[0], one(1)])[0], e('Cast', [fired], { to: INT64 })[0]])[0];
  const spans = e('And', [fired, e('Less', [e('Sub', [hi, counts])[0], e('Mul', [block, one(T)])[0]])[0]])[0];
  const carryRow = e('Where', [spans, block, one(blocks)])[0];
  return { T, blocks, perm, sameSegment, runStart, lastRow, carryRow };
}
