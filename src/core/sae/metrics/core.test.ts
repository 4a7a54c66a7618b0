import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { fitWhitening } from '../../data/whiten';
import { foldSaeWhitening } from '../checkpoint/fold';
import { randomSae } from '../checkpoint/testSae';
import { CoreMetricsAccumulator, logDensityHistogram } from './core';
import { evaluateSae } from './evaluate';

const d = 5;
const m = 7;
const rng = new Rng(4);
// Three batches of unequal size, so the SAEBench batch-dependent quirks are exercised.
const sizes = [6, 3, 11];
const batches = sizes.map((rows) => {
  const x = Float32Array.from({ length: rows * d }, () => rng.normal() * 2 + 1);
  const xHat = x.map((v) => v * 0.8 + rng.normal() * 0.3);
  const f = Float32Array.from({ length: rows * m }, (_, i) => (i % m === 6 ? 0 : i % m === 5 ? (rng.next() < 0.05 ? 1 : 0) : Math.max(0, rng.normal())));
  return { rows, x, xHat, f };
});

/** Rows of a flat array as number[][] */
const rowsOf = (a: Float32Array, w: number) => Array.from({ length: a.length / w }, (_, r) => Array.from(a.subarray(r * w, (r + 1) * w)));
const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
const dot = (a: number[], b: number[]) => sum(a.map((v, i) => v * b[i]));

describe('core metrics', () => {
  it('match direct computations of every metric over the concatenated batches', () => {
    const acc = new CoreMetricsAccumulator(d, m);
    for (const b of batches) acc.add(b.x, b.xHat, b.f);
    const got = acc.result();

    const X = batches.flatMap((b) => rowsOf(b.x, d));
    const H = batches.flatMap((b) => rowsOf(b.xHat, d));
    const F = batches.flatMap((b) => rowsOf(b.f, m));
    const n = X.length;
    const err = X.map((x, r) => sum(x.map((v, j) => (v - H[r][j]) ** 2)));
    const colMean = Array.from({ length: d }, (_, j) => sum(X.map((x) => x[j])) / n);
    const totalVar = sum(X.map((x) => sum(x.map((v, j) => (v - colMean[j]) ** 2))));
    expect(got.rows).toBe(20);
    expect(got.l0).toBeCloseTo(sum(F.map((f) => f.filter((v) => v !== 0).length)) / n, 12);
    expect(got.l1).toBeCloseTo(sum(F.map((f) => sum(f.map(Math.abs)))) / n, 10);
    expect(got.mse).toBeCloseTo(sum(err) / (n * d), 10);
    expect(got.explainedVariance).toBeCloseTo(1 - sum(err) / totalVar, 10);
    expect(got.fvu).toBeCloseTo(sum(err) / totalVar, 10);
    expect(got.cossim).toBeCloseTo(sum(X.map((x, r) => dot(x, H[r]) / Math.sqrt(dot(x, x) * dot(H[r], H[r])))) / n, 10);
    expect(got.l2Ratio).toBeCloseTo(sum(X.map((x, r) => Math.sqrt(dot(H[r], H[r]) / dot(x, x)))) / n, 10);
    expect(got.relativeReconstructionBias).toBeCloseTo(sum(H.map((h) => dot(h, h))) / sum(X.map((x, r) => dot(x, H[r]))), 10);

    // SAEBench as coded, batch by batch.
    let mseSb = 0;
    let legacy = 0;
    const perBatch = batches.map((b) => {
      const xs = rowsOf(b.x, d);
      const hs = rowsOf(b.xHat, d);
      const e = xs.map((x, r) => sum(x.map((v, j) => (v - hs[r][j]) ** 2)));
      const mu = Array.from({ length: d }, (_, j) => sum(xs.map((x) => x[j])) / b.rows);
      e.forEach((v, r) => {
        mseSb += v / b.rows;
        legacy += 1 - v / sum(xs[r].map((a, j) => (a - mu[j]) ** 2));
      });
      const meanSqPerDim = Array.from({ length: d }, (_, j) => sum(xs.map((x) => x[j] ** 2)) / b.rows);
      return { err: sum(e) / b.rows, sq: sum(xs.map((x) => dot(x, x))) / b.rows, dimSq: meanSqPerDim };
    });
    expect(got.mseSaebench).toBeCloseTo(mseSb / n, 10);
    expect(got.explainedVarianceLegacy).toBeCloseTo(legacy / n, 10);
    const A = sum(perBatch.map((p) => p.sq)) / perBatch.length;
    const mm = sum(perBatch.flatMap((p) => p.dimSq)) / (perBatch.length * d);
    const R = sum(perBatch.map((p) => p.err)) / perBatch.length;
    expect(got.explainedVarianceSaebench).toBeCloseTo(1 - R / (A - mm * mm), 10);

    // Feature 6 never fires, feature 5 rarely, the rest about half the time.
    const density = Array.from({ length: m }, (_, i) => F.filter((f) => f[i] !== 0).length / n);
    expect(got.density).toEqual(density);
    expect(got.deadFraction).toBeCloseTo(density.filter((p) => p === 0).length / m, 12);
    expect(got.deadFraction).toBeGreaterThanOrEqual(1 / m);
    expect(got.denseFraction).toBeCloseTo(density.filter((p) => p > 0.1).length / m, 12);
    expect(got.densityHistogram.dead).toBe(density.filter((p) => p === 0).length);
    expect(sum(got.densityHistogram.counts) + got.densityHistogram.dead).toBe(m);
  });

  it('bins log10 density with dead features apart', () => {
    const h = logDensityHistogram([0, 1, 0.5, 1e-3, 1e-12], 1);
    expect(h.edges.length).toBe(11);
    expect(h.dead).toBe(1);
    expect(h.counts[9]).toBe(2); // log10 0.5 ≈ −0.3 and log10 1 = 0 (last bin is closed)
    expect(h.counts[7]).toBe(1); // 1e-3
    expect(h.counts[0]).toBe(1); // 1e-12 clamps into the first bin
  });

  it('reports reconstruction metrics in the original space for a whitened SAE', async () => {
    const dIn = 6;
    const data = Float32Array.from({ length: 300 * dIn }, (_, i) => rng.normal() * (1 + (i % dIn)) + 4);
    const whitening = fitWhitening(data, 300, dIn, { kind: 'pca' });
    const sae = { ...randomSae('topk', dIn, 12, 9), whitening };
    async function* stream() {
      for (let r = 0; r < 300; r += 64) yield data.subarray(r * dIn, Math.min(300, r + 64) * dIn);
    }
    const a = await evaluateSae(sae, stream());
    // The folded SAE reads and writes raw activations, so equal metrics mean `a` was measured in the original space.
    const b = await evaluateSae(foldSaeWhitening(sae), stream());
    expect(a.rows).toBe(300);
    expect(a.mse).toBeCloseTo(b.mse, 4);
    expect(a.explainedVariance).toBeCloseTo(b.explainedVariance, 4);
    expect(a.l0).toBeCloseTo(b.l0, 2);
    const controller = new AbortController();
    controller.abort();
    await expect(evaluateSae(sae, stream(), { signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
  });
});
