import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/errors';
import { Rng } from '../../io/rng';
import { constant, input, isFloat, type Tensor } from '../ir/tensor';
import * as o from '../ops';
import { evaluate } from '../reference/interpret';
import { mismatch } from '../testing/allclose';
import { OP_CASES, instantiate } from '../testing/op-cases';
import { runOrt } from '../testing/run-ort';
import { topoSort } from '../ir/graph';
import { grad } from './grad';

// Central differences in float64 with h = 1e-5 have truncation error ~h²·f''' ≈ 1e-10 and
// round-off ~1e-16/h ≈ 1e-11, so 1e-6 relative is a tight but safe bound.
const FD_TOL = { rtol: 1e-6, atol: 1e-7 };
// The same backward graph run by ORT in float32.
const ORT_TOL = { rtol: 1e-3, atol: 1e-4 };
const H = 1e-5;

/** A scalar loss Σ y⊙w with fixed random weights, so every output element matters differently. */
function weightedLoss(y: Tensor, seed: number): Tensor {
  const rng = new Rng(seed);
  return o.reduceSum(o.mul(y, constant(Array.from({ length: y.size }, () => rng.normal()), y.shape)));
}

describe('every differentiable op: gradient equals central finite differences (float64 reference)', () => {
  for (const c of OP_CASES.filter((k) => k.differentiable !== false)) {
    it(c.name, async () => {
      const { out, feeds } = instantiate(c, 11);
      const loss = weightedLoss(out, 3);
      const leaves = c.leaves.filter((l) => isFloat(l.dtype ?? 'float32'));
      const targets = leaves.map((l) => findLeaf(loss, l.name));
      const grads = grad(loss, targets);
      const analytic = evaluate(grads, feeds);
      leaves.forEach((leaf, k) => {
        const numeric = feeds[leaf.name].map((_, i) => {
          const at = (delta: number) => {
            const shifted = { ...feeds, [leaf.name]: feeds[leaf.name].map((v, j) => (j === i ? v + delta : v)) };
            return evaluate([loss], shifted)[0].data[0];
          };
          return (at(H) - at(-H)) / (2 * H);
        });
        expect(mismatch(analytic[k].data, numeric, FD_TOL), `d/d${leaf.name}`).toBeNull();
      });
      const outputs = Object.fromEntries(grads.map((g, k) => [`d_${leaves[k].name}`, g]));
      const got = await runOrt(outputs, feeds);
      leaves.forEach((leaf, k) => expect(mismatch(got[`d_${leaf.name}`], analytic[k].data, ORT_TOL), `ORT d/d${leaf.name}`).toBeNull());
    });
  }
});

function findLeaf(root: Tensor, name: string): Tensor {
  const stack = [root];
  while (stack.length) {
    const t = stack.pop()!;
    if (t.leaf?.name === name) return t;
    stack.push(...t.inputs);
  }
  throw new Error(`no leaf ${name}`);
}

describe('grad', () => {
  it('sums fan-in: d(x² + x)/dx = 2x + 1', () => {
    const x = input('x', [3]);
    const [g] = grad(o.reduceSum(o.add(o.mul(x, x), x)), [x]);
    expect(Array.from(evaluate([g], { x: [1, -2, 0.5] })[0].data)).toEqual([3, -3, 2]);
  });

  it('passes nothing through stopGradient: d(sg(x) + x²)/dx = 2x', () => {
    const x = input('x', [3]);
    const [g] = grad(o.reduceSum(o.add(o.stopGradient(x), o.mul(x, x))), [x]);
    expect(Array.from(evaluate([g], { x: [1, -2, 0.5] })[0].data)).toEqual([2, -4, 1]);
  });

  it('gives zeros for a target the loss does not depend on', () => {
    const x = input('x', [2]);
    const unused = input('u', [2, 2]);
    const [gu] = grad(o.reduceSum(o.exp(x)), [unused]);
    expect(Array.from(evaluate([gu], { x: [0, 1], u: [1, 2, 3, 4] })[0].data)).toEqual([0, 0, 0, 0]);
  });

  it('applies a custom rule from withGrad (straight-through estimator)', () => {
    const x = input('x', [4]);
    const step = o.withGrad(o.cast(o.greater(x, 0), 'float32'), [x], (g) => [o.mul(g, 2)]);
    const [g] = grad(o.reduceSum(o.mul(step, constant([1, 2, 3, 4], [4]))), [x]);
    expect(Array.from(evaluate([g], { x: [-1, 1, -2, 2] })[0].data)).toEqual([2, 4, 6, 8]);
  });

  it('fails naming the op that has no gradient rule', () => {
    const x = input('x', [3]);
    const loss = o.reduceSum(o.mul(o.sign(x), x));
    expect(() => grad(loss, [x])).toThrowError(StudioError);
    expect(() => grad(loss, [x])).toThrowError(/op 'sign' has no gradient rule.*sign#\d+ \[3\]/);
  });

  it('stops at integer tensors: indices chosen by topk pass no gradient', () => {
    const x = input('x', [2, 5]);
    const { values, indices } = o.topk(x, 2);
    const loss = o.reduceSum(o.add(values, o.reduceSum(o.oneHot(indices, 5))));
    const [g] = grad(loss, [x]);
    const got = evaluate([g], { x: [5, 1, 4, 2, 3, 0, 9, 8, 1, 2] })[0].data;
    expect(Array.from(got)).toEqual([1, 0, 1, 0, 0, 0, 1, 1, 0, 0]);
  });
});

describe('gradient graphs skip work they do not need', () => {
  it("a bias in front of a matmul gets its gradient from the column sums, not a full [B, d] product", () => {
    const rng = new Rng(5);
    const [B, d, m] = [6, 3, 4];
    const x = input('x', [B, d]);
    const bias = input('bias', [d]);
    const w = input('w', [d, m]);
    const h = o.relu(o.matmul(o.sub(x, bias), w));
    const loss = o.add(o.reduceSum(o.mul(h, h)), o.reduceSum(h)); // the reduceSum's expand feeds a broadcasting add
    const [gBias, gW] = grad(loss, [bias, w]);
    const products = topoSort([gBias]).filter((n) => n.op === 'matmul');
    expect(products.map((n) => n.shape)).toEqual([[B, m], [1, d]]); // the forward product and the column-sum one
    expect(topoSort([gBias, gW]).some((n) => n.op === 'expand' && n.size === B * m)).toBe(false);
    const feeds = { x: Array.from({ length: B * d }, () => rng.normal()), bias: Array.from({ length: d }, () => rng.normal()), w: Array.from({ length: d * m }, () => rng.normal()) };
    // finite differences of the same loss in float64
    const [analytic] = evaluate([gBias], feeds);
    const numeric = feeds.bias.map((_, i) => {
      const at = (delta: number) => evaluate([loss], { ...feeds, bias: feeds.bias.map((v, j) => (j === i ? v + delta : v)) })[0].data[0];
      return (at(H) - at(-H)) / (2 * H);
    });
    expect(mismatch(analytic.data, numeric, FD_TOL)).toBeNull();
  });

  it('slices that tile a tensor (q, k, v of one projection) get their gradients stitched by one Concat, not Pads summed by Adds', () => {
    const rng = new Rng(8);
    const x = input('x', [2, 3, 6]);
    const w = constant(Array.from({ length: 2 * 3 * 6 }, () => rng.normal()), [2, 3, 6]);
    const cut = (i: number) => o.slice(x, [2 * i], [2 * i + 2], [2]);
    const [q, k, v] = [0, 1, 2].map(cut);
    const loss = o.reduceSum(o.mul(o.add(o.mul(q, k), o.tanh(v)), o.slice(w, [0], [2], [2])));
    const [g] = grad(loss, [x]);
    const graph = topoSort([g]);
    expect(graph.filter((n) => n.op === 'concat')).toHaveLength(1);
    expect(graph.some((n) => n.op === 'pad')).toBe(false);
    const feeds = { x: Array.from({ length: x.size }, () => rng.normal()) };
    const numeric = feeds.x.map((_, i) => {
      const at = (delta: number) => evaluate([loss], { x: feeds.x.map((val, j) => (j === i ? val + delta : val)) })[0].data[0];
      return (at(H) - at(-H)) / (2 * H);
    });
    expect(mismatch(evaluate([g], feeds)[0].data, numeric, FD_TOL)).toBeNull();
  });

  it('slices that leave a gap or overlap are still summed', () => {
    const x = input('x', [6]);
    for (const [a, b] of [[[0, 2], [3, 6]], [[0, 4], [2, 6]]]) {
      const loss = o.reduceSum(o.add(o.reduceSum(o.mul(o.slice(x, [a[0]], [a[1]]), 2)), o.reduceSum(o.slice(x, [b[0]], [b[1]]))));
      const [g] = grad(loss, [x]);
      expect(topoSort([g]).some((n) => n.op === 'concat')).toBe(false);
      const want = [0, 1, 2, 3, 4, 5].map((i) => (i >= a[0] && i < a[1] ? 2 : 0) + (i >= b[0] && i < b[1] ? 1 : 0));
      expect(Array.from(evaluate([g], { x: [1, 2, 3, 4, 5, 6] })[0].data)).toEqual(want);
    }
  });
});
