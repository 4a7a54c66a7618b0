import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { input, param } from '../ir/tensor';
import * as o from '../ops';
import { Program } from '../runtime/program';
import { mismatch } from '../testing/allclose';
import { trainStep } from './train-step';

const f32 = (xs: number[]) => Float32Array.from(xs);
const scalars = (lr: number, step: number) => ({ lr: f32([lr]), step: f32([step]) });

describe('optimizers inside the step graph', () => {
  it("Adam's first three steps equal a hand computation (Kingma & Ba Alg. 1)", async () => {
    const p = param('p', [3]);
    const target = input('target', [3]);
    const loss = o.reduceSum(o.mul(o.sub(p, target), o.sub(p, target)));
    const program = await Program.compile(trainStep({ loss, params: [p], optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-8 } }), { p: f32([1, -2, 0.5]) }, { threads: 2 });
    const t = [0.3, 0.1, -0.4];
    const hand = { p: [1, -2, 0.5], m: [0, 0, 0], v: [0, 0, 0] };
    for (let step = 1; step <= 3; step++) {
      const lr = 0.1 / step; // a schedule fed per step
      await program.run({ target: f32(t), ...scalars(lr, step) });
      for (let i = 0; i < 3; i++) {
        const g = 2 * (hand.p[i] - t[i]);
        hand.m[i] = 0.9 * hand.m[i] + 0.1 * g;
        hand.v[i] = 0.999 * hand.v[i] + 0.001 * g * g;
        const mHat = hand.m[i] / (1 - 0.9 ** step);
        const vHat = hand.v[i] / (1 - 0.999 ** step);
        hand.p[i] -= (lr * mHat) / (Math.sqrt(vHat) + 1e-8);
      }
      expect(mismatch(program.value('p') as Float32Array, hand.p, { rtol: 1e-5, atol: 1e-6 }), `step ${step}`).toBeNull();
      // the moments are held as decayed sums, m/(1−β₁) and v/(1−β₂)
      expect(mismatch(program.value('p.mSum') as Float32Array, hand.m.map((x) => x / 0.1), { rtol: 1e-5, atol: 1e-5 })).toBeNull();
      expect(mismatch(program.value('p.vSum') as Float32Array, hand.v.map((x) => x / 0.001), { rtol: 1e-5, atol: 1e-4 })).toBeNull();
    }
    await program.dispose();
  });

  it('AdamW decays decoupled from the gradient and clipping bounds the global norm', async () => {
    const a = param('a', [2]);
    const b = param('b', [1]);
    const loss = o.add(o.reduceSum(o.mul(a, 3)), o.reduceSum(o.mul(b, 4))); // ∇ = (3, 3, 4), norm √34
    const spec = trainStep({ loss, params: [a, b], optimizer: { kind: 'adamw', weightDecay: 0.1, clipNorm: 1 } });
    const program = await Program.compile(spec, { a: f32([1, 2]), b: f32([-1]) }, { threads: 2 });
    const out = await program.run(scalars(0.01, 1));
    expect(out.gradNorm[0]).toBeCloseTo(Math.sqrt(34), 4);
    // Step 1 of Adam moves each coordinate by lr·sign(g) (m̂/√v̂ = ±1) whatever the clipping scale.
    const expectA = [1 * (1 - 0.01 * 0.1) - 0.01, 2 * (1 - 0.01 * 0.1) - 0.01];
    expect(mismatch(program.value('a') as Float32Array, expectA, { rtol: 1e-5, atol: 1e-6 })).toBeNull();
    // The moments are held divided by the clipping scale s = 1/√34 (and s²): the raw gradient's.
    expect(program.value('clipScale')[0]).toBeCloseTo(1 / Math.sqrt(34), 6);
    expect(mismatch(program.value('a.mSum') as Float32Array, [3, 3], { rtol: 1e-4, atol: 1e-6 })).toBeNull();
    expect(mismatch(program.value('b.vSum') as Float32Array, [16], { rtol: 1e-4, atol: 1e-7 })).toBeNull();
    await program.dispose();
  });

  it('clipped Adam equals a hand computation over steps whose clipping scale changes', async () => {
    const p = param('p', [3]);
    const target = input('target', [3]);
    const loss = o.reduceSum(o.mul(o.sub(p, target), o.sub(p, target)));
    const program = await Program.compile(trainStep({ loss, params: [p], optimizer: { kind: 'adam', clipNorm: 0.5, eps: 0.01 } }), { p: f32([1, -2, 0.5]) }, { threads: 2 });
    const hand = { p: [1, -2, 0.5], m: [0, 0, 0], v: [0, 0, 0] };
    // Targets far, then near: the first steps clip, the last do not (scale 1); an ε that matters.
    const targets = [[4, 3, -5], [0.3, 0.1, -0.4], [2, -1, 1], [1.02, -1.9, 0.46], [1.0, -1.95, 0.48]];
    let clipped = 0;
    for (const [n, t] of targets.entries()) {
      const step = n + 1;
      await program.run({ target: f32(t), ...scalars(0.05, step) });
      const g = hand.p.map((x, i) => 2 * (x - t[i]));
      const s = Math.min(1, 0.5 / (Math.hypot(...g) + 1e-6));
      if (s < 1) clipped++;
      for (let i = 0; i < 3; i++) {
        hand.m[i] = 0.9 * hand.m[i] + 0.1 * s * g[i];
        hand.v[i] = 0.999 * hand.v[i] + 0.001 * (s * g[i]) ** 2;
        hand.p[i] -= (0.05 * hand.m[i] / (1 - 0.9 ** step)) / (Math.sqrt(hand.v[i] / (1 - 0.999 ** step)) + 0.01);
      }
      expect(mismatch(program.value('p') as Float32Array, hand.p, { rtol: 1e-5, atol: 1e-6 }), `step ${step}`).toBeNull();
      expect(program.value('clipScale')[0]).toBeCloseTo(s, 6);
      expect(mismatch(program.value('p.mSum') as Float32Array, hand.m.map((x) => x / 0.1 / s), { rtol: 1e-4, atol: 1e-5 }), `step ${step}`).toBeNull();
    }
    expect(clipped).toBeGreaterThan(1);
    expect(clipped).toBeLessThan(targets.length);
    await program.dispose();
  });

  it('linear regression on real Othello results converges to the least-squares solution', async () => {
    // Data: shared/data/othello/wthor_sample_5000.csv (WTHOR database of the French Othello
    // Federation, see shared/data/othello/SOURCES.md). Predict the final black disc count from
    // the standardised year and the theoretical (perfect-play) disc count.
    const rows = fs.readFileSync(path.resolve('../shared/data/othello/wthor_sample_5000.csv'), 'utf8').trim().split('\n').slice(1, 513);
    const parsed = rows.map((line) => {
      const f = line.split(',');
      return { year: Number(f[0]), theo: Number(f[f.length - 3]), black: Number(f[f.length - 4]) };
    });
    const std = (xs: number[]) => {
      const m = xs.reduce((a, b) => a + b) / xs.length;
      const s = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
      return xs.map((x) => (x - m) / s);
    };
    const [years, theos] = [std(parsed.map((r) => r.year)), std(parsed.map((r) => r.theo))];
    const n = parsed.length;
    const X = parsed.flatMap((_, i) => [years[i], theos[i], 1]);
    const y = parsed.map((r) => r.black);
    const wClosed = solveNormalEquations(X, y, 3);

    const w = param('w', [3, 1]);
    const xIn = input('x', [n, 3]);
    const yIn = input('y', [n, 1]);
    const resid = o.sub(o.matmul(xIn, w), yIn);
    const loss = o.reduceMean(o.mul(resid, resid));
    const program = await Program.compile(trainStep({ loss, params: [w], optimizer: { kind: 'sgd' } }), { w: new Float32Array(3) }, { threads: 2 });
    const feeds = { x: f32(X), y: f32(y), lr: f32([0.3]) };
    for (let i = 0; i < 200; i++) await program.run(feeds);
    expect(mismatch(program.value('w') as Float32Array, wClosed, { rtol: 1e-4, atol: 1e-3 })).toBeNull();
    await program.dispose();
  });

  it('an MLP learns XOR', async () => {
    const rng = new Rng(1);
    const init = (n: number, s: number) => Float32Array.from({ length: n }, () => rng.normal() * s);
    const [w1, b1, w2, b2] = [param('w1', [2, 8]), param('b1', [8]), param('w2', [8, 1]), param('b2', [1])];
    const x = input('x', [4, 2]);
    const y = input('y', [4, 1]);
    const logits = o.add(o.matmul(o.tanh(o.add(o.matmul(x, w1), b1)), w2), b2);
    // Binary cross-entropy with logits: softplus(z) − y·z.
    const loss = o.reduceMean(o.sub(o.log(o.add(1, o.exp(logits))), o.mul(y, logits)));
    const spec = trainStep({ loss, params: [w1, b1, w2, b2], optimizer: { kind: 'adam' }, outputs: { p: o.sigmoid(logits) } });
    const program = await Program.compile(spec, { w1: init(16, 1), b1: init(8, 0.1), w2: init(8, 1), b2: new Float32Array(1) }, { threads: 2 });
    const feeds = { x: f32([0, 0, 0, 1, 1, 0, 1, 1]), y: f32([0, 1, 1, 0]) };
    let out: Record<string, ArrayLike<number | bigint>> = {};
    for (let step = 1; step <= 300; step++) out = await program.run({ ...feeds, ...scalars(0.05, step) });
    const p = Array.from(out.p as Float32Array);
    expect(p[0]).toBeLessThan(0.1);
    expect(p[1]).toBeGreaterThan(0.9);
    expect(p[2]).toBeGreaterThan(0.9);
    expect(p[3]).toBeLessThan(0.1);
    await program.dispose();
  });
});

/** Solves XᵀX w = Xᵀy by Gaussian elimination with partial pivoting (float64). */
function solveNormalEquations(X: number[], y: number[], k: number): number[] {
  const n = y.length;
  const A = Array.from({ length: k }, (_, i) => Array.from({ length: k + 1 }, (_, j) => {
    let s = 0;
    for (let r = 0; r < n; r++) s += X[r * k + i] * (j < k ? X[r * k + j] : y[r]);
    return s;
  }));
  for (let c = 0; c < k; c++) {
    const p = A.slice(c).reduce((best, row, i) => (Math.abs(row[c]) > Math.abs(A[best][c]) ? i + c : best), c);
    [A[c], A[p]] = [A[p], A[c]];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = A[r][c] / A[c][c];
      for (let j = c; j <= k; j++) A[r][j] -= f * A[c][j];
    }
  }
  return A.map((row, i) => row[k] / A[i][i]);
}
