import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { DEFAULT_RESIDUAL, predictResidual, trainResidual, type PairBatchSource } from './residual';

/** Profiles of 6 synthetic authors (a mean per author plus noise); pairs within or across authors. */
function synthetic(seed: number, pairs: number): PairBatchSource {
  const rng = new Rng(seed);
  const dim = 12;
  const authors = Array.from({ length: 6 }, () => Array.from({ length: dim }, () => rng.normal()));
  const texts = 60;
  const profiles = new Float32Array(texts * dim);
  for (let t = 0; t < texts; t++) for (let j = 0; j < dim; j++) profiles[t * dim + j] = authors[t % 6][j] + 0.3 * rng.normal();
  const a = new Int32Array(pairs);
  const b = new Int32Array(pairs);
  const target = new Float32Array(pairs);
  for (let i = 0; i < pairs; i++) {
    a[i] = rng.int(texts);
    b[i] = i % 2 === 0 ? (a[i] + 6 * (1 + rng.int(9))) % texts : (a[i] + 1 + rng.int(5)) % texts;
    // a constant s_I of 0.5, so the residual target is ±0.5
    target[i] = (a[i] % 6 === b[i] % 6 ? 1 : 0) - 0.5;
  }
  return { profiles, dim, a, b, target };
}

describe('residual model on the engine', () => {
  it('learns r = y − s_I on separable pairs, keeps the best dev epoch, and is symmetric in the texts', async () => {
    const train = synthetic(1, 256);
    const dev = synthetic(1, 64);
    const model = await trainResidual(train, dev, { ...DEFAULT_RESIDUAL, code: 8, epochs: 12, batch: 32, lr: 5e-3 });
    expect(model.devLoss).toHaveLength(12);
    expect(model.devLoss[model.bestEpoch - 1]).toBe(Math.min(...model.devLoss));
    // a constant prediction of the mean (0) has MSE 0.25
    expect(Math.min(...model.devLoss)).toBeLessThan(0.1);
    const r = await predictResidual(model, dev);
    const swapped = await predictResidual(model, { ...dev, a: dev.b, b: dev.a });
    for (let i = 0; i < r.length; i++) {
      expect(Math.abs(r[i])).toBeLessThan(1);
      expect(swapped[i]).toBeCloseTo(r[i], 5);
    }
    const right = Array.from(r).filter((x, i) => Math.sign(x) === Math.sign(dev.target[i])).length;
    expect(right / r.length).toBeGreaterThan(0.9);
  });
});

describe('character profiles', () => {
  it('a bucket unseen in training cannot blow a z-score up (the std is floored and z clipped)', async () => {
    const { charProfile, columnStats, standardise, CHAR_DIM } = await import('./chars');
    const train = new Float32Array(2 * CHAR_DIM);
    train.set(charProfile('aaaa aaaa'), 0);
    train.set(charProfile('aaaa aaab'), CHAR_DIM);
    const z = standardise(charProfile('The quick brown fox.'), CHAR_DIM, columnStats(train, CHAR_DIM));
    expect(Math.max(...z.map(Math.abs))).toBeLessThanOrEqual(8);
    // a hand check of one profile: "ab" has 1-grams a, b and one 2-gram: 3 n-grams, each √(1/3) in its bucket
    const p = charProfile('ab');
    expect(p.filter((x) => x > 0)).toHaveLength(3);
    for (const x of p.filter((v) => v > 0)) expect(x).toBeCloseTo(Math.sqrt(1 / 3), 6);
  });
});
