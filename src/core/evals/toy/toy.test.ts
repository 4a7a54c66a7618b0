import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { DEFAULT_TOY, type ToyConfig } from './config';
import { codesTimesDirections, generateToy, normalQuantile } from './generate';
import { meanMaxCosine } from './mmcs';

const sameBits = (a: Float32Array, b: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** Firing indicator matrix [rows][features] from CSR codes. */
function firing(codes: ReturnType<typeof generateToy>['codes'], rows: number, n: number): Uint8Array[] {
  return Array.from({ length: rows }, (_, r) => {
    const f = new Uint8Array(n);
    for (let e = codes.indptr[r]; e < codes.indptr[r + 1]; e++) f[codes.indices[e]] = 1;
    return f;
  });
}

/** Standard normal CDF via erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t) * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

describe('toy benchmark generator', () => {
  it('default toy: unit directions, x = codes·directions, firing rate and magnitudes as configured, seeded', () => {
    const toy = generateToy(DEFAULT_TOY);
    const { d, nFeatures: n, rows } = DEFAULT_TOY;
    for (let j = 0; j < n; j++) expect(Math.hypot(...toy.directions.subarray(j * d, (j + 1) * d))).toBeCloseTo(1, 6);
    expect(sameBits(toy.activations, codesTimesDirections(toy.codes, toy.directions, rows, d))).toBe(true);
    const fires = firing(toy.codes, rows, n);
    const p = 0.04;
    const sd = Math.sqrt((p * (1 - p)) / rows);
    for (let j = 0; j < n; j++) {
      const rate = fires.reduce((a, f) => a + f[j], 0) / rows;
      // 5σ of a binomial proportion: a false alarm in 64 features is below 1e-5.
      expect(Math.abs(rate - p)).toBeLessThan(5 * sd);
    }
    const v = Array.from(toy.codes.values);
    expect(v.every((x) => x >= 0.5 && x < 1.5)).toBe(true);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    expect(Math.abs(mean - 1)).toBeLessThan(5 * Math.sqrt(1 / 12 / v.length));
    expect(sameBits(generateToy(DEFAULT_TOY).activations, toy.activations)).toBe(true);
    expect(sameBits(generateToy({ ...DEFAULT_TOY, seed: 1 }).activations, toy.activations)).toBe(false);
  });

  it('correlated groups co-fire as the Gaussian copula predicts; features in different groups do not', () => {
    const cfg: ToyConfig = { d: 8, nFeatures: 8, firingProb: 0.2, magnitude: { kind: 'constant', value: 1 }, correlation: { groupSize: 4, rho: 0.6 }, rows: 40000, seed: 3 };
    const toy = generateToy(cfg);
    const fires = firing(toy.codes, cfg.rows, 8);
    const both = (a: number, b: number) => fires.reduce((s, f) => s + (f[a] & f[b]), 0) / cfg.rows;
    // P(z1 > t, z2 > t) with corr ρ = ∫ φ(u) (1 − Φ((t − √ρ u)/√(1 − ρ)))² du, by the midpoint rule.
    const t = normalQuantile(0.8);
    let expected = 0;
    for (let u = -8; u < 8; u += 0.001) {
      const w = u + 0.0005;
      expected += (Math.exp(-w * w / 2) / Math.sqrt(2 * Math.PI)) * (1 - phi((t - Math.sqrt(0.6) * w) / Math.sqrt(0.4))) ** 2 * 0.001;
    }
    const sd = Math.sqrt((expected * (1 - expected)) / cfg.rows);
    expect(Math.abs(both(0, 1) - expected)).toBeLessThan(5 * sd);
    expect(Math.abs(both(5, 6) - expected)).toBeLessThan(5 * sd);
    expect(Math.abs(both(0, 5) - 0.04)).toBeLessThan(5 * Math.sqrt((0.04 * 0.96) / cfg.rows));
    expect(Math.abs(fires.reduce((s, f) => s + f[2], 0) / cfg.rows - 0.2)).toBeLessThan(5 * Math.sqrt(0.16 / cfg.rows));
  });

  it('children fire only with their parent, at the configured conditional rate, one at a time when exclusive', () => {
    for (const exclusive of [false, true]) {
      const cfg: ToyConfig = { d: 16, nFeatures: 12, firingProb: 0.1, magnitude: { kind: 'exponential', mean: 2 }, hierarchy: { parents: 2, childrenPerParent: 3, childProb: 0.6, exclusive }, rows: 30000, seed: 5 };
      const toy = generateToy(cfg);
      expect(Array.from(toy.parentOf)).toEqual([-1, 0, 0, 0, -1, 4, 4, 4, -1, -1, -1, -1]);
      const fires = firing(toy.codes, cfg.rows, 12);
      let parentRows = 0;
      let childFires = 0;
      let anyChild = 0;
      for (const f of fires) {
        for (const c of [1, 2, 3, 5, 6, 7]) if (f[c]) expect(f[toy.parentOf[c]]).toBe(1);
        if (exclusive) expect(f[1] + f[2] + f[3]).toBeLessThanOrEqual(1);
        if (f[0]) {
          parentRows++;
          childFires += f[1];
          anyChild += f[1] | f[2] | f[3];
        }
      }
      const target = exclusive ? 0.6 / 3 : 0.6;
      expect(Math.abs(childFires / parentRows - target)).toBeLessThan(5 * Math.sqrt((target * (1 - target)) / parentRows));
      if (exclusive) expect(Math.abs(anyChild / parentRows - 0.6)).toBeLessThan(5 * Math.sqrt(0.24 / parentRows));
      const mean = toy.codes.values.reduce((a, b) => a + b, 0) / toy.codes.values.length;
      expect(Math.abs(mean - 2)).toBeLessThan(5 * (2 / Math.sqrt(toy.codes.values.length)));
    }
  });

  it('rejects impossible configs by field', () => {
    expect(() => generateToy({ ...DEFAULT_TOY, firingProb: 1.5 })).toThrow(expect.objectContaining({ code: 'bad-input', where: 'toy.firingProb' }));
    expect(() => generateToy({ ...DEFAULT_TOY, hierarchy: { parents: 40, childrenPerParent: 3, childProb: 0.5 } })).toThrow(expect.objectContaining({ where: 'toy.hierarchy' }));
  });
});

describe('meanMaxCosine', () => {
  const toy = generateToy({ ...DEFAULT_TOY, rows: 1 });
  const { d, nFeatures: n } = DEFAULT_TOY;

  it('is 1 for the true dictionary in any order and scale, and finds each feature', () => {
    const rng = new Rng(1);
    const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
    const dec = new Float32Array(n * d);
    order.forEach((src, i) => dec.set(toy.directions.subarray(src * d, (src + 1) * d).map((v) => v * (1 + i)), i * d));
    const r = meanMaxCosine(dec, toy.directions, d);
    expect(r.mmcs).toBeCloseTo(1, 6);
    for (let j = 0; j < n; j++) expect(order[r.bestIndex[j]]).toBe(j);
  });

  it('is low for a random dictionary and matches the known cosine of a perturbed one', () => {
    const rng = new Rng(2);
    const random = Float32Array.from({ length: n * d }, () => rng.normal());
    // Max of 64 cosines of random directions in 32 dims: about 2.4·(1/√32) ≈ 0.42.
    expect(meanMaxCosine(random, toy.directions, d).mmcs).toBeLessThan(0.6);
    // g_j + ε·u with u ⟂ g_j and ‖u‖ = 1 has cosine 1/√(1 + ε²) with g_j.
    const eps = 0.5;
    const perturbed = new Float32Array(n * d);
    for (let j = 0; j < n; j++) {
      const g = toy.directions.subarray(j * d, (j + 1) * d);
      const u = Float64Array.from({ length: d }, () => rng.normal());
      const dot = u.reduce((a, v, k) => a + v * g[k], 0);
      for (let k = 0; k < d; k++) u[k] -= dot * g[k];
      const norm = Math.hypot(...u);
      for (let k = 0; k < d; k++) perturbed[j * d + k] = g[k] + (eps * u[k]) / norm;
    }
    const r = meanMaxCosine(perturbed, toy.directions, d);
    // Each true feature's own perturbed row is the best match (other rows are far in 32 dims).
    expect(r.mmcs).toBeCloseTo(1 / Math.sqrt(1 + eps * eps), 5);
  });
});
