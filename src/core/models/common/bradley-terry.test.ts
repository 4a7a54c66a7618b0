import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { grad, input, ops as o, param } from '../../engine';
import { evaluate } from '../../engine/reference/interpret';
import { bradleyTerryLoss, bradleyTerryLossOf, fitBradleyTerry, scoreItems, type ScoreBuilder } from './bradley-terry';
import { spearman } from './rank-metrics';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('Bradley–Terry loss', () => {
  it('is −log σ(r_w − r_l), stable far from zero', () => {
    expect(bradleyTerryLossOf([0], [0])).toBeCloseTo(Math.log(2), 12);
    expect(bradleyTerryLossOf([2, 0], [1, 3])).toBeCloseTo((-Math.log(sigmoid(1)) - Math.log(sigmoid(-3))) / 2, 12);
    expect(bradleyTerryLossOf([-800], [0])).toBeCloseTo(800, 9);
    const w = input('w', [2]);
    const l = input('l', [2]);
    const [v] = evaluate([bradleyTerryLoss(w, l)], { w: [2, 0], l: [1, 3] });
    expect(v.data[0]).toBeCloseTo(bradleyTerryLossOf([2, 0], [1, 3]), 9);
    expect(evaluate([bradleyTerryLoss(w, l)], { w: [-800, 0], l: [0, 0] })[0].data[0]).toBeCloseTo((800 + Math.log(2)) / 2, 4);
  });

  it('has slope −½ at a zero difference (a zero-initialised scorer must move)', () => {
    const z = param('z', [1]);
    const [g] = grad(bradleyTerryLoss(z, o.mul(z, 0)), [z]);
    expect(evaluate([g], { z: [0] })[0].data[0]).toBeCloseTo(-0.5, 9);
    expect(evaluate([g], { z: [-100] })[0].data[0]).toBeCloseTo(-1, 9);
  });

  it('gradient of a linear scorer matches the hand formula and finite differences', () => {
    const [B, d] = [3, 2];
    const wt = param('theta', [d]);
    const xw = input('xw', [B, d]);
    const xl = input('xl', [B, d]);
    const score = (x: typeof xw) => o.reduceSum(o.mul(x, wt), [1]);
    const loss = bradleyTerryLoss(score(xw), score(xl));
    const [g] = grad(loss, [wt]);
    const feeds = { theta: [0.3, -0.7], xw: [1, 2, 0, 1, -1, 0.5], xl: [0, 1, 2, 0, 1, 1] };
    const [lossV, gV] = evaluate([loss, g], feeds);
    // dL/dθ = mean over pairs of −(1 − σ(z))·(x_w − x_l), z = θ·(x_w − x_l)
    const hand = [0, 0];
    for (let b = 0; b < B; b++) {
      const diff = [0, 1].map((j) => feeds.xw[b * d + j] - feeds.xl[b * d + j]);
      const z = feeds.theta[0] * diff[0] + feeds.theta[1] * diff[1];
      for (let j = 0; j < d; j++) hand[j] += (-(1 - sigmoid(z)) * diff[j]) / B;
    }
    expect(gV.data[0]).toBeCloseTo(hand[0], 9);
    expect(gV.data[1]).toBeCloseTo(hand[1], 9);
    const h = 1e-6;
    for (let j = 0; j < d; j++) {
      const plus = [...feeds.theta];
      plus[j] += h;
      const minus = [...feeds.theta];
      minus[j] -= h;
      const fd = (evaluate([loss], { ...feeds, theta: plus })[0].data[0] - evaluate([loss], { ...feeds, theta: minus })[0].data[0]) / (2 * h);
      expect(gV.data[j]).toBeCloseTo(fd, 6);
    }
    expect(lossV.data[0]).toBeGreaterThan(0);
  });

  it('fits a linear scorer on the engine that ranks items like the true utility', async () => {
    const [n, d] = [60, 3];
    const rng = new Rng(2);
    const items = Float32Array.from({ length: n * d }, () => rng.normal());
    const truth = Array.from({ length: n }, (_, i) => 2 * items[i * d] - items[i * d + 1] + 0.5 * items[i * d + 2]);
    const winners: number[] = [];
    const losers: number[] = [];
    for (let p = 0; p < 400; p++) {
      const [a, b] = [rng.int(n), rng.int(n)];
      if (a === b) continue;
      winners.push(truth[a] > truth[b] ? a : b);
      losers.push(truth[a] > truth[b] ? b : a);
    }
    const build: ScoreBuilder = (ps, x) => o.reshape(o.matmul(x, ps.create('w', [d, 1], { zeros: true })), [-1]);
    const fit = await fitBradleyTerry({ items, dim: d, winners: Int32Array.from(winners), losers: Int32Array.from(losers) }, { build, steps: 150, batch: 64, lr: 0.05 });
    expect(fit.losses[0]).toBeCloseTo(Math.log(2), 5);
    expect(fit.losses.at(-1)!).toBeLessThan(0.35);
    const { scores } = await scoreItems(build, fit.values, items, d);
    expect(spearman(scores, truth)).toBeGreaterThan(0.97);
  });
});
