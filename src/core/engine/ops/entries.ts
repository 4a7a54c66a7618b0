import { Tensor, fmtShape } from '../ir/tensor';
import { nd } from '../reference/nd';
import { apply, defineOp, fault } from './registry';
import { mul } from './elementwise';
import { reduceSum } from './reduce';
import { lowerSegmentSum } from './segment-sum';
import { gather } from './indexing';

/*
 * Flat lists of a sparse [B, m] code's entries, for steps whose code has no fixed number of
 * active latents per row (ReLU-L1, JumpReLU; issue 25): a per-batch budget of N (row, latent)
 * entries instead of a per-row cap, so the busiest row stops setting the size.
 */

// activeEntries(score, n) = the positions of score > 0 in row-major order (so sorted by row), as
// [3, n] int64 rows (row, latent, row·m + latent); a batch with fewer pads with (B−1, m−1, B·m−1)
// (still sorted; the caller masks them: position ≥ the count of positives), a batch with more is
// cut at n (the caller flags it). Integer output: no gradient.
defineOp('activeEntries', {
  shape: ([score], { n }) => {
    if (score.rank !== 2 || score.dtype !== 'float32') fault(`score ${fmtShape(score.shape)} ${score.dtype} must be a float32 [B, m]`);
    if (!Number.isInteger(n) || (n as number) < 1) fault(`n=${String(n)} must be a positive integer`);
    return { shape: [3, n as number], dtype: 'int64' };
  },
  lower: (node, [score], ctx) => {
    const [B, m] = node.inputs[0].shape;
    const n = node.shape[1];
    const e = (op: string, inputs: string[], attrs?: Record<string, number | number[]>) => ctx.emit(op, inputs, attrs)[0];
    // NonZero lists the coordinates in row-major order: one pass, no sort.
    const rl = e('NonZero', [e('Greater', [score, ctx.f32([0], [])])]);
    const row = (i: number) => e('Slice', [rl, ctx.i64([i]), ctx.i64([i + 1]), ctx.i64([0])]);
    const flat = e('Add', [e('Mul', [row(0), ctx.i64([m], [])]), row(1)]);
    const pad = ctx.i64([...new Array(n).fill(B - 1), ...new Array(n).fill(m - 1), ...new Array(n).fill(B * m - 1)], [3, n]);
    return e('Slice', [e('Concat', [e('Concat', [rl, flat], { axis: 0 }), pad], { axis: 1 }), ctx.i64([0]), ctx.i64([n]), ctx.i64([1])]);
  },
  reference: ([score], node) => {
    const [B, m] = score.shape;
    const n = node.shape[1];
    const out = nd(node.shape);
    out.data.set(new Array(n).fill(B - 1), 0);
    out.data.set(new Array(n).fill(m - 1), n);
    out.data.set(new Array(n).fill(B * m - 1), 2 * n);
    let j = 0;
    for (let i = 0; i < B * m && j < n; i++) {
      if (!(score.data[i] > 0)) continue;
      [out.data[j], out.data[n + j], out.data[2 * n + j]] = [Math.floor(i / m), i % m, i];
      j++;
    }
    return out;
  },
});

/** The first `n` positive entries of `scoreBM` [B, m] in row-major order: int64 [3, n] of (row, latent, flat index), padded past the last. */
export const activeEntries = (scoreBM: Tensor, n: number) => apply('activeEntries', [scoreBM], { n });

/*
 * gatherSegmentSum(keys, srcRows, w, src, rows)[r] = Σ_{i: keys[i] = r} w[i] · src[srcRows[i]]:
 * the products of a sparse matrix given as a flat (key, srcRow, value) list with a dense one,
 * as a segment sum (segment-sum.ts). `sortedKeys` promises keys in ascending order (a row-major
 * entry list keyed by row), which skips the sort. Its gradient is the same op with keys and
 * source rows swapped: d src = Σ over the terms reading a row of w[i]·g[keys[i]].
 */
defineOp('gatherSegmentSum', {
  shape: ([keys, srcRows, w, src], { rows }) => {
    for (const t of [keys, srcRows]) if (t.dtype !== 'int64' || t.rank !== 1) fault(`indices ${fmtShape(t.shape)} ${t.dtype} must be int64 [n]`);
    if (srcRows.shape[0] !== keys.shape[0] || w.rank !== 1 || w.shape[0] !== keys.shape[0]) fault(`keys ${fmtShape(keys.shape)}, source rows ${fmtShape(srcRows.shape)} and values ${fmtShape(w.shape)} must all be [n]`);
    if (src.rank !== 2) fault(`source ${fmtShape(src.shape)} must be [S, width]`);
    return { shape: [rows as number, src.shape[1]], dtype: src.dtype };
  },
  lower: (node, [keys, srcRows, w, src], ctx) => {
    const [n, width] = [node.inputs[0].shape[0], node.inputs[3].shape[1]];
    return lowerSegmentSum(ctx, { idx: keys, src, srcIdx: srcRows, weight: w, n, width, rows: node.shape[0], sorted: node.attrs.sortedKeys === true });
  },
  vjp: (node, g) => {
    const [keys, srcRows, w, src] = node.inputs;
    // d w[i] = g[keys[i]] · src[srcRows[i]]: one dot per term. Not a batched MatMul of
    // [n, 1, w]·[n, w, 1]: ORT runs that as n tiny products (166 ms against ~20 for Mul + ReduceSum
    // at n = 36k, w = 512). gather(src, srcRows) is the very Gather the forward's lowering made, so
    // ORT's common-subexpression pass reads the rows once.
    const dw = reduceSum(mul(gather(g, keys), gather(src, srcRows)), [1]);
    return [null, null, dw, gatherSegmentSum(srcRows, keys, w, g, src.shape[0])];
  },
  reference: ([keys, srcRows, w, src], node) => {
    const out = nd(node.shape);
    const width = src.shape[1];
    for (let i = 0; i < keys.data.length; i++) {
      const [r, s] = [keys.data[i], srcRows.data[i]];
      for (let c = 0; c < width; c++) out.data[r * width + c] += w.data[i] * src.data[s * width + c];
    }
    return out;
  },
});

/** Σ over i with keys[i] = r of w[i]·src[srcRows[i]] → [rows, width]; `sortedKeys` when keys ascend (no sort needed). */
export const gatherSegmentSum = (keys: Tensor, srcRows: Tensor, w: Tensor, src: Tensor, rows: number, sortedKeys = false) =>
  apply('gatherSegmentSum', [keys, srcRows, w, src], { rows, sortedKeys });
