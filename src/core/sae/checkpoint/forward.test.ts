import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { fitWhitening } from '../../data/whiten';
import { foldSaeWhitening } from './fold';
import { decode, encode, forward, keepTopK } from './forward';
import type { Sae } from './sae';
import { randomSae } from './testSae';

const d = 6;
const m = 16;
const rows = 9;
const rng = new Rng(2);
const x = Float32Array.from({ length: rows * d }, () => rng.normal());

/** pre-activation of one feature, computed directly in float64 from the definition. */
function pre(sae: Sae, r: number, i: number, W = sae.W_enc): number {
  let s = sae.b_enc[i];
  for (let j = 0; j < d; j++) s += (x[r * d + j] - (sae.applyBDecToInput ? sae.b_dec[j] : 0)) * W[j * m + i];
  return s;
}

describe('reference forward', () => {
  it('standard: ReLU of the affine encoder; decode is f W_dec + b_dec', () => {
    const sae = randomSae('standard', d, m, 1);
    const f = encode(sae, x);
    for (let r = 0; r < rows; r++) for (let i = 0; i < m; i++) expect(f[r * m + i]).toBeCloseTo(Math.max(0, pre(sae, r, i)), 5);
    const xHat = decode(sae, f);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < d; j++) {
        let s = sae.b_dec[j];
        for (let i = 0; i < m; i++) s += f[r * m + i] * sae.W_dec[i * d + j];
        expect(xHat[r * d + j]).toBeCloseTo(s, 5);
      }
    }
  });

  it('topk keeps exactly the k largest positive pre-activations per row', () => {
    const sae = randomSae('topk', d, m, 2);
    const f = encode(sae, x);
    for (let r = 0; r < rows; r++) {
      const p = Array.from({ length: m }, (_, i) => pre(sae, r, i));
      const kth = [...p].sort((a, b) => b - a)[sae.k! - 1];
      for (let i = 0; i < m; i++) expect(f[r * m + i]).toBeCloseTo(p[i] >= kth && p[i] > 0 ? p[i] : 0, 5);
    }
    expect(Array.from(keepTopK(new Float32Array([1, 3, 3, 2, 3]), 2))).toEqual([0, 3, 3, 0, 0]);
  });

  it('jumprelu zeroes pre-activations at or below θ_i; batchtopk thresholds at θ, or keeps rows·k over the batch', () => {
    const j = randomSae('jumprelu', d, m, 3);
    const fj = encode(j, x);
    for (let r = 0; r < rows; r++) for (let i = 0; i < m; i++) expect(fj[r * m + i]).toBeCloseTo(pre(j, r, i) > j.threshold![i] ? pre(j, r, i) : 0, 5);
    const b = randomSae('batchtopk', d, m, 4);
    const inference = encode(b, x);
    for (let r = 0; r < rows; r++) for (let i = 0; i < m; i++) expect(inference[r * m + i]).toBeCloseTo(pre(b, r, i) > 0.3 ? pre(b, r, i) : 0, 5);
    const training = encode(b, x, { batchTopK: true });
    expect(training.filter((v) => v > 0).length).toBe(rows * b.k!);
    const all = Array.from({ length: rows * m }, (_, idx) => pre(b, Math.floor(idx / m), idx % m)).sort((p, q) => q - p);
    expect(Math.min(...training.filter((v) => v > 0))).toBeCloseTo(all[rows * b.k! - 1], 5);
  });

  it('gated: f = 1[π_gate > 0]·ReLU(π_mag) with W_mag = W_enc ⊙ exp(r_mag)', () => {
    const sae = randomSae('gated', d, m, 5);
    const W_mag = sae.W_enc.map((v, idx) => v * Math.exp(sae.gate!.r_mag[idx % m]));
    const f = encode(sae, x);
    let active = 0;
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < m; i++) {
        const gate = pre(sae, r, i);
        const mag = pre({ ...sae, b_enc: sae.gate!.b_mag }, r, i, W_mag);
        expect(f[r * m + i]).toBeCloseTo(gate > 0 ? Math.max(0, mag) : 0, 5);
        if (f[r * m + i] > 0) active++;
      }
    }
    expect(active).toBeGreaterThan(0);
  });

  it('whitening is applied inside, and folding it into the weights gives the same features and reconstructions', () => {
    const big = Float32Array.from({ length: 500 * d }, (_, i) => rng.normal() * (1 + (i % d)) + 3);
    const whitening = fitWhitening(big, 500, d, { kind: 'zca' });
    for (const arch of ['standard', 'topk', 'batchtopk', 'jumprelu', 'gated'] as const) {
      const sae = { ...randomSae(arch, d, m, 6), whitening };
      const a = forward(sae, x);
      const folded = foldSaeWhitening(sae);
      expect(folded.whitening).toBeUndefined();
      const b = forward(folded, x);
      for (let i = 0; i < a.f.length; i++) expect(Math.abs(a.f[i] - b.f[i]), `${arch} f[${i}]`).toBeLessThan(1e-4);
      for (let i = 0; i < a.xHat.length; i++) expect(Math.abs(a.xHat[i] - b.xHat[i]), `${arch} x̂[${i}]`).toBeLessThan(1e-4);
    }
  });
});
