import { describe, expect, it } from 'vitest';
import { averageRanks, kendallTauB, ndcgAtK, pearson, rocAuc, spearman } from './rank-metrics';

// Expected values are worked by hand (sums written out in the comments); scipy/sklearn agree.
describe('rank metrics', () => {
  it('Pearson: sxy / √(sxx·syy)', () => {
    // dx = −1.5,−.5,.5,1.5; dy = −3,−1,0,4 → sxy = 11, sxx = 5, syy = 26
    expect(pearson([1, 2, 3, 4], [2, 4, 5, 9])).toBeCloseTo(11 / Math.sqrt(130), 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it('average ranks share tied places', () => {
    expect(Array.from(averageRanks([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1]);
  });

  it('Spearman with ties: Pearson of average ranks', () => {
    // ranks x = 1, 2.5, 2.5, 4; y = 1, 3, 2, 4 → sxy = 4.5, sxx = 4.5, syy = 5
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 12);
    expect(spearman([1, 2, 3], [30, 20, 10])).toBeCloseTo(-1, 12);
  });

  it('Kendall τ-b: (C − D)/√((n₀ − n₁)(n₀ − n₂))', () => {
    // 7 concordant, 3 discordant of 10 pairs, no ties
    expect(kendallTauB([1, 2, 3, 4, 5], [3, 1, 2, 5, 4])).toBeCloseTo(0.4, 12);
    // C = 5, D = 0, one pair tied in x: 5/√(5·6)
    expect(kendallTauB([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(5 / Math.sqrt(30), 12);
  });

  it('NDCG@k with linear gains', () => {
    // predicted order 0,2,1 → gains 1,2,3; ideal 3,2,1
    const dcg = 1 + 2 / Math.log2(3) + 3 / 2;
    const ideal = 3 + 2 / Math.log2(3) + 1 / 2;
    expect(ndcgAtK([0.9, 0.1, 0.5], [1, 3, 2])).toBeCloseTo(dcg / ideal, 12);
    expect(ndcgAtK([0.9, 0.1, 0.5], [1, 3, 2], 1)).toBeCloseTo(1 / 3, 12);
    expect(ndcgAtK([3, 2, 1], [3, 2, 1])).toBeCloseTo(1, 12);
    expect(() => ndcgAtK([1, 2], [1, -1])).toThrow(/negative/);
  });

  it('ROC-AUC counts tied scores half', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
    // positives 0.5, 0.9 against negatives 0.5, 0.2: ½ + 1 + 1 + 1 of 4 pairs
    expect(rocAuc([0.5, 0.5, 0.2, 0.9], [1, 0, 0, 1])).toBeCloseTo(0.875, 12);
    expect(() => rocAuc([1, 2], [0, 2])).toThrow(/expected 0 or 1/);
  });

  it('names mismatched lengths and non-finite values', () => {
    expect(() => pearson([1, 2], [1])).toThrow(/2 predictions but 1 labels/);
    expect(() => spearman([1, NaN], [1, 2])).toThrow(/value 1 is not finite/);
  });
});
