import { Tensor, scalar, isFloat, type DType } from '../ir/tensor';
import { broadcastShapes } from '../ir/broadcast';
import { mapN } from '../reference/nd';
import { erfRef } from '../reference/special';
import { ELEM_TYPE } from '../onnx/proto';
import { lowerAddAsGemm } from './gemm';
import { apply, defineOp, fault, type NDArray } from './registry';
import { sumTo } from './reduce';

/** A tensor, or a number that becomes a scalar constant of the other operand's dtype. */
export type Operand = Tensor | number;

function lift(x: Operand, like: Operand): Tensor {
  if (x instanceof Tensor) return x;
  return scalar(x, like instanceof Tensor ? like.dtype : 'float32');
}

function binaryShape(inputs: readonly Tensor[], out?: DType) {
  const [a, b] = inputs;
  if (a.dtype !== b.dtype) fault(`dtypes differ: ${a.dtype} vs ${b.dtype}`);
  return { shape: broadcastShapes(a.shape, b.shape), dtype: out ?? a.dtype };
}

function defineBinary(name: string, onnxOp: string, f: (a: number, b: number) => number, vjp?: (node: Tensor, g: Tensor) => (Tensor | null)[], out?: DType): void {
  defineOp(name, {
    shape: (inputs) => binaryShape(inputs, out),
    lower: (n, [a, b], ctx) => (onnxOp === 'Add' ? lowerAddAsGemm(n, ctx) : null) ?? ctx.emit(onnxOp, [a, b])[0],
    vjp,
    reference: ([a, b], node) => mapN(node.shape, [a, b], f),
  });
}

const [x0, x1] = [0, 1];
const inA = (n: Tensor) => n.inputs[x0];
const inB = (n: Tensor) => n.inputs[x1];

// d(a+b) = da + db, reduced back over broadcast axes.
defineBinary('add', 'Add', (a, b) => a + b, (n, g) => [sumTo(g, inA(n).shape), sumTo(g, inB(n).shape)]);
// d(a−b) = da − db (summed before negating: the sum is the smaller tensor)
defineBinary('sub', 'Sub', (a, b) => a - b, (n, g) => [sumTo(g, inA(n).shape), neg(sumTo(g, inB(n).shape))]);
// d(a·b) = b·da + a·db
defineBinary('mul', 'Mul', (a, b) => a * b, (n, g) => [sumTo(mul(g, inB(n)), inA(n).shape), sumTo(mul(g, inA(n)), inB(n).shape)]);
// d(a/b) = da/b − a/b²·db
defineBinary('div', 'Div', (a, b) => a / b, (n, g) => [sumTo(div(g, inB(n)), inA(n).shape), sumTo(neg(div(mul(g, n), inB(n))), inB(n).shape)]);
// d(aᵇ) = b·aᵇ⁻¹·da + aᵇ·ln a·db
defineBinary('pow', 'Pow', (a, b) => Math.pow(a, b), (n, g) => [
  sumTo(mul(g, mul(inB(n), pow(inA(n), sub(inB(n), 1)))), inA(n).shape),
  sumTo(mul(g, mul(n, log(inA(n)))), inB(n).shape),
]);
// Comparisons carry no gradient: their outputs are booleans.
defineBinary('greater', 'Greater', (a, b) => (a > b ? 1 : 0), () => [null, null], 'bool');
defineBinary('less', 'Less', (a, b) => (a < b ? 1 : 0), () => [null, null], 'bool');
defineBinary('equal', 'Equal', (a, b) => (a === b ? 1 : 0), () => [null, null], 'bool');

/*
 * An expand feeding add/sub/mul/div is dropped when the other operand already gives the result
 * its shape: the ONNX op broadcasts by itself, and the materialised expand is a full-size pass
 * (gradients of reductions arrive as expands, e.g. an L1 penalty's d/df over a [B, m] batch).
 */
function unexpand(t: Tensor, other: Tensor): Tensor {
  if (t.op !== 'expand') return t;
  const inner = t.inputs[0];
  let full: number[];
  try {
    full = broadcastShapes(t.shape, other.shape);
  } catch {
    return t; // the op itself reports the mismatch, naming its node
  }
  const direct = broadcastShapes(inner.shape, other.shape);
  return direct.length === full.length && direct.every((d, i) => d === full[i]) ? inner : t;
}

function binary(op: string, a: Operand, b: Operand): Tensor {
  const [x, y] = [lift(a, b), lift(b, a)];
  const x1 = unexpand(x, y);
  return apply(op, [x1, unexpand(y, x1)]);
}

export const add = (a: Operand, b: Operand) => binary('add', a, b);
export const sub = (a: Operand, b: Operand) => binary('sub', a, b);
export const mul = (a: Operand, b: Operand) => binary('mul', a, b);
export const div = (a: Operand, b: Operand) => binary('div', a, b);
export const pow = (a: Operand, b: Operand) => apply('pow', [lift(a, b), lift(b, a)]);
export const greater = (a: Operand, b: Operand) => apply('greater', [lift(a, b), lift(b, a)]);
export const less = (a: Operand, b: Operand) => apply('less', [lift(a, b), lift(b, a)]);
export const equal = (a: Operand, b: Operand) => apply('equal', [lift(a, b), lift(b, a)]);

function defineUnary(name: string, onnxOp: string, f: (x: number) => number, vjp?: (node: Tensor, g: Tensor) => (Tensor | null)[]): void {
  defineOp(name, {
    shape: ([x]) => {
      if (!isFloat(x.dtype) && name !== 'neg' && name !== 'abs') fault(`${name} needs a float tensor, got ${x.dtype}`);
      return { shape: x.shape, dtype: x.dtype };
    },
    lower: (_n, [x], ctx) => ctx.emit(onnxOp, [x])[0],
    vjp,
    reference: ([x], node) => mapN(node.shape, [x], f),
  });
}

// d(−x) = −dx
defineUnary('neg', 'Neg', (x) => -x, (_n, g) => [neg(g)]);
// d(eˣ) = eˣ·dx
defineUnary('exp', 'Exp', Math.exp, (n, g) => [mul(g, n)]);
// d(ln x) = dx/x
defineUnary('log', 'Log', Math.log, (n, g) => [div(g, n.inputs[0])]);
// d(√x) = dx/(2√x)
defineUnary('sqrt', 'Sqrt', Math.sqrt, (n, g) => [div(g, mul(n, 2))]);
// d|x| = sign(x)·dx
defineUnary('abs', 'Abs', Math.abs, (n, g) => [mul(g, sign(n.inputs[0]))]);
// sign has zero derivative almost everywhere; no rule, so a path through it must say stopGradient.
defineUnary('sign', 'Sign', Math.sign);
// d relu(x) = 1[x>0]·dx: one multiply by a float mask, half the cost of Where(Greater) on the CPU.
defineUnary('relu', 'Relu', (x) => Math.max(0, x), (n, g) => [mul(g, heaviside(n))]);
// dσ = σ(1−σ)·dx
defineUnary('sigmoid', 'Sigmoid', (x) => 1 / (1 + Math.exp(-x)), (n, g) => [mul(g, mul(n, sub(1, n)))]);
// d tanh = (1 − tanh²)·dx
defineUnary('tanh', 'Tanh', Math.tanh, (n, g) => [mul(g, sub(1, mul(n, n)))]);
// d erf = 2/√π·e^(−x²)·dx
defineUnary('erf', 'Erf', erfRef, (n, g) => [mul(g, mul(2 / Math.sqrt(Math.PI), exp(neg(mul(n.inputs[0], n.inputs[0])))))]);

/*
 * heaviside(x) = 1[x > 0] as a float, in one pass: HardSigmoid max(0, min(1, αx)) with α = 2¹²⁶
 * reaches 1 at the smallest normal float, so it is exact for every x except positive subnormals
 * (which give a fraction). Greater + Cast (or Where) costs two or three passes.
 */
const HEAVISIDE_ALPHA = 2 ** 126;
defineOp('heaviside', {
  shape: ([x]) => {
    if (!isFloat(x.dtype)) fault(`heaviside needs a float tensor, got ${x.dtype}`);
    return { shape: x.shape, dtype: x.dtype };
  },
  lower: (_n, [x], ctx) => ctx.emit('HardSigmoid', [x], { alpha: HEAVISIDE_ALPHA, beta: 0 })[0],
  reference: ([x], node) => mapN(node.shape, [x], (v) => (v > 0 ? 1 : 0)),
});

export const neg = (x: Tensor) => apply('neg', [x]);
export const heaviside = (x: Tensor) => apply('heaviside', [x]);
export const exp = (x: Tensor) => apply('exp', [x]);
export const log = (x: Tensor) => apply('log', [x]);
export const sqrt = (x: Tensor) => apply('sqrt', [x]);
export const abs = (x: Tensor) => apply('abs', [x]);
export const sign = (x: Tensor) => apply('sign', [x]);
export const relu = (x: Tensor) => apply('relu', [x]);
export const sigmoid = (x: Tensor) => apply('sigmoid', [x]);
export const tanh = (x: Tensor) => apply('tanh', [x]);
export const erf = (x: Tensor) => apply('erf', [x]);

// where(c, a, b): the gradient goes to whichever branch was taken.
defineOp('where', {
  shape: ([c, a, b]) => {
    if (c.dtype !== 'bool') fault(`condition must be bool, got ${c.dtype}`);
    if (a.dtype !== b.dtype) fault(`branches differ in dtype: ${a.dtype} vs ${b.dtype}`);
    return { shape: broadcastShapes(c.shape, broadcastShapes(a.shape, b.shape)), dtype: a.dtype };
  },
  lower: (_n, ins, ctx) => ctx.emit('Where', ins)[0],
  vjp: (n, g) => {
    const [c, a, b] = n.inputs;
    return [null, sumTo(where(c, g, 0), a.shape), sumTo(where(c, 0, g), b.shape)];
  },
  reference: ([c, a, b], n) => mapN(n.shape, [c, a, b], (cv, av, bv) => (cv ? av : bv)),
});

export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  return apply('where', [cond, lift(a, b), lift(b, a)]);
}

// Casting between float types passes the gradient through; casts to int or bool end the path.
defineOp('cast', {
  shape: ([x], { to }) => ({ shape: x.shape, dtype: to as DType }),
  lower: (n, [x], ctx) => ctx.emit('Cast', [x], { to: ELEM_TYPE[n.dtype] })[0],
  vjp: (n, g) => [isFloat(n.inputs[0].dtype) && isFloat(n.dtype) ? cast(g, n.inputs[0].dtype) : null],
  reference: ([x], n): NDArray => mapN(n.shape, [x], (v) => (n.dtype === 'bool' ? (v !== 0 ? 1 : 0) : n.dtype === 'int64' ? Math.trunc(v) : v)),
});

export function cast(x: Tensor, to: DType): Tensor {
  return x.dtype === to ? x : apply('cast', [x], { to });
}

// d clip(x) = 1[min ≤ x ≤ max]·dx
defineOp('clip', {
  shape: ([x], { min, max }) => {
    if (!isFloat(x.dtype)) fault(`clip needs a float tensor, got ${x.dtype}`);
    if ((min as number) > (max as number)) fault(`min ${min} > max ${max}`);
    return { shape: x.shape, dtype: x.dtype };
  },
  lower: (n, [x], ctx) => ctx.emit('Clip', [x, ctx.f32([n.attrs.min as number]), ctx.f32([n.attrs.max as number])])[0],
  vjp: (n, g) => {
    const x = n.inputs[0];
    return [where(less(x, n.attrs.min as number), 0, where(greater(x, n.attrs.max as number), 0, g))];
  },
  reference: ([x], n) => mapN(n.shape, [x], (v) => Math.min(n.attrs.max as number, Math.max(n.attrs.min as number, v))),
});

export function clip(x: Tensor, min = -Infinity, max = Infinity): Tensor {
  return apply('clip', [x], { min: Math.max(min, -3.4e38), max: Math.min(max, 3.4e38) });
}

