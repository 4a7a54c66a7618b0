import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { absorptionForTask, absorptionFraction } from './absorption';
import { fitLogistic } from './logistic';
import { balancedSplit, meanOverTasks, sparseProbe, topMeanDifference } from './probing';

const range = (a: number, b: number) => Uint32Array.from({ length: b - a }, (_, i) => a + i);

describe('logistic regression (L2, C = 1, free intercept)', () => {
  it('stops where the gradient of C·Σ log-loss + ½‖w‖² is zero', () => {
    const rng = new Rng(1);
    const [n, p] = [60, 3];
    const x = Float64Array.from({ length: n * p }, () => rng.normal());
    const y = Uint8Array.from({ length: n }, (_, r) => (x[r * p] + 0.5 * x[r * p + 1] + 0.7 * rng.normal() > 0 ? 1 : 0));
    const { w, bias } = fitLogistic(x, y, n, p);
    const g = Float64Array.from(w);
    let gb = 0;
    for (let r = 0; r < n; r++) {
      let z = bias;
      for (let j = 0; j < p; j++) z += w[j] * x[r * p + j];
      const e = 1 / (1 + Math.exp(-z)) - y[r];
      gb += e;
      for (let j = 0; j < p; j++) g[j] += e * x[r * p + j];
    }
    for (const v of [...g, gb]) expect(Math.abs(v)).toBeLessThan(1e-6);
    expect(w[0]).toBeGreaterThan(w[2]);
  });
});

describe('sparse probing', () => {
  // 4 columns over 40 rows (even rows positive): column 2 is the property itself, column 0 a
  // weaker copy that agrees on 3 of 4 rows, columns 1 and 3 constant.
  const rows = 40;
  const labels = Uint8Array.from({ length: rows }, (_, r) => (r % 2 === 0 ? 1 : 0));
  const data = new Float32Array(rows * 4);
  for (let r = 0; r < rows; r++) {
    data[r * 4] = r % 4 === 3 ? 1 - labels[r] : labels[r];
    data[r * 4 + 1] = 0.5;
    data[r * 4 + 2] = labels[r] * 3;
    data[r * 4 + 3] = -1;
  }
  const f = { data, width: 4 };
  const split = balancedSplit(labels, range(0, 20), range(20, 40), { train: 100, test: 100 }, 3)!;

  it('balances each split and ranks columns by |mean difference|', () => {
    expect(split.train.length).toBe(20);
    expect(Array.from(split.trainLabels).filter((v) => v).length).toBe(10);
    // column 2: 3 − 0; column 0: positives all 1 (r % 4 ∈ {0, 2}), negatives 1 on r % 4 = 3 → 1 − 0.5
    expect(topMeanDifference(f, split.train, split.trainLabels, 2)).toEqual([2, 0]);
  });

  it('k = 1 takes the separating column (accuracy 1); the mean over tasks averages each k', () => {
    const acc = sparseProbe(f, split, [1, 2]);
    expect(acc.k1).toBe(1);
    expect(acc.k2).toBe(1);
    // the weak copy alone: 15 of 20 test rows right (every positive, half the negatives)
    const weak = sparseProbe({ data: Float32Array.from(data, (v, i) => (i % 4 === 2 ? 0 : v)), width: 4 }, split, [1]);
    expect(weak.k1).toBe(0.75);
    expect(meanOverTasks({ a: { k1: 1, k2: 0.5 }, b: { k1: 0.5, k2: 0.5 } })).toEqual({ k1: 0.75, k2: 0.5 });
  });
});

describe('absorption', () => {
  it('follows SAEBench\'s fraction rule', () => {
    expect(absorptionFraction(1, 1.2, 1)).toBe(0); // the split latents already carry it
    expect(absorptionFraction(1, 0, 0.3)).toBe(0); // too little elsewhere
    expect(absorptionFraction(1, 0, 0.5)).toBe(1); // split silent, others carry it
    expect(absorptionFraction(1, 0.2, 0.5)).toBeCloseTo(0.5 / 0.7, 12);
    expect(absorptionFraction(1, 0.2, 2)).toBeCloseTo(0.8 / 1.0, 12);
  });

  it('finds the share of positives whose property another latent took over: 10 of 100', () => {
    // x = (property, noise, noise). Latent 0 is the property's latent; latents 1–5 share its
    // direction and each takes it over on 2% of the positives; latents 6, 7 read the noise.
    const [n, d, m] = [400, 3, 8];
    const rng = new Rng(5);
    const x = new Float32Array(n * d);
    const codes = new Float32Array(n * m);
    const labels = new Uint8Array(n);
    for (let r = 0; r < n; r++) {
      const pos = r % 2 === 0;
      labels[r] = pos ? 1 : 0;
      x.set([pos ? 1 : 0, rng.normal(), rng.normal()], r * d);
      if (pos) codes[r * m + ((r / 2) % 10 === 0 ? 1 + ((r / 20) % 5) : 0)] = 1;
      codes[r * m + 6] = Math.max(0, x[r * d + 1]);
      codes[r * m + 7] = Math.max(0, x[r * d + 2]);
    }
    const atoms = new Float32Array(m * d);
    for (let j = 0; j < 6; j++) atoms[j * d] = 1;
    atoms[6 * d + 1] = 1;
    atoms[7 * d + 2] = 1;
    const split = balancedSplit(labels, range(0, 200), range(200, 400), { train: 1000, test: 1000 }, 1)!;
    const task = absorptionForTask({ x: { data: x, width: d }, f: { data: codes, width: m }, atoms, bias: new Float32Array(d), split })!;
    expect(task.groundTruthF1).toBe(1);
    expect(task.splitFeatures).toEqual([0]);
    expect(task.positives).toBe(100);
    expect(task.fraction).toBeCloseTo(0.1, 12);
    expect(task.full).toBeCloseTo(0.1, 12);
  });
});
