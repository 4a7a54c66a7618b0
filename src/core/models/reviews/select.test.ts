import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { fitRidge } from '../common/ridge';
import { beamSearch, crossValidationScorer, GramCache, validationScorer } from './select';

/** 8 random columns; the target is 2·x1 + x4 + 0.5·x1·x4 (monotone in both): the best set is {1, 4}. */
function constructed(n: number, seed: number) {
  const rng = new Rng(seed);
  const cols = Array.from({ length: 8 }, () => Float64Array.from({ length: n }, () => rng.next()));
  const y = Float64Array.from({ length: n }, (_, i) => 2 * cols[1][i] + cols[4][i] + 0.5 * cols[1][i] * cols[4][i]);
  return { cols, y };
}

describe('beam search (AutoQual selection)', () => {
  it('finds the known best set on a constructed case and stops when a step gains nothing', () => {
    const train = constructed(200, 1);
    const valid = constructed(100, 2);
    const result = beamSearch(8, validationScorer(train.cols, train.y, valid.cols, valid.y), { width: 10, maxFeatures: 10, minGain: 0.001 });
    expect([...result.set].sort()).toEqual([1, 4]);
    expect(result.score).toBeGreaterThan(0.99);
    // step 1 (one feature) is clearly worse; step 3 adds nothing, so the search ends there
    expect(result.trace.length).toBe(3);
    expect(result.trace[0]).toBeLessThan(0.95);
  });

  it('with a beam of width 1 it is greedy, and grouped cross-validation finds the same set', () => {
    const data = constructed(300, 3);
    const fold = Int32Array.from({ length: 300 }, (_, i) => i % 5);
    const cv = beamSearch(8, crossValidationScorer(data.cols, data.y, fold), { width: 1, minGain: 0.001 });
    expect([...cv.set].sort()).toEqual([1, 4]);
  });

  it("a set's least-squares fit from the cached cross products matches ridge on the rows", () => {
    const { cols, y } = constructed(50, 4);
    const fit = new GramCache(cols, y).fit([1, 4, 6]);
    const x = new Float64Array(50 * 3);
    for (let i = 0; i < 50; i++) [1, 4, 6].forEach((c, j) => (x[i * 3 + j] = cols[c][i]));
    const ref = fitRidge(x, y, 3, 0);
    for (let j = 0; j < 3; j++) expect(fit.weights[j]).toBeCloseTo(ref.weights[j], 4);
    expect(fit.intercept).toBeCloseTo(ref.intercept, 4);
    // a ridge of 0.1 per review is ridge regression with α = 0.1 · 50 on the same rows
    const shrunk = new GramCache(cols, y).fit([1, 4, 6], 0.1);
    const refRidge = fitRidge(x, y, 3, 5);
    for (let j = 0; j < 3; j++) expect(shrunk.weights[j]).toBeCloseTo(refRidge.weights[j], 4);
    expect(Math.abs(shrunk.weights[0])).toBeLessThan(Math.abs(fit.weights[0]));
  });
});
