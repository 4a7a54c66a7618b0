import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../io/rng';
import { symmetricEigen } from './eigen';
import { ActivationStore } from './store';
import { createDatasetWriter } from './writer';
import { fitWhitening, fitWhiteningOnStore, foldWhitening, unwhitenBatch, whiteningFromTensors, whiteningToTensors, whitenBatch } from './whiten';

/** A random orthogonal n×n matrix (Gram–Schmidt on Gaussian columns), rows = basis vectors. */
function randomOrthogonal(n: number, rng: Rng): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const v = Float64Array.from({ length: n }, () => rng.normal());
    for (let p = 0; p < i; p++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += v[k] * q[p * n + k];
      for (let k = 0; k < n; k++) v[k] -= dot * q[p * n + k];
    }
    const norm = Math.hypot(...v);
    for (let k = 0; k < n; k++) q[i * n + k] = v[k] / norm;
  }
  return q;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

describe('symmetricEigen', () => {
  it('recovers a known decomposition (distinct, repeated and zero eigenvalues) to 1e-10', () => {
    const rng = new Rng(5);
    const n = 40;
    const q = randomOrthogonal(n, rng);
    const lambda = Array.from({ length: n }, (_, i) => (i < 3 ? 0 : i < 8 ? 2.5 : 1 + i * 0.37));
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j] += q[k * n + i] * lambda[k] * q[k * n + j];
    const { values, vectors } = symmetricEigen(a, n);
    const expected = [...lambda].sort((x, y) => y - x);
    expect(maxAbs(Array.from(values, (v, i) => v - expected[i]))).toBeLessThan(1e-10 * expected[0]);
    // V Λ Vᵀ reconstructs A and V is orthonormal.
    const recon = new Float64Array(n * n);
    const gram = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        for (let k = 0; k < n; k++) {
          recon[i * n + j] += vectors[k * n + i] * values[k] * vectors[k * n + j];
          gram[i * n + j] += vectors[i * n + k] * vectors[j * n + k];
        }
      }
    }
    expect(maxAbs(recon.map((v, i) => v - a[i]))).toBeLessThan(1e-10 * expected[0]);
    expect(maxAbs(gram.map((v, i) => v - (i % (n + 1) === 0 ? 1 : 0)))).toBeLessThan(1e-12);
  });

  it('solves a 2×2 case in closed form and a 1×1 case', () => {
    const { values, vectors } = symmetricEigen(new Float64Array([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(3, 14);
    expect(values[1]).toBeCloseTo(1, 14);
    expect(Math.abs(vectors[0])).toBeCloseTo(Math.SQRT1_2, 14);
    expect(vectors[0] * vectors[1]).toBeGreaterThan(0);
    expect(Array.from(symmetricEigen(new Float64Array([7]), 1).values)).toEqual([7]);
  });
});

describe('whitening', () => {
  const d = 12;
  const rows = 4000;
  const rng = new Rng(11);
  // Correlated data with a large offset: x = L z + μ, L random with scales over 3 decades.
  const L = Float64Array.from({ length: d * d }, (_, i) => rng.normal() * 10 ** (-(i % d) / 4));
  const mu = Float64Array.from({ length: d }, (_, j) => 50 + j);
  const x = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) {
    const z = Array.from({ length: d }, () => rng.normal());
    for (let i = 0; i < d; i++) {
      let s = mu[i];
      for (let k = 0; k < d; k++) s += L[i * d + k] * z[k];
      x[r * d + i] = s;
    }
  }

  function covariance(data: Float32Array): Float64Array {
    const m = new Float64Array(d);
    for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) m[j] += data[r * d + j] / rows;
    const c = new Float64Array(d * d);
    for (let r = 0; r < rows; r++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) c[i * d + j] += ((data[r * d + i] - m[i]) * (data[r * d + j] - m[j])) / (rows - 1);
    return c;
  }

  for (const kind of ['pca', 'zca'] as const) {
    it(`${kind}: whitened sample has identity covariance and unwhitening inverts it`, () => {
      const w = fitWhitening(x, rows, d, { kind });
      expect(w.epsilon).toBe(1e-6);
      const xw = whitenBatch(w, x);
      const c = covariance(xw);
      // W Σ Wᵀ = Λ/(Λ + 2ε) (the stored eigenvalues are Λ + ε): off by at most 2ε/λ_min from the identity (plus float32 rounding).
      const slack = (2 * w.epsilon) / (w.eigenvalues[d - 1] - w.epsilon) + 1e-3;
      expect(maxAbs(c.map((v, i) => v - (i % (d + 1) === 0 ? 1 : 0)))).toBeLessThan(slack);
      const back = unwhitenBatch(w, xw);
      expect(maxAbs(back.map((v, i) => v - x[i]))).toBeLessThan(1e-3);
      if (kind === 'zca') {
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) expect(w.W[i * d + j]).toBeCloseTo(w.W[j * d + i], 5);
      }
      const { json, tensors } = whiteningToTensors(w);
      const reloaded = whiteningFromTensors(JSON.parse(JSON.stringify(json)), tensors, 'test');
      expect(reloaded.W).toEqual(w.W);
      expect(reloaded.Winv).toEqual(w.Winv);
    });
  }

  it('adds the absolute ε to the covariance and again under the square root (PCA whitening of the reference)', () => {
    // d = 2 by hand: C's eigenvalues from the closed form, ε large enough to tell ε from 2ε.
    const two = Float32Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? Math.sin(i) * 3 : Math.sin(i) + Math.cos(i * 7)));
    const n = 200;
    const mean = [0, 1].map((j) => two.filter((_, i) => i % 2 === j).reduce((a, b) => a + b, 0) / n);
    const c = [0, 0, 0];
    for (let r = 0; r < n; r++) {
      const [u, v] = [two[2 * r] - mean[0], two[2 * r + 1] - mean[1]];
      c[0] += (u * u) / (n - 1);
      c[1] += (u * v) / (n - 1);
      c[2] += (v * v) / (n - 1);
    }
    const half = Math.sqrt(((c[0] - c[2]) / 2) ** 2 + c[1] ** 2);
    const lambda = [(c[0] + c[2]) / 2 + half, (c[0] + c[2]) / 2 - half];
    const eps = 0.25;
    const w = fitWhitening(two, n, 2, { kind: 'pca', epsilon: eps });
    lambda.forEach((l, i) => expect(w.eigenvalues[i]).toBeCloseTo(l + eps, 5));
    // W Σ Wᵀ = diag(λ / (λ + 2ε))
    const cw = new Float64Array(4);
    const xw = whitenBatch(w, two);
    for (let r = 0; r < n; r++) for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) cw[i * 2 + j] += (xw[2 * r + i] * xw[2 * r + j]) / (n - 1);
    lambda.forEach((l, i) => expect(cw[i * 3]).toBeCloseTo(l / (l + 2 * eps), 4));
    expect(fitWhitening(two, n, 2, { kind: 'pca' }).epsilon).toBe(1e-6);
  });

  it('folds into SAE weights exactly: folded raw-space encode/decode equals whiten → SAE → unwhiten', () => {
    const w = fitWhitening(x, rows, d, { kind: 'pca', epsilon: 1e-3 });
    const m = 20;
    const r2 = new Rng(3);
    const W_enc = Float32Array.from({ length: d * m }, () => r2.normal() * 0.3);
    const W_dec = Float32Array.from({ length: m * d }, () => r2.normal() * 0.3);
    const b_dec = Float32Array.from({ length: d }, () => r2.normal());
    const folded = foldWhitening(w, { dIn: d, dSae: m, W_enc, W_dec, b_dec, applyBDecToInput: true });
    const batch = x.subarray(0, 10 * d);
    const xw = whitenBatch(w, batch);
    const f = Float32Array.from({ length: 10 * m }, () => Math.max(0, r2.normal()));
    for (let r = 0; r < 10; r++) {
      for (let i = 0; i < m; i++) {
        let ref = 0;
        let got = folded.encoderShift[i];
        for (let j = 0; j < d; j++) {
          ref += (xw[r * d + j] - b_dec[j]) * W_enc[j * m + i];
          got += batch[r * d + j] * folded.W_enc[j * m + i];
        }
        expect(Math.abs(got - ref)).toBeLessThan(1e-4 * (1 + Math.abs(ref)));
      }
    }
    const xhatW = new Float32Array(10 * d);
    const xhatRaw = new Float32Array(10 * d);
    for (let r = 0; r < 10; r++) {
      for (let k = 0; k < d; k++) {
        let a = b_dec[k];
        let b = folded.b_dec[k];
        for (let i = 0; i < m; i++) {
          a += f[r * m + i] * W_dec[i * d + k];
          b += f[r * m + i] * folded.W_dec[i * d + k];
        }
        xhatW[r * d + k] = a;
        xhatRaw[r * d + k] = b;
      }
    }
    const ref = unwhitenBatch(w, xhatW);
    expect(maxAbs(ref.map((v, i) => (v - xhatRaw[i]) / (1 + Math.abs(v))))).toBeLessThan(1e-5);
  });

  it('fits on a seeded sample of a dataset: the whole train split when it is smaller than the sample size', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'whiten-'));
    try {
      const target = path.join(dir, 'ds');
      const writer = await createDatasetWriter(target, { dims: d, shardRows: 1500 });
      await writer.append(x);
      await writer.finish({ id: 'ds', name: 'ds', source: { kind: 'test' }, trainFraction: 0.5 });
      const store = await ActivationStore.open(target, { bufferBytes: 1 << 16 });
      const whole = await fitWhiteningOnStore(store, { kind: 'pca' });
      const direct = fitWhitening(x.subarray(0, 2000 * d), 2000, d, { kind: 'pca' });
      // Same rows in another order: the same fit up to float64 summation order.
      whole.mean.forEach((v, j) => expect(v).toBeCloseTo(direct.mean[j], 4));
      whole.eigenvalues.forEach((v, j) => expect(v / direct.eigenvalues[j]).toBeCloseTo(1, 5));
      const a = await fitWhiteningOnStore(store, { kind: 'zca', sampleRows: 500, seed: 1 });
      const b = await fitWhiteningOnStore(store, { kind: 'zca', sampleRows: 500, seed: 1 });
      expect(a.W).toEqual(b.W);
      await store.close();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
