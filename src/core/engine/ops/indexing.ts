import { Tensor, sizeOf, fmtShape } from '../ir/tensor';
import { nd } from '../reference/nd';
import { apply, defineOp, fault } from './registry';
import { matmul } from './linalg';
import { lowerSegmentSum } from './segment-sum';
import { reshape } from './shape';

function needIndices(idx: Tensor): void {
  if (idx.dtype !== 'int64') fault(`indices must be int64, got ${idx.dtype}`);
}

// gather(W, idx) = W[idx]: rows of a table; d W = scatterAdd(idx, g)
defineOp('gather', {
  shape: ([table, idx]) => {
    needIndices(idx);
    if (table.rank < 1) fault('cannot gather from a scalar');
    return { shape: [...idx.shape, ...table.shape.slice(1)], dtype: table.dtype };
  },
  lower: (_n, [table, idx], ctx) => ctx.emit('Gather', [table, idx], { axis: 0 })[0],
  vjp: (n, g) => [scatterAdd(n.inputs[1], g, n.inputs[0].shape[0]), null],
  reference: ([table, idx], n) => {
    const out = nd(n.shape);
    const row = sizeOf(table.shape.slice(1));
    for (let i = 0; i < idx.data.length; i++) {
      const r = idx.data[i];
      if (r < 0 || r >= table.shape[0]) throw new Error(`index ${r} out of range`);
      out.data.set(table.data.subarray(r * row, (r + 1) * row), i * row);
    }
    return out;
  },
});

/** Rows of `table` picked by int64 `idx`: result shape idx.shape ++ table.shape[1:]. */
export const gather = (table: Tensor, idx: Tensor) => apply('gather', [table, idx]);

// scatterAdd(idx, upd, m)[r] = Σ_{i: idx[i]=r} upd[i]; rows of values are lowered as a segment sum (see segment-sum.ts for why).
defineOp('scatterAdd', {
  shape: ([idx, upd], { rows }) => {
    needIndices(idx);
    const lead = upd.shape.slice(0, idx.rank);
    if (lead.length !== idx.rank || lead.some((d, i) => d !== idx.shape[i])) fault(`updates ${fmtShape(upd.shape)} must start with the index shape ${fmtShape(idx.shape)}`);
    return { shape: [rows as number, ...upd.shape.slice(idx.rank)], dtype: upd.dtype };
  },
  lower: (n, [idxName, updName], ctx) => {
    const [idx, upd] = n.inputs;
    const width = sizeOf(upd.shape.slice(idx.rank));
    const flatIdx = ctx.emit('Reshape', [idxName, ctx.i64([idx.size])])[0];
    if (width === 1) {
      // Scalars (e.g. counting which latents fired): ScatterElements(add) is correct at any
      // thread count and, one value per index, cheap; the segment sum would sort the indices.
      const zeros = ctx.emit('Expand', [ctx.f32([0], []), ctx.i64([n.shape[0]])])[0];
      const flatVals = ctx.emit('Reshape', [updName, ctx.i64([idx.size])])[0];
      const out = ctx.emit('ScatterElements', [zeros, flatIdx, flatVals], { axis: 0, reduction: 'add' })[0];
      return ctx.emit('Reshape', [out, ctx.i64([...n.shape])])[0];
    }
    const flatUpd = ctx.emit('Reshape', [updName, ctx.i64([idx.size, width])])[0];
    const out = lowerSegmentSum(ctx, { idx: idxName, src: flatUpd, n: idx.size, width, rows: n.shape[0] });
    return ctx.emit('Reshape', [out, ctx.i64([...n.shape])])[0];
  },
  vjp: (n, g) => [null, gather(g, n.inputs[0])],
  reference: ([idx, upd], n) => {
    const out = nd(n.shape);
    const width = out.data.length / n.shape[0];
    for (let i = 0; i < idx.data.length; i++) {
      const r = idx.data[i];
      for (let j = 0; j < width; j++) out.data[r * width + j] += upd.data[i * width + j];
    }
    return out;
  },
});

/** Sums rows of `upd` into `rows` output rows at int64 `idx` (repeats accumulate). */
export const scatterAdd = (idx: Tensor, upd: Tensor, rows: number) => apply('scatterAdd', [idx, upd], { rows });

/*
 * sparseTMatmul(idx, w, x, m) = Sᵀ·x for a sparse code S [B, m] given as k (index, value) pairs
 * per row: out[r] = Σ_{b,j: idx[b,j]=r} w[b,j]·x[b]. The weight gradient of a TopK layer; the
 * same sum as scatterAdd(idx, w ⊗ x) without writing the B·k scaled rows (segment-sum.ts folds
 * the weights into its per-block masks).
 */
defineOp('sparseTMatmul', {
  shape: ([idx, w, x], { rows }) => {
    needIndices(idx);
    if (idx.rank !== 2 || w.rank !== 2 || idx.shape[0] !== w.shape[0] || idx.shape[1] !== w.shape[1]) fault(`indices ${fmtShape(idx.shape)} and values ${fmtShape(w.shape)} must both be [B, k]`);
    if (x.rank !== 2 || x.shape[0] !== idx.shape[0]) fault(`x ${fmtShape(x.shape)} must be [B, d] with B = ${idx.shape[0]}`);
    return { shape: [rows as number, x.shape[1]], dtype: x.dtype };
  },
  lower: (n, [idxName, wName, xName], ctx) => {
    const [idx, , x] = n.inputs;
    return lowerSegmentSum(ctx, { idx: idxName, src: xName, rowsPer: idx.shape[1], weight: wName, n: idx.size, width: x.shape[1], rows: n.shape[0] });
  },
  vjp: (n, g) => {
    const [idx, w, x] = n.inputs;
    const [B, k] = idx.shape;
    const d = x.shape[1];
    const rowsBKD = gather(g, idx);
    return [null, reshape(matmul(rowsBKD, reshape(x, [B, d, 1])), [B, k]), reshape(matmul(reshape(w, [B, 1, k]), rowsBKD), [B, d])];
  },
  reference: ([idx, w, x], n) => {
    const out = nd(n.shape);
    const [k, d] = [idx.shape[1], x.shape[1]];
    for (let i = 0; i < idx.data.length; i++) {
      const [r, b] = [idx.data[i], Math.floor(i / k)];
      for (let c = 0; c < d; c++) out.data[r * d + c] += w.data[i] * x.data[b * d + c];
    }
    return out;
  },
});

/** Sᵀ·x for the sparse code S [B, rows] with values `w` [B, k] at int64 `idx` [B, k]; x [B, d] → [rows, d]. */
export const sparseTMatmul = (idx: Tensor, w: Tensor, x: Tensor, rows: number) => apply('sparseTMatmul', [idx, w, x], { rows });

function lastAxisPair(x: Tensor, idx: Tensor): void {
  needIndices(idx);
  if (x.rank !== idx.rank || x.shape.slice(0, -1).some((d, i) => d !== idx.shape[i])) fault(`${fmtShape(x.shape)} and indices ${fmtShape(idx.shape)} must agree except on the last axis`);
}

// takeAlong(x, idx)[…, j] = x[…, idx[…, j]]; d x = scatterAlong(g, idx)
defineOp('takeAlong', {
  shape: ([x, idx]) => {
    lastAxisPair(x, idx);
    return { shape: idx.shape, dtype: x.dtype };
  },
  lower: (n, [x, idx], ctx) => ctx.emit('GatherElements', [x, idx], { axis: n.rank - 1 })[0],
  vjp: (n, g) => [scatterAlong(g, n.inputs[1], n.inputs[0].shape[n.rank - 1]), null],
  reference: ([x, idx], n) => {
    const out = nd(n.shape);
    const k = n.shape[n.rank - 1];
    const m = x.shape[x.shape.length - 1];
    for (let i = 0; i < out.data.length; i++) out.data[i] = x.data[Math.floor(i / k) * m + idx.data[i]];
    return out;
  },
});

/** Picks entries along the last axis: the values that go with `topkIndices`. */
export const takeAlong = (x: Tensor, idx: Tensor) => apply('takeAlong', [x, idx]);

// scatterAlong(g, idx, m): adds g into zeros[…, m] at idx along the last axis with ScatterElements
// (reduction=add), which sums repeated indices correctly at 2 threads in ORT 1.30 (scatter.test.ts).
defineOp('scatterAlong', {
  shape: ([g, idx], { width }) => {
    lastAxisPair(g, idx);
    if (g.shape[g.rank - 1] !== idx.shape[idx.rank - 1]) fault(`updates ${fmtShape(g.shape)} and indices ${fmtShape(idx.shape)} differ`);
    return { shape: [...g.shape.slice(0, -1), width as number], dtype: g.dtype };
  },
  lower: (n, [g, idx], ctx) => {
    const zeros = ctx.emit('Expand', [ctx.f32([0]), ctx.i64([...n.shape])])[0];
    return ctx.emit('ScatterElements', [zeros, idx, g], { axis: n.rank - 1, reduction: 'add' })[0];
  },
  vjp: (n, g) => [takeAlong(g, n.inputs[1]), null],
  reference: ([g, idx], n) => {
    const out = nd(n.shape);
    const k = g.shape[g.shape.length - 1];
    const m = n.shape[n.rank - 1];
    for (let i = 0; i < g.data.length; i++) out.data[Math.floor(i / k) * m + idx.data[i]] += g.data[i];
    return out;
  },
});

export const scatterAlong = (g: Tensor, idx: Tensor, width: number) => apply('scatterAlong', [g, idx], { width });

// The positions of the k largest entries along the last axis, largest first. Integer output: no gradient flows.
defineOp('topkIndices', {
  shape: ([x], { k }) => {
    const kk = k as number;
    if (x.rank < 1 || !Number.isInteger(kk) || kk < 1 || kk > x.shape[x.rank - 1]) fault(`k=${kk} must be in 1..${x.shape[x.rank - 1]}`);
    return { shape: [...x.shape.slice(0, -1), kk], dtype: 'int64' };
  },
  lower: (n, [x], ctx) => ctx.emit('TopK', [x, ctx.i64([n.attrs.k as number])], { axis: -1, largest: 1, sorted: 1 }, 2)[1],
  reference: ([x], n) => {
    const out = nd(n.shape);
    const k = n.attrs.k as number;
    const m = x.shape[x.shape.length - 1];
    const order = Array.from({ length: m }, (_, i) => i);
    for (let r = 0; r < x.data.length / m; r++) {
      const row = x.data.subarray(r * m, (r + 1) * m);
      order.sort((a, b) => row[b] - row[a] || a - b);
      for (let j = 0; j < k; j++) out.data[r * k + j] = order[j];
    }
    return out;
  },
});

/** The k largest entries along the last axis and their positions. */
export function topk(x: Tensor, k: number): { values: Tensor; indices: Tensor } {
  const indices = apply('topkIndices', [x], { k });
  return { values: takeAlong(x, indices), indices };
}

// oneHot(idx, depth): float32 indicator rows. Integer input: no gradient.
defineOp('oneHot', {
  shape: ([idx], { depth }) => {
    needIndices(idx);
    return { shape: [...idx.shape, depth as number], dtype: 'float32' };
  },
  lower: (n, [idx], ctx) => ctx.emit('OneHot', [idx, ctx.i64([n.attrs.depth as number], []), ctx.f32([0, 1])], { axis: -1 })[0],
  reference: ([idx], n) => {
    const out = nd(n.shape);
    const depth = n.attrs.depth as number;
    for (let i = 0; i < idx.data.length; i++) out.data[i * depth + idx.data[i]] = 1;
    return out;
  },
});

export const oneHot = (idx: Tensor, depth: number) => apply('oneHot', [idx], { depth });
