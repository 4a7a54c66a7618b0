import { describe, expect, it } from 'vitest';
import { spearman } from '../common/rank-metrics';
import { groupNdcgs, mae, modelMetrics } from './metrics';

describe('review metrics against hand computations', () => {
  it('Spearman with ties', () => {
    // label ranks 1, 2, 3.5, 5, 3.5; pred ranks 1..5; with ties ρ is Pearson on ranks: Σ = 8, Σd² 10 and 9.5 → 8/√95
    const rp = [1, 2, 3, 4, 5];
    const rl = [1, 2, 3.5, 5, 3.5];
    const mean = 3;
    const cov = rp.reduce((s, r, i) => s + (r - mean) * (rl[i] - mean), 0);
    const sp = Math.sqrt(rp.reduce((s, r) => s + (r - mean) ** 2, 0));
    const sl = Math.sqrt(rl.reduce((s, r) => s + (r - mean) ** 2, 0));
    expect(spearman([10, 20, 30, 40, 50], [5, 6, 7, 8, 7])).toBeCloseTo(cov / (sp * sl), 12);
    expect(cov / (sp * sl)).toBeCloseTo(8 / Math.sqrt(95), 12);
  });

  it('NDCG@10 within products of ≥ 5 reviews, gains shifted to start at 0', () => {
    // product A: 5 reviews; product B: 3 (left out). Labels 0.5..1 → gains label − 0.5.
    const pred = [0.9, 0.8, 0.7, 0.6, 0.5, 1, 1, 1];
    const label = [0.5, 1, 0.75, 0.5, 0.5, 1, 1, 1];
    const groups = ['A', 'A', 'A', 'A', 'A', 'B', 'B', 'B'];
    // ranked by pred: gains 0, 0.5, 0.25, 0, 0 → DCG = 0.5/log2(3) + 0.25/log2(4); ideal 0.5/1 + 0.25/log2(3)
    const dcg = 0.5 / Math.log2(3) + 0.25 / 2;
    const ideal = 0.5 + 0.25 / Math.log2(3);
    const ndcgs = groupNdcgs(pred, label, groups);
    expect(ndcgs).toHaveLength(1);
    expect(ndcgs[0]).toBeCloseTo(dcg / ideal, 12);
  });

  it('MAE and intervals that hold the value', () => {
    expect(mae([1, 2, 3], [2, 2, 5])).toBeCloseTo(1, 12);
    const pred = Array.from({ length: 40 }, (_, i) => i + ((i * 7) % 5));
    const label = Array.from({ length: 40 }, (_, i) => i);
    const m = modelMetrics(pred, label, label.map((i) => `p${i % 4}`));
    expect(m.spearmanLow!).toBeLessThanOrEqual(m.spearman!);
    expect(m.spearman!).toBeLessThanOrEqual(m.spearmanHigh!);
    expect(m.ndcgProducts).toBe(4);
  });
});
