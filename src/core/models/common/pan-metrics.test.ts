import { describe, expect, it } from 'vitest';
import { brierComplement, cAt1, f05u, panF1, panSuite } from './pan-metrics';

// Hand-computed cases for PAN's evaluator (pan22_verif_evaluator.py): five problems, one unanswered.
const truth = [1, 0, 1, 0, 1];
const pred = [0.9, 0.2, 0.5, 0.7, 0.3];
// answered: 0.9→1 ✓, 0.2→0 ✓, 0.7→1 ✗ (truth 0), 0.3→0 ✗ (truth 1); one non-answer

describe('PAN verification metrics', () => {
  it('c@1 credits non-answers at the accuracy of the answers', () => {
    // n = 5, n_c = 2, n_u = 1: (2 + 1·2/5)/5 = 0.48
    expect(cAt1(truth, pred)).toBeCloseTo(0.48, 12);
    expect(cAt1([1, 0], [0.5, 0.5])).toBe(0);
  });
  it('F0.5u counts non-answers as false negatives at a quarter weight', () => {
    // TP = 1 (0.9), FP = 1 (0.7), FN = 1 (0.3), n_u = 1: 1.25 / (1.25 + 0.25·2 + 1) = 1.25/2.75
    expect(f05u(truth, pred)).toBeCloseTo(1.25 / 2.75, 12);
  });
  it('F1 leaves non-answers out', () => {
    // answered: TP 1, FP 1, FN 1 → 2/(2 + 1 + 1) = 0.5
    expect(panF1(truth, pred)).toBeCloseTo(0.5, 12);
    // a score of 0.5000001 is an answer and counts as same (≥ 0.5)
    expect(panF1([1], [0.5000001])).toBe(1);
  });
  it('Brier is reported as its complement', () => {
    // (0.01 + 0.04 + 0.25 + 0.49 + 0.49)/5 = 0.256
    expect(brierComplement(truth, pred)).toBeCloseTo(1 - 0.256, 12);
  });
  it('the suite adds AUC and the mean of all five', () => {
    // positives 0.9, 0.5, 0.3 vs negatives 0.2, 0.7: wins 0.9>0.2, 0.9>0.7, 0.5>0.2, 0.3>0.2 → 4 of 6
    const s = panSuite(truth, pred);
    expect(s.auc).toBeCloseTo(4 / 6, 12);
    expect(s.panMean).toBeCloseTo((4 / 6 + 0.48 + 1.25 / 2.75 + 0.5 + 0.744) / 5, 12);
    expect(panSuite([1, 1], [0.6, 0.9]).auc).toBe(0);
  });
  it('names scores outside [0, 1] and labels other than 0 or 1', () => {
    expect(() => panSuite([1, 0], [1.2, 0])).toThrow(/score 0 is 1.2/);
    expect(() => panSuite([1, -1], [0.2, 0])).toThrow(/label 1 is -1/);
  });
});
