import { describe, expect, it } from 'vitest';
import { fitSlope, probability, sweepTheta, THETAS, verificationMetrics } from './decision';
import { faithfulness, ic, interpretableShare } from './faithfulness';

describe('θ sweep and decision', () => {
  it('the grid is linspace(0.1, 1, 19)', () => {
    expect(THETAS).toHaveLength(19);
    expect(THETAS[0]).toBeCloseTo(0.1, 12);
    expect(THETAS[1]).toBeCloseTo(0.15, 12);
    expect(THETAS[18]).toBeCloseTo(1, 12);
  });
  it('picks the θ with the best same-author F1 on the given pairs', () => {
    // same pairs score 0.62, 0.7, 0.9; different 0.3, 0.5, 0.66
    // θ = 0.6 → TP 3, FP 1 → F1 6/7; θ = 0.65 → TP 2 (0.7, 0.9), FP 1 (0.66), FN 1 → 4/6; θ ≤ 0.45 → FP ≥ 2 → F1 ≤ 6/8
    const scores = [0.62, 0.7, 0.9, 0.3, 0.5, 0.66];
    const labels = [1, 1, 1, 0, 0, 0];
    const best = sweepTheta(scores, labels);
    expect(best.theta).toBeCloseTo(0.5, 12);
    // θ = 0.5: 0.5 is not > 0.5, so TP 3, FP 1 (0.66) → 6/7; the first θ reaching it wins
    expect(best.f1).toBeCloseTo(6 / 7, 12);
  });
  it('probabilities cross ½ at θ, so PAN metrics see the same decisions', () => {
    const a = fitSlope([0.2, 0.4, 0.6, 0.8], [0, 0, 1, 1], 0.5);
    expect(a).toBeGreaterThan(0);
    expect(probability(0.5, 0.5, a)).toBe(0.5);
    expect(probability(0.7, 0.5, a)).toBeGreaterThan(0.5);
    const m = verificationMetrics([0.2, 0.4, 0.6, 0.45], [0, 0, 1, 1], 0.5, a);
    // decisions: 0,0,1,0 → 3 of 4 right; same F1 = 2/(2+0+1); different F1 = 4/(4+1+0)
    expect(m.accuracy).toBe(0.75);
    expect(m.f1Same).toBeCloseTo(2 / 3, 12);
    expect(m.f1Different).toBeCloseTo(4 / 5, 12);
    expect(m.auc).toBeCloseTo(1, 12);
    expect(m.c1).toBe(0.75);
  });
});

describe('faithfulness', () => {
  it('IC, interpretable share and flips on a constructed case', () => {
    expect(ic(-0.25)).toBe(0.75);
    expect(interpretableShare(0.6, -0.2)).toBeCloseTo(0.75, 12);
    // θ_I = 0.5, θ = 0.45: pair 0 0.6 − 0.2 = 0.4 → flips to different; pair 1 0.4 + 0.3 → flips to same;
    // pair 2 0.9 + 0.05 stays same; pair 3 0.1 − 0.05 stays different; pair 4 0.3 + 0.2 = 0.5 > 0.45 → flips to same
    const sI = [0.6, 0.4, 0.9, 0.1, 0.3];
    const rHat = [-0.2, 0.3, 0.05, -0.05, 0.2];
    const f = faithfulness(sI, rHat, 0.45, 0.5, 4);
    expect(f.flipShare).toBe(3 / 5);
    expect(f.meanIC).toBeCloseTo((0.8 + 0.7 + 0.95 + 0.95 + 0.8) / 5, 12);
    // IC 0.7 in [0.5, 0.75), the rest in [0.75, 1]: bins of width 0.25
    expect(f.histogram.counts).toEqual([0, 0, 1, 4]);
    expect(f.meanInterpretableShare).toBeCloseTo((0.75 + 0.4 / 0.7 + 0.9 / 0.95 + 0.1 / 0.15 + 0.3 / 0.5) / 5, 12);
  });
});
