import { Tensor, sizeOf, fmtShape, type Shape } from '../ir/tensor';
import { broadcastShapes, normAxis, stridesOf } from '../ir/broadcast';
import { expandTo, nd, transposeND } from '../reference/nd';
import { apply, defineOp, fault, type NDArray } from './registry';
import { sumTo } from './reduce';

// d transpose(x, p) = transpose(g, p⁻¹)
defineOp('transpose', {
  shape: ([x], { perm }) => ({ shape: (perm as number[]).map((p) => x.shape[p]), dtype: x.dtype }),
  lower: (n, [x], ctx) => ctx.emit('Transpose', [x], { perm: n.attrs.perm as number[] })[0],
  vjp: (n, g) => {
    const perm = n.attrs.perm as number[];
    const inv = perm.map((_, i) => perm.indexOf(i));
    return [transpose(g, inv)];
  },
  reference: ([x], n) => transposeND(x, n.attrs.perm as number[]),
});

/** Permutes axes; without `perm`, reverses them. */
export function transpose(x: Tensor, perm?: number[]): Tensor {
  return apply('transpose', [x], () => {
    const p = perm ?? x.shape.map((_, i) => x.rank - 1 - i);
    const norm = p.map((a) => normAxis(a, x.rank));
    if (norm.length !== x.rank || new Set(norm).size !== x.rank) fault(`perm [${p.join(',')}] is not a permutation of ${x.rank} axes`);
    return { perm: norm };
  });
}

/** Swaps the last two axes (matrix transpose of a batch). */
export function transposeLast(x: Tensor): Tensor {
  const perm = x.shape.map((_, i) => i);
  [perm[x.rank - 2], perm[x.rank - 1]] = [perm[x.rank - 1], perm[x.rank - 2]];
  return transpose(x, perm);
}

// d reshape = reshape(g, shape(x))
defineOp('reshape', {
  shape: ([x], { shape }) => ({ shape: shape as number[], dtype: x.dtype }),
  lower: (n, [x], ctx) => ctx.emit('Reshape', [x, ctx.i64([...n.shape])])[0],
  vjp: (n, g) => [reshape(g, n.inputs[0].shape)],
  reference: ([x], n) => nd(n.shape, x.data),
});

/** Reshapes; one dimension may be -1 and is inferred. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  if (shape.length === x.rank && shape.every((d, i) => d === x.shape[i])) return x;
  return apply('reshape', [x], () => {
    const known = sizeOf(shape.filter((d) => d !== -1));
    const holes = shape.filter((d) => d === -1).length;
    if (holes > 1) fault(`more than one -1 in ${fmtShape(shape)}`);
    const out = shape.map((d) => (d === -1 ? x.size / known : d));
    if (sizeOf(out) !== x.size || !out.every(Number.isInteger)) fault(`cannot reshape ${fmtShape(x.shape)} (${x.size} elements) to ${fmtShape(shape)}`);
    return { shape: out };
  });
}

// d expand(x) = sum of g over the broadcast axes
defineOp('expand', {
  shape: ([x], { shape }) => {
    const out = broadcastShapes(x.shape, shape as number[]);
    if (out.length !== (shape as number[]).length || out.some((d, i) => d !== (shape as number[])[i])) fault(`cannot expand ${fmtShape(x.shape)} to ${fmtShape(shape as number[])}`);
    return { shape: out, dtype: x.dtype };
  },
  lower: (n, [x], ctx) => ctx.emit('Expand', [x, ctx.i64([...n.shape])])[0],
  vjp: (n, g) => [sumTo(g, n.inputs[0].shape)],
  reference: ([x], n) => expandTo(x, n.shape),
});

export function expand(x: Tensor, shape: Shape): Tensor {
  if (shape.length === x.rank && shape.every((d, i) => d === x.shape[i])) return x;
  return apply('expand', [x], { shape: [...shape] });
}

function concatRef(xs: NDArray[], axis: number, outShape: Shape): NDArray {
  const out = nd(outShape);
  const outer = sizeOf(outShape.slice(0, axis));
  const inner = sizeOf(outShape.slice(axis + 1));
  let offset = 0;
  for (const x of xs) {
    const len = x.shape[axis];
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < len * inner; j++) out.data[(o * outShape[axis] + offset) * inner + j] = x.data[o * len * inner + j];
    }
    offset += len;
  }
  return out;
}

// d concat = the slices of g that each input filled
defineOp('concat', {
  shape: (xs, { axis }) => {
    const a = axis as number;
    const first = xs[0];
    for (const x of xs) {
      if (x.dtype !== first.dtype) fault(`dtypes differ: ${first.dtype} vs ${x.dtype}`);
      if (x.rank !== first.rank || x.shape.some((d, i) => i !== a && d !== first.shape[i])) fault(`${fmtShape(x.shape)} does not fit ${fmtShape(first.shape)} off axis ${a}`);
    }
    const shape = [...first.shape];
    shape[a] = xs.reduce((s, x) => s + x.shape[a], 0);
    return { shape, dtype: first.dtype };
  },
  lower: (n, xs, ctx) => ctx.emit('Concat', xs, { axis: n.attrs.axis as number })[0],
  vjp: (n, g) => {
    const axis = n.attrs.axis as number;
    let start = 0;
    return n.inputs.map((x) => {
      const s = slice(g, [start], [start + x.shape[axis]], [axis]);
      start += x.shape[axis];
      return s;
    });
  },
  reference: (xs, n) => concatRef(xs, n.attrs.axis as number, n.shape),
});

export function concat(xs: Tensor[], axis: number): Tensor {
  if (xs.length === 0) throw new Error('concat of nothing');
  return apply('concat', xs, () => ({ axis: normAxis(axis, xs[0].rank) }));
}

/** Copies the box `begin` (inclusive) to `begin + shape(out)` between two arrays of equal rank. */
function boxCopy(src: NDArray, dst: NDArray, srcBegin: number[], dstBegin: number[], box: number[]): void {
  const ss = stridesOf(src.shape);
  const ds = stridesOf(dst.shape);
  const n = sizeOf(box);
  const c = new Array<number>(box.length).fill(0);
  for (let flat = 0; flat < n; flat++) {
    let so = 0;
    let doff = 0;
    for (let i = 0; i < box.length; i++) {
      so += (c[i] + srcBegin[i]) * ss[i];
      doff += (c[i] + dstBegin[i]) * ds[i];
    }
    dst.data[doff] = src.data[so];
    for (let i = box.length - 1; i >= 0; i--) {
      if (++c[i] < box[i]) break;
      c[i] = 0;
    }
  }
}

// d slice = g padded back with zeros
defineOp('slice', {
  shape: ([x], { begin, end }) => ({ shape: x.shape.map((_, i) => (end as number[])[i] - (begin as number[])[i]), dtype: x.dtype }),
  lower: (n, [x], ctx) => {
    const begin = n.attrs.begin as number[];
    const end = n.attrs.end as number[];
    return ctx.emit('Slice', [x, ctx.i64(begin), ctx.i64(end)])[0];
  },
  vjp: (n, g) => {
    const begin = n.attrs.begin as number[];
    const end = n.attrs.end as number[];
    return [pad(g, [...begin, ...n.inputs[0].shape.map((d, i) => d - end[i])])];
  },
  reference: ([x], n) => {
    const out = nd(n.shape);
    boxCopy(x, out, n.attrs.begin as number[], n.shape.map(() => 0), [...n.shape]);
    return out;
  },
});

/** x[starts:ends] on the given axes (step 1; negative positions count from the end). */
export function slice(x: Tensor, starts: number[], ends: number[], axes?: number[]): Tensor {
  return apply('slice', [x], () => {
    const ax = axes ?? starts.map((_, i) => i);
    const begin = x.shape.map(() => 0);
    const end = [...x.shape];
    ax.forEach((a0, k) => {
      const a = normAxis(a0, x.rank);
      const clampPos = (p: number) => Math.min(x.shape[a], Math.max(0, p < 0 ? p + x.shape[a] : p));
      begin[a] = clampPos(starts[k]);
      end[a] = clampPos(ends[k]);
      if (end[a] < begin[a]) fault(`empty or reversed range ${starts[k]}:${ends[k]} on axis ${a}`);
    });
    return { begin, end };
  });
}

// d pad = the slice of g that holds x
defineOp('pad', {
  shape: ([x], { pads }) => {
    const p = pads as number[];
    if (p.length !== 2 * x.rank || p.some((v) => v < 0)) fault(`pads [${p.join(',')}] must be 2×rank non-negative numbers`);
    return { shape: x.shape.map((d, i) => d + p[i] + p[i + x.rank]), dtype: x.dtype };
  },
  lower: (n, [x], ctx) => ctx.emit('Pad', [x, ctx.i64(n.attrs.pads as number[])])[0],
  vjp: (n, g) => {
    const p = n.attrs.pads as number[];
    const x = n.inputs[0];
    return [slice(g, x.shape.map((_, i) => p[i]), x.shape.map((d, i) => p[i] + d))];
  },
  reference: ([x], n) => {
    const out = nd(n.shape);
    boxCopy(x, out, x.shape.map(() => 0), (n.attrs.pads as number[]).slice(0, x.shape.length), x.shape);
    return out;
  },
});

/** Zero padding: `pads` = [begin per axis..., end per axis...] as in ONNX Pad. */
export function pad(x: Tensor, pads: number[]): Tensor {
  return apply('pad', [x], { pads });
}
