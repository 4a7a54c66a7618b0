import { Rng } from '../../io/rng';
import { input, type DType, type Tensor } from '../ir/tensor';
import * as o from '../ops';

/** How to fill one leaf of a test case. */
export interface LeafGen {
  name: string;
  shape: number[];
  dtype?: DType;
  /** Values for this leaf; default standard normal. */
  gen?: (rng: Rng, i: number) => number;
}

export interface OpCase {
  name: string;
  leaves: LeafGen[];
  build: (...xs: Tensor[]) => Tensor;
  /** False where finite differences cannot check the gradient: integer or boolean results, or a gradient that differs from the forward function by design (stopGradient, withGrad). */
  differentiable?: boolean;
}

const away = (rng: Rng) => {
  const v = rng.normal();
  return v + Math.sign(v || 1) * 0.2; // keep kinks (relu, abs) out of finite-difference reach
};
const positive = (rng: Rng) => 0.5 + rng.next() * 2;
const index = (n: number) => (rng: Rng) => rng.int(n);
const f = (name: string, shape: number[], gen?: LeafGen['gen']): LeafGen => ({ name, shape, gen });
const ints = (name: string, shape: number[], gen: LeafGen['gen']): LeafGen => ({ name, shape, dtype: 'int64', gen });

/** Every op on random inputs, with the broadcasting edge cases (scalars, size-1 axes, rank differences). */
export const OP_CASES: OpCase[] = [
  { name: 'add broadcast row', leaves: [f('a', [3, 4]), f('b', [4])], build: o.add },
  { name: 'add broadcast both', leaves: [f('a', [2, 1, 4]), f('b', [3, 1])], build: o.add },
  { name: 'sub scalar', leaves: [f('a', [2, 3]), f('b', [])], build: o.sub },
  { name: 'mul size-1 axis', leaves: [f('a', [2, 3]), f('b', [2, 1])], build: o.mul },
  { name: 'div', leaves: [f('a', [2, 3]), f('b', [1, 3], positive)], build: o.div },
  { name: 'pow', leaves: [f('a', [2, 3], positive), f('b', [3])], build: o.pow },
  { name: 'neg', leaves: [f('a', [5])], build: o.neg },
  { name: 'exp', leaves: [f('a', [2, 3])], build: o.exp },
  { name: 'log', leaves: [f('a', [2, 3], positive)], build: o.log },
  { name: 'sqrt', leaves: [f('a', [2, 3], positive)], build: o.sqrt },
  { name: 'abs', leaves: [f('a', [2, 3], away)], build: o.abs },
  { name: 'sign', leaves: [f('a', [2, 3], away)], build: o.sign, differentiable: false },
  { name: 'relu', leaves: [f('a', [3, 4], away)], build: o.relu },
  { name: 'heaviside', leaves: [f('a', [3, 4], away)], build: o.heaviside, differentiable: false },
  { name: 'sigmoid', leaves: [f('a', [3, 4])], build: o.sigmoid },
  { name: 'tanh', leaves: [f('a', [3, 4])], build: o.tanh },
  { name: 'erf', leaves: [f('a', [3, 4])], build: o.erf },
  { name: 'gelu erf', leaves: [f('a', [3, 4])], build: (a) => o.gelu(a, 'none') },
  { name: 'gelu tanh', leaves: [f('a', [3, 4])], build: (a) => o.gelu(a, 'tanh') },
  { name: 'where greater broadcast', leaves: [f('a', [2, 3]), f('b', [3])], build: (a, b) => o.where(o.greater(a, b), a, b) },
  { name: 'where less scalar branch', leaves: [f('a', [2, 3])], build: (a) => o.where(o.less(a, 0), o.mul(a, 0.1), a) },
  { name: 'equal', leaves: [ints('a', [6], index(3)), ints('b', [6], index(3))], build: (a, b) => o.cast(o.equal(a, b), 'float32'), differentiable: false },
  { name: 'cast float→int64→float', leaves: [f('a', [6], (r) => r.normal() * 5)], build: (a) => o.cast(o.cast(a, 'int64'), 'float32'), differentiable: false },
  { name: 'clip', leaves: [f('a', [4, 3], away)], build: (a) => o.clip(a, -0.7, 0.9) },
  { name: 'reduceSum axis keepdims', leaves: [f('a', [2, 3, 4])], build: (a) => o.reduceSum(a, [1], true) },
  { name: 'reduceSum two axes', leaves: [f('a', [2, 3, 4])], build: (a) => o.reduceSum(a, [0, -1]) },
  { name: 'reduceSumSquare all', leaves: [f('a', [3, 4])], build: (a) => o.reduceSumSquare(a) },
  { name: 'reduceSumSquare axis keepdims', leaves: [f('a', [2, 3, 4])], build: (a) => o.reduceSumSquare(a, [2], true) },
  { name: 'reduceMean all', leaves: [f('a', [3, 4])], build: (a) => o.reduceMean(a) },
  { name: 'reduceMax axis', leaves: [f('a', [3, 5])], build: (a) => o.reduceMax(a, [1]) },
  { name: 'softmax last', leaves: [f('a', [3, 5])], build: (a) => o.softmax(a) },
  { name: 'softmax axis 0', leaves: [f('a', [3, 2, 2])], build: (a) => o.softmax(a, 0) },
  { name: 'logSoftmax', leaves: [f('a', [3, 5])], build: (a) => o.logSoftmax(a) },
  { name: 'transpose', leaves: [f('a', [2, 3, 4])], build: (a) => o.transpose(a, [2, 0, 1]) },
  { name: 'reshape', leaves: [f('a', [2, 3, 4])], build: (a) => o.reshape(a, [4, -1]) },
  { name: 'expand', leaves: [f('a', [3, 1])], build: (a) => o.expand(a, [2, 3, 4]) },
  { name: 'concat', leaves: [f('a', [2, 3]), f('b', [2, 1])], build: (a, b) => o.concat([a, b], 1) },
  { name: 'slice', leaves: [f('a', [4, 5])], build: (a) => o.slice(a, [1, -3], [3, 5], [0, 1]) },
  { name: 'pad', leaves: [f('a', [2, 3])], build: (a) => o.pad(a, [1, 0, 0, 2]) },
  { name: 'gather rows', leaves: [f('w', [5, 3]), ints('i', [2, 4], index(5))], build: o.gather },
  { name: 'scatterAdd repeated rows', leaves: [ints('i', [12], index(3)), f('u', [12, 4])], build: (i, u) => o.scatterAdd(i, u, 5) },
  // 48 terms are three blocks of 16 in the segment sum: runs of one row cross block ends.
  { name: 'scatterAdd runs across blocks', leaves: [ints('i', [48], index(3)), f('u', [48, 4])], build: (i, u) => o.scatterAdd(i, u, 5) },
  { name: 'scatterAdd prime count (blocks of 1)', leaves: [ints('i', [13], index(4)), f('u', [13, 2])], build: (i, u) => o.scatterAdd(i, u, 4) },
  { name: 'sparseTMatmul', leaves: [ints('i', [8, 6], index(5)), f('w', [8, 6]), f('x', [8, 3])], build: (i, w, x) => o.sparseTMatmul(i, w, x, 6) },
  { name: 'gatherSegmentSum', leaves: [ints('k', [20], index(5)), ints('s', [20], index(3)), f('w', [20]), f('x', [3, 4])], build: (k, r, w, x) => o.gatherSegmentSum(k, r, w, x, 6) },
  { name: 'gatherSegmentSum sorted keys', leaves: [ints('k', [20], (_rng, i) => Math.floor(i / 6)), ints('s', [20], index(3)), f('w', [20]), f('x', [3, 4])], build: (k, r, w, x) => o.gatherSegmentSum(k, r, w, x, 5, true) },
  { name: 'activeEntries cut', leaves: [f('a', [3, 5])], build: (a) => o.cast(o.activeEntries(a, 4), 'float32'), differentiable: false },
  { name: 'activeEntries padded', leaves: [f('a', [3, 5])], build: (a) => o.cast(o.activeEntries(a, 14), 'float32'), differentiable: false },
  { name: 'takeAlong', leaves: [f('a', [3, 6]), ints('i', [3, 2], index(6))], build: o.takeAlong },
  { name: 'scatterAlong repeated', leaves: [f('g', [3, 5]), ints('i', [3, 5], index(4))], build: (g, i) => o.scatterAlong(g, i, 4) },
  { name: 'topk values', leaves: [f('a', [4, 7])], build: (a) => o.topk(a, 3).values },
  { name: 'topk indices', leaves: [f('a', [4, 7])], build: (a) => o.cast(o.topk(a, 3).indices, 'float32'), differentiable: false },
  { name: 'oneHot', leaves: [ints('i', [2, 3], index(4))], build: (i) => o.oneHot(i, 4), differentiable: false },
  { name: 'matmul 2-d', leaves: [f('a', [3, 4]), f('b', [4, 5])], build: o.matmul },
  { name: 'matmul batch × shared weight', leaves: [f('a', [2, 3, 4]), f('b', [4, 5])], build: o.matmul },
  { name: 'matmul broadcast batch', leaves: [f('a', [2, 1, 3, 4]), f('b', [3, 4, 2])], build: o.matmul },
  { name: 'layerNorm', leaves: [f('x', [3, 6]), f('g', [6]), f('b', [6])], build: (x, g, b) => o.layerNorm(x, g, b) },
  { name: 'crossEntropy', leaves: [f('z', [4, 5]), ints('labels', [4], index(5))], build: o.crossEntropy },
  { name: 'stopGradient', leaves: [f('a', [3])], build: (a) => o.add(o.stopGradient(a), o.mul(a, a)), differentiable: false },
  { name: 'withGrad (straight-through)', leaves: [f('a', [4], away)], build: (a) => o.withGrad(o.cast(o.greater(a, 0), 'float32'), [a], (g) => [o.mul(g, 2)]), differentiable: false },
];

/** Fresh leaves and random values for a case. */
export function instantiate(c: OpCase, seed: number): { out: Tensor; feeds: Record<string, number[]> } {
  const rng = new Rng(seed);
  const leaves = c.leaves.map((l) => input(l.name, l.shape, l.dtype ?? 'float32'));
  const feeds: Record<string, number[]> = {};
  for (const l of c.leaves) {
    const n = l.shape.reduce((a, b) => a * b, 1);
    feeds[l.name] = Array.from({ length: n }, (_, i) => (l.gen ? l.gen(rng, i) : rng.normal()));
  }
  return { out: c.build(...leaves), feeds };
}
