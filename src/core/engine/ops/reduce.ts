import { Tensor, sizeOf, isFloat, type Shape } from '../ir/tensor';
import { normAxes, normAxis } from '../ir/broadcast';
import { around, nd, reduce } from '../reference/nd';
import { apply, defineOp, fault, type LowerCtx, type NDArray } from './registry';
import { cast, div, equal, exp, mul, sub } from './elementwise';
import { expand, reshape } from './shape';

interface ReduceAttrs {
  axes: number[];
  keepdims: boolean;
}

function reducedShape(shape: Shape, axes: number[], keepdims: boolean): number[] {
  return keepdims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
}

/** The incoming gradient reshaped to keepdims form and broadcast back over the reduced axes. */
function spread(n: Tensor, g: Tensor): Tensor {
  const { axes } = n.attrs as unknown as ReduceAttrs;
  const x = n.inputs[0];
  return expand(reshape(g, reducedShape(x.shape, axes, true)), x.shape);
}

function defineReduce(name: string, onnxOp: string, ref: (x: NDArray, axes: number[], keep: boolean) => NDArray, vjp: (n: Tensor, g: Tensor) => (Tensor | null)[]): void {
  defineOp(name, {
    shape: ([x], attrs) => {
      const { axes, keepdims } = attrs as unknown as ReduceAttrs;
      if (name !== 'reduceMax' && !isFloat(x.dtype)) fault(`${name} needs a float tensor, got ${x.dtype}`);
      return { shape: reducedShape(x.shape, axes, keepdims), dtype: x.dtype };
    },
    lower: (n, [x], ctx: LowerCtx) => {
      const { axes, keepdims } = n.attrs as unknown as ReduceAttrs;
      return ctx.emit(onnxOp, [x, ctx.i64(axes)], { keepdims: keepdims ? 1 : 0 })[0];
    },
    vjp,
    reference: ([x], n) => {
      const { axes, keepdims } = n.attrs as unknown as ReduceAttrs;
      return ref(x, axes, keepdims);
    },
  });
}

// d Σx = broadcast(g)
defineReduce('reduceSum', 'ReduceSum', (x, axes, k) => reduce(x, axes, k, 0, (a, v) => a + v), (n, g) => [spread(n, g)]);
// d mean(x) = broadcast(g)/count
defineReduce('reduceMean', 'ReduceMean', (x, axes, k) => reduce(x, axes, k, 0, (a, v) => a + v, (a, c) => a / c), (n, g) => {
  const x = n.inputs[0];
  return [div(spread(n, g), sizeOf(x.shape) / Math.max(1, sizeOf(n.shape)))];
});
// d max(x) = broadcast(g)·1[x = max] / #ties
defineReduce('reduceMax', 'ReduceMax', (x, axes, k) => reduce(x, axes, k, -Infinity, Math.max), (n, g) => {
  const x = n.inputs[0];
  const { axes } = n.attrs as unknown as ReduceAttrs;
  const hit = cast(equal(x, expand(reshape(n, reducedShape(x.shape, axes, true)), x.shape)), x.dtype);
  const ties = reduceSum(hit, axes, true);
  return [div(mul(spread(n, g), hit), ties)];
});

// d Σx² = 2x·broadcast(g). One read of x and no x² tensor: a global gradient norm costs a read per parameter.
defineReduce('reduceSumSquare', 'ReduceSumSquare', (x, axes, k) => reduce(x, axes, k, 0, (a, v) => a + v * v), (n, g) => [mul(mul(spread(n, g), n.inputs[0]), 2)]);

/** Reductions over `axes` (all axes when omitted; negative axes count from the end). */
export const reduceSum = (x: Tensor, axes?: number[], keepdims = false) => apply('reduceSum', [x], () => ({ axes: normAxes(axes, x.rank), keepdims }));
export const reduceMean = (x: Tensor, axes?: number[], keepdims = false) => apply('reduceMean', [x], () => ({ axes: normAxes(axes, x.rank), keepdims }));
export const reduceSumSquare = (x: Tensor, axes?: number[], keepdims = false) => apply('reduceSumSquare', [x], () => ({ axes: normAxes(axes, x.rank), keepdims }));
export const reduceMax = (x: Tensor, axes?: number[], keepdims = false) => apply('reduceMax', [x], () => ({ axes: normAxes(axes, x.rank), keepdims }));

/** Sums a broadcast gradient back to `shape` (the inverse of broadcasting). */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (g.shape.length === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  // Sums distribute over a sum of same-shape terms, so a product among them can take the shortcut below.
  if (g.op === 'add' && g.inputs.some((t) => t.op === 'matmul') && g.inputs.every((t) => t.rank === g.rank && t.shape.every((dim, i) => dim === g.shape[i]))) {
    return apply('add', [sumTo(g.inputs[0], shape), sumTo(g.inputs[1], shape)]);
  }
  // Σ over every row of A·B is (Σ rows of A)·B: a [1,K]·[K,N] product instead of the full one,
  // which is all a bias in front of a matmul needs (an SAE's b_dec under its encoder).
  if (g.op === 'matmul' && g.inputs[1].rank === 2 && axes.length === g.rank - 1 && axes.every((axis, i) => axis === i)) {
    const [a, b] = g.inputs;
    // (rank 2: no reshape, so this is the very reduction a bias after the matmul takes, and ORT's CSE shares it)
    const rowSum = reduceSum(a.rank === 2 ? a : reshape(a, [-1, a.shape[a.rank - 1]]), [0], true);
    return reshape(apply('matmul', [rowSum, b]), shape);
  }
  const summed = axes.length ? reduceSum(g, axes, true) : g;
  return reshape(summed, shape);
}

function softmaxRef(x: NDArray, axis: number, log: boolean): NDArray {
  const out = nd(x.shape);
  const [outer, len, inner] = around(x.shape, axis);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (j: number) => (o * len + j) * inner + i;
      let m = -Infinity;
      for (let j = 0; j < len; j++) m = Math.max(m, x.data[at(j)]);
      let s = 0;
      for (let j = 0; j < len; j++) s += Math.exp(x.data[at(j)] - m);
      for (let j = 0; j < len; j++) out.data[at(j)] = log ? x.data[at(j)] - m - Math.log(s) : Math.exp(x.data[at(j)] - m) / s;
    }
  }
  return out;
}

function defineSoftmax(name: string, onnxOp: string, log: boolean, vjp: (n: Tensor, g: Tensor) => Tensor[]): void {
  defineOp(name, {
    shape: ([x]) => ({ shape: x.shape, dtype: x.dtype }),
    lower: (n, [x], ctx) => ctx.emit(onnxOp, [x], { axis: n.attrs.axis as number })[0],
    vjp,
    reference: ([x], n) => softmaxRef(x, n.attrs.axis as number, log),
  });
}

// d softmax = y ⊙ (g − Σ g⊙y)
defineSoftmax('softmax', 'Softmax', false, (n, g) => [mul(n, sub(g, reduceSum(mul(g, n), [n.attrs.axis as number], true)))]);
// d logSoftmax = g − softmax ⊙ Σ g
defineSoftmax('logSoftmax', 'LogSoftmax', true, (n, g) => [sub(g, mul(exp(n), reduceSum(g, [n.attrs.axis as number], true)))]);

export const softmax = (x: Tensor, axis = -1) => apply('softmax', [x], () => ({ axis: normAxis(axis, x.rank) }));
export const logSoftmax = (x: Tensor, axis = -1) => apply('logSoftmax', [x], () => ({ axis: normAxis(axis, x.rank) }));
