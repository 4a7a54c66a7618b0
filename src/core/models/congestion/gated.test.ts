import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { Mlp, ops as o } from '../../engine';
import { scoreItems } from '../common/bradley-terry';
import { spearman } from '../common/rank-metrics';
import { gatedForward, preferencePairs, trainGated } from './gated';

function synthetic(n: number, seed: number) {
  const rng = new Rng(seed);
  const K = 3;
  const x = Float64Array.from({ length: n * K }, () => rng.normal());
  // congestion rises with feature 0 and falls with feature 1; feature 2 is noise
  const labels = Float64Array.from({ length: n }, (_, i) => 2 * x[i * K] - x[i * K + 1] + 10);
  const designs = Array.from({ length: n }, (_, i) => `d${i % 4}`);
  return { x, labels, designs, features: ['a', 'b', 'noise'] };
}

describe('gated preference model', () => {
  it('pairs stay within a design and prefer the LESS congested layout', () => {
    const { winners, losers } = preferencePairs([5, 1, 3, 2, 2], ['x', 'x', 'x', 'y', 'y'], 100, new Rng(1));
    // design x: (0,1) (0,2) (1,2); design y's only pair is a tie and is skipped
    expect(Array.from(winners)).toEqual([1, 2, 1]);
    expect(Array.from(losers)).toEqual([0, 0, 2]);
  });

  it('learns R so that −R ranks held-out layouts by congestion, and orients each a_k towards "less congested"', async () => {
    const train = synthetic(80, 1);
    const model = await trainGated(train, { steps: 150, lr: 1e-2, hidden: [16] });
    expect(model.signs).toEqual([-1, 1, expect.any(Number)]);
    expect(model.losses.at(-1)!).toBeLessThan(model.losses[0]);
    const test = synthetic(40, 2);
    const congestion = Array.from({ length: 40 }, (_, i) => -gatedForward(model, test.x.subarray(i * 3, i * 3 + 3)).r);
    expect(spearman(congestion, test.labels)).toBeGreaterThan(0.8);
  });

  it('the plain-number forward pass equals the engine graph it was trained as', async () => {
    const train = synthetic(40, 3);
    const model = await trainGated(train, { steps: 20, hidden: [8] });
    const n = 5;
    const items = new Float32Array(n * 6);
    const rows = Array.from({ length: n }, (_, i) => train.x.subarray(i * 3, i * 3 + 3));
    rows.forEach((row, i) => {
      const out = gatedForward(model, row);
      const z = Array.from(row, (v, k) => (v - model.mean[k]) / model.std[k]);
      items.set([...z, ...out.a], i * 6);
    });
    const values = Object.fromEntries(Object.entries(model.params).map(([k, v]) => [k, Float32Array.from(v)]));
    const { scores } = await scoreItems(
      (ps, x) => {
        const e = o.slice(x, [0], [3], [1]);
        const a = o.slice(x, [3], [6], [1]);
        const logits = new Mlp(ps.scope('gate'), [3, 8, 3], 'relu').forward(e);
        const g = o.mul(ps.create('scale', [1], { ones: true }), o.softmax(o.div(logits, model.tau), -1));
        return o.reduceSum(o.mul(g, a), [1]);
      },
      values,
      items,
      6,
    );
    rows.forEach((row, i) => expect(scores[i]).toBeCloseTo(gatedForward(model, row).r, 4));
  });
});
